package sshserver_test

import (
	"image/color"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/sshserver"
	"behalf/tui"
)

// startScreens is a real server running the real screens (package tui)
// over the demo organisation.
func startScreens(t *testing.T) *testServer {
	t.Helper()
	var ts *testServer
	ts = startServer(t, func(c *sshserver.Config) {
		c.TUI = func(s sshserver.TUISession) tea.Model { return tui.New(ts.svc, tui.Session(s)) }
	})
	return ts
}

// vtTerm is one PTY session whose output is drawn by a terminal emulator,
// so a test reads the screen a person sees, not the byte stream.
type vtTerm struct {
	t     *testing.T
	sess  *gossh.Session
	inMu  sync.Mutex // the terminal's answers and the test's keys share stdin
	stdin io.Writer

	mu  sync.Mutex
	emu *vt.Emulator
	fed int // bytes drawn so far
}

// openVT signs handle in on a w×h PTY and draws what arrives. The
// terminal answers no question (its answers are dropped).
func (ts *testServer) openVT(t *testing.T, handle string, w, h int) *vtTerm {
	t.Helper()
	return ts.openVTWith(t, handle, w, h, nil)
}

// openVTWith is openVT on a terminal with background bg that answers
// the server's questions, as most terminals do (nil: it answers none).
func (ts *testServer) openVTWith(t *testing.T, handle string, w, h int, bg color.Color) *vtTerm {
	t.Helper()
	sess, err := ts.client(t, ts.keys[handle]).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	v := &vtTerm{t: t, sess: sess, emu: vt.NewEmulator(w, h)}
	answers := io.Discard
	if bg != nil {
		v.emu.SetDefaultBackgroundColor(bg)
		answers = lockedWriter{&v.inMu, &v.stdin}
	}
	go io.Copy(answers, v.emu)
	t.Cleanup(func() {
		if c, ok := v.emu.InputPipe().(io.Closer); ok {
			c.Close()
		}
	})
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	v.inMu.Lock()
	v.stdin, err = sess.StdinPipe()
	v.inMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			v.mu.Lock()
			_, _ = v.emu.Write(buf[:n])
			v.fed += n
			v.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return v
}

// write sends s in one write, as a fast typist's burst or a terminal's
// key sequence arrives.
func (v *vtTerm) write(s string) {
	v.t.Helper()
	v.inMu.Lock()
	_, err := io.WriteString(v.stdin, s)
	v.inMu.Unlock()
	if err != nil {
		v.t.Fatal(err)
	}
}

// lockedWriter writes to *w under mu.
type lockedWriter struct {
	mu *sync.Mutex
	w  *io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if *l.w == nil {
		return len(p), nil // the session is not open yet: nothing asked
	}
	return (*l.w).Write(p)
}

// footerFg is the colour the footer (the last row) draws word in, at its
// last occurrence; nil before it shows.
func (v *vtTerm) footerFg(word string) color.Color {
	v.mu.Lock()
	defer v.mu.Unlock()
	y := v.emu.Height() - 1
	cells := make([]string, v.emu.Width())
	for x := range cells {
		if c := v.emu.CellAt(x, y); c != nil {
			cells[x] = c.Content
		}
	}
	for x := len(cells) - len(word); x >= 0; x-- {
		if strings.Join(cells[x:x+len(word)], "") == word {
			return v.emu.CellAt(x, y).Style.Fg
		}
	}
	return nil
}

// waitScreen waits until cond holds for the screen and nothing arrived
// since the last look (a frame can come in more than one piece).
func (v *vtTerm) waitScreen(what string, cond func(screen string) bool) string {
	v.t.Helper()
	end := time.Now().Add(deadline)
	seen := -1
	for {
		v.mu.Lock()
		fed := v.fed
		s := v.emu.String()
		v.mu.Unlock()
		if fed == seen && cond(s) {
			return s
		}
		seen = fed
		if time.Now().After(end) {
			v.t.Fatalf("waiting for %s; the screen is:\n%s", what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitText waits until the screen shows every one of texts.
func (v *vtTerm) waitText(texts ...string) string {
	v.t.Helper()
	return v.waitScreen(strings.Join(texts, " + "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// cursorLine is the line the list cursor (▸) marks.
func cursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "▸") {
			return l
		}
	}
	return ""
}

// No keystroke is lost: four j's in one write move the cursor four rows,
// and "2a" in one write opens screen 2 and its add form.
func TestKeystrokeBurstOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	v := ts.openVT(t, "olivia", 80, 24)
	v.waitText("Team [owner]", "1 Home")
	v.write("5")
	s := v.waitText("Team · 5 people")
	if !strings.Contains(cursorLine(s), "Adam Alvarez") {
		t.Fatalf("the team should open on its first row:\n%s", s)
	}
	v.write("jjjj")
	v.waitScreen("the cursor four rows down, on Rob", func(s string) bool {
		return strings.Contains(cursorLine(s), "Rob Reyes")
	})
	v.write("2a")
	v.waitText("Add a client")
}

// resize changes the window, for the server and for the emulator.
func (v *vtTerm) resize(w, h int) {
	v.t.Helper()
	v.mu.Lock()
	v.emu.Resize(w, h)
	v.mu.Unlock()
	if err := v.sess.WindowChange(h, w); err != nil {
		v.t.Fatal(err)
	}
}

// lastLine is the screen's bottom line: the footer.
func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// words is s with every run of spaces and line breaks made one space, to
// find a message however it wrapped.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// The footer keeps "? help" and "q quit" on every screen of the team
// workspace, at 100 columns and at 60.
func TestFootersKeepHelpOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	v := ts.openVT(t, "olivia", 100, 24)
	prev := v.waitText("Team [owner]", "1 Home")
	for _, width := range []int{100, 60} {
		if width != 100 {
			v.resize(width, 24)
			prev = v.waitScreen("the screen at 60 columns", func(s string) bool {
				return s != prev && !strings.Contains(s, "Northwind Coaching") // the brand gives way first
			})
		}
		for tab := range 13 {
			if !strings.HasSuffix(lastLine(prev), "? help • q quit") {
				t.Errorf("at %d columns, screen %d: footer %q", width, tab+1, lastLine(prev))
			}
			v.write("\t")
			was := prev
			prev = v.waitScreen("the next screen", func(s string) bool { return s != was })
		}
	}
}

// A status line longer than the terminal is wide wraps, whole: a refusal
// at 60 columns.
func TestLongErrorWrapsOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	v := ts.openVT(t, "rob", 60, 24)
	v.waitText("Rob Reyes (rob)")
	v.write("2")
	v.waitText("Clients ·")
	v.write("a") // rob may not add clients
	const refusal = "to add a client you need manage_clients or manage_own_clients; you hold neither"
	s := v.waitScreen("the whole refusal", func(s string) bool { return strings.Contains(words(s), refusal) })
	if !strings.HasSuffix(lastLine(s), "? help • q quit") {
		t.Errorf("the footer under a long error: %q", lastLine(s))
	}
}

// A permission removed while someone is on what it opened tells them so:
// pat, on Alex's invoices, loses billing.
func TestRemovedPermissionNoticeOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	adam := domain.Who{Person: ts.ids["adam"], Workspace: "team"}
	all := domain.LinkChange{Client: "alex", Contact: "pat", Perms: "schedule,packages,payments,progress,billing"}
	if _, err := ts.svc.SetLink(adam, all); err != nil {
		t.Fatal(err)
	}
	v := ts.openVT(t, "pat", 80, 24)
	v.waitText("Choose a workspace")
	v.write("\r")
	v.waitText("Acting for Alex Johnson")
	v.write("3ll") // the file, two parts on: invoices
	v.waitText("Invoices", "due")
	less := all
	less.Perms = "schedule,packages,payments,progress"
	if _, err := ts.svc.SetLink(adam, less); err != nil {
		t.Fatal(err)
	}
	v.waitText("Your access to Alex Johnson's invoices ended")
}

// luma is how light c looks, 0 to 1 (Rec. 709).
func luma(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// The screens take their shades from the terminal's background when it
// answers the server's question, dark when it does not, and from the
// person's own setting first; the first screen never waits for an answer.
// Secondary text (the footer's descriptions) shows it: a light shade is
// darker than mid-grey, a dark one lighter.
func TestBackgroundPicksShadesOverPTY(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	jane := domain.Who{Person: ts.ids["jane"], Workspace: "me"}
	light := "light"
	if _, err := ts.svc.SetProfile(jane, domain.ProfileChange{Theme: &light}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who       string
		bg        color.Color
		wantLight bool
		why       string
	}{
		{"alex", color.White, true, "a white terminal that answers"},
		{"alex", color.Black, false, "a black terminal that answers"},
		{"casey", nil, false, "a terminal that does not answer"},
		{"jane", nil, true, "a person who chose light"},
		{"jane", color.Black, true, "a person who chose light, on a black terminal"},
	} {
		v := ts.openVTWith(t, c.who, 80, 24, c.bg)
		v.waitText("q quit")
		v.waitScreen(c.why, func(string) bool {
			fg := v.footerFg("quit")
			return fg != nil && (luma(fg) < 0.5) == c.wantLight
		})
	}
}

// Frames go to the SSH channel as they are, past the emulated PTY's
// line-ending filter, and still draw right: lines that did not change are
// stepped over with \r\n, so the lines below land in their columns.
func TestFramesWrittenToTheChannel(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	before := sshserver.RawFrames()
	v := ts.openVT(t, "rob", 80, 24)
	v.waitText("q quit")
	if sshserver.RawFrames() == before {
		t.Fatal("the session's frames were not written to its channel")
	}
	v.write("\t") // the next tab: the header and footer stay, the rest changes
	v.waitScreen("the next tab drawn under an unchanged header", func(s string) bool {
		lines := strings.Split(s, "\n")
		return len(lines) > 2 && strings.HasPrefix(lines[0], "behalf") && strings.Contains(lines[1], "1 Home") && strings.Contains(s, "q quit")
	})
}
