package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// One rule, one place: a screen (or a command) never decides from a
// permission itself, nor re-computes a rule's arithmetic; it asks the
// domain (Decide, an options call such as BookableCoaches, a view's Can…
// field, an Access method such as SeesWholePractice). This test reads the
// faces' source and fails on a reference to a permission constant
// (domain.PermX, domain.ContactX: every constant of type Perm or
// ContactPerm declared in package domain) or on a 24-hour cut-off computed
// in a face (the credit rule is Session.CancelReturnsCredit, R51).
func TestScreensAskTheDomain(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	perms := map[string]bool{}
	for _, f := range parseDir(t, fset, "../domain") {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				if id, ok := v.Type.(*ast.Ident); ok && (id.Name == "Perm" || id.Name == "ContactPerm") {
					for _, n := range v.Names {
						perms[n.Name] = true
					}
				}
			}
		}
	}
	if len(perms) < 10 {
		t.Fatalf("found %d permission constants in package domain: the test reads the wrong files", len(perms))
	}
	for _, dir := range []string{".", "../cli"} {
		for _, f := range parseDir(t, fset, dir) {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && x.Name == "domain" && perms[n.Sel.Name] {
						t.Errorf("%s decides from the permission domain.%s; ask the domain instead", fset.Position(n.Pos()), n.Sel.Name)
					}
				case *ast.BinaryExpr:
					if n.Op == token.MUL && (isHour(n.X) && isLit(n.Y, "24") || isHour(n.Y) && isLit(n.X, "24")) {
						t.Errorf("%s computes a 24-hour rule; ask the domain instead", fset.Position(n.Pos()))
					}
				}
				return true
			})
		}
	}
}

// parseDir parses the Go files of dir that are not tests.
func parseDir(t *testing.T, fset *token.FileSet, dir string) map[string]*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*ast.File{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = f
	}
	if len(out) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return out
}

func isHour(e ast.Expr) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == "time" && s.Sel.Name == "Hour"
}

func isLit(e ast.Expr, v string) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Value == v
}
