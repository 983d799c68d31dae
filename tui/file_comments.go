package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Comments part of a client file: the team's staff comments, newest
// first. The client and their contacts never see them: the file shows the
// part only where the domain allows reading them.

type commentsPart struct{ pagedList[domain.CommentView] }

func newCommentsPart(f *clientFile) *commentsPart {
	p := &commentsPart{pagedList[domain.CommentView]{f: f, id: func(v domain.CommentView) domain.ID { return v.ID }}}
	p.read = func(before domain.ID) ([]domain.CommentView, error) {
		return f.Svc.Comments(f.Who, f.client.Handle, filePageQuery(before))
	}
	return p
}

func (p *commentsPart) spaced() bool  { return true }
func (p *commentsPart) empty() string { return "no staff comments" }

func (p *commentsPart) blocks(width int) [][]string {
	st := p.f.Styles
	var out [][]string
	for _, c := range p.rows {
		head := st.Label.Render(c.At.In(p.f.Access().Org.Location()).Format(dayLayout) + " · " + clean(c.By))
		out = append(out, append([]string{head}, storedTextLines(st, c.Body, width)...))
	}
	return out
}

func (p *commentsPart) canNew() (bool, string) { return p.f.addComment, "add comment" }

func (p *commentsPart) newItem() tea.Cmd {
	f := p.f
	if !f.addComment {
		return nil
	}
	c := *f.client
	f.openComposer("New staff comment on "+personLabel(c),
		"Staff comments are for the team; the client and their contacts never see them.",
		func(body string) (string, error) {
			_, err := f.Svc.AddComment(f.Who, c.Handle, body)
			return "Comment added to " + clean(c.Name) + "'s file", err
		})
	return nil
}
