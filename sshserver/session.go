package sshserver

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"

	"behalf/cli"
	"behalf/domain"
)

// session is one SSH session on its way through the middlewares. Everything
// about who is signed in lives here, per session — never in the connection's
// ssh.Context, which several sessions share and auth callbacks write to.
type session struct {
	ssh.Session // Read, Write and Stderr are wrapped to record activity

	ctx    context.Context // ends with the session, on idle timeout, or on shutdown
	cancel context.CancelCauseFunc
	act    *activity
	start  time.Time
	addr   string // the client's IP address, without the port
	tui    bool   // a terminal session running the screens
	sftp   bool   // the sftp subsystem (sftp.go)
	// args is the command line split into words (nil for the screens), or
	// argsErr why it could not be: too long, or an unclosed quote.
	args    []string
	argsErr error

	person domain.Person // zero Person for a key that belongs to nobody
	key    domain.SSHKey
	log    *slog.Logger // carries who and from where once known
	// ended says how it ended when the handler knows better than the
	// context's cause ("panic", "limit"); written by the handler goroutine only.
	ended string
}

func (ss *session) known() bool { return ss.person.ID != 0 }

// who names the person for logs and notices.
func (ss *session) who() string {
	if ss.known() {
		return ss.person.Handle
	}
	return "unknown key"
}

func (ss *session) Read(p []byte) (int, error) {
	n, err := ss.Session.Read(p)
	if n > 0 {
		ss.act.touch()
	}
	return n, err
}

func (ss *session) Write(p []byte) (int, error) {
	n, err := ss.Session.Write(p)
	if n > 0 && ss.act.countOutput.Load() {
		ss.act.touch()
	}
	return n, err
}

func (ss *session) Stderr() io.ReadWriter {
	return activityRW{ss.Session.Stderr(), ss.act}
}

// notice writes one line for the person on stderr (which the emulated PTY
// turns into \r\n for terminals).
func (ss *session) notice(format string, a ...any) {
	_, _ = fmt.Fprintf(ss.Stderr(), format+"\n", a...)
}

// handle is the ssh.Handler: it wraps the raw session and runs the chain.
func (s *Server) handle(raw ssh.Session) {
	ss := &session{
		Session: raw,
		act:     newActivity(),
		start:   time.Now(),
		addr:    hostOf(raw.RemoteAddr()),
		log:     s.log,
	}
	_, _, hasPty := raw.Pty()
	// The raw command, not its split: a command that fails to split (an
	// unclosed quote) is still a command, not a request for the screens.
	ss.sftp = raw.Subsystem() == "sftp"
	ss.tui = hasPty && strings.TrimSpace(raw.RawCommand()) == "" && !ss.sftp
	if !ss.tui && !ss.sftp {
		ss.args, ss.argsErr = cli.Split(raw.RawCommand())
	}
	// On a screen only the person's input counts as activity: a screen that
	// redraws itself must not keep an abandoned session open.
	ss.act.countOutput.Store(!ss.tui)
	ss.ctx, ss.cancel = context.WithCancelCause(raw.Context())
	if !s.register(ss) {
		ss.notice("behalf is shutting down; sign in again in a minute.")
		_ = raw.Exit(1)
		ss.cancel(errShutdown)
		return
	}
	defer s.unregister(ss)
	code := s.handler(ss)
	ss.cancel(nil)
	_ = raw.Exit(code)
}

func (s *Server) register(ss *session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.live[ss] = struct{}{}
	s.sessions.Add(1)
	return true
}

func (s *Server) unregister(ss *session) {
	s.mu.Lock()
	delete(s.live, ss)
	s.mu.Unlock()
	s.sessions.Done()
}

// hostOf drops the port: rate limits count per address, and a new
// connection gets a new port every time.
func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// activity is when the session last saw input (and, for commands, output).
type activity struct {
	base        time.Time
	last        atomic.Int64 // nanoseconds since base (monotonic)
	countOutput atomic.Bool
}

func newActivity() *activity {
	a := &activity{base: time.Now()}
	a.countOutput.Store(true)
	return a
}

func (a *activity) touch() { a.last.Store(int64(time.Since(a.base))) }

// idleFor is how long ago the last activity was.
func (a *activity) idleFor() time.Duration {
	return time.Since(a.base) - time.Duration(a.last.Load())
}

type activityRW struct {
	io.ReadWriter
	act *activity
}

func (rw activityRW) Write(p []byte) (int, error) {
	n, err := rw.ReadWriter.Write(p)
	if n > 0 && rw.act.countOutput.Load() {
		rw.act.touch()
	}
	return n, err
}

// Command is the command line's words, split once when the session began
// (cli.Split). It shadows ssh.Session's own, which splits the line again
// at every call, in quadratic time and with no bound on its length.
func (ss *session) Command() []string { return ss.args }
