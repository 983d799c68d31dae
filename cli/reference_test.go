package cli

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/commands.md from the command registry")

// docs/commands.md is the command registry as Reference prints it: a
// command added, removed or changed without regenerating fails here.
func TestCommandsDocIsCurrent(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "docs", "commands.md")
	want := Reference()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run `go generate ./cli`", err)
	}
	if string(got) != want {
		t.Fatalf("docs/commands.md is stale: run `go generate ./cli` and commit it")
	}
	for _, name := range Commands() {
		if !strings.Contains(want, "### `"+name+"`") {
			t.Errorf("the reference leaves out %s", name)
		}
	}
}

// help lists every command of the same registry, with its summary.
func TestHelpListsTheRegistry(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	out := o.ok("adam", "help")
	for _, c := range registry {
		if !strings.Contains(out, c.name()) || !strings.Contains(out, c.summary) {
			t.Errorf("help leaves out %s (%s)", c.name(), c.summary)
		}
	}
}

// docs/rules.md states every rule the code and tests cite by id, each
// once as a bold id, and no rule the code cites is missing from it.
func TestRulesDocCoversCitedRules(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	cite := regexp.MustCompile(`\bR[0-9]{1,2}\b`)
	cited := map[string]string{}
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, id := range cite.FindAllString(string(b), -1) {
			cited[id] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cited) < 30 {
		t.Fatalf("only %d rule ids found in the code; is the walk right?", len(cited))
	}
	for id, path := range cited {
		if n := strings.Count(string(doc), "**"+id+"**"); n != 1 {
			t.Errorf("%s (cited in %s) is stated %d times in docs/rules.md, want once", id, path, n)
		}
	}
}

// The README points only at files in the repository: every file or
// folder it names exists, and nothing outside (the design notes behalf
// was built from) is cited.
func TestReadmeCitesOnlyTheRepository(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, outside := range []string{"CONTRACT.md", "DOMAIN.md", "STYLE.md", "../", "seeds/"} {
		if strings.Contains(readme, outside) {
			t.Errorf("the README cites %q, which is not in the repository", outside)
		}
	}
	paths := regexp.MustCompile(`[A-Za-z0-9_./-]+\.(?:md|go|sh)\b|\b(?:docs|cmd|scripts|sshserver|domain|store|tui|cli)/[A-Za-z0-9_./-]*[A-Za-z0-9_]`)
	for _, p := range paths.FindAllString(readme, -1) {
		if _, err := os.Stat(filepath.Join("..", p)); err != nil {
			t.Errorf("the README names %s: %v", p, err)
		}
	}
}
