package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Messages part of a client file: the conversation between the client
// and the team, newest first, each sender named as the domain's view
// names them for this reader (R14, R44). Never for contacts (R31).

type messagesPart struct{ pagedList[domain.MessageView] }

func newMessagesPart(f *clientFile) *messagesPart {
	p := &messagesPart{pagedList[domain.MessageView]{f: f, id: func(v domain.MessageView) domain.ID { return v.ID }}}
	p.read = func(before domain.ID) ([]domain.MessageView, error) {
		return f.Svc.Messages(f.Who, f.client.Handle, filePageQuery(before))
	}
	return p
}

func (p *messagesPart) spaced() bool  { return true }
func (p *messagesPart) empty() string { return "no messages yet" }

func (p *messagesPart) blocks(width int) [][]string {
	st := p.f.Styles
	var out [][]string
	for _, m := range p.rows {
		head := st.Label.Render(m.At.In(p.f.Access().Org.Location()).Format(dayTimeLayout) + " · " + clean(m.From.Label()))
		lines := append([]string{head}, storedTextLines(st, m.Body, width)...)
		if m.Signature != "" {
			lines = append(lines, st.Subtle.Render("— "+clean(m.Signature)))
		}
		out = append(out, lines)
	}
	return out
}

func (p *messagesPart) canNew() (bool, string) { return p.f.sendMsg, "write message" }

func (p *messagesPart) newItem() tea.Cmd {
	f := p.f
	if !f.sendMsg {
		return nil
	}
	c := *f.client
	title, hint, done := "Message to "+personLabel(c), p.hint(c), "Message sent to "+clean(c.Name)
	if f.Workspace().Kind == domain.WSMe {
		title, done = "Message to your coaches", "Message sent to your coaches"
	}
	f.openComposer(title, hint, func(body string) (string, error) {
		_, err := f.Svc.SendMessage(f.Who, c.Handle, body)
		return done, err
	})
	return nil
}

// hint says who reads a message and under whose name it goes: an
// assistant's own name, for the practitioner (R44); never to contacts (R31).
func (p *messagesPart) hint(c domain.Person) string {
	a := p.f.Access()
	switch {
	case p.f.Workspace().Kind == domain.WSMe:
		return "Your coaches read it; the people who act for you never do."
	case a.Principal.ID != a.Actor.ID:
		return clean(c.Name) + " reads it, from " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + "; their contacts never do."
	}
	return clean(c.Name) + " reads it in their portal; their contacts never do."
}
