// Package sshserver is behalf's SSH face: public-key sign-in, one Bubble Tea
// program per terminal session, one cli command per exec session, and the
// guards a shared server needs (panic recovery, logs, timeouts, limits).
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// Defaults for the zero values of Config.
const (
	DefaultIdleTimeout          = 30 * time.Minute
	DefaultAuthTimeout          = 30 * time.Second
	DefaultCodeTimeout          = 2 * time.Minute
	DefaultMaxSessionsPerPerson = 10
	DefaultShutdownGrace        = 10 * time.Second

	DefaultMaxSessions            = 1000 // open at once on the whole server
	DefaultMaxSessionsPerAddr     = 100  // open at once per client address
	DefaultMaxUnregistered        = 50   // sessions of unregistered keys, whole server
	DefaultMaxUnregisteredPerAddr = 5    // sessions of unregistered keys, per address
	DefaultUnregisteredTimeout    = 2 * time.Minute
)

// Config describes one server. Service and HostKeyPath are required.
type Config struct {
	Addr        string // where ListenAndServe listens, e.g. 127.0.0.1:23234
	HostKeyPath string // ed25519 host key, made on first start (mode 0600)
	Service     *domain.Service
	Log         *slog.Logger // nil: discard

	// IdleTimeout ends a session without input from the person for this
	// long (a command also counts its output as activity).
	IdleTimeout time.Duration
	// AuthTimeout bounds the time from TCP accept to a signed-in connection.
	AuthTimeout time.Duration
	// CodeTimeout bounds the time from a good key to the second factor's
	// code, for people who have one.
	CodeTimeout time.Duration
	// MaxSessionsPerPerson bounds the open sessions of one person (or of
	// one unregistered key).
	MaxSessionsPerPerson int
	// MaxSessions and MaxSessionsPerAddr bound the sessions open at once on
	// the whole server and per client address (IPv4 address or IPv6 /64;
	// loopback only with ConnLimitLoopback). MaxUnregistered and
	// MaxUnregisteredPerAddr bound those of keys nobody registered, which
	// last at most UnregisteredTimeout (the connection too). Zero means the
	// default; a negative limit is off.
	MaxSessions            int
	MaxSessionsPerAddr     int
	MaxUnregistered        int
	MaxUnregisteredPerAddr int
	UnregisteredTimeout    time.Duration
	// ShutdownGrace is how long Shutdown lets running commands finish.
	ShutdownGrace time.Duration
	// ConnRate and ConnBurst limit new connections per client address (a
	// token bucket, limits.go): ConnBurst at once, then ConnRate a second.
	// ConnMax bounds the connections one address holds open at once.
	// Zero means the default; a negative ConnRate or ConnMax turns that
	// limit off. Loopback addresses are not limited unless
	// ConnLimitLoopback is set.
	ConnRate          float64
	ConnBurst         int
	ConnMax           int
	ConnLimitLoopback bool

	// TUI builds the screen model for a terminal session. Nil: terminal
	// sessions are told to run a command instead.
	TUI func(TUISession) tea.Model
}

// TUISession is what a terminal session hands the screens. Its fields match
// tui.Session so cmd/behalf can convert one into the other.
type TUISession struct {
	// Ctx ends with the session (sign-out, idle timeout, server shutdown):
	// every blocking tea.Cmd must give up when it does.
	Ctx context.Context
	// Person is who the verified key belongs to; 0 for a key that belongs to
	// nobody, which may only redeem an invitation (R2).
	Person domain.ID
	Key    domain.SSHKey // the key that signed this connection
	Addr   string        // the client's IP address
	// Renderer is this session's own: styles must be built from it, never
	// from lipgloss's global renderer (that one belongs to the server's stdout).
	Renderer      *lipgloss.Renderer
	Width, Height int // the terminal's size at the start
	// Background gets true for a dark terminal background, false for a
	// light one, if the terminal answers the server's question; nothing
	// comes otherwise. The renderer starts out assuming dark.
	Background <-chan bool
}

// Server is a running (or ready) behalf SSH server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	ssh     *ssh.Server
	hostKey gossh.PublicKey
	handler handler
	// commands is what the cli defines, for naming commands in logs.
	commands map[string]bool

	mu        sync.Mutex
	closing   bool
	listeners []net.Listener
	live      map[*session]struct{} // open sessions, so Shutdown can reach them
	sessions  sync.WaitGroup        // handlers still running

	connLimit    *connLimiter // nil: no per-address limit
	sessionsOpen gauge        // open sessions by sessionCaps' keys
}

// New checks cfg, loads or makes the host key, and prepares the server.
func New(cfg Config) (*Server, error) {
	if cfg.Service == nil {
		return nil, errors.New("sshserver: Config.Service is required")
	}
	if cfg.HostKeyPath == "" {
		return nil, errors.New("sshserver: Config.HostKeyPath is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.AuthTimeout <= 0 {
		cfg.AuthTimeout = DefaultAuthTimeout
	}
	if cfg.CodeTimeout <= 0 {
		cfg.CodeTimeout = DefaultCodeTimeout
	}
	if cfg.MaxSessionsPerPerson <= 0 {
		cfg.MaxSessionsPerPerson = DefaultMaxSessionsPerPerson
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.ConnRate == 0 {
		cfg.ConnRate = DefaultConnRate
	}
	if cfg.ConnBurst <= 0 {
		cfg.ConnBurst = DefaultConnBurst
	}
	if cfg.ConnMax == 0 {
		cfg.ConnMax = DefaultConnMax
	}
	orDefault(&cfg.MaxSessions, DefaultMaxSessions)
	orDefault(&cfg.MaxSessionsPerAddr, DefaultMaxSessionsPerAddr)
	orDefault(&cfg.MaxUnregistered, DefaultMaxUnregistered)
	orDefault(&cfg.MaxUnregisteredPerAddr, DefaultMaxUnregisteredPerAddr)
	if cfg.UnregisteredTimeout <= 0 {
		cfg.UnregisteredTimeout = DefaultUnregisteredTimeout
	}
	signer, err := loadOrCreateHostKey(cfg.HostKeyPath, cfg.Log)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: cfg.Log, hostKey: signer.PublicKey(),
		live:     map[*session]struct{}{},
		commands: knownCommands(),
	}
	if cfg.ConnRate > 0 || cfg.ConnMax > 0 {
		s.connLimit = newConnLimiter(cfg.ConnRate, cfg.ConnBurst, cfg.ConnMax, cfg.ConnLimitLoopback)
	}
	// Outermost first. recoverPanics twice: inside, so a panicking screen or
	// command still gets its "session end" log line with exit 1; outside, as
	// the backstop for the layers themselves.
	s.handler = chain(s.app, s.recoverPanics, s.identify, s.logSessions, s.limitSessions, s.shortLife, s.idleTimeout, s.recoverPanics)
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithVersion("behalf"),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		// Public keys only: with no password or keyboard-interactive
		// handler, x/crypto refuses those methods outright (R2); a
		// second factor is asked only after a key (auth.go).
		wish.WithPublicKeyAuth(acceptKey),
		// A backstop for connections with no traffic at all (no session
		// opened, or a client gone silent); the session watchdog below
		// fires first and tells the person why.
		wish.WithIdleTimeout(cfg.IdleTimeout+idleGrace(cfg.IdleTimeout)),
	)
	if err != nil {
		return nil, err
	}
	srv.ConnCallback = s.limitConns(s.onConn)
	srv.ServerConfigCallback = s.serverConfig
	srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Debug("ssh connection failed", "addr", c.RemoteAddr().String(), "err", err)
	}
	srv.Handler = s.handle
	// Files travel by SFTP through the same sign-in and guards (sftp.go).
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{"sftp": s.handle}
	s.ssh = srv
	return s, nil
}

// HostKey is the server's public host key (for known_hosts files and logs).
func (s *Server) HostKey() gossh.PublicKey { return s.hostKey }

// ListenAndServe listens on Config.Addr and serves until Shutdown or Close;
// then it returns nil.
func (s *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// Serve serves connections from ln until Shutdown or Close; then it
// returns nil.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.listeners = append(s.listeners, ln)
	s.mu.Unlock()
	s.log.Info("ssh server listening", "addr", ln.Addr().String(),
		"host_key", gossh.FingerprintSHA256(s.hostKey))
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) || s.isClosing() {
		return nil // Shutdown closed the listener under Serve
	}
	return err
}

// Shutdown stops accepting connections and sessions, ends terminal
// sessions with a notice, lets running commands finish for up to
// ShutdownGrace (or until ctx ends), then closes every connection. It
// returns ctx's error if sessions had to be cut short.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for _, ln := range s.listeners {
		_ = ln.Close()
	}
	s.listeners = nil
	for ss := range s.live {
		if ss.tui {
			// A person at a screen will not finish within the grace period;
			// tell them now rather than freeze and drop them later.
			ss.cancel(errShutdown)
		}
	}
	s.mu.Unlock()

	ctx, cancel := context.WithTimeout(ctx, s.cfg.ShutdownGrace)
	defer cancel()
	var err error
	if !s.waitSessions(ctx) {
		err = ctx.Err()
		s.log.Warn("sessions still open after the grace period; closing them", "err", err)
	}
	// Sessions are over (or out of time): close every connection, idle
	// ones included, rather than wait for clients to hang up.
	_ = s.ssh.Close()
	// Handlers end promptly once their connections are closed; wait for
	// them so no command touches the database after the caller closes it.
	after, cancelAfter := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancelAfter()
	if !s.waitSessions(after) {
		s.log.Warn("some sessions did not end after their connections closed")
	}
	return err
}

// waitSessions waits for every session handler to return, or for ctx.
func (s *Server) waitSessions(ctx context.Context) bool {
	done := make(chan struct{})
	go func() { s.sessions.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closing = true
	s.listeners = nil
	s.mu.Unlock()
	return s.ssh.Close()
}

// idleGrace is how much longer the connection-level backstop waits than the
// session watchdog, so the person gets the notice before the socket closes.
func idleGrace(idle time.Duration) time.Duration {
	return min(max(idle/10, time.Second), time.Minute)
}

// orDefault sets a limit left at zero to its default (a negative one is off).
func orDefault(limit *int, def int) {
	if *limit == 0 {
		*limit = def
	}
}

// errShutdown, errIdle and errUnregistered say why a session's context ended.
var (
	errShutdown     = errors.New("the server is shutting down")
	errIdle         = errors.New("idle timeout")
	errUnregistered = errors.New("an unregistered key's time is up")
	errPanic        = errors.New("panic in session")
)

// humanDuration prints 30m0s as "30 minutes" for notices.
func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int(d/time.Minute), "minute")
	case d >= time.Second && d%time.Second == 0:
		return plural(int(d/time.Second), "second")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
