//go:build etcd

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/internal/etcdtest"
	"behalf/store"
)

// etcdStoreArgs are the flags that name the organisation under prefix
// on c (serve's, check's).
func etcdStoreArgs(c *etcdtest.Cluster, prefix string) []string {
	return []string{"--store", "etcd", "--etcd", strings.Join(c.Endpoints, ","), "--etcd-prefix", prefix}
}

// etcdArgs are the flags of a front end on prefix of c: the store, and
// the library files' folder the front ends of prefix share.
func etcdArgs(t *testing.T, c *etcdtest.Cluster, prefix string) []string {
	return append(etcdStoreArgs(c, prefix), "--files", c.Folder(t, prefix))
}

// liveScreen is a terminal session kept open, its output collected.
type liveScreen struct {
	out *syncBuffer
}

func openScreen(t *testing.T, addr string, hostKey gossh.PublicKey, signer gossh.Signer) *liveScreen {
	t.Helper()
	c, err := dialAs(addr, hostKey, signer)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	s := &liveScreen{out: &syncBuffer{}}
	sess.Stdout, sess.Stderr = s.out, s.out
	if err := sess.RequestPty("xterm-256color", 24, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitFor waits up to within for want to appear and says how long it took.
func (s *liveScreen) waitFor(t *testing.T, within time.Duration, want string) time.Duration {
	t.Helper()
	start := time.Now()
	for !strings.Contains(s.out.String(), want) {
		if time.Since(start) > within {
			t.Fatalf("%q did not appear within %v; the screen showed:\n%q", want, within, s.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// verifyEtcd runs the domain's checks and the store's own (its copy against
// the cluster) on the organisation under prefix.
func verifyEtcd(t *testing.T, c *etcdtest.Cluster, prefix string) {
	t.Helper()
	st, err := store.OpenEtcd(store.EtcdOptions{Endpoints: c.Endpoints, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		t.Fatal(err)
	}
	if err := domain.NewService(st, domain.Options{}).Verify(); err != nil {
		t.Fatal(err)
	}
}

// Two front ends over one etcd serve one portal: they share the host key;
// an account deactivated on A signs its open session on B out within a
// second (R6); two admins on different front ends making different coaches
// jane's primary at once leave one primary; two bookings of one coach's
// same half hour on different front ends book one (R50).
func TestEtcdTwoFrontEnds(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	prefix := "/behalf/two/"
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	a := startServe(t, append(etcdArgs(t, c, prefix), "--data", dirA, "--demo")...)
	addrA := a.addr(t)
	b := startServe(t, append(etcdArgs(t, c, prefix), "--data", dirB)...)
	addrB := b.addr(t)
	a.data, b.data = "", "" // no file to check after: verifyEtcd checks the cluster
	keyA, _ := os.ReadFile(filepath.Join(dirA, "host_ed25519"))
	keyB, _ := os.ReadFile(filepath.Join(dirB, "host_ed25519"))
	if len(keyA) == 0 || !bytes.Equal(keyA, keyB) {
		t.Fatal("the front ends serve different host keys")
	}
	hostKey := hostKeyFrom(t, filepath.Join(dirA, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(dirA, "demo-keys", h)) }

	eve := openScreen(t, addrB, hostKey, key("eve"))
	eve.waitFor(t, deadline, "Acting for Jane Smith")
	if _, errs, code := sshRun(t, addrA, hostKey, key("adam"), "people deactivate eve --ws team"); code != 0 {
		t.Fatalf("people deactivate eve: exit %d: %s", code, errs)
	}
	took := eve.waitFor(t, time.Second, "You are signed out")
	t.Logf("deactivated on A, signed out on B after %v", took)

	type result struct {
		code int
		errs string
	}
	race := func(cmdA, cmdB string, asA, asB string) [2]result {
		var out [2]result
		var wg sync.WaitGroup
		for i, x := range []struct{ addr, as, cmd string }{{addrA, asA, cmdA}, {addrB, asB, cmdB}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs, code := sshRun(t, x.addr, hostKey, key(x.as), x.cmd)
				out[i] = result{code, errs}
			}()
		}
		wg.Wait()
		return out
	}
	r := race("pairing set --coach mira --client jane --level primary --ws team",
		"pairing set --coach john --client jane --level primary --ws team", "olivia", "adam")
	for _, x := range r {
		if x.code != 0 && x.code != 1 {
			t.Fatalf("setting jane's primary: exit %d: %s", x.code, x.errs)
		}
	}
	verifyEtcd(t, c, prefix) // one primary per client, among the rest

	start := time.Now().AddDate(0, 1, 0).UTC().Truncate(24 * time.Hour).Add(15 * time.Hour).Format(domain.TimeLayout)
	book := "sessions book --client jane --coach rob --minutes 30 --ws team --start " + start
	r = race(book, book, "olivia", "adam")
	if booked := (r[0].code == 0) != (r[1].code == 0); !booked {
		t.Fatalf("two bookings of one half hour on two front ends: exits %d (%s) and %d (%s), want one booked", r[0].code, r[0].errs, r[1].code, r[1].errs)
	}
	verifyEtcd(t, c, prefix)
}

// A front end killed with SIGKILL mid-way through writes loses nothing it
// acknowledged: another front end on the same cluster serves all of it.
func TestEtcdFrontEndKilled(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{Sync: true})
	prefix := "/behalf/killed/"
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	p := startProc(t, dirA, append(etcdArgs(t, c, prefix), "--demo")...)
	hostKey := hostKeyFrom(t, filepath.Join(dirA, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(dirA, "demo-keys", h)) }
	a := newAcked()
	stop := writeLoad(t, p.addr, hostKey, key, a)
	waitAcks(t, a, 60)
	p.signal(t, syscall.SIGKILL)
	stop()
	q := startProc(t, dirB, etcdArgs(t, c, prefix)...)
	cl, err := dialAs(q.addr, hostKey, key("olivia"))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	n := verifyAcked(t, cl, a, time.Now())
	t.Logf("%d acknowledged writes checked after SIGKILL", n)
	verifyEtcd(t, c, prefix)
}

// The etcd leader of a three-member cluster is killed during a write
// burst: no acknowledged write is lost, and writes go on after the
// election.
func TestEtcdLeaderKilled(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3, etcdtest.Options{Sync: true})
	prefix := "/behalf/leader/"
	dir := filepath.Join(t.TempDir(), "a")
	p := startProc(t, dir, append(etcdArgs(t, c, prefix), "--demo")...)
	hostKey := hostKeyFrom(t, filepath.Join(dir, "host_ed25519"))
	key := func(h string) gossh.Signer { return signerFromFile(t, filepath.Join(dir, "demo-keys", h)) }
	a := newAcked()
	a.outageOK = true // writes during the election may be refused
	stop := writeLoad(t, p.addr, hostKey, key, a)
	waitAcks(t, a, 40)
	leader := c.Leader()
	if leader < 0 {
		t.Fatal("the cluster has no leader")
	}
	c.Kill(leader)
	killed := a.n.Load()
	waitAcks(t, a, killed+40) // writes resume under the new leader
	stop()
	cl, err := dialAs(p.addr, hostKey, key("olivia"))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	n := verifyAcked(t, cl, a, time.Now())
	t.Logf("leader m%d killed after %d acknowledged writes; %d checked; %d refused during the election", leader, killed, n, a.refused.Load())
}
