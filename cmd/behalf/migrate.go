package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"behalf/store"
)

// migrate is `behalf migrate --from bolt:PATH --to etcd:ENDPOINTS` (or the
// other way): the organisation is copied, then the destination is read
// back and compared with the source record by record. Exit 0: the
// destination holds what the source does (a second run changes nothing and
// says so); 1: refused, failed or different; 2: usage.
func migrate(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("behalf migrate", flag.ContinueOnError)
	set.SetOutput(stderr)
	var from, to string
	var st storeFlags
	set.StringVar(&from, "from", "", "where the organisation is now: bolt:PATH (a data folder, or its behalf.db) or etcd:ENDPOINTS")
	set.StringVar(&to, "to", "", "where it goes: etcd:ENDPOINTS or bolt:PATH (a new data folder or file); it must be empty or hold the same organisation")
	st.registerCluster(set)
	if err := set.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if set.NArg() > 0 {
		fmt.Fprintf(stderr, "behalf migrate: unexpected argument %q\n", set.Arg(0))
		return 2
	}
	src, err := parseSide("--from", from, st)
	if err == nil {
		var dst side
		if dst, err = parseSide("--to", to, st); err == nil && src.kind == dst.kind {
			err = fmt.Errorf("--from and --to are both %s: migrate moves an organisation between bolt and etcd", src.kind)
		}
		if err == nil {
			return migrateSides(src, dst, stdout, stderr)
		}
	}
	fmt.Fprintln(stderr, "behalf migrate:", err)
	return 2
}

// side is one end of a migration.
type side struct {
	kind string // bolt or etcd
	path string // bolt: the file
	dir  string // bolt: the data folder the file is in, if one was named
	st   storeFlags
}

func (s side) String() string {
	if s.kind == "bolt" {
		return s.path
	}
	return fmt.Sprintf("%s on etcd %s", s.st.prefix, s.st.endpoints)
}

func parseSide(name, v string, st storeFlags) (side, error) {
	kind, where, ok := strings.Cut(v, ":")
	switch {
	case v == "":
		return side{}, fmt.Errorf("%s is needed: bolt:PATH or etcd:ENDPOINTS", name)
	case !ok || where == "" || kind != "bolt" && kind != "etcd":
		return side{}, fmt.Errorf("%s %q: give bolt:PATH or etcd:ENDPOINTS", name, v)
	case kind == "etcd":
		st.kind, st.endpoints = "etcd", where
		return side{kind: kind, st: st}, st.check()
	}
	s := side{kind: kind, path: where}
	if fi, err := os.Stat(where); (err == nil && fi.IsDir()) || (errors.Is(err, fs.ErrNotExist) && filepath.Ext(where) != ".db") {
		s.dir, s.path = where, filepath.Join(where, "behalf.db")
	}
	return s, nil
}

// open opens a side; the source read only.
func (s side) open(source bool) (store.Migratable, func(), error) {
	if s.kind == "etcd" {
		open := s.st.openEtcd
		if source {
			open = s.st.openEtcdReading
		}
		e, err := open()
		if err != nil {
			return nil, nil, err
		}
		return e, func() { e.Close() }, nil
	}
	if source {
		if _, err := os.Stat(s.path); err != nil {
			return nil, nil, fmt.Errorf("there is no database at %s", s.path)
		}
	} else if s.dir != "" {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return nil, nil, err
		}
	}
	db, err := store.Open(s.path, store.Options{ReadOnly: source})
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, fmt.Errorf("a behalf server is using %s: stop it first", s.path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("opening %s: %w", s.path, err)
	}
	return db, func() { db.Close() }, nil
}

func migrateSides(src, dst side, stdout, stderr io.Writer) int {
	from, closeFrom, err := src.open(true)
	if err != nil {
		fmt.Fprintln(stderr, "behalf migrate: the source:", err)
		return 1
	}
	defer closeFrom()
	to, closeTo, err := dst.open(false)
	if err != nil {
		fmt.Fprintln(stderr, "behalf migrate: the destination:", err)
		return 1
	}
	defer closeTo()
	rep, err := store.Migrate(from, to)
	var mismatch *store.MismatchError
	switch {
	case errors.As(err, &mismatch):
		fmt.Fprintf(stderr, "behalf migrate: after the copy, %s differs from %s in %d places:\n", dst, src, mismatch.Total)
		for _, d := range mismatch.Diffs {
			fmt.Fprintln(stderr, "  "+d)
		}
		if n := mismatch.Total - len(mismatch.Diffs); n > 0 {
			fmt.Fprintf(stderr, "  and %d more\n", n)
		}
		fmt.Fprintln(stderr, "Run migrate again to finish the copy; the source was not changed.")
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "behalf migrate:", err)
		return 1
	}
	what := fmt.Sprintf("%d %s in %d %s, %d index %s", rep.Records, plural(rep.Records, "record", "records"),
		rep.Collections, plural(rep.Collections, "collection", "collections"), rep.Entries, plural(rep.Entries, "entry", "entries"))
	if rep.Written+rep.Deleted == 0 {
		fmt.Fprintf(stdout, "%s already holds the organisation %q as %s does (%s): nothing was changed.\n", dst, rep.Org, src, what)
	} else {
		fmt.Fprintf(stdout, "Copied the organisation %q from %s to %s: %s (%d %s written, %d removed).\n", rep.Org, src, dst, what,
			rep.Written, plural(rep.Written, "key", "keys"), rep.Deleted)
	}
	fmt.Fprintln(stdout, "Compared record by record: the destination matches the source.")
	if src.kind == "bolt" && src.dir != "" {
		if e, ok := to.(*store.Etcd); ok {
			shareMigratedHostKey(e, filepath.Join(src.dir, "host_ed25519"), stdout, stderr)
		}
	}
	fmt.Fprintln(stdout, "Library files' contents are not in the database: copy the files folder (DATA/files) to the folder the servers are given (--files).")
	return 0
}

// shareMigratedHostKey makes the bbolt server's host key the cluster's, if
// the cluster has none yet, so that people see the host they know.
func shareMigratedHostKey(e *store.Etcd, path string, stdout, stderr io.Writer) {
	key, err := os.ReadFile(path)
	if err != nil {
		return // no host key beside the file: the first server makes one
	}
	shared, err := e.Shared("hostkey", key)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "behalf migrate: the host key was not shared:", err)
	case string(shared) == string(key):
		fmt.Fprintln(stdout, "The servers will show people the same host key as before.")
	default:
		fmt.Fprintln(stderr, "behalf migrate: the cluster already has another host key; the servers show that one.")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
