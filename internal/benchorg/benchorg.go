// Package benchorg gives benchmarks a generated organisation (the large
// one of demo.ScaleLarge unless BENCH_SCALE says medium): generated once
// into a cache file under the system's temp folder, then copied into each
// benchmark's own folder so writes never reach the cache. Generating the
// large organisation takes under a minute; the cache is keyed by the day,
// since the organisation's calendar is relative to when it was made.
package benchorg

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/store"
)

// genVersion changes whenever demo.SeedLarge's output does, to miss old caches.
const genVersion = 15 // 7: the demo's permission sets are stored sorted; 8: templates and forms; 9: keys for a thousand people (demo.Scale.KeyHandles); 10: subscriptions, ids fresh after a rerun; 11: library files and courses; 12: the burst subscriptions newest; 13: only one-off packages assigned; 14: enrolments not finished indexed; 15: the demo's casey accepted the terms too

// Org is one copy of the generated organisation, open.
type Org struct {
	Svc   *domain.Service
	DB    *store.DB
	Scale string
	mu    sync.Mutex
	ids   map[string]domain.ID
}

// Fingerprint is the fake key fingerprint every person with a key has in
// a benchmark organisation ("SHA256:bench-HANDLE").
func Fingerprint(handle string) string { return "SHA256:bench-" + handle }

// ScaleName is the scale benchmarks use: BENCH_SCALE (large, medium),
// large by default.
func ScaleName() string {
	if s := strings.ToLower(os.Getenv("BENCH_SCALE")); s == "medium" {
		return s
	}
	return "large"
}

func scale(name string) demo.Scale {
	if name == "medium" {
		return demo.ScaleMedium
	}
	return demo.ScaleLarge
}

var shared struct {
	once sync.Once
	org  *Org
	err  error
}

// Shared is the organisation of this benchmark binary: the cache (made
// first if needed) copied into a folder that is removed at once — the open
// file lives on until the process ends, so nothing is left behind however
// the binary stops.
func Shared(tb testing.TB) *Org {
	tb.Helper()
	shared.once.Do(func() { shared.org, shared.err = open() })
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.org
}

// Copy is a copy of the organisation of its own, for a benchmark that
// changes it in ways the others in the binary should not meet
// (BenchmarkDeletePerson's year of emails); it is open until the process
// ends, its file already removed, as Shared's is.
func Copy(tb testing.TB) *Org {
	tb.Helper()
	o, err := open()
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func open() (*Org, error) {
	name := ScaleName()
	cache, err := cached(name)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "behalf-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "behalf.db")
	if err := copyFile(cache, path); err != nil {
		return nil, err
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return nil, err
	}
	return &Org{Svc: domain.NewService(db, domain.Options{}), DB: db, Scale: name, ids: map[string]domain.ID{}}, nil
}

// ID is the id of a person with a key (the demo's twelve and the sample of
// Scale.KeyHandles).
func (o *Org) ID(tb testing.TB, handle string) domain.ID {
	tb.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if id, ok := o.ids[handle]; ok {
		return id
	}
	p, err := o.Svc.Identify(Fingerprint(handle))
	if err != nil {
		tb.Fatalf("%s: %v", handle, err)
	}
	o.ids[handle] = p.ID
	return p.ID
}

// Who is handle acting in workspace ws.
func (o *Org) Who(tb testing.TB, handle, ws string) domain.Who {
	return domain.Who{Person: o.ID(tb, handle), Workspace: ws}
}

// Keys are fake keys for the demo people and sc's sample.
func Keys(sc demo.Scale) map[string]domain.SSHKey {
	keys := map[string]domain.SSHKey{}
	handles := sc.KeyHandles()
	for _, p := range demo.People {
		handles = append(handles, p.Handle)
	}
	for _, h := range handles {
		keys[h] = domain.SSHKey{Fingerprint: Fingerprint(h), Line: "ssh-ed25519 " + h}
	}
	return keys
}

// cached returns the cache file of scale name, generating it if absent.
func cached(name string) (string, error) {
	dir := filepath.Join(os.TempDir(), "behalf-bench")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-v%d-%s.db", name, genVersion, time.Now().UTC().Format("2006-01-02")))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer os.Remove(tmp)
	db, err := store.Open(tmp, store.Options{})
	if err != nil {
		return "", err
	}
	sc := scale(name)
	t0 := time.Now()
	err = demo.SeedLarge(domain.NewService(db, domain.Options{}), Keys(sc), sc)
	if err == nil {
		err = db.Compact() // as behalf serve --demo-scale does
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("generating the %s organisation: %w", name, err)
	}
	fmt.Fprintf(os.Stderr, "benchorg: generated the %s organisation in %s into %s\n", name, time.Since(t0).Round(time.Millisecond), path)
	// Rename is atomic: a benchmark binary running beside this one either
	// sees the whole file or none.
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	old, _ := filepath.Glob(filepath.Join(dir, name+"-v*.db"))
	for _, f := range old {
		if f != path {
			os.Remove(f) // an earlier day's or version's
		}
	}
	return path, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	// Synced here, so that the copy's writeback does not land on the
	// first durable commits a benchmark times.
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
