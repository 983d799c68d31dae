package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
	"behalf/internal/hostile"
	"behalf/store"
)

// demoDB is the demo organisation's database file, written once for the
// tests here, which each damage a copy of it.
var demoDB struct {
	once sync.Once
	file []byte
	err  error
}

// demoCopy puts a copy of the demo database in a new data folder.
func demoCopy(t *testing.T) (data, dbPath string) {
	t.Helper()
	demoDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "behalf-demo-")
		if err != nil {
			demoDB.err = err
			return
		}
		defer os.RemoveAll(dir)
		var out, errb bytes.Buffer
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // serve sets up, then stops at once
		if code := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", dir, "--demo"}, &out, &errb); code != 0 {
			demoDB.err = errors.New(errb.String())
			return
		}
		demoDB.file, demoDB.err = os.ReadFile(filepath.Join(dir, "behalf.db"))
	})
	if demoDB.err != nil {
		t.Fatal(demoDB.err)
	}
	data = t.TempDir()
	dbPath = filepath.Join(data, "behalf.db")
	if err := os.WriteFile(dbPath, demoDB.file, 0o600); err != nil {
		t.Fatal(err)
	}
	return data, dbPath
}

// runBinary runs the real behalf binary and returns its exit code and
// output; serve on a sound file would run until the deadline.
func runBinary(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	bin := behalfBinary(t) // built first: the build is not the command's time
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		code = exit.ExitCode()
	default:
		t.Fatalf("behalf %v: %v\n%s", args, err, errb.String())
	}
	return code, out.String(), errb.String()
}

// editRecords rewrites the JSON of every record of collection in the file
// at path for which edit returns true, as someone with the file and bbolt
// could: indexes untouched.
func editRecords(t *testing.T, path, collection string, edit func(rec map[string]any) bool) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(collection))
		type kv struct{ k, v []byte }
		var changed []kv
		err := b.ForEach(func(k, stored []byte) error {
			data, err := store.RecordJSON(stored)
			if err != nil {
				return err
			}
			var rec map[string]any
			if err := json.Unmarshal(data, &rec); err != nil {
				return err
			}
			if !edit(rec) {
				return nil
			}
			enc, err := json.Marshal(rec)
			if err == nil {
				enc, err = store.WithJSON(stored, enc)
			}
			changed = append(changed, kv{append([]byte(nil), k...), enc})
			return err
		})
		for _, c := range changed {
			if err == nil {
				err = b.Put(c.k, c.v)
			}
		}
		n = len(changed)
		return err
	})
	if err != nil || n == 0 {
		t.Fatalf("editing %s: %d records, %v", collection, n, err)
	}
}

// zeroBucketRoot overwrites with zeros the root page of the first of the
// collections named that has a page of its own.
func zeroBucketRoot(t *testing.T, path string, collections ...string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var page, size int
	err = db.View(func(tx *bolt.Tx) error {
		size = db.Info().PageSize
		for _, c := range collections {
			if b := tx.Bucket([]byte(c)); b != nil && b.Root() != 0 {
				page = int(b.Root())
				return nil
			}
		}
		return errors.New("no collection with a page of its own")
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, size), int64(page*size)); err != nil {
		t.Fatal(err)
	}
}

// refusal checks serve's answer to a file it must not serve: exit 1, one
// line naming the file, what is wrong, that it was not changed and how to
// restore — no panic, no rule ids — and the file as it was.
func refusal(t *testing.T, data, dbPath string, want ...string) {
	t.Helper()
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBinary(t, "serve", "--listen", "127.0.0.1:0", "--data", data)
	line := strings.TrimSpace(stderr)
	// Log lines (level=…) may come before the refusal; it is the last line.
	if i := strings.LastIndex(line, "\n"); i >= 0 {
		if strings.Contains(line[:i], "behalf: ") {
			t.Errorf("more than one line of refusal:\n%s", stderr)
		}
		line = line[i+1:]
	}
	if code != 1 || !strings.HasPrefix(line, "behalf: "+dbPath+" ") || !strings.Contains(line, "it was not changed") ||
		!strings.Contains(line, `"Back up and restore"`) || !strings.Contains(line, "behalf check --data "+data) {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, w := range want {
		if !strings.Contains(line, w) {
			t.Errorf("the refusal does not say %q:\n%s", w, line)
		}
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") || regexp.MustCompile(`\(R\d+`).MatchString(stderr) {
		t.Errorf("a panic or a rule id:\n%s", stderr)
	}
	if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
		t.Error("the refused file was changed")
	}
}

// usedBytes is how much of the database at path its pages take.
func usedBytes(t *testing.T, path string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// A corrupt or truncated database is refused at start with one line, never
// a panic: cut short, a page zeroed, garbage, and a file bbolt opens whose
// records cannot be read.
func TestServeRefusesDamagedDatabase(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		damage func(t *testing.T, path string)
		want   []string
	}{
		"truncated": {func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			// bbolt grows the file ahead of its pages: cut within them.
			if err := os.WriteFile(path, b[:usedBytes(t, path)/3], 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"is damaged", "cut short"}},
		"a zeroed page": {func(t *testing.T, path string) {
			zeroBucketRoot(t, path, "sessions", "audit", "people", "invoices")
		}, []string{"is damaged"}},
		"garbage": {func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("garbage!"), 8192), 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"is damaged", "invalid"}},
		"unreadable records": {func(t *testing.T, path string) {
			if n, err := hostile.Unreadable(path, "sessions", nil); err != nil || n == 0 {
				t.Fatalf("%d records, %v", n, err)
			}
		}, []string{"does not hold together", "not served"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, dbPath := demoCopy(t)
			c.damage(t, dbPath)
			refusal(t, data, dbPath, c.want...)
		})
	}
}

// A restored file someone changed — two owners, a client without a primary
// coach — is refused at start, saying which rules it breaks (and never by
// their ids); `behalf check` names the same findings offline.
func TestServeRefusesTamperedBackup(t *testing.T) {
	t.Parallel()
	data, dbPath := demoCopy(t)
	editRecords(t, dbPath, "people", func(p map[string]any) bool {
		if p["handle"] != "rob" {
			return false
		}
		p["team_role"] = string(domain.RoleOwner)
		return true
	})
	// One client's primary coach becomes a coaching coach.
	done := false
	editRecords(t, dbPath, "pairings", func(p map[string]any) bool {
		if done || p["level"] != float64(domain.LevelPrimary) {
			return false
		}
		p["level"], done = float64(domain.LevelCoaching), true
		return true
	})
	refusal(t, data, dbPath, "does not hold together", "2 owners", "primary coaches")

	code, out, stderr := runBinary(t, "check", "--data", data)
	if code != 1 || out != "" || !strings.Contains(stderr, "is not sound; it was not changed") ||
		!strings.Contains(stderr, "the organisation: ") || !strings.Contains(stderr, "2 owners") || regexp.MustCompile(`\(R\d+`).MatchString(stderr) {
		t.Fatalf("check: exit %d: %q %q", code, out, stderr)
	}
}

// `behalf check` on a sound file says so and exits 0, changing nothing; on
// a damaged one it names the damage and exits 1; a running server's file
// is refused (it is locked), with what to do instead.
func TestCheckCommand(t *testing.T) {
	t.Parallel()
	data, dbPath := demoCopy(t)
	before, _ := os.ReadFile(dbPath)
	code, out, stderr := runBinary(t, "check", "--data", data)
	if code != 0 || !strings.Contains(out, "behalf check: "+dbPath+" is sound") || stderr != "" {
		t.Fatalf("a sound file: exit %d: %q %q", code, out, stderr)
	}
	if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
		t.Fatal("check changed the file")
	}

	damaged, damagedPath := demoCopy(t)
	zeroBucketRoot(t, damagedPath, "sessions", "audit", "people")
	if code, out, stderr := runBinary(t, "check", "--data", damaged); code != 1 || out != "" || !strings.Contains(stderr, "is not sound") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("a damaged file: exit %d: %q %q", code, out, stderr)
	}

	if code, _, stderr := runBinary(t, "check", "--data", t.TempDir()); code != 1 || !strings.Contains(stderr, "there is no database at") {
		t.Fatalf("an empty folder: exit %d: %q", code, stderr)
	}
	if code, _, _ := runBinary(t, "check", "--nonsense"); code != 2 {
		t.Fatalf("a bad flag: exit %d", code)
	}

	startProc(t, data)
	if code, _, stderr := runBinary(t, "check", "--data", data); code != 1 || !strings.Contains(stderr, "is in use by a running server; stop it first") {
		t.Fatalf("a running server's file: exit %d: %q", code, stderr)
	}
}
