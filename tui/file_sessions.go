package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Sessions part of a client file: the client's sessions from 30 days
// ago to 90 days ahead, the first one not over yet selected. enter opens
// one; n books (and b, from every part, where booking is allowed).

type sessionsPart struct {
	f    *clientFile
	list domain.SessionList
}

func newSessionsPart(f *clientFile) *sessionsPart { return &sessionsPart{f: f} }

// load reads the one window of sessions the file shows. It never offers
// older ones (more is false): the agenda pages through any day or week,
// and note says so when the window holds more than is shown.
func (p *sessionsPart) load(domain.ID) (bool, error) {
	var err error
	p.list, err = p.f.Svc.ListSessions(p.f.Who, domain.SessionFilter{Client: p.f.client.Handle, Limit: 2 * filePage})
	return false, err
}

func (p *sessionsPart) note() string {
	if p.list.More {
		return "more sessions than shown: the agenda shows any day or week"
	}
	return ""
}

// firstSel is the first session not over yet.
func (p *sessionsPart) firstSel() int { return firstUpcoming(p.list.Sessions, p.f.Svc.Now()) }

// selectSession selects session id, if shown.
func (p *sessionsPart) selectSession(id domain.ID) {
	for i, s := range p.list.Sessions {
		if s.Session.ID == id {
			p.f.sel = i
		}
	}
}

func (p *sessionsPart) oldest() domain.ID     { return 0 }
func (p *sessionsPart) count() int            { return len(p.list.Sessions) }
func (p *sessionsPart) top(int, int) []string { return nil }
func (p *sessionsPart) spaced() bool          { return false }
func (p *sessionsPart) empty() string         { return "no sessions from 30 days ago to 90 days ahead" }

func (p *sessionsPart) blocks(int) [][]string {
	st := p.f.Styles
	var out [][]string
	for _, s := range p.list.Sessions {
		line := s.Start.Format(dayTimeLayout) + "–" + s.End.Format("15:04") + "  with " + clean(s.Coach.Name) + "  " + sessionStatusText(st, s.Session.Status)
		if s.PackageName != "" {
			line += st.Subtle.Render("  " + clean(s.PackageName))
		}
		out = append(out, []string{line})
	}
	return out
}

// open shows the selected session on top of the file.
func (p *sessionsPart) open() {
	f := p.f
	if f.sel < len(p.list.Sessions) {
		f.detail = newSessionDetail(f.Context, f.akeys, p.list.Sessions[f.sel])
		f.detail.SetSize(f.Width, f.Height)
	}
}

func (p *sessionsPart) key(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (p *sessionsPart) help() []key.Binding            { return nil }
func (p *sessionsPart) canNew() (bool, string)         { return p.f.tabs.Book, "book session" }

func (p *sessionsPart) newItem() tea.Cmd {
	if p.f.tabs.Book {
		p.f.book()
	}
	return nil
}
