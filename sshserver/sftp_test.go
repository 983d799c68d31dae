package sshserver_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// sftpConn is one SFTP session: the client, and what the server wrote on
// the session's stderr (a refusal before the subsystem starts).
type sftpConn struct {
	*sftp.Client
	stderr *syncBuffer
}

// sftpAs opens an SFTP session as handle, with user as the SSH user name
// (it picks the workspace: "team", "assistant+rob").
func (ts *testServer) sftpAs(t *testing.T, handle, user string) (*sftpConn, error) {
	t.Helper()
	cfg := ts.clientConfig(gossh.PublicKeys(ts.keys[handle]))
	cfg.User = user
	c, err := ts.dial(cfg)
	if err != nil {
		t.Fatalf("sign in as %s: %v", handle, err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	errPipe, err := sess.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	w, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	r, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err != nil {
		t.Fatal(err)
	}
	// RequestSubsystem starts no copying: stderr is read here, to its end.
	copied := make(chan struct{})
	go func() { _, _ = io.Copy(stderr, errPipe); close(copied) }()
	cl, err := sftp.NewClientPipe(r, w)
	if err != nil {
		<-copied // the session ended: stderr holds all it will
		return &sftpConn{stderr: stderr}, err
	}
	t.Cleanup(func() { cl.Close() })
	return &sftpConn{Client: cl, stderr: stderr}, nil
}

func (ts *testServer) mustSFTP(t *testing.T, handle, user string) *sftpConn {
	t.Helper()
	c, err := ts.sftpAs(t, handle, user)
	if err != nil {
		t.Fatalf("sftp as %s: %v (%s)", handle, err, c.stderr.String())
	}
	return c
}

func put(t *testing.T, c *sftpConn, p string, data []byte) error {
	t.Helper()
	f, err := c.Create(p)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func get(c *sftpConn, p string) ([]byte, error) {
	f, err := c.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func names(t *testing.T, c *sftpConn, dir string) []string {
	t.Helper()
	infos, err := c.ReadDir(dir)
	if err != nil {
		t.Fatalf("ls %s: %v", dir, err)
	}
	var out []string
	for _, i := range infos {
		out = append(out, i.Name())
	}
	return out
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// filesOnDisk lists what the files folder holds (contents and temporary
// files), relative to it.
func (ts *testServer) filesOnDisk(t *testing.T) []string {
	t.Helper()
	var out []string
	root := filepath.Join(ts.dir, "files")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if rel, _ := filepath.Rel(root, p); !ts.demoFiles[rel] {
				out = append(out, rel)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A coach puts, lists, gets, renames and removes files in their library,
// by a real SFTP client over a real SSH connection.
func TestSFTPLibraryRoundTrip(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c := ts.mustSFTP(t, "rob", "rob")
	if got := names(t, c, "/"); !slices.Equal(got, []string{"library", "team"}) {
		t.Fatalf("the team's tree is %v, want library and team", got)
	}
	data := randomBytes(t, 300<<10) // several SFTP packets, pipelined
	if err := put(t, c, "library/notes.pdf", data); err != nil {
		t.Fatalf("put: %v", err)
	}
	if got := names(t, c, "library"); !slices.Equal(got, []string{"notes.pdf"}) {
		t.Fatalf("library lists %v", got)
	}
	fi, err := c.Stat("library/notes.pdf")
	if err != nil || fi.Size() != int64(len(data)) {
		t.Fatalf("stat: %v, size %d", err, fi.Size())
	}
	got, err := get(c, "/library/notes.pdf")
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("get: %v, %d bytes back of %d", err, len(got), len(data))
	}
	if err := c.Rename("library/notes.pdf", "library/Week 1.pdf"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if got := names(t, c, "library"); !slices.Equal(got, []string{"Week 1.pdf"}) {
		t.Fatalf("after rename library lists %v", got)
	}
	if len(ts.filesOnDisk(t)) != 1 {
		t.Fatalf("the files folder holds %v, want the one content", ts.filesOnDisk(t))
	}
	// The same content twice is stored once (content-addressed).
	if err := put(t, c, "library/copy.pdf", data); err != nil {
		t.Fatal(err)
	}
	if len(ts.filesOnDisk(t)) != 1 {
		t.Fatalf("the same content is stored twice: %v", ts.filesOnDisk(t))
	}
	for _, p := range []string{"library/Week 1.pdf", "library/copy.pdf"} {
		if err := c.Remove(p); err != nil {
			t.Fatalf("rm %s: %v", p, err)
		}
	}
	if got := names(t, c, "library"); len(got) != 0 {
		t.Fatalf("after rm library lists %v", got)
	}
	if d := ts.filesOnDisk(t); len(d) != 0 {
		t.Fatalf("the content stayed after its last file went: %v", d)
	}
	// The uploads and removals are audited (R60), as library.* actions.
	out, _, code := ts.run(t, ts.keys["olivia"], "audit list --ws team --json --person rob")
	if code != 0 || !strings.Contains(out, `"library.upload"`) || !strings.Contains(out, `"library.delete"`) || !strings.Contains(out, `"library.rename"`) {
		t.Fatalf("audit (exit %d) lacks the library's changes: %s", code, out)
	}
}

// Nothing outside the virtual tree can be reached: parent folders,
// absolute paths, the database's name, links, folders and odd names.
func TestSFTPTraversalRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c := ts.mustSFTP(t, "rob", "team")
	if err := put(t, c, "library/ok.txt", []byte("fine")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"../behalf.db", "/etc/passwd", "library/../../behalf.db", "library/../../../etc/passwd",
		"/behalf.db", "../host_ed25519", "library/ok.txt/..", "files/sha256", "library/sub/ok.txt", "//etc/passwd"} {
		if b, err := get(c, p); err == nil {
			t.Errorf("get %q gave %d bytes; want a refusal", p, len(b))
		}
	}
	for _, p := range []string{"../evil", "/etc/evil", "library/../../evil", "library/../evil", "evil", "team/evil", "library/sub/evil",
		"library/.hidden", "library/a\x1b[31mred", "library/tab\there", "library/-rf", "library/a*b", "library/back\\slash", "library/ spaced"} {
		if err := put(t, c, p, []byte("x")); err == nil {
			t.Errorf("put %q was accepted", p)
		}
	}
	if err := c.Mkdir("library/sub"); err == nil {
		t.Error("mkdir was accepted")
	}
	if err := c.Symlink("/etc/passwd", "library/link"); err == nil {
		t.Error("symlink was accepted")
	}
	if err := c.Link("library/ok.txt", "library/hard"); err == nil {
		t.Error("hard link was accepted")
	}
	if err := c.Rename("library/ok.txt", "../../escaped"); err == nil {
		t.Error("rename out of the tree was accepted")
	}
	if err := c.Rename("library/ok.txt", "team/ok.txt"); err == nil {
		t.Error("rename into team/ was accepted")
	}
	if got := names(t, c, "library"); !slices.Equal(got, []string{"ok.txt"}) {
		t.Fatalf("library lists %v after the attempts", got)
	}
	if _, err := os.Stat(filepath.Join(ts.dir, "evil")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a file appeared in the data folder")
	}
	// What stays on disk is one content under its hash, and no temporary file.
	if d := ts.filesOnDisk(t); len(d) != 1 || !strings.HasPrefix(d[0], "sha256"+string(filepath.Separator)) {
		t.Fatalf("the files folder holds %v", d)
	}
}

// Going over a limit is refused while the upload comes, with a message
// that says which, and nothing is kept.
func TestSFTPLimitsRefuseDuringUpload(t *testing.T) {
	t.Parallel()
	ts := startServerWith(t, domain.LibraryLimits{MaxFileSize: 64 << 10, Quota: 100 << 10, MaxFiles: 2})
	c := ts.mustSFTP(t, "rob", "team")
	err := put(t, c, "library/big.bin", randomBytes(t, 65<<10))
	if err == nil || !strings.Contains(err.Error(), "too large: at most 64 KiB") {
		t.Fatalf("an upload over the size limit gave %v", err)
	}
	if err := put(t, c, "library/a.bin", randomBytes(t, 60<<10)); err != nil {
		t.Fatal(err)
	}
	err = put(t, c, "library/b.bin", randomBytes(t, 60<<10))
	if err == nil || !strings.Contains(err.Error(), "more than its 100 KiB") {
		t.Fatalf("an upload over the quota gave %v", err)
	}
	if err := put(t, c, "library/c.bin", []byte("small")); err != nil {
		t.Fatal(err)
	}
	err = put(t, c, "library/d.bin", []byte("one too many"))
	if err == nil || !strings.Contains(err.Error(), "library is full") {
		t.Fatalf("a third file gave %v", err)
	}
	if got := names(t, c, "library"); !slices.Equal(got, []string{"a.bin", "c.bin"}) {
		t.Fatalf("library lists %v; the refused uploads must leave nothing", got)
	}
	if d := ts.filesOnDisk(t); len(d) != 2 {
		t.Fatalf("the files folder holds %v, want the two contents kept and nothing else", d)
	}
}

// A client reads what was shared with them and nothing else; another
// client cannot read it; a contact lists nothing at all (R23, R31).
func TestSFTPSharedFilesAndContacts(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	rob := ts.mustSFTP(t, "rob", "team")
	data := []byte("welcome to coaching\n")
	if err := put(t, rob, "library/welcome.txt", data); err != nil {
		t.Fatal(err)
	}
	fv, err := ts.svc.FileAt(domain.Who{Person: ts.ids["rob"], Workspace: "team"}, "library", "welcome.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.svc.ShareFile(domain.Who{Person: ts.ids["rob"], Workspace: "team"}, fv.File.ID, "jane", false); err != nil {
		t.Fatal(err)
	}
	jane := ts.mustSFTP(t, "jane", "jane")
	if got := names(t, jane, "/"); !slices.Equal(got, []string{"shared"}) {
		t.Fatalf("the client's tree is %v, want shared only", got)
	}
	demoShared, err := ts.svc.ListLibrary(domain.Who{Person: ts.ids["jane"], Workspace: "me"}, domain.LibraryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, jane, "shared"); len(got) != len(demoShared) || !slices.Contains(got, "welcome.txt") {
		t.Fatalf("jane's shared/ lists %v", got) // the demo's files shared with her, and welcome.txt
	}
	if got, err := get(jane, "shared/welcome.txt"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("jane's download: %v %q", err, got)
	}
	if err := put(t, jane, "shared/mine.txt", []byte("x")); err == nil {
		t.Fatal("a client uploaded into shared/")
	}
	if err := jane.Remove("shared/welcome.txt"); err == nil {
		t.Fatal("a client removed a shared file")
	}
	if _, err := get(jane, "library/welcome.txt"); err == nil {
		t.Fatal("a client read the coach's library")
	}
	// Another client: nothing shared, and jane's file is not found.
	casey := ts.mustSFTP(t, "casey", "me")
	if got := names(t, casey, "shared"); len(got) != 0 {
		t.Fatalf("casey's shared/ lists %v", got)
	}
	if _, err := get(casey, "shared/welcome.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("casey reading jane's shared file: %v, want not found", err)
	}
	// A contact of jane (eve) gets no tree at all (R31).
	eve, err := ts.sftpAs(t, "eve", "eve")
	if err == nil {
		_, lerr := eve.ReadDir("/")
		_, gerr := get(eve, "shared/welcome.txt")
		if lerr == nil || gerr == nil {
			t.Fatalf("a contact listed (%v) or read (%v) files", lerr, gerr)
		}
	} else if !strings.Contains(eve.stderr.String(), "never shown to contacts") {
		t.Fatalf("the contact's refusal said %q", eve.stderr.String())
	}
}

// An assistant uploads into its practitioner's library, attributed to the
// assistant (R41, R42, R44); the user name picks the workspace.
func TestSFTPAssistantUploadsForPractitioner(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	if _, err := ts.sftpAs(t, "asa", "asa"); err == nil {
		t.Fatal("an assistant of two practitioners got in without naming one")
	}
	asa := ts.mustSFTP(t, "asa", "assistant+rob")
	if err := put(t, asa, "library/agenda.txt", []byte("for rob")); err != nil {
		t.Fatal(err)
	}
	rob := ts.mustSFTP(t, "rob", "team")
	if got := names(t, rob, "library"); !slices.Equal(got, []string{"agenda.txt"}) {
		t.Fatalf("rob's library lists %v", got)
	}
	olivia := ts.mustSFTP(t, "asa", "assistant+olivia")
	if got := names(t, olivia, "library"); slices.Contains(got, "agenda.txt") {
		t.Fatalf("olivia's library lists %v; the file is rob's", got)
	}
	fv, err := ts.svc.FileAt(domain.Who{Person: ts.ids["rob"], Workspace: "team"}, "library", "agenda.txt")
	if err != nil {
		t.Fatal(err)
	}
	if fv.Owner.Handle != "rob" || fv.UploadedBy.Handle != "asa" || fv.UploadedBy.For == nil || fv.UploadedBy.For.Handle != "rob" {
		t.Fatalf("owner %q, uploaded by %q", fv.Owner.Label(), fv.UploadedBy.Label())
	}
}

// Legacy scp (-O) runs a remote program behalf does not have: it is
// refused with a line that says what to use.
func TestLegacySCPRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	_, stderr, code := ts.run(t, ts.keys["rob"], "scp -t library/")
	if code != 2 || !strings.Contains(stderr, "SFTP only") {
		t.Fatalf("scp -t: exit %d, %q", code, stderr)
	}
}
