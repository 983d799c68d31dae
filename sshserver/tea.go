package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"behalf/cli"
	"behalf/sanitize"
)

// runTUI runs the screens as one Bubble Tea program for this session.
func (s *Server) runTUI(ss *session) int {
	if s.cfg.TUI == nil {
		ss.notice("the portal screens are not available on this server; run a command instead, such as `whoami`.")
		return 2
	}
	pty, winch, _ := ss.Pty()
	w, h := clampSize(pty.Window.Width, pty.Window.Height)
	g := &guard{cancel: ss.cancel}
	// Ask the terminal for its background, without waiting (background.go).
	var input io.Reader = ss
	var background chan bool
	if pty.Term != "" && pty.Term != "dumb" {
		background = make(chan bool, 1)
		input = newBackgroundFilter(ss, background, time.Now())
		_, _ = io.WriteString(ss, backgroundQuery)
	}
	model := s.cfg.TUI(TUISession{
		Ctx: ss.ctx, Person: ss.person.ID, Key: ss.key, Addr: ss.addr,
		Renderer: newRenderer(ss, pty.Term), Width: w, Height: h, Background: background,
	})
	if model == nil {
		return cli.ExitInternal
	}
	g.inner = model
	// Stored text is cleaned where screens draw it; the filter drops
	// whatever control strings (OSC 52, DCS…), C1 controls and bidi
	// overrides a screen might still let through.
	out := sanitize.Terminal(ss)
	// Frames are drawn when they change, not from a 60 fps ticker per
	// session (render.go): the guard hands each view to g.frames.
	g.frames = newFrames(sanitize.Terminal(rawOutput(ss)), w, h)
	defer g.frames.close()
	p := tea.NewProgram(g,
		tea.WithContext(ss.ctx), // idle, shutdown, hang-up: the program ends
		tea.WithInput(input),
		tea.WithOutput(out),
		tea.WithoutRenderer(),
		// A server program must not catch the server's own SIGINT/SIGTERM;
		// ctrl+c arrives as a key.
		tea.WithoutSignalHandler(),
		// Only TERM, from the pty request: never the client's env requests,
		// never the server's own environment.
		tea.WithEnvironment([]string{"TERM=" + pty.Term}),
	)
	go forwardWindowSizes(p, winch)
	_, err := p.Run()
	g.frames.close() // the main screen back before any notice

	if v, stack, ok := g.panicked(); ok {
		ss.ended = "panic"
		ss.log.Error("screen panicked", "panic", fmt.Sprint(v), "stack", string(stack))
		ss.notice("something went wrong inside behalf; the problem is logged — try again, or tell the organisation's admin.")
		return cli.ExitInternal
	}
	switch cause := context.Cause(ss.ctx); {
	case errors.Is(cause, errIdle):
		ss.notice("signed out after %s without input.", humanDuration(s.cfg.IdleTimeout))
		return 0
	case errors.Is(cause, errShutdown):
		ss.notice("behalf is restarting; sign in again in a minute.")
		return 0
	case errors.Is(cause, errUnregistered):
		ss.notice("%s", unregisteredNotice(s.cfg.UnregisteredTimeout))
		return 0
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		ss.log.Error("screen ended with an error", "err", err)
		return cli.ExitInternal
	}
	return 0
}

// forwardWindowSizes turns the client's window-change requests into
// WindowSizeMsgs; over SSH tea cannot ask the terminal itself. The first
// size (from the pty request) is already waiting in winch. It reads until
// winch closes (with the channel): charmbracelet/ssh blocks the session's
// request loop on an unread window change. Send returns at once once the
// program has ended.
func forwardWindowSizes(p *tea.Program, winch <-chan ssh.Window) {
	for win := range winch {
		w, h := clampSize(win.Width, win.Height)
		p.Send(tea.WindowSizeMsg{Width: w, Height: h})
	}
}

// clampSize guards the screens against clients that report 0×0 or absurd
// sizes.
func clampSize(w, h int) (int, int) {
	if w <= 0 || h <= 0 {
		return 80, 24
	}
	return min(w, 1000), min(h, 500)
}

// newRenderer is the session's own lipgloss renderer. It is what
// bubbletea.MakeRenderer(sess) builds, minus two things: it does not ask the
// terminal for its background colour (wish's emulated PTY reads the answer
// from the session's input, so a client that never answers leaves the first
// screen blank until a key is pressed), and it reads TERM from the pty
// request only, never the client's env requests.
func newRenderer(w io.Writer, term string) *lipgloss.Renderer {
	var r *lipgloss.Renderer
	if term == "" || term == "dumb" {
		r = lipgloss.NewRenderer(w, termenv.WithProfile(termenv.Ascii))
	} else {
		r = lipgloss.NewRenderer(w,
			termenv.WithEnvironment(termEnviron{"TERM=" + term}),
			termenv.WithUnsafe(), // the session is a terminal, though not an *os.File
			termenv.WithColorCache(true),
		)
	}
	// Dark is the common case; setting it explicitly also keeps lipgloss
	// from querying the terminal later.
	r.SetHasDarkBackground(true)
	return r
}

// termEnviron is the environment termenv sees: TERM and nothing else.
type termEnviron []string

func (e termEnviron) Environ() []string { return e }

func (e termEnviron) Getenv(k string) string {
	for _, kv := range e {
		if len(kv) > len(k) && kv[:len(k)] == k && kv[len(k)] == '=' {
			return kv[len(k)+1:]
		}
	}
	return ""
}

// guard wraps the screens' model so that a panic in Init, Update, View or a
// command ends this session only, with a log entry — instead of bubbletea's
// own recovery, which prints to the server's stdout.
type guard struct {
	inner  tea.Model
	cancel context.CancelCauseFunc
	frames *frames // draws each view; nil: tea's own renderer does

	once  sync.Once
	value any
	stack []byte
	mu    sync.Mutex
}

func (g *guard) recordPanic(v any) {
	g.once.Do(func() {
		g.mu.Lock()
		g.value, g.stack = v, debug.Stack()
		g.mu.Unlock()
		g.cancel(errPanic) // ends the program even when View panicked
	})
}

func (g *guard) panicked() (any, []byte, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.value, g.stack, g.stack != nil
}

func (g *guard) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.recordPanic(r)
			cmd = tea.Quit
		}
	}()
	return g.wrap(g.inner.Init())
}

func (g *guard) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok && g.frames != nil {
		g.frames.resize(ws.Width, ws.Height)
	}
	defer func() {
		if r := recover(); r != nil {
			g.recordPanic(r)
			m, cmd = g, tea.Quit
		}
	}()
	inner, cmd := g.inner.Update(msg)
	g.inner = inner
	return g, g.wrap(cmd)
}

func (g *guard) View() string {
	v := g.view()
	if g.frames != nil {
		g.frames.draw(v)
	}
	return v
}

func (g *guard) view() (v string) {
	defer func() {
		if r := recover(); r != nil {
			g.recordPanic(r)
			v = ""
		}
	}()
	return g.inner.View()
}

// wrap recovers panics inside a command, which bubbletea runs on its own
// goroutine; batches are wrapped one level at a time as they unfold.
func (g *guard) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				g.recordPanic(r)
				msg = nil
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			wrapped := make(tea.BatchMsg, len(batch))
			for i, c := range batch {
				wrapped[i] = g.wrap(c)
			}
			msg = wrapped
		}
		return msg
	}
}

// rawOutput is where a session's frames are written: the SSH channel
// itself. charmbracelet/ssh's emulated PTY turns every \n of a write into
// \r\n, copying the whole write twice to do so (a fifth of what a
// keystroke allocated, with 1,000 sessions typing); frames end their lines
// with \r\n already, so they need none of it. The channel is the session's
// embedded, exported Channel field, which its API does not hand out; where
// it is not found (another version of the library), the session's own
// Write is used, as before.
func rawOutput(ss *session) io.Writer {
	v := reflect.ValueOf(ss.Session)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("Channel"); f.IsValid() && f.CanInterface() {
			if ch, ok := f.Interface().(gossh.Channel); ok && ch != nil {
				rawFrames.Add(1)
				return ch
			}
		}
	}
	return ss
}

// rawFrames counts the sessions whose frames went to the channel itself
// (a test checks that it happens).
var rawFrames atomic.Int64
