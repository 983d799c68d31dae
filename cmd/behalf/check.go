package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"behalf/domain"
	"behalf/store"
)

// restoreAdvice is what to do with a database behalf refuses.
const restoreAdvice = `restore your last backup as the README's "Back up and restore" says`

// restoreHint is how serve's refusal of a database ends: what to do next.
func restoreHint(data string) string {
	return fmt.Sprintf(`%s, or run "behalf check --data %s" for every finding`, restoreAdvice, data)
}

// finding is an error as one line for a person: no line breaks.
func finding(err error) string {
	s := strings.TrimPrefix(err.Error(), store.ErrDamaged.Error()+": ")
	return strings.Join(strings.Fields(s), " ")
}

// openFailed says in one line why the database at dbPath could not be
// opened, and what to do.
func openFailed(err error, data, dbPath string) string {
	switch {
	case errors.Is(err, store.ErrLocked):
		return fmt.Sprintf("another behalf server is already using %s (%s is locked); stop it first, or pass another --data", data, dbPath)
	case errors.Is(err, store.ErrDamaged):
		return fmt.Sprintf("%s is damaged (%s); it was not changed: %s", dbPath, finding(err), restoreHint(data))
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("there is no database at %s; pass the --data folder that holds behalf.db", dbPath)
	}
	return fmt.Sprintf("opening %s: %v", dbPath, err)
}

// verifyOrg runs the domain's integrity check (domain.Service.Verify) over
// the whole organisation, with a damaged page answered as an error rather
// than a panic. It reads every record, so the collector is told to run
// less often meanwhile: the check allocates much and keeps little.
func verifyOrg(svc *domain.Service) (took time.Duration, err error) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	start := time.Now()
	err = store.Guard(svc.Verify)
	return time.Since(start), err
}

// checkAtStart refuses to serve an organisation that breaks the rules or
// cannot be read, in one line that says what is wrong, where the file is,
// that it was not changed, and what to do. It returns the exit code (0: serve).
func checkAtStart(svc *domain.Service, data, dbPath string, stderr io.Writer, log *slog.Logger) int {
	has, err := hasOrg(svc)
	if err == nil && !has {
		return 0 // a new database: set up next, nothing to check yet
	}
	var took time.Duration
	if err == nil {
		took, err = verifyOrg(svc)
	}
	switch {
	case err == nil:
		log.Info("checked the organisation's records", "took", took.Round(time.Millisecond))
		return 0
	case errors.Is(err, store.ErrDamaged):
		fmt.Fprintf(stderr, "behalf: %s is damaged (%s); it was not changed: %s\n", dbPath, finding(err), restoreHint(data))
	default:
		fmt.Fprintf(stderr, "behalf: %s does not hold together, so it is not served (%s); it was not changed: %s\n", dbPath, finding(err), restoreHint(data))
	}
	return 1
}

func hasOrg(svc *domain.Service) (has bool, err error) {
	err = store.Guard(func() (err error) {
		has, err = svc.HasOrg()
		return err
	})
	return has, err
}

// check is `behalf check`: the store's check of the file (pages, free list,
// indexes) and the domain's of the organisation's rules, offline and read
// only. Exit 0: sound; 1: findings, or the file could not be read; 2: usage.
func check(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("behalf check", flag.ContinueOnError)
	set.SetOutput(stderr)
	data := set.String("data", envOr("BEHALF_DATA", "./data"), "data folder that holds behalf.db (env BEHALF_DATA); the server must be stopped")
	var st storeFlags
	st.register(set)
	if err := set.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if set.NArg() > 0 {
		fmt.Fprintf(stderr, "behalf check: unexpected argument %q\n", set.Arg(0))
		return 2
	}
	if err := st.check(); err != nil {
		fmt.Fprintln(stderr, "behalf check:", err)
		return 2
	}
	if st.kind == "etcd" {
		return checkEtcd(st, stdout, stderr)
	}
	dbPath := filepath.Join(*data, "behalf.db")
	start := time.Now()
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			fmt.Fprintf(stderr, "behalf check: %s is in use by a running server; stop it first, or check a copy (a backup) in another folder\n", dbPath)
		} else {
			fmt.Fprintln(stderr, "behalf check: "+openFailed(err, *data, dbPath))
		}
		return 1
	}
	defer db.Close()
	if reportCheck(db, "the file", dbPath, stderr) {
		return 1
	}
	fmt.Fprintf(stdout, "behalf check: %s is sound: its pages, indexes and the organisation's rules (%s)\n", dbPath, time.Since(start).Round(time.Millisecond))
	return 0
}

// reportCheck runs the store's check and the domain's on db and reports
// what they find on stderr; it says whether they found anything.
func reportCheck(db interface {
	domain.Store
	Check() error
}, what, where string, stderr io.Writer) bool {
	var found []string
	if err := db.Check(); err != nil {
		found = append(found, what+": "+finding(err))
	}
	svc := domain.NewService(db, domain.Options{})
	if _, err := verifyOrg(svc); err != nil {
		found = append(found, "the organisation: "+finding(err))
	}
	if len(found) == 0 {
		return false
	}
	fmt.Fprintf(stderr, "behalf check: %s is not sound; it was not changed:\n", where)
	for _, f := range found {
		fmt.Fprintln(stderr, "  "+f)
	}
	fmt.Fprintln(stderr, "To go on, "+restoreAdvice+".")
	return true
}

// checkEtcd is `behalf check --store etcd`: the organisation under the
// prefix, read at one commit, while the front ends go on serving: its
// records and their index entries, and the organisation's rules.
func checkEtcd(st storeFlags, stdout, stderr io.Writer) int {
	start := time.Now()
	where := st.where("")
	db, err := st.openEtcdReading()
	if err != nil {
		fmt.Fprintln(stderr, "behalf check:", err)
		return 1
	}
	defer db.Close()
	if has, err := hasOrg(domain.NewService(db, domain.Options{})); err != nil {
		fmt.Fprintln(stderr, "behalf check:", err)
		return 1
	} else if !has {
		fmt.Fprintf(stderr, "behalf check: there is no organisation under %s; pass the --etcd-prefix it lives under\n", st.prefix)
		return 1
	}
	if reportCheck(db, "the records", where, stderr) {
		return 1
	}
	fmt.Fprintf(stdout, "behalf check: %s is sound: its records, indexes and the organisation's rules (%s)\n", where, time.Since(start).Round(time.Millisecond))
	return 0
}
