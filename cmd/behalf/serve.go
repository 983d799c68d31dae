package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"behalf/blobs"
	"behalf/domain"
	"behalf/internal/heapfloor"
	"behalf/internal/worker"
	"behalf/mailer"
	"behalf/sshkey"
	"behalf/sshserver"
	"behalf/store"
)

// serveFlags are the flags of `behalf serve`.
type serveFlags struct {
	listen, data string
	demo         bool
	scale        string // --demo-scale: small (the demo), medium or large
	org          string
	ownerName    string
	ownerKey     string
	ownerHandle  string
	ownerEmail   string
	timezone     string
	currency     string
	idle         time.Duration
	authTimeout  time.Duration
	maxSessions  int
	// sessions at once: on the server, per address, and of unregistered
	// keys overall and per address; how long an unregistered key stays
	sessionsTotal, sessionsPerAddr int
	unregTotal, unregPerAddr       int
	unregTimeout                   time.Duration
	connRate                       float64
	connBurst                      int
	connMax                        int
	connLoopback                   bool
	st                             storeFlags
	// email: the mail server (--smtp), the From address, and the address
	// people reach this server at (for the ssh line emails carry)
	smtp, mailFrom, sshAddress string
	// library files: bytes in one file, bytes in all, files per library
	maxFileSize, filesQuota sizeFlag
	maxFiles                int
	files                   string // --files: the library files' folder ("": DATA/files)
	pprof                   string // --pprof: a loopback address for Go's profiles ("": off)
	heapFloor               heapFloorFlag
}

// heapFloorFlag is a size, or 0 for none.
type heapFloorFlag struct{ sizeFlag }

func (h *heapFloorFlag) Set(v string) error {
	if strings.TrimSpace(v) == "0" {
		h.sizeFlag = 0
		return nil
	}
	return h.sizeFlag.Set(v)
}

func parseServe(args []string, stderr io.Writer) (serveFlags, error) {
	var f serveFlags
	set := flag.NewFlagSet("behalf serve", flag.ContinueOnError)
	set.SetOutput(stderr)
	set.StringVar(&f.listen, "listen", envOr("BEHALF_LISTEN", "127.0.0.1:23234"), "address to listen on (env BEHALF_LISTEN)")
	set.StringVar(&f.data, "data", envOr("BEHALF_DATA", "./data"), "data folder: database, host key, demo keys (env BEHALF_DATA)")
	set.BoolVar(&f.demo, "demo", false, "on an empty database: seed the demo organisation, with one key per person in DATA/demo-keys")
	set.StringVar(&f.scale, "demo-scale", "", "on an empty database: the demo organisation at a size: small (the demo), medium or large (implies --demo)")
	set.StringVar(&f.org, "org", "", "on an empty database: the organisation's name")
	set.StringVar(&f.ownerName, "owner-name", "", "on an empty database: the owner's name")
	set.StringVar(&f.ownerKey, "owner-key", "", "on an empty database: the owner's SSH public key file (FILE.pub)")
	set.StringVar(&f.ownerHandle, "owner-handle", "", "the owner's handle (default: from their name)")
	set.StringVar(&f.ownerEmail, "owner-email", "", "the owner's email")
	set.StringVar(&f.timezone, "timezone", "", "the organisation's IANA time zone (default UTC)")
	set.StringVar(&f.currency, "currency", "", "the organisation's currency (default USD)")
	set.DurationVar(&f.idle, "idle-timeout", sshserver.DefaultIdleTimeout, "sign out sessions without input for this long")
	set.DurationVar(&f.authTimeout, "auth-timeout", sshserver.DefaultAuthTimeout, "close connections not signed in within this long")
	set.IntVar(&f.maxSessions, "max-sessions", sshserver.DefaultMaxSessionsPerPerson, "open sessions allowed per person at once")
	set.IntVar(&f.sessionsTotal, "max-sessions-total", sshserver.DefaultMaxSessions, "open sessions allowed on the whole server at once (0: no limit)")
	set.IntVar(&f.sessionsPerAddr, "max-sessions-per-addr", sshserver.DefaultMaxSessionsPerAddr, "open sessions allowed per client address at once; loopback only with --conn-limit-loopback (0: no limit)")
	set.IntVar(&f.unregTotal, "max-unregistered", sshserver.DefaultMaxUnregistered, "open sessions of keys nobody registered (they can only redeem an invitation), on the whole server (0: no limit)")
	set.IntVar(&f.unregPerAddr, "max-unregistered-per-addr", sshserver.DefaultMaxUnregisteredPerAddr, "open sessions of keys nobody registered, per client address, loopback included (0: no limit)")
	set.DurationVar(&f.unregTimeout, "unregistered-timeout", sshserver.DefaultUnregisteredTimeout, "how long a key nobody registered may stay connected")
	set.Float64Var(&f.connRate, "conn-rate", sshserver.DefaultConnRate, "new connections per second allowed per client address, after the burst (0: no limit)")
	set.IntVar(&f.connBurst, "conn-burst", sshserver.DefaultConnBurst, "new connections allowed at once per client address")
	set.IntVar(&f.connMax, "conn-max", sshserver.DefaultConnMax, "connections one client address may hold open at once (0: no limit)")
	set.BoolVar(&f.connLoopback, "conn-limit-loopback", false, "apply the --conn-* limits to loopback addresses too (off: local load tests are not limited)")
	f.st.register(set)
	set.StringVar(&f.smtp, "smtp", os.Getenv("BEHALF_SMTP"), "send email through this server: smtp://user:pass@host:587 (STARTTLS required), smtps://user:pass@host:465, smtp://host:25?starttls=off; the password may come from BEHALF_SMTP_PASSWORD (env BEHALF_SMTP). Without it emails stay in the outbox")
	set.StringVar(&f.mailFrom, "mail-from", os.Getenv("BEHALF_MAIL_FROM"), "the address emails come from, e.g. portal@example.com (needed with --smtp; env BEHALF_MAIL_FROM)")
	set.StringVar(&f.sshAddress, "ssh-address", os.Getenv("BEHALF_SSH_ADDRESS"), "HOST:PORT people connect to, for the ssh line in emails (default: the --listen address; env BEHALF_SSH_ADDRESS)")
	f.maxFileSize, f.filesQuota = domain.DefaultMaxFileSize, domain.DefaultQuota
	set.Var(&f.maxFileSize, "max-file-size", "the largest library file, as 25MiB, 500KiB or bytes")
	set.Var(&f.filesQuota, "files-quota", "the space every library file together may take, as 2GiB or bytes")
	set.IntVar(&f.maxFiles, "max-files", domain.DefaultMaxFiles, "files one library may hold")
	set.StringVar(&f.files, "files", envOr("BEHALF_FILES", ""), "the folder library files' contents are kept in (default DATA/files); with --store etcd, needed: one folder every server shares, such as an NFS mount (env BEHALF_FILES)")
	f.heapFloor.sizeFlag = heapfloor.Default
	set.Var(&f.heapFloor, "heap-floor", "let the heap reach this size before collecting garbage by what is kept (fewer collections while many people sign in; each sign-in raises it by 512KiB for ten seconds, to at most four times it), as 256MiB; 0: Go's default pacing (GOGC=off or a GOMEMLIMIT below twice the floor take precedence)")
	set.StringVar(&f.pprof, "pprof", "", "serve Go's profiles (CPU, allocations, goroutines) over HTTP on this loopback address, such as 127.0.0.1:6060 (default: off)")
	if err := set.Parse(args); err != nil {
		return f, err
	}
	if f.maxFiles <= 0 {
		return f, errors.New("--max-files must be above zero")
	}
	if set.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q", set.Arg(0))
	}
	if f.idle <= 0 || f.authTimeout <= 0 || f.unregTimeout <= 0 || f.maxSessions <= 0 || f.connRate < 0 || f.connBurst <= 0 || f.connMax < 0 ||
		f.sessionsTotal < 0 || f.sessionsPerAddr < 0 || f.unregTotal < 0 || f.unregPerAddr < 0 {
		return f, errors.New("--idle-timeout, --auth-timeout, --unregistered-timeout, --max-sessions and --conn-burst must be above zero; --conn-rate, --conn-max and the other --max-* limits zero or more")
	}
	if err := f.st.check(); err != nil {
		return f, err
	}
	if f.st.kind == "etcd" && f.files == "" {
		return f, errors.New("--store etcd needs --files DIR: the folder of library files every server of the cluster shares (such as an NFS mount), so that a file uploaded on one is there on the others")
	}
	if f.pprof != "" {
		if err := checkPprofAddr(f.pprof); err != nil {
			return f, err
		}
	}
	return f, checkScale(&f)
}

// sharedFilesGrace is how long a file in a folder the servers share must
// stay untouched before a server's start may sweep it: an upload in
// flight on another server writes to its file far more often than this.
const sharedFilesGrace = time.Hour

// offIfZero maps a limit flag (0: no limit) to the Config (0: the
// default, negative: no limit).
func offIfZero(limit float64) float64 {
	if limit == 0 {
		return -1
	}
	return limit
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// serve runs the server until ctx ends (SIGINT/SIGTERM), then stops it
// gracefully and closes the database.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := parseServe(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "behalf serve:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	if err := prepareDataDir(f.data, log); err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		return 1
	}
	dbPath := filepath.Join(f.data, "behalf.db")
	db, code := openStore(f, dbPath, stderr, log)
	if code != 0 {
		return code
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
	}()
	hostKey := filepath.Join(f.data, "host_ed25519")
	if e, ok := db.(*store.Etcd); ok {
		if err := shareHostKey(e, hostKey, log); err != nil {
			fmt.Fprintln(stderr, "behalf:", err)
			return 1
		}
	}

	var mail *mailer.Config
	if f.smtp != "" {
		if f.mailFrom == "" {
			fmt.Fprintln(stderr, "behalf serve: --smtp needs --mail-from ADDR, the address emails come from")
			return 2
		}
		c, err := mailer.ParseURL(f.smtp, os.Getenv("BEHALF_SMTP_PASSWORD"), f.mailFrom)
		if err != nil {
			fmt.Fprintln(stderr, "behalf serve: --smtp:", err)
			return 2
		}
		mail = &c
	}
	filesDir := f.files
	if filesDir == "" {
		filesDir = filepath.Join(f.data, "files")
	}
	files, err := blobs.Open(filesDir)
	if err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		return 1
	}
	if f.st.kind == "etcd" {
		files.Share(sharedFilesGrace)
	}
	opts := domain.Options{Holder: f.st.holder(), SendsMail: mail != nil, Files: files, Library: domain.LibraryLimits{
		MaxFileSize: int64(f.maxFileSize), Quota: int64(f.filesQuota), MaxFiles: f.maxFiles}}
	if e, ok := db.(*store.Etcd); ok {
		opts.Budgets = e.Budget // guesses are counted across the front ends
	}
	svc := domain.NewService(db, opts)
	// The organisation is checked before anyone is served: a restored or
	// tampered file that breaks the rules is refused, saying which.
	if code := checkAtStart(svc, f.data, f.st.where(dbPath), stderr, log); code != 0 {
		return code
	}
	if code := setUp(svc, db, f, stderr, log); code != 0 {
		return code
	}
	collectForServing(log, uint64(f.heapFloor.sizeFlag))
	// What a crash left in the files folder goes before anyone uploads:
	// uploads cut short, and contents no record names.
	if swept, err := svc.SweepFiles(); err != nil {
		log.Error("sweeping the files folder", "err", err)
	} else if swept.Temp+swept.Orphans > 0 {
		log.Info("swept the files folder", "unfinished_uploads", swept.Temp, "orphans", swept.Orphans, "bytes", swept.Bytes)
	}

	srv, err := sshserver.New(sshserver.Config{
		Addr:        f.listen,
		HostKeyPath: hostKey,
		Service:     svc,
		Log:         log,
		IdleTimeout: f.idle,

		AuthTimeout:          f.authTimeout,
		MaxSessionsPerPerson: f.maxSessions,

		MaxSessions:            int(offIfZero(float64(f.sessionsTotal))),
		MaxSessionsPerAddr:     int(offIfZero(float64(f.sessionsPerAddr))),
		MaxUnregistered:        int(offIfZero(float64(f.unregTotal))),
		MaxUnregisteredPerAddr: int(offIfZero(float64(f.unregPerAddr))),
		UnregisteredTimeout:    f.unregTimeout,

		ConnRate:          offIfZero(f.connRate),
		ConnBurst:         f.connBurst,
		ConnMax:           int(offIfZero(float64(f.connMax))),
		ConnLimitLoopback: f.connLoopback,
		TUI:               screens(svc),
	})
	if err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		return 1
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		fmt.Fprintf(stderr, "behalf: cannot listen on %s: %v (pass another --listen)\n", f.listen, err)
		return 1
	}
	if f.pprof != "" {
		pln, err := net.Listen("tcp", f.pprof)
		if err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "behalf: cannot serve profiles on %s: %v (pass another --pprof)\n", f.pprof, err)
			return 1
		}
		pctx, stopPprof := context.WithCancel(ctx)
		defer stopPprof()
		go servePprof(pctx, pln, log)
	}
	printSignIns(stdout, f.data, f.listen, ln.Addr(), srv.HostKey(), log)
	svc.SetSSHAddress(sshAddress(f, ln.Addr()))
	stopMail := startMail(svc, mail, stdout, log)
	defer stopMail()
	stopScheduler := startScheduler(svc, log)
	defer stopScheduler()
	stopRenewals := startRenewals(svc, log)
	defer stopRenewals()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		if err != nil {
			log.Error("the SSH server stopped", "err", err)
			return 1
		}
	case <-ctx.Done():
		log.Info("stopping: letting open sessions end")
		sctx, cancel := context.WithTimeout(context.Background(), sshserver.DefaultShutdownGrace+5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("sessions closed at the end of the grace period", "err", err)
		}
		<-served
	}
	log.Info("stopped; closing the database")
	return 0
}

// openStore opens the store the flags choose. For bbolt the file's lock
// comes first: a second server on the same folder stops here (store.Open
// gives up after 2 s) before touching anything, and a damaged file is
// refused here, unchanged (store.ErrDamaged).
func openStore(f serveFlags, dbPath string, stderr io.Writer, log *slog.Logger) (domain.Store, int) {
	if f.st.kind == "etcd" {
		db, err := f.st.openEtcd()
		if err != nil {
			fmt.Fprintln(stderr, "behalf:", err)
			return nil, 1
		}
		log.Info("serving the organisation from etcd", "endpoints", f.st.endpoints, "prefix", db.Prefix())
		return db, 0
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "behalf: "+openFailed(err, f.data, dbPath))
		return nil, 1
	}
	warnIfLoose(dbPath, log)
	if from, kept := db.Upgraded(); from != 0 {
		log.Info("upgraded the database to the current layout; the old file is kept until you remove it", "from_schema", from, "to_schema", store.SchemaVersion, "old_file", kept)
	}
	return db, 0
}

// prepareDataDir makes the data folder (0700) and warns if an existing one
// is open to others: it holds the host key and demo private keys.
func prepareDataDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("making the data folder %s: %w", dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder; pass another --data", dir)
	}
	warnIfLoose(dir, log)
	warnIfLoose(filepath.Join(dir, "demo-keys"), log)
	return nil
}

// setUp makes the organisation on an empty database, from --demo or the
// owner flags; on a non-empty one it ignores both.
func setUp(svc *domain.Service, db domain.Store, f serveFlags, stderr io.Writer, log *slog.Logger) int {
	has, err := svc.HasOrg()
	if err != nil {
		fmt.Fprintln(stderr, "behalf: reading the database:", err)
		return 1
	}
	owner := map[string]string{"--org": f.org, "--owner-name": f.ownerName, "--owner-key": f.ownerKey}
	var given, missing []string
	for _, name := range []string{"--org", "--owner-name", "--owner-key"} {
		if owner[name] != "" {
			given = append(given, name)
		} else {
			missing = append(missing, name)
		}
	}
	if has {
		if f.demo || len(given) > 0 {
			log.Info("the database already holds an organisation; --demo and the owner flags are ignored")
		}
		return 0
	}
	switch {
	case f.demo && len(given) > 0:
		fmt.Fprintln(stderr, "behalf: pass either --demo or the owner flags (--org, --owner-name, --owner-key), not both")
		return 2
	case f.demo:
		return seedDemo(svc, db, f, stderr, log)
	case len(missing) == 0:
		return bootstrap(svc, f, stderr, log)
	case len(given) > 0:
		fmt.Fprintf(stderr, "behalf: --org, --owner-name and --owner-key go together; missing %s\n", strings.Join(missing, ", "))
		return 2
	}
	fmt.Fprintf(stderr, "behalf: the database in %s is empty. Pass --demo for the demo organisation, or make yours with\n"+
		"  --org NAME --owner-name NAME --owner-key FILE.pub\n", f.data)
	return 2
}

func bootstrap(svc *domain.Service, f serveFlags, stderr io.Writer, log *slog.Logger) int {
	key, err := readPublicKey(f.ownerKey)
	if err != nil {
		fmt.Fprintln(stderr, "behalf: --owner-key:", err)
		return 2
	}
	owner, err := svc.Bootstrap(domain.Setup{
		Org: f.org, TimeZone: f.timezone, Currency: f.currency,
		OwnerHandle: f.ownerHandle, OwnerName: f.ownerName, OwnerEmail: f.ownerEmail, OwnerKey: key,
	})
	if err != nil && domain.KindOf(err) == domain.KindConflict {
		// Another front end on the same cluster made it first: one
		// organisation, one owner (the bootstrap is one transaction).
		if has, herr := svc.HasOrg(); herr == nil && has {
			log.Info("another server made the organisation first; the owner flags are ignored")
			return 0
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		if domain.KindOf(err) == domain.KindInvalid {
			return 2
		}
		return 1
	}
	log.Info("made the organisation", "org", f.org, "owner", owner.Handle, "key", key.Fingerprint)
	return 0
}

// readPublicKey reads the first key of an authorized_keys-style file.
func readPublicKey(path string) (domain.SSHKey, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return domain.SSHKey{}, fmt.Errorf("%s does not exist", path)
	}
	if err != nil {
		return domain.SSHKey{}, err
	}
	if len(data) > 64<<10 {
		return domain.SSHKey{}, fmt.Errorf("%s is too large to be a public key", path)
	}
	text := string(data)
	if strings.Contains(text, "PRIVATE KEY") {
		return domain.SSHKey{}, fmt.Errorf("%s is a private key; pass the public one (%s.pub)", path, path)
	}
	if strings.TrimSpace(text) == "" {
		return domain.SSHKey{}, fmt.Errorf("%s holds no key; pass a file like ~/.ssh/id_ed25519.pub", path)
	}
	// The first key, as authorized_keys holds it (options before it allowed).
	k, err := sshkey.Parse(text)
	if err != nil {
		return domain.SSHKey{}, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// sizeFlag is a size in bytes typed as 25MiB, 25M, 500KiB, 2GiB or bytes.
type sizeFlag int64

func (s *sizeFlag) String() string { return domain.Bytes(int64(*s)) }

func (s *sizeFlag) Set(v string) error {
	v = strings.TrimSpace(v)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return errors.New("give a size above zero, as 25MiB, 500KiB, 2GiB or a number of bytes")
	}
	*s = sizeFlag(n * mult)
	return nil
}

// sshAddress is where people reach this server, for the ssh line in
// emails: --ssh-address, or the listen address as bound.
func sshAddress(f serveFlags, bound net.Addr) string {
	if f.sshAddress != "" {
		return f.sshAddress
	}
	_, port, _ := net.SplitHostPort(bound.String())
	return net.JoinHostPort(signInHost(f.listen), port)
}

// startMail runs the mail worker when --smtp was given and says on stdout
// what happens to emails; the function it returns stops the worker.
func startMail(svc *domain.Service, mail *mailer.Config, stdout io.Writer, log *slog.Logger) func() {
	if mail == nil {
		fmt.Fprintln(stdout, "Email: not sent (no --smtp); emails stay in the outbox: notifications outbox")
		return func() {}
	}
	fmt.Fprintln(stdout, "Email: sent through "+mail.String())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s := &mailer.Sender{Config: *mail, Service: svc, Log: log}
	go func() { defer close(done); s.Run(ctx) }()
	return func() { cancel(); <-done }
}

// startScheduler runs the scheduler (reminders, and whatever else comes
// due: domain/schedule.go); the function it returns stops it.
func startScheduler(svc *domain.Service, log *slog.Logger) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		wakes, stop := svc.WatchDue()
		defer stop()
		worker.Loop(ctx, worker.Job{Name: "scheduler", Run: func(context.Context) (time.Time, bool, error) { return svc.RunDue() },
			Wakes: wakes, Now: svc.Now, Log: log})
	}()
	return func() { cancel(); <-done }
}

// collectForServing collects what the start-up check allocated (hundreds of
// megabytes at a large organisation, little of it kept), so that sessions
// start on a heap of only what is kept and the collector paces itself from
// that, and says how large that is. From then on the heap may grow to
// floor before the collector paces itself by what is kept; the memory the
// check faulted in stays the process's for that (fresh pages cost ~15 µs
// each on a small VM).
func collectForServing(log *slog.Logger, floor uint64) {
	floor = heapfloor.Keep(floor)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	log.Info("ready to serve", "heap_mb", ms.HeapAlloc>>20, "heap_floor_mb", floor>>20)
}
