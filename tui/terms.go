package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
	"behalf/sanitize"
)

// termsGate is the first screen of a client or contact who has not
// accepted the organisation's current terms (R24): the terms, and nothing
// else until they accept (a) or leave (q). The domain refuses everything
// else meanwhile; this screen is where they can do something about it.
type termsGate struct {
	Common
	person  domain.ID
	view    domain.TermsView
	top     int
	err     string
	w, h    int
	accept  key.Binding
	leave   key.Binding
	scrolls []key.Binding
}

// termsAcceptedMsg: the terms were accepted; sign-in goes on.
type termsAcceptedMsg struct{}

func newTermsGate(c Common, person domain.ID, v domain.TermsView) *termsGate {
	return &termsGate{Common: c, person: person, view: v,
		accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept")),
		leave:   key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "leave")),
		scrolls: []key.Binding{c.Keys.Down, c.Keys.Up, c.Keys.PageDown, c.Keys.PageUp},
	}
}

func (g *termsGate) SetSize(w, h int) { g.w, g.h = w, h }

func (g *termsGate) lines() []string {
	var out []string // its paragraphs and numbered lines kept
	for _, l := range strings.Split(sanitize.Text(g.view.Terms.Text), "\n") {
		out = append(out, strings.Split(ansi.Wrap(strings.ReplaceAll(l, "\t", "    "), max(g.w-2, 10), ""), "\n")...)
	}
	return out
}

// room is how many lines of the text show at once.
func (g *termsGate) room() int { return max(g.h-5, 1) }

func (g *termsGate) Update(k tea.KeyMsg) tea.Cmd {
	n := len(g.lines())
	switch {
	case key.Matches(k, g.accept):
		if _, err := g.Svc.AcceptTerms(domain.Who{Person: g.person}, g.view.Terms.ID); err != nil {
			g.err = errText(err)
			if v, err := g.Svc.TermsFor(domain.Who{Person: g.person}); err == nil && v.Set {
				g.view, g.top = v, 0 // changed while read: show the new ones
			}
			return nil
		}
		return func() tea.Msg { return termsAcceptedMsg{} }
	case key.Matches(k, g.Keys.Down):
		g.top++
	case key.Matches(k, g.Keys.Up):
		g.top--
	case key.Matches(k, g.Keys.PageDown):
		g.top += g.room()
	case key.Matches(k, g.Keys.PageUp):
		g.top -= g.room()
	}
	g.top = max(min(g.top, n-g.room()), 0)
	return nil
}

func (g *termsGate) View() string {
	d := newDoc(g.Styles, g.w)
	title := "Before you go on: the terms"
	if g.view.HasAccepted || g.view.Terms.Reaccept && g.view.Terms.ID > 1 {
		title = "The terms have changed: please read and accept them again"
	}
	d.heading(title)
	lines := g.lines()
	end := min(g.top+g.room(), len(lines))
	for _, l := range lines[g.top:end] {
		d.line(" " + g.Styles.Value.Render(l))
	}
	d.blank()
	more := ""
	if end < len(lines) {
		more = fmt.Sprintf(" (%d more lines: scroll down)", len(lines)-end)
	}
	d.line(g.Styles.Subtle.Render(fmt.Sprintf("Version %d%s. Press a to accept them for yourself, or q to leave.", g.view.Terms.ID, more)))
	if g.err != "" {
		d.line(g.Styles.StatusError.Render(g.err))
	}
	return d.String()
}

func (g *termsGate) ShortHelp() []key.Binding {
	return append([]key.Binding{g.accept}, g.scrolls...)
}
