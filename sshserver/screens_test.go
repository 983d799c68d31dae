package sshserver_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"behalf/sshserver"
)

// The first screen appears without a key press (the background-colour
// query trap of wish's emulated PTY), and q leaves with exit 0.
func TestFirstScreenAppearsWithoutKeyPress(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	tm := ts.openTerminal(t, ts.keys["olivia"])
	tm.waitFor(fmt.Sprintf("test screen: person=%d", ts.ids["olivia"]))
	s := ts.lastSession(t)
	if s.Width != 80 || s.Height != 24 || s.Renderer == nil || s.Ctx == nil || s.Addr != "127.0.0.1" {
		t.Fatalf("the screens were given %+v", s)
	}
	// Window changes reach the screens as WindowSizeMsgs.
	tm.waitFor("size=80x24")
	if err := tm.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("size=100x30")
	if _, err := tm.stdin.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	select {
	case <-s.Ctx.Done():
	case <-time.After(deadline):
		t.Fatal("the session's context did not end with the session")
	}
}

// Client env requests change nothing: the renderer's colours follow the
// pty's TERM only, whatever COLORTERM or TERM the client sends as env.
func TestEnvRequestsAreIgnored(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	sess, err := ts.client(t, ts.keys["olivia"]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	out := &syncBuffer{}
	sess.Stdout = out
	_ = sess.Setenv("COLORTERM", "truecolor") // the server may accept these; it never reads them
	_ = sess.Setenv("TERM", "dumb")
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	tm := &terminal{t: t, sess: sess, out: out}
	tm.waitFor("test screen")
	if p := ts.lastSession(t).Renderer.ColorProfile(); p != termenv.ANSI256 {
		t.Fatalf("colour profile %v, want ANSI256 from TERM=xterm-256color", p)
	}
}

// panicky is a screen that panics where told to.
type panicky struct{ in string }

func (m panicky) Init() tea.Cmd {
	if m.in == "init" {
		panic("boom in Init")
	}
	if m.in == "cmd" {
		return func() tea.Msg { panic("boom in a command") }
	}
	return nil
}

func (m panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok && m.in == "update" {
		panic("boom in Update")
	}
	return m, nil
}

func (m panicky) View() string {
	if m.in == "view" {
		panic("boom in View")
	}
	return "panicky screen ready\n"
}

// A panic in one session ends that session with exit 70 (internal error)
// and a log entry;
// the server and everyone else carry on.
func TestPanicInSessionDoesNotKillServer(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"constructor", "init", "cmd", "update", "view"} {
		t.Run(where, func(t *testing.T) {
			t.Parallel()
			var ts *testServer
			ts = startServer(t, func(c *sshserver.Config) {
				c.TUI = func(s sshserver.TUISession) tea.Model {
					if s.Person != ts.ids["olivia"] {
						return ts.screen(s) // everyone else is fine
					}
					if where == "constructor" {
						panic("boom in the constructor")
					}
					return panicky{in: where}
				}
			})
			bystander := ts.openTerminal(t, ts.keys["rob"])
			bystander.waitFor("test screen")
			tm := ts.openTerminal(t, ts.keys["olivia"])
			if where == "update" {
				tm.waitFor("panicky screen ready")
				if _, err := tm.stdin.Write([]byte("x")); err != nil {
					t.Fatal(err)
				}
			}
			if code := tm.wait(); code != 70 {
				t.Fatalf("exit %d, want 70; screen:\n%q", code, tm.out.String())
			}
			if !strings.Contains(tm.out.String(), "something went wrong") {
				t.Fatalf("no notice; screen:\n%q", tm.out.String())
			}
			if !strings.Contains(ts.logs.String(), "boom in") {
				t.Fatalf("the panic is not logged:\n%s", ts.logs.String())
			}
			// The server still serves, and the other session is untouched.
			if _, errs, code := ts.run(t, ts.keys["mira"], "help"); code != 0 {
				t.Fatalf("after the panic: exit %d: %s", code, errs)
			}
			select {
			case err := <-bystander.ended:
				t.Fatalf("the other session ended: %v", err)
			default:
			}
		})
	}
}

// An idle terminal session is signed out, with a notice.
func TestIdleTimeoutEndsSession(t *testing.T) {
	t.Parallel()
	ts := startServer(t, func(c *sshserver.Config) { c.IdleTimeout = 300 * time.Millisecond })
	tm := ts.openTerminal(t, ts.keys["olivia"])
	tm.waitFor("test screen")
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(tm.out.String(), "without input") {
		t.Fatalf("no idle notice; screen:\n%q", tm.out.String())
	}
	if !strings.Contains(ts.logs.String(), "reason=idle") {
		t.Fatalf("the log does not say why:\n%s", ts.logs.String())
	}
}

// Shutdown tells people at a screen, stops accepting, and returns.
func TestShutdownEndsScreensAndStopsAccepting(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	tm := ts.openTerminal(t, ts.keys["olivia"])
	tm.waitFor("test screen")
	if err := ts.srv.Shutdown(t.Context()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if code := tm.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(tm.out.String(), "restarting") {
		t.Fatalf("no notice; screen:\n%q", tm.out.String())
	}
	if c, err := ts.dial(ts.clientConfig(gossh.PublicKeys(ts.keys["olivia"]))); err == nil {
		c.Close()
		t.Fatal("a new connection was accepted after shutdown")
	}
}
