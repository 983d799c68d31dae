package sshserver

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/pkg/sftp"

	"behalf/cli"
	"behalf/domain"
	"behalf/sanitize"
)

// Files travel by SFTP (and scp, which speaks SFTP in OpenSSH 9 and
// later) over the same server and the same key sign-in. The tree is
// virtual and decided by the domain on every request:
//
//	/library/NAME   the workspace's own library (the practitioner's for an assistant)
//	/team/NAME      the team library, read-only
//	/shared/NAME    what was shared with this client, read-only
//
// No path of it is a path on the server's disk: requests arrive cleaned
// by pkg/sftp, and what is not one of these shapes does not exist.

// maxOpenFiles bounds the files one SFTP session holds open at once (each
// upload holds a temporary file).
const maxOpenFiles = 16

// runSFTP serves the sftp subsystem for one signed-in session.
func (s *Server) runSFTP(ss *session) int {
	if !ss.known() {
		ss.notice("this key is not registered; sign in with a terminal to type your invitation code.")
		return cli.ExitDenied
	}
	ws, err := s.sftpWorkspace(ss)
	if err != nil {
		ss.notice("%s", sanitize.Line(err.Error()))
		return 1
	}
	who := domain.Who{Person: ss.person.ID, Workspace: ws}
	if _, err := s.cfg.Service.FileFolders(who); err != nil {
		ss.notice("%s", sanitize.Line(publicError(err).Error()))
		return exitFor(err)
	}
	t := &fileTree{svc: s.cfg.Service, who: who, ss: ss}
	h := sftp.Handlers{FileGet: t, FilePut: t, FileCmd: t, FileList: t}
	rs := sftp.NewRequestServer(ss, h)
	stop := make(chan struct{})
	go func() {
		// The session's context ends on idle timeout or shutdown: closing
		// the request server ends Serve, and open uploads are thrown away.
		select {
		case <-ss.ctx.Done():
			_ = rs.Close()
		case <-stop:
		}
	}()
	err = rs.Serve()
	close(stop)
	if err != nil && !errors.Is(err, io.EOF) {
		ss.log.Debug("sftp session ended", "err", err)
	}
	return 0
}

func exitFor(err error) int {
	if domain.KindOf(err) == domain.KindDenied {
		return cli.ExitDenied
	}
	return cli.ExitRefused
}

// sftpWorkspace picks the workspace from the SSH user name, which
// `scp user@host:path` can carry: `team`, `me`, `assistant+rob` (a plus
// for the colon), or a bare handle; anything else (a local login name)
// means the person's only workspace.
func (s *Server) sftpWorkspace(ss *session) (string, error) {
	all, err := s.cfg.Service.Workspaces(ss.person.ID)
	if err != nil {
		return "", err
	}
	want := strings.ToLower(strings.Replace(ss.User(), "+", ":", 1))
	var match []domain.Workspace
	for _, w := range all {
		if w.ID == want {
			return w.ID, nil
		}
		if string(w.Kind) == want || w.Subject == want && w.Kind != domain.WSTeam {
			match = append(match, w)
		}
	}
	if len(match) == 1 {
		return match[0].ID, nil
	}
	switch len(all) {
	case 0:
		return "", errors.New("you have no workspace to enter")
	case 1:
		return all[0].ID, nil
	}
	ids := make([]string, len(all))
	for i, w := range all {
		ids[i] = strings.Replace(w.ID, ":", "+", 1)
	}
	return "", fmt.Errorf("you have %d workspaces; pick one as the user name, as in sftp %s@HOST (yours: %s)", len(all), ids[len(ids)-1], strings.Join(ids, ", "))
}

// fileTree answers pkg/sftp's requests for one session's workspace.
type fileTree struct {
	svc *domain.Service
	who domain.Who
	ss  *session

	mu   sync.Mutex
	open int
}

// split turns a cleaned absolute path into folder and name ("" for the
// root and for a folder itself); ok is false for anything deeper.
func split(p string) (folder, name string, ok bool) {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return "", "", true
	}
	folder, name, _ = strings.Cut(p, "/")
	if strings.Contains(name, "/") {
		return "", "", false
	}
	return folder, name, true
}

// sftpError carries a message for the person and the SFTP status code.
type sftpError struct {
	msg  string
	code error
}

func (e *sftpError) Error() string { return e.msg }
func (e *sftpError) Unwrap() error { return e.code }

// publicError maps a domain refusal to SFTP's codes; anything else is the
// server's failure and says only that.
func publicError(err error) error {
	if err == nil {
		return nil
	}
	msg := sanitize.Line(err.Error())
	switch domain.KindOf(err) {
	case domain.KindNotFound:
		return &sftpError{msg, sftp.ErrSSHFxNoSuchFile}
	case domain.KindDenied:
		return &sftpError{msg, sftp.ErrSSHFxPermissionDenied}
	case domain.KindInvalid, domain.KindConflict:
		return &sftpError{msg, sftp.ErrSSHFxFailure}
	}
	var se *sftpError
	if errors.As(err, &se) {
		return err
	}
	return &sftpError{"something went wrong inside behalf; the problem is logged — try again later", sftp.ErrSSHFxFailure}
}

// fail logs a server failure and returns what the person reads.
func (t *fileTree) fail(op string, err error) error {
	if err != nil && domain.KindOf(err) == 0 {
		var se *sftpError
		if !errors.As(err, &se) {
			t.ss.log.Error("sftp request failed", "op", op, "err", err)
		}
	}
	return publicError(err)
}

func denied(msg string) error { return &sftpError{msg, sftp.ErrSSHFxPermissionDenied} }

func notFound(p string) error {
	return &sftpError{"no such file or folder: " + sanitize.Line(p), sftp.ErrSSHFxNoSuchFile}
}

// Fileread opens a file for download.
func (t *fileTree) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	folder, name, ok := split(r.Filepath)
	if !ok || name == "" {
		return nil, notFound(r.Filepath)
	}
	if err := t.take(); err != nil {
		return nil, err
	}
	_, f, err := t.svc.OpenFile(t.who, folder, name)
	if err != nil {
		t.give()
		return nil, t.fail("read", err)
	}
	return &download{f: f, tree: t}, nil
}

type download struct {
	f    *os.File
	tree *fileTree
	once sync.Once
}

func (d *download) ReadAt(p []byte, off int64) (int, error) { return d.f.ReadAt(p, off) }

func (d *download) Close() error {
	d.once.Do(d.tree.give)
	return d.f.Close()
}

// take and give count the session's open files.
func (t *fileTree) take() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.open >= maxOpenFiles {
		return &sftpError{fmt.Sprintf("at most %d files may be open at once; close some first", maxOpenFiles), sftp.ErrSSHFxFailure}
	}
	t.open++
	return nil
}

func (t *fileTree) give() {
	t.mu.Lock()
	t.open--
	t.mu.Unlock()
}

// Filewrite starts an upload; the file appears when the client closes it.
func (t *fileTree) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	folder, name, ok := split(r.Filepath)
	if !ok {
		return nil, notFound(r.Filepath)
	}
	if name == "" {
		return nil, denied("a folder cannot be written; upload into library/NAME")
	}
	if err := t.take(); err != nil {
		return nil, err
	}
	u, err := t.svc.BeginUpload(t.who, folder, name)
	if err != nil {
		t.give()
		return nil, t.fail("upload", err)
	}
	return &upload{u: u, tree: t}, nil
}

// upload is one file coming in over SFTP.
type upload struct {
	u    *domain.Upload
	tree *fileTree

	mu     sync.Mutex
	broken error // the transfer failed (a dropped connection)
	closed bool
}

func (w *upload) WriteAt(p []byte, off int64) (int, error) {
	n, err := w.u.WriteAt(p, off)
	if err != nil {
		return n, w.tree.fail("write", err)
	}
	return n, nil
}

// TransferError: the session ended with the file still open; nothing is kept.
func (w *upload) TransferError(err error) {
	w.mu.Lock()
	w.broken = err
	w.mu.Unlock()
	w.u.Abort()
}

// Close stores the file, or says why it was not.
func (w *upload) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	broken := w.broken
	w.mu.Unlock()
	defer w.tree.give()
	if broken != nil {
		w.u.Abort()
		return &sftpError{"the upload was cut short; nothing was kept", sftp.ErrSSHFxConnectionLost}
	}
	_, err := w.u.Commit()
	return w.tree.fail("upload", err)
}

// Filecmd: rename and remove in library/; attributes are accepted and
// not kept (behalf keeps no modes or times); folders and links are not
// made.
func (t *fileTree) Filecmd(r *sftp.Request) error {
	folder, name, ok := split(r.Filepath)
	if !ok {
		return notFound(r.Filepath)
	}
	switch r.Method {
	case "Setstat":
		if name == "" {
			_, err := t.folder(folder)
			return err
		}
		_, err := t.svc.FileAt(t.who, folder, name)
		return t.fail("setstat", err)
	case "Rename", "PosixRename":
		return t.rename(folder, name, r.Target)
	case "Remove":
		if name == "" {
			return denied("folders cannot be removed")
		}
		return t.remove(folder, name)
	case "Mkdir", "Rmdir":
		return denied("folders cannot be made or removed here; the folders are library/, team/ and shared/")
	case "Link", "Symlink":
		return denied("links cannot be made here")
	}
	return sftp.ErrSSHFxOpUnsupported
}

func (t *fileTree) rename(folder, name, target string) error {
	tf, tn, ok := split(target)
	if !ok || name == "" || tn == "" {
		return denied("only files are renamed, inside library/")
	}
	if folder != domain.FolderLibrary || tf != domain.FolderLibrary {
		return denied("files are renamed inside library/ only; team/ and shared/ are read-only")
	}
	id, err := t.svc.FileAtID(t.who, folder, name)
	if err != nil {
		return t.fail("rename", err)
	}
	_, err = t.svc.RenameFile(t.who, id, tn)
	return t.fail("rename", err)
}

func (t *fileTree) remove(folder, name string) error {
	if folder != domain.FolderLibrary {
		if _, err := t.folder(folder); err != nil {
			return err
		}
		return denied(folder + "/ is read-only; files are removed from library/")
	}
	id, err := t.svc.FileAtID(t.who, folder, name)
	if err != nil {
		return t.fail("remove", err)
	}
	err = t.svc.DeleteFile(t.who, id, "")
	if errors.Is(err, domain.ErrFileShared) {
		return &sftpError{sanitize.Line(name) + " is shared with clients; delete it with `library delete " + id.String() + "` or in the Library screen, which asks first", sftp.ErrSSHFxPermissionDenied}
	}
	return t.fail("remove", err)
}

// folder lists one folder, or the root's folders.
func (t *fileTree) folder(folder string) ([]os.FileInfo, error) {
	if folder == "" {
		names, err := t.svc.FileFolders(t.who)
		if err != nil {
			return nil, t.fail("list", err)
		}
		out := make([]os.FileInfo, len(names))
		for i, n := range names {
			out[i] = dirInfo(n)
		}
		return out, nil
	}
	files, err := t.svc.Folder(t.who, folder)
	if err != nil {
		return nil, t.fail("list", err)
	}
	out := make([]os.FileInfo, len(files))
	for i, f := range files {
		out[i] = fileInfo{f: f.File, writable: folder == domain.FolderLibrary}
	}
	return out, nil
}

// Filelist lists a folder or states one path.
func (t *fileTree) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	folder, name, ok := split(r.Filepath)
	if !ok {
		return nil, notFound(r.Filepath)
	}
	switch r.Method {
	case "List":
		if name != "" {
			fv, err := t.svc.FileAt(t.who, folder, name)
			if err != nil {
				return nil, t.fail("list", err)
			}
			return lister{fileInfo{f: fv.File, writable: folder == domain.FolderLibrary}}, nil
		}
		infos, err := t.folder(folder)
		return lister(infos), err
	case "Stat", "Lstat":
		if folder == "" {
			return lister{dirInfo("/")}, nil
		}
		if name == "" {
			if _, err := t.folder(folder); err != nil {
				return nil, err
			}
			return lister{dirInfo(folder)}, nil
		}
		fv, err := t.svc.FileAt(t.who, folder, name)
		if err != nil {
			return nil, t.fail("stat", err)
		}
		return lister{fileInfo{f: fv.File, writable: folder == domain.FolderLibrary}}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

type lister []os.FileInfo

func (l lister) ListAt(out []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[off:])
	if n < len(out) {
		return n, io.EOF
	}
	return n, nil
}

// fileInfo is a library file as SFTP lists it.
type fileInfo struct {
	f        domain.LibraryFile
	writable bool
}

func (i fileInfo) Name() string { return i.f.Name }
func (i fileInfo) Size() int64  { return i.f.Size }
func (i fileInfo) Mode() fs.FileMode {
	if i.writable {
		return 0o644
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return i.f.At }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

// dirInfo is a folder of the tree.
type dirInfo string

func (d dirInfo) Name() string       { return string(d) }
func (d dirInfo) Size() int64        { return 0 }
func (d dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (d dirInfo) ModTime() time.Time { return time.Time{} }
func (d dirInfo) IsDir() bool        { return true }
func (d dirInfo) Sys() any           { return nil }
