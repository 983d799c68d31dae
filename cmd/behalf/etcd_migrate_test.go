//go:build etcd

package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	clientv3 "go.etcd.io/etcd/client/v3"
	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/internal/etcdtest"
)

// jane's view of her own data, as scripts read it.
var janeReads = []string{"whoami --json", "sessions list --json", "invoices list --json", "packages list --json"}

func readAs(t *testing.T, addr string, hostKey gossh.PublicKey, signer gossh.Signer) []string {
	t.Helper()
	var out []string
	for _, cmd := range janeReads {
		o, errs, code := sshRun(t, addr, hostKey, signer, cmd)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, errs)
		}
		out = append(out, o)
	}
	return out
}

// The demo organisation moves from bbolt to etcd and back: a front end on
// etcd serves jane what the bbolt server did, under the same host key; a
// second run changes nothing and says so; a different organisation is not
// copied over it; and the way back gives a bbolt file that holds, record
// for record, what the cluster does.
func TestEtcdMigrate(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	prefix := "/behalf/moved/"
	data := seededData(t)
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	jane := signerFromFile(t, filepath.Join(data, "demo-keys", "jane"))
	s := startServe(t, "--data", data)
	before := readAs(t, s.addr(t), hostKey, jane)
	if code := s.stop(t); code != 0 {
		t.Fatalf("stop: exit %d", code)
	}

	to := "etcd:" + strings.Join(c.Endpoints, ",")
	code, out, errs := runMigrate(t, "--from", "bolt:"+data, "--to", to, "--etcd-prefix", prefix)
	if code != 0 || !strings.Contains(out, "Copied the organisation") || !strings.Contains(out, "matches the source") {
		t.Fatalf("migrate to etcd: exit %d:\n%s%s", code, out, errs)
	}
	t.Log(out)
	code, out, errs = runMigrate(t, "--from", "bolt:"+data, "--to", to, "--etcd-prefix", prefix)
	if code != 0 || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("migrate again: exit %d, want nothing changed:\n%s%s", code, out, errs)
	}
	t.Log(out)

	dirB := filepath.Join(t.TempDir(), "b")
	b := startServe(t, append(etcdArgs(t, c, prefix), "--data", dirB)...)
	b.data = ""
	if after := readAs(t, b.addr(t), hostKey, jane); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatalf("jane reads on etcd:\n%s\nbut on bbolt:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	verifyEtcd(t, c, prefix)

	// Another organisation is not copied over this one.
	other := otherOrg(t)
	code, out, errs = runMigrate(t, "--from", "bolt:"+other, "--to", to, "--etcd-prefix", prefix)
	if code != 1 || !strings.Contains(errs, "already holds another organisation") || !strings.Contains(errs, "nothing was changed") {
		t.Fatalf("migrate another organisation over it: exit %d, want a refusal:\n%s%s", code, out, errs)
	}
	t.Log(errs)

	back := filepath.Join(t.TempDir(), "back")
	code, out, errs = runMigrate(t, "--from", to, "--etcd-prefix", prefix, "--to", "bolt:"+back)
	if code != 0 || !strings.Contains(out, "matches the source") {
		t.Fatalf("migrate back to bbolt: exit %d:\n%s%s", code, out, errs)
	}
	checkFile(t, filepath.Join(back, "behalf.db"))
	// The way back compared as it went; compared once more, the other
	// way, the file and the cluster hold the same.
	code, out, errs = runMigrate(t, "--from", "bolt:"+back, "--to", to, "--etcd-prefix", prefix)
	if code != 0 || !strings.Contains(out, "nothing was changed") {
		t.Fatalf("the file brought back differs from the cluster: exit %d:\n%s%s", code, out, errs)
	}
}

// otherOrg is a data folder holding a small organisation of its own.
func otherOrg(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "ada.pub")
	if err := os.WriteFile(pub, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve sets up, then stops at once
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--data", data, "--org", "Acme Coaching", "--owner-name", "Ada Lovelace", "--owner-key", pub}, &out, &errb); code != 0 {
		t.Fatalf("making another organisation: exit %d: %s", code, errb.String())
	}
	return data
}

// behalf check reads and never writes: on a prefix that holds no
// organisation (a mistyped one) it says so and leaves the prefix empty —
// opening it to write would record the schema version there.
func TestEtcdCheckWritesNothing(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	prefix := "/behalf/mistyped/"
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"check"}, etcdStoreArgs(c, prefix)...), &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "there is no organisation under "+prefix) {
		t.Fatalf("check of an empty prefix: exit %d, want 1 saying there is none:\n%s%s", code, out.String(), errb.String())
	}
	r, err := c.Client(t).Get(t.Context(), prefix, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 0 {
		t.Fatalf("check wrote %d keys under %s", r.Count, prefix)
	}
}

// behalf check on etcd: the organisation under a prefix is checked while
// it is served; a record copied under another id (two people claiming
// one handle) is found, named, and exits 1.
func TestEtcdCheck(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1, etcdtest.Options{})
	prefix := "/behalf/checked/"
	data, _ := demoCopy(t)
	args := etcdStoreArgs(c, prefix)
	if code, out, errs := runMigrate(t, "--from", "bolt:"+data, "--to", "etcd:"+args[3], "--etcd-prefix", prefix); code != 0 {
		t.Fatalf("migrate: exit %d:\n%s%s", code, out, errs)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"check"}, args...), &out, &errb); code != 0 || !strings.Contains(out.String(), "is sound") {
		t.Fatalf("check: exit %d:\n%s%s", code, out.String(), errb.String())
	}
	cli := c.Client(t)
	r, err := cli.Get(t.Context(), prefix+"r/people/", clientv3.WithPrefix())
	if err != nil {
		t.Fatal(err)
	}
	var jane []byte
	for _, kv := range r.Kvs {
		if bytes.Contains(kv.Value, []byte(`"handle":"jane"`)) {
			jane = kv.Value
		}
	}
	if jane == nil {
		t.Fatal("no record of jane under the prefix")
	}
	if _, err := cli.Txn(t.Context()).Then(
		clientv3.OpPut(prefix+"r/people/"+domain.ID(999).Key(), string(jane)),
		clientv3.OpPut(prefix+"m/commit", "[]")).Commit(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	code := run(context.Background(), append([]string{"check"}, args...), &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "is not sound") || !strings.Contains(errb.String(), "belongs to another record") {
		t.Fatalf("check of a doubled person: exit %d, want 1 naming the index entry:\n%s%s", code, out.String(), errb.String())
	}
	t.Log(errb.String())
}
