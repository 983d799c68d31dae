package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/store"
)

// buildBinary builds behalf once per test run into a temp folder.
var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func behalfBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("this test builds the behalf binary and needs the go tool: %v", err)
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "behalf-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "behalf")
		out, err := exec.Command(goBin, "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// proc is `behalf serve` running as its own process.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	addr   string
	done   chan struct{}
}

func startProc(t *testing.T, data string, args ...string) *proc {
	t.Helper()
	p := &proc{stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(behalfBinary(t), append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = &bytes.Buffer{}, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	end := time.Now().Add(deadline)
	for {
		if m := listening.FindStringSubmatch(p.stderr.String()); m != nil {
			p.addr = m[1]
			return p
		}
		select {
		case <-p.done:
			t.Fatalf("serve exited:\n%s", p.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(end) {
			t.Fatalf("serve did not start:\n%s", p.stderr.String())
		}
	}
}

func (p *proc) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(deadline):
		t.Fatal("serve did not end")
	}
}

func dialAs(addr string, hostKey gossh.PublicKey, signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.FixedHostKey(hostKey), Timeout: deadline,
	})
}

// runWithin runs cmd on sess and gives up after the deadline, closing the
// session: a command that never ends fails its test instead of hanging it.
func runWithin(sess *gossh.Session, cmd string) error {
	done := make(chan error, 1)
	go func() { done <- sess.Run(cmd) }()
	select {
	case err := <-done:
		return err
	case <-time.After(deadline):
		sess.Close()
		return fmt.Errorf("%q: no end within %s", cmd, deadline)
	}
}

// execOn runs one command on an open connection. err is set only when the
// command got no exit status (the connection broke): not acknowledged.
func execOn(c *gossh.Client, cmd string) (stdout, stderr string, code int, err error) {
	sess, err := c.NewSession()
	if err != nil {
		return "", "", -1, err
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if err := runWithin(sess, cmd); err != nil {
		var exit *gossh.ExitError
		if !errors.As(err, &exit) {
			return out.String(), errb.String(), -1, err
		}
		code = exit.ExitStatus()
	}
	return out.String(), errb.String(), code, nil
}

// ack is one acknowledged write and when its acknowledgement arrived.
type ack struct {
	id string
	at time.Time
}

// acked is what the server acknowledged (exit 0).
type acked struct {
	mu       sync.Mutex
	people   []ack
	sessions []ack
	invoices map[string]int64 // id -> total
	invAt    map[string]time.Time
	payments map[string][]ack // invoice id -> payments
	n        atomic.Int64
	cut      atomic.Int64 // commands cut off (no exit status)

	// outageOK is set by tests that take the database away on purpose (an
	// etcd leader killed): a write the store refuses because the cluster
	// is unreachable, unconfirmed or busy is then a refusal, not a failure.
	// It was not acknowledged, so nothing is owed for it.
	outageOK bool
	refused  atomic.Int64
}

// outage reports whether a refused command was refused for the store's
// outage, which a test that set outageOK tolerates.
func (a *acked) outage(code int, errs string) bool {
	if !a.outageOK || code != 1 {
		return false
	}
	if strings.Contains(errs, "database cluster") || strings.Contains(errs, "portal is busy") {
		a.refused.Add(1)
		return true
	}
	return false
}

func newAcked() *acked {
	return &acked{invoices: map[string]int64{}, invAt: map[string]time.Time{}, payments: map[string][]ack{}}
}

func (a *acked) add(f func(now time.Time)) {
	a.mu.Lock()
	f(time.Now())
	a.mu.Unlock()
	a.n.Add(1)
}

// writeLoad runs writers against a server over SSH until stop is called
// or the server goes away: two each adding clients, booking sessions
// (every one in its own half hour), and issuing invoices that jane and her
// contact eve then pay in part (R52, R37).
func writeLoad(t *testing.T, addr string, hostKey gossh.PublicKey, key func(string) gossh.Signer, a *acked) (stop func()) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("the demo's zone: %v", err)
	}
	base := time.Now().In(ny).AddDate(0, 2, 0).Truncate(24 * time.Hour)
	var slot atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	writer := func(name string, as []string, step func(cs map[string]*gossh.Client, i int) bool) {
		cs := map[string]*gossh.Client{}
		for _, h := range as {
			c, err := dialAs(addr, hostKey, key(h))
			if err != nil {
				t.Fatalf("%s: sign in as %s: %v", name, h, err)
			}
			cs[h] = c
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				for _, c := range cs {
					c.Close()
				}
			}()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if !step(cs, i) {
					a.cut.Add(1)
					return
				}
			}
		}()
	}
	for w := 0; w < 2; w++ {
		writer("people", []string{"olivia"}, func(cs map[string]*gossh.Client, i int) bool {
			h := fmt.Sprintf("load-%d-%d", w, i)
			_, errs, code, err := execOn(cs["olivia"], fmt.Sprintf("people add %s --name 'Load %d %d' --email %s@example.com --as client --primary rob", h, w, i, h))
			if err != nil {
				return false
			}
			if code == 0 {
				a.add(func(now time.Time) { a.people = append(a.people, ack{h, now}) })
			} else if code != 1 {
				t.Errorf("people add: exit %d: %s", code, errs)
			}
			return true
		})
		writer("sessions", []string{"olivia"}, func(cs map[string]*gossh.Client, i int) bool {
			start := base.Add(time.Duration(slot.Add(1)) * 30 * time.Minute)
			out, errs, code, err := execOn(cs["olivia"], "sessions book --client jane --coach rob --minutes 30 --json --start "+start.Format(domain.TimeLayout))
			if err != nil {
				return false
			}
			if code == 0 {
				var s struct{ ID string }
				if json.Unmarshal([]byte(out), &s) != nil || s.ID == "" {
					t.Errorf("sessions book said %q", out)
					return false
				}
				a.add(func(now time.Time) { a.sessions = append(a.sessions, ack{s.ID, now}) })
			} else if code != 1 { // 1: a time the clocks skip
				t.Errorf("sessions book: exit %d: %s", code, errs)
			}
			return true
		})
		writer("invoices", []string{"olivia", "jane", "eve"}, func(cs map[string]*gossh.Client, i int) bool {
			out, errs, code, err := execOn(cs["olivia"], "invoices issue --client jane --item 'Load test=10.00' --item 'Extra=0.50' --json")
			if err != nil {
				return false
			}
			if code != 0 {
				if a.outage(code, errs) {
					return true
				}
				t.Errorf("invoices issue: exit %d: %s", code, errs)
				return false
			}
			var inv struct {
				ID         string `json:"id"`
				TotalCents int64  `json:"total_cents"`
			}
			if json.Unmarshal([]byte(out), &inv) != nil || inv.ID == "" {
				t.Errorf("invoices issue said %q", out)
				return false
			}
			a.add(func(now time.Time) { a.invoices[inv.ID], a.invAt[inv.ID] = inv.TotalCents, now })
			for _, payer := range []string{"jane", "eve"} {
				out, errs, code, err := execOn(cs[payer], "invoices pay "+inv.ID+" --amount 3.25 --json")
				if err != nil {
					return false
				}
				if code != 0 {
					if a.outage(code, errs) {
						continue
					}
					t.Errorf("%s pays: exit %d: %s", payer, code, errs)
					return false
				}
				var pay struct{ ID string }
				if json.Unmarshal([]byte(out), &pay) != nil || pay.ID == "" {
					t.Errorf("invoices pay said %q", out)
					return false
				}
				a.add(func(now time.Time) { a.payments[inv.ID] = append(a.payments[inv.ID], ack{pay.ID, now}) })
			}
			return true
		})
	}
	return func() { close(done); wg.Wait() }
}

// waitAcks waits until n writes are acknowledged.
func waitAcks(t *testing.T, a *acked, n int64) {
	t.Helper()
	end := time.Now().Add(deadline)
	for a.n.Load() < n {
		if time.Now().After(end) {
			t.Fatalf("only %d writes were acknowledged", a.n.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// verifyAcked checks, through commands on c, that every write acknowledged
// before `before` is there and whole: people with their name and email,
// sessions with their client and coach, invoices whose total is the sum of
// their items and whose paid amount is the sum of their payments, and
// every acknowledged payment among them.
func verifyAcked(t *testing.T, c *gossh.Client, a *acked, before time.Time) (checked int) {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	ok := func(cmd string, v any) {
		t.Helper()
		out, errs, code, err := execOn(c, cmd)
		if err != nil || code != 0 {
			t.Fatalf("%s: exit %d %v: %s", cmd, code, err, errs)
		}
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("%s: %v: %q", cmd, err, out)
		}
	}
	for _, x := range a.people {
		if !x.at.Before(before) {
			continue
		}
		var person struct{ Handle, Name, Email string }
		ok("people show "+x.id+" --json", &person)
		if person.Handle != x.id || !strings.HasPrefix(person.Name, "Load ") || person.Email != x.id+"@example.com" {
			t.Errorf("acknowledged person %s came back as %+v", x.id, person)
		}
		checked++
	}
	for _, x := range a.sessions {
		if !x.at.Before(before) {
			continue
		}
		var s struct{ ID, Client, Coach, Status string }
		ok("sessions show "+x.id+" --json", &s)
		if s.Client != "jane" || s.Coach != "rob" || s.Status != "scheduled" {
			t.Errorf("acknowledged session %s came back as %+v", x.id, s)
		}
		checked++
	}
	for id, total := range a.invoices {
		if !a.invAt[id].Before(before) {
			continue
		}
		var inv struct {
			TotalCents int64 `json:"total_cents"`
			PaidCents  int64 `json:"paid_cents"`
			Items      []struct {
				AmountCents int64 `json:"amount_cents"`
			}
			Payments []struct {
				ID          string
				AmountCents int64 `json:"amount_cents"`
			}
		}
		ok("invoices show "+id+" --json", &inv)
		var items, paid int64
		for _, it := range inv.Items {
			items += it.AmountCents
		}
		seen := map[string]bool{}
		for _, pay := range inv.Payments {
			paid += pay.AmountCents
			seen[pay.ID] = true
		}
		if inv.TotalCents != total || items != total || len(inv.Items) != 2 || inv.PaidCents != paid {
			t.Errorf("invoice %s: total %d (acknowledged %d), items %d, paid %d, payments %d", id, inv.TotalCents, total, items, inv.PaidCents, paid)
		}
		for _, pay := range a.payments[id] {
			if pay.at.Before(before) && !seen[pay.id] {
				t.Errorf("acknowledged payment %s on invoice %s is gone", pay.id, id)
			}
		}
		checked++
	}
	return checked
}

// Crash safety: writes run in parallel over SSH against the real binary,
// which is killed with SIGKILL mid-way. After a restart every acknowledged
// write is there, whole, and the file passes the store's and the domain's
// checks (R52: an invoice's paid amount is the sum of its payments).
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	p := startProc(t, data, "--demo")
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(data, "demo-keys", h)) }

	a := newAcked()
	stop := writeLoad(t, p.addr, hostKey, key, a)
	waitAcks(t, a, 100)
	p.signal(t, syscall.SIGKILL) // while the writers are busy
	stop()
	t.Logf("acknowledged before SIGKILL: %d people, %d sessions, %d invoices; %d commands cut off", len(a.people), len(a.sessions), len(a.invoices), a.cut.Load())

	// Restart on the same folder; --demo is not needed any more.
	p = startProc(t, data)
	c, err := dialAs(p.addr, hostKey, key("olivia"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	verifyAcked(t, c, a, time.Now())

	// Stop it cleanly and check the file itself.
	p.signal(t, syscall.SIGTERM)
	checkFile(t, filepath.Join(data, "behalf.db"))
}

// checkFile opens a database file and runs the store's and the domain's
// consistency checks on it.
func checkFile(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := consistency.Check(db, domain.NewService(db, domain.Options{})); err != nil {
		t.Fatal(err)
	}
}
