package tui

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/charmbracelet/x/vt"

	demoorg "behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
)

// demo is the demo organisation in a real bbolt file in a temp dir.
type demo struct {
	t   *testing.T
	svc *domain.Service
	ids map[string]domain.ID
}

// wait bounds every wait for the screen: generous, since it only costs
// time when something is broken.
const wait = 15 * time.Second

// fixedClock is the moment most tests run at.
func fixedClock() time.Time { return time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) }

func newDemo(t *testing.T, now func() time.Time) *demo {
	t.Helper()
	if now == nil {
		now = fixedClock
	}
	return newDemoWith(t, domain.Options{Now: now})
}

// newDemoWith is newDemo on a service with opt (opt.Now must be set).
func newDemoWith(t *testing.T, opt domain.Options) *demo {
	t.Helper()
	keys := map[string]domain.SSHKey{}
	for _, p := range demoorg.People {
		keys[p.Handle] = testKey(p.Handle)
	}
	db, svc := fixture.Demo(t, filepath.Join(t.TempDir(), "behalf.db"), keys, opt)
	d := &demo{t: t, svc: svc, ids: map[string]domain.ID{}}
	for _, p := range demoorg.People {
		who, err := svc.Identify(testKey(p.Handle).Fingerprint)
		if err != nil {
			t.Fatalf("identify %s: %v", p.Handle, err)
		}
		d.ids[p.Handle] = who.ID
	}
	// Every test ends with the store's and the domain's checks (registered
	// after the close, so they run before it).
	t.Cleanup(func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return d
}

func testKey(name string) domain.SSHKey {
	return domain.SSHKey{Fingerprint: "SHA256:" + name, Line: "ssh-ed25519 " + name}
}

// as names a demo person acting in a workspace.
func (d *demo) as(handle, ws string) domain.Who {
	id, ok := d.ids[handle]
	if !ok {
		d.t.Fatalf("no demo person %q", handle)
	}
	return domain.Who{Person: id, Workspace: ws}
}

// session is a Session for a demo person ("" for a key nobody owns) at
// 80×24, with a context that ends when the test does.
func (d *demo) session(handle string) Session {
	ctx, cancel := context.WithCancel(context.Background())
	d.t.Cleanup(cancel)
	return d.sessionIn(ctx, handle)
}

// sessionIn is handle's session, ended when ctx is.
func (d *demo) sessionIn(ctx context.Context, handle string) Session {
	s := Session{Ctx: ctx, Key: testKey("new-" + handle), Addr: "127.0.0.1:5555", Width: 80, Height: 24,
		Renderer: lipgloss.NewRenderer(io.Discard)}
	if handle != "" {
		s.Person = d.ids[handle]
		s.Key = testKey(handle)
	}
	return s
}

// model is the root model for handle, driven directly (no program).
func (d *demo) model(handle string) *root {
	return New(d.svc, d.session(handle)).(*root)
}

// term runs a model in a real Bubble Tea program (teatest) and renders its
// output with a terminal emulator, so tests read the screen a person sees.
type term struct {
	t   *testing.T
	tm  *teatest.TestModel
	emu *vt.Emulator
}

func (d *demo) open(handle string) *term {
	return openModel(d.t, New(d.svc, d.session(handle)))
}

func openModel(t *testing.T, m tea.Model) *term {
	t.Helper()
	emu := vt.NewEmulator(80, 24)
	// The emulator answers some queries on its input pipe; drain it so an
	// answer can never block. Closing the pipe (not the emulator, whose
	// Close races with Read) ends the drain.
	go io.Copy(io.Discard, emu)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	x := &term{t: t, tm: tm, emu: emu}
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(wait))
		if c, ok := emu.InputPipe().(io.Closer); ok {
			c.Close()
		}
	})
	return x
}

// finished waits (with a deadline, like every wait) until the program
// has ended, and fails the test if it does not.
func (x *term) finished() {
	x.t.Helper()
	x.tm.WaitFinished(x.t, teatest.WithFinalTimeout(wait))
}

// screen is what the emulated terminal shows now.
func (x *term) screen() string { return x.emu.String() }

// lines are the screen's lines.
func (x *term) lines() []string { return strings.Split(x.screen(), "\n") }

// waitFor waits (up to d) until cond holds for the screen, and the output
// has been quiet since the last look: a frame can arrive in more than one
// write, and a half-drawn screen must not count.
func (x *term) waitFor(d time.Duration, what string, cond func(screen string) bool) {
	x.t.Helper()
	fed, seen := 0, -1
	defer func() {
		if x.t.Failed() {
			x.t.Logf("waiting for %s; the screen is:\n%s", what, x.screen())
		}
	}()
	teatest.WaitFor(x.t, x.tm.Output(), func(b []byte) bool {
		x.emu.Write(b[fed:])
		fed = len(b)
		quiet := fed == seen
		seen = fed
		return quiet && cond(x.screen())
	}, teatest.WithDuration(d), teatest.WithCheckInterval(10*time.Millisecond))
}

// waitText waits until the screen shows every one of texts.
func (x *term) waitText(texts ...string) {
	x.t.Helper()
	x.waitFor(wait, strings.Join(texts, " + "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

func (x *term) typ(s string) {
	for _, r := range s {
		x.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (x *term) press(k tea.KeyType) { x.tm.Send(tea.KeyMsg{Type: k}) }

// header is the screen's first line.
func (x *term) header() string { return x.lines()[0] }

// final quits and returns the final model's view.
func (x *term) final() string {
	x.t.Helper()
	x.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	return x.tm.FinalModel(x.t, teatest.WithFinalTimeout(wait)).View()
}

// checkFits fails if view is not exactly h lines of at most w cells.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, lw, w, l)
		}
	}
}

func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
