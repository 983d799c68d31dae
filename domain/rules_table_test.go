package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// R5: the rules table in authz.go is the one place an action is decided.
// Every Action constant, wherever it is declared, has its entry there (an
// action without one is refused as unknown), and no other file adds to
// or changes the table (say, from an init function).
func TestOneRulesTable(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	actions := 0
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Action" {
					for i, name := range n.Names {
						actions++
						if _, ok := rules[actionOf(t, n, i)]; !ok {
							t.Errorf("%s: the action %s has no entry in the rules table (authz.go)", fset.Position(name.Pos()), name.Name)
						}
					}
				}
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if writesRules(l) && p != "authz.go" {
						t.Errorf("%s: the rules table is written outside authz.go", fset.Position(l.Pos()))
					}
				}
			case *ast.CallExpr:
				for _, a := range n.Args {
					if id, ok := a.(*ast.Ident); ok && id.Name == "rules" && p != "authz.go" && p != "explain.go" {
						t.Errorf("%s: the rules table is handed to a call outside authz.go", fset.Position(a.Pos()))
					}
				}
			}
			return true
		})
	}
	if actions < 40 {
		t.Fatalf("found %d actions: the test reads the wrong files", actions)
	}
}

// writesRules: e is rules, or rules[…].
func writesRules(e ast.Expr) bool {
	if ix, ok := e.(*ast.IndexExpr); ok {
		e = ix.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "rules"
}

// actionOf is the value of the i-th constant of spec, a string.
func actionOf(t *testing.T, spec *ast.ValueSpec, i int) Action {
	t.Helper()
	if i < len(spec.Values) {
		if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return Action(strings.Trim(lit.Value, "\"`"))
		}
	}
	t.Fatalf("%s is not a string constant", spec.Names[i].Name)
	return ""
}
