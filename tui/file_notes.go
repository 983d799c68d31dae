package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Notes part of a client file: the private notes of the coaches paired
// with the client, newest first. Never shown to the client, contacts or
// assistants (R31, R42): the domain leaves the part out for them.

type notesPart struct{ pagedList[domain.NoteView] }

func newNotesPart(f *clientFile) *notesPart {
	p := &notesPart{pagedList[domain.NoteView]{f: f, id: func(v domain.NoteView) domain.ID { return v.Note.ID }}}
	p.read = func(before domain.ID) ([]domain.NoteView, error) {
		return f.Svc.ListNotes(f.Who, domain.NoteFilter{Client: f.client.Handle, Before: before, Limit: filePage})
	}
	return p
}

func (p *notesPart) spaced() bool  { return true }
func (p *notesPart) empty() string { return "no private notes" }

func (p *notesPart) blocks(width int) [][]string {
	st := p.f.Styles
	var out [][]string
	for _, n := range p.rows {
		head := st.Label.Render(n.At.Format(dayLayout) + " · " + partyLabel(n.Author))
		out = append(out, append([]string{head}, storedTextLines(st, n.Note.Body, width)...))
	}
	return out
}

func (p *notesPart) canNew() (bool, string) { return p.f.tabs.AddNote, "add note" }

func (p *notesPart) newItem() tea.Cmd {
	f := p.f
	if !f.tabs.AddNote {
		return nil
	}
	c := *f.client
	f.openComposer("New private note on "+personLabel(c),
		"Only coaches paired with the client read it; never the client, their contacts or assistants.", // R31, R42
		func(body string) (string, error) {
			_, err := f.Svc.AddNote(f.Who, c.Handle, body)
			return "Note saved on " + clean(c.Name) + "'s file", err
		})
	return nil
}
