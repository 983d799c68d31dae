package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The client file's picker: the team and assistants first pick a client
// (the client and contacts see their one client).

// loadClients reads the first page of clients matching the filter, or
// (more) the next page after the last one shown.
func (f *clientFile) loadClients(more bool) {
	q := domain.PeopleFilter{Capacity: "client", Search: f.filter.value(), Limit: filePage}
	if more && len(f.clients) > 0 {
		q.After = f.clients[len(f.clients)-1].Handle
	}
	got, err := f.Svc.ListPeople(f.Who, q)
	f.pickErr = err
	if more {
		f.clients = append(f.clients, got...)
	} else {
		f.clients, f.pickSel, f.pickOffset = got, 0, 0
	}
	f.clientsMore = len(got) == filePage
	f.pickSel = min(f.pickSel, max(len(f.clients)-1, 0))
}

func (f *clientFile) updatePicker(k tea.KeyMsg) tea.Cmd {
	if f.filter.typing {
		if f.filter.update(k) {
			f.loadClients(false)
		}
		return nil
	}
	switch {
	case key.Matches(k, f.Keys.Up):
		f.pickSel = max(f.pickSel-1, 0)
	case key.Matches(k, f.Keys.Down):
		f.pickSel = min(f.pickSel+1, max(len(f.clients)-1, 0))
	case key.Matches(k, f.keys.Filter):
		f.filter.start()
	case key.Matches(k, f.keys.Back) && f.filter.clear():
		f.loadClients(false)
	case key.Matches(k, f.keys.More) && f.clientsMore:
		f.loadClients(true)
	case key.Matches(k, f.keys.Open):
		if f.pickSel < len(f.clients) {
			p := f.clients[f.pickSel]
			f.open(&p)
		}
	}
	return nil
}

func (f *clientFile) pickerView() string {
	st := f.Styles
	w := f.Width
	head := []string{st.Title.Render(trunc("Client files", w))}
	if f.filter.shown() {
		head = append(head, f.filter.view(st, w))
	} else {
		head = append(head, st.Subtle.Render(trunc("the clients you may see · / filters · enter opens a file", w)))
	}
	head = append(head, "")
	var body []string
	if f.pickErr != nil {
		body = wrapped(errText(f.pickErr), 0, w, st.StatusError)
	} else if len(f.clients) == 0 {
		body = append(body, st.Subtle.Render("  no clients to show"))
	}
	for i, p := range f.clients {
		text := personLabel(p)
		if !p.Active() {
			text += "  " + st.Warn.Render("deactivated")
		}
		if i == f.pickSel {
			body = append(body, selMark(st, true)+st.Accent.Render(text))
		} else {
			body = append(body, "  "+text)
		}
	}
	if f.clientsMore {
		body = append(body, st.Subtle.Render("  m: more clients"))
	}
	body = scrollBody(st, body, f.pickSel, max(f.Height-len(head), 0), &f.pickOffset)
	return fitLines(strings.Join(append(head, body...), "\n"), w, f.Height)
}
