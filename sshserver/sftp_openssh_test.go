package sshserver_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// openssh runs OpenSSH's own sftp and scp against a test server, as a
// person would type them; tests skip when the machine lacks them.
type openssh struct {
	t    *testing.T
	ts   *testServer
	dir  string
	host string
	port string
	opts []string
}

func newOpenSSH(t *testing.T, ts *testServer, handle string) *openssh {
	t.Helper()
	for _, bin := range []string{"sftp", "scp", "ssh"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("OpenSSH's %s is not installed here", bin)
		}
	}
	dir := t.TempDir()
	block, err := gossh.MarshalPrivateKey(demoPrivMap[handle], "")
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, handle)
	if err := os.WriteFile(key, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ts.addr)
	kh := filepath.Join(dir, "known_hosts")
	line := "[" + host + "]:" + port + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(ts.hostK))) + "\n"
	if err := os.WriteFile(kh, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	return &openssh{t: t, ts: ts, dir: dir, host: host, port: port, opts: []string{
		"-F", "/dev/null", "-P", port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "UserKnownHostsFile=" + kh, "-o", "GlobalKnownHostsFile=/dev/null",
	}}
}

// run runs bin with the sign-in options, then args, in the test's folder.
func (o *openssh) run(bin string, args ...string) (string, error) {
	o.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(append([]string{}, o.opts...), args...)...)
	cmd.Dir = o.dir
	cmd.Env = append(os.Environ(), "HOME="+o.dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// The issue's own lines: scp up into library/, scp down, and an sftp
// session with ls, get, rename and rm — OpenSSH's binaries against the
// real server; legacy scp -O is refused with a line that says why.
func TestOpenSSHClients(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	o := newOpenSSH(t, ts, "rob")
	data := randomBytes(t, 200<<10)
	if err := os.WriteFile(filepath.Join(o.dir, "notes.pdf"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	at := "team@" + o.host
	if out, err := o.run("scp", "notes.pdf", at+":library/"); err != nil {
		t.Fatalf("scp up: %v\n%s", err, out)
	}
	if out, err := o.run("scp", at+":library/notes.pdf", "back.pdf"); err != nil {
		t.Fatalf("scp down: %v\n%s", err, out)
	}
	if back, err := os.ReadFile(filepath.Join(o.dir, "back.pdf")); err != nil || !bytes.Equal(back, data) {
		t.Fatalf("scp down gave %d bytes of %d: %v", len(back), len(data), err)
	}
	if out, err := o.run("scp", at+":../behalf.db", "stolen.db"); err == nil {
		t.Fatalf("scp read outside the tree:\n%s", out)
	}
	if out, err := o.run("scp", "-O", "notes.pdf", at+":library/legacy.pdf"); err == nil || !strings.Contains(out, "SFTP only") {
		t.Fatalf("scp -O: %v\n%s", err, out)
	}
	batch := filepath.Join(o.dir, "batch")
	cmds := "ls -l library\nget library/notes.pdf again.pdf\nrename library/notes.pdf library/week1.pdf\nls library\nrm library/week1.pdf\nls library\n"
	if err := os.WriteFile(batch, []byte(cmds), 0o600); err != nil {
		t.Fatal(err)
	}
	// sftp takes -P for the port like scp.
	out, err := o.run("sftp", "-b", batch, at)
	if err != nil {
		t.Fatalf("sftp batch: %v\n%s", err, out)
	}
	if !strings.Contains(out, "notes.pdf") || !strings.Contains(out, "week1.pdf") {
		t.Fatalf("sftp batch output:\n%s", out)
	}
	if again, err := os.ReadFile(filepath.Join(o.dir, "again.pdf")); err != nil || !bytes.Equal(again, data) {
		t.Fatalf("sftp get: %v", err)
	}
	if d := ts.filesOnDisk(t); len(d) != 0 {
		t.Fatalf("after rm the files folder holds %v", d)
	}
}
