package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Progress part of a client file: progress updates, newest first, and
// whether each is shared with the client's contacts (R53). The client
// shares or withdraws one (a); a coach writes one (n); a contact sees
// only what was shared.

type progressPart struct{ pagedList[domain.ProgressView] }

func newProgressPart(f *clientFile) *progressPart {
	p := &progressPart{pagedList[domain.ProgressView]{f: f, id: func(v domain.ProgressView) domain.ID { return v.Progress.ID }}}
	p.read = func(before domain.ID) ([]domain.ProgressView, error) {
		return f.Svc.ListProgress(f.Who, domain.ProgressFilter{Client: f.client.Handle, Before: before, Limit: filePage})
	}
	return p
}

func (p *progressPart) spaced() bool { return true }

func (p *progressPart) empty() string {
	if p.f.Workspace().Kind == domain.WSContact {
		return "no progress updates shared with you yet"
	}
	return "no progress updates"
}

func (p *progressPart) blocks(width int) [][]string {
	f, st := p.f, p.f.Styles
	teamish := f.Access().Teamish()
	var out [][]string
	for _, v := range p.rows {
		head := st.Label.Render(v.At.Format(dayLayout) + " · " + partyLabel(v.Author))
		switch {
		case f.Workspace().Kind == domain.WSContact:
		case v.Progress.Approved && f.Workspace().Kind == domain.WSMe:
			head += "  " + st.Yes.Render("✓ your contacts see this")
		case f.Workspace().Kind == domain.WSMe:
			head += "  " + st.Subtle.Render("only you see this")
		case v.Progress.Approved:
			head += "  " + st.Yes.Render("shared with contacts")
		case teamish:
			head += "  " + st.Subtle.Render("not shared with contacts")
		}
		out = append(out, append([]string{head}, storedTextLines(st, v.Progress.Body, width)...))
	}
	return out
}

// selected is the selected update when the workspace may share or
// withdraw it.
func (p *progressPart) selected() (domain.Progress, bool) {
	if p.f.sel >= len(p.rows) || !p.rows[p.f.sel].CanApprove {
		return domain.Progress{}, false
	}
	return p.rows[p.f.sel].Progress, true
}

// key: a shares the selected update with the client's contacts, or
// withdraws it.
func (p *progressPart) key(k tea.KeyMsg) (tea.Cmd, bool) {
	if !key.Matches(k, p.f.keys.Approve) {
		return nil, false
	}
	return p.toggleApproval(), true
}

func (p *progressPart) toggleApproval() tea.Cmd {
	f := p.f
	pr, ok := p.selected()
	if !ok {
		return nil
	}
	v, err := f.Svc.ApproveProgress(f.Who, pr.ID, !pr.Approved)
	if err != nil {
		return Failed(err)
	}
	f.loadTab()
	if v.Progress.Approved {
		return Status("Shared with your contacts who may see progress: update %s", v.Progress.ID)
	}
	return Status("Withdrawn from your contacts: update %s", v.Progress.ID)
}

func (p *progressPart) help() []key.Binding {
	pr, ok := p.selected()
	if !ok {
		return nil
	}
	ab := p.f.keys.Approve
	if pr.Approved {
		ab.SetHelp("a", "withdraw from contacts")
	} else {
		ab.SetHelp("a", "share with contacts")
	}
	return []key.Binding{ab}
}

func (p *progressPart) canNew() (bool, string) { return p.f.tabs.AddProgress, "add update" }

func (p *progressPart) newItem() tea.Cmd {
	f := p.f
	if !f.tabs.AddProgress {
		return nil
	}
	c := *f.client
	f.openComposer("New progress update for "+personLabel(c),
		"Shared with the client, who decides whether their contacts see it.", // R53
		func(body string) (string, error) {
			_, err := f.Svc.AddProgress(f.Who, c.Handle, body)
			return "Progress update shared with " + clean(c.Name), err
		})
	return nil
}
