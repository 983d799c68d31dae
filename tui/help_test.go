package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// candidateKeys are the keys a person might press on a screen.
func candidateKeys() []tea.KeyMsg {
	var ks []tea.KeyMsg
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()-_=+[]{};:'\",.<>/\\|~`" {
		ks = append(ks, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for _, t := range []tea.KeyType{tea.KeyEnter, tea.KeyEsc, tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight,
		tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete,
		tea.KeyCtrlS, tea.KeyCtrlD, tea.KeyCtrlU, tea.KeyCtrlE, tea.KeyCtrlN, tea.KeyCtrlP, tea.KeyCtrlR} {
		ks = append(ks, tea.KeyMsg{Type: t})
	}
	return ks
}

// Every key a screen takes appears in its footer or its full help (R5's
// refusals as "✗ action: reason"): each screen of every demo person's
// every workspace, as it opens, gets each candidate key; a key that
// changes the screen or answers with a command must belong to a binding
// the screen lists, and a letter must be named in that binding's label.
// The root's own keys (q, ?, w, tab, digits) are in the "Everywhere"
// column and never reach a screen that is not capturing typing.
func TestEveryKeyIsInHelp(t *testing.T) {
	t.Parallel()
	for _, p := range walkPeople {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			// A demo of their own: a key on one person's screen may write
			// (a toggle, a pause), and another's walk must not see it (one
			// shared demo made entering a workspace fail now and then).
			d := newDemo(t, nil)
			ws, err := d.svc.Workspaces(d.ids[p])
			mustNot(t, err)
			for _, w := range ws {
				m := d.model(p)
				m.Update(enterMsg{id: w.ID})
				if m.ws == nil {
					t.Fatalf("could not enter %s: %q", w.ID, m.status.Text)
				}
				for _, tb := range m.ws.tabs {
					checkKeysInHelp(t, m, w.ID, tb.spec)
				}
			}
		})
	}
}

func checkKeysInHelp(t *testing.T, m *root, ws string, spec ScreenSpec) {
	t.Helper()
	var s Screen
	var before string
	var help []key.Binding
	for _, k := range candidateKeys() {
		if key.Matches(k, m.Keys.Quit, m.Keys.Help, m.Keys.Switch, m.Keys.NextTab, m.Keys.PrevTab, m.Keys.GoTab, m.Keys.Screens) {
			continue
		}
		if s == nil { // a fresh screen, as it opens
			s = spec.New(m.ws.ctx)
			s.Init()
			s.SetSize(m.contentSize())
			before = s.View()
			help = s.ShortHelp()
			for _, g := range s.FullHelp() {
				help = append(help, g...)
			}
		}
		_, cmd := s.Update(k)
		if cmd == nil && s.View() == before {
			continue // not taken: the screen is as it was
		}
		if !documented(help, k) {
			t.Errorf("%s, %s: %q does something but is not in the footer or the help", ws, spec.ID, k.String())
		}
		s = nil
	}
}

// documented: k belongs to a binding in help, and a printable key is
// named in that binding's label ("←/h", "pgdn/f").
func documented(help []key.Binding, k tea.KeyMsg) bool {
	ks := k.String()
	for _, b := range help {
		if !slices.Contains(b.Keys(), ks) {
			continue
		}
		if k.Type != tea.KeyRunes {
			return true
		}
		for _, part := range strings.Fields(b.Help().Key) {
			if part == ks || slices.Contains(strings.Split(part, "/"), ks) {
				return true
			}
		}
	}
	return false
}

// footerOf is the last line of a view, without styles.
func footerOf(view string) string {
	lines := strings.Split(view, "\n")
	return ansi.Strip(lines[len(lines)-1])
}

// Footers never drop "? help" and "q quit": every screen of every demo
// person's every workspace, the selector and the open help, at 60 and 100
// columns; other keys give way first, and an ellipsis says so.
func TestFootersKeepHelpAndQuit(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	for _, p := range []string{"olivia", "adam", "rob", "mira", "john", "asa", "jane", "alex", "casey", "eve", "pat", "sam"} {
		ws, err := d.svc.Workspaces(d.ids[p])
		mustNot(t, err)
		m := d.model(p)
		for _, width := range []int{60, 100} {
			m.Update(tea.WindowSizeMsg{Width: width, Height: 24})
			check := func(where, want string) {
				t.Helper()
				v := m.View()
				checkFits(t, v, width, 24)
				if f := footerOf(v); !strings.HasSuffix(f, want) {
					t.Errorf("%s, %s at %d columns: footer %q does not end in %q", p, where, width, f, want)
				}
			}
			if len(ws) > 1 {
				m.toSelector()
				check("the selector", "? help • q quit")
			}
			for _, w := range ws {
				m.Update(enterMsg{id: w.ID})
				for i, tb := range m.ws.tabs {
					m.show(i)
					check(w.ID+" "+tb.spec.ID, "? help • q quit")
				}
				typeKeys(m, "?")
				check(w.ID+" help", "?/esc close help • q quit")
				typeKeys(m, "?")
			}
		}
	}
}
