package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// A client's own view of R54, in their portal: who may act for them with
// which permissions and until when, and what contacts and assistants did
// on their behalf.

func init() {
	register(50, proxiesSpec, domain.WSMe)
	register(55, activitySpec, domain.WSMe)
}

func proxiesSpec() ScreenSpec {
	return ScreenSpec{ID: "proxies", Title: "Who acts for me", Needs: domain.ActContactsList, New: newProxiesScreen}
}

func activitySpec() ScreenSpec {
	return ScreenSpec{ID: "activity", Title: "Activity", Needs: domain.ActAuditList, New: newActivityScreen}
}

// proxiesScreen lists the client's contacts: each link's permissions with what
// they allow, what they do not, and the expiry (R30, R31, R38, R54).
type proxiesScreen struct {
	page
	links []domain.LinkView
}

func newProxiesScreen(c Context) Screen {
	p := &proxiesScreen{}
	p.page = newPage(c, "Who acts for me", p.load, p.body)
	return p
}

func (p *proxiesScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return p, p.handle(msg) }

func (p *proxiesScreen) load() (err error) {
	p.links, err = p.Svc.ListLinks(p.Who, "")
	return err
}

func (p *proxiesScreen) body(width int) string {
	st := p.Styles
	d := newDoc(st, width)
	d.heading("Who may act for you")
	d.indented("", 0, "Each contact acts through a link of their own, with the permissions it carries; nothing else of yours is theirs to see.", st.Subtle) // R32
	if len(p.links) == 0 {
		d.blank()
		d.line(st.Subtle.Render("  nobody: no contact is linked to you"))
	}
	for _, l := range p.links {
		d.blank()
		state := st.Yes.Render("can act for you now")
		if !l.Live {
			state = st.No.Render("ended")
		}
		d.line(st.Accent.Render("▸") + " " + personLabel(l.Contact) + "  " + state)
		if l.Link.Expires == "" {
			d.note("no expiry")
		} else if l.Live {
			d.note("until " + clean(l.Link.Expires) + " (the link's last day)") // R38
		} else {
			d.note("expired after " + clean(l.Link.Expires)) // R38
		}
		for _, in := range domain.ContactPermissions {
			if l.Link.Perms.Has(in.Perm) {
				d.indented("    "+st.Yes.Render("✓")+" ", 6, string(in.Perm)+": "+in.Description, st.Value)
			}
		}
		var not []string
		for _, in := range domain.ContactPermissions {
			if !l.Link.Perms.Has(in.Perm) {
				not = append(not, string(in.Perm))
			}
		}
		if len(not) > 0 {
			d.indented("    "+st.No.Render("✗")+" ", 6, "not "+strings.Join(not, ", "), st.Subtle)
		}
	}
	d.blank()
	d.indented("", 0, "No contact ever sees your coaches' private notes or your coaching conversations. "+ // R31
		"Links are set by your coach or the organisation's admins; ask them to change one. "+ // R33
		"What contacts do for you is on the Activity tab.", st.Subtle)
	return d.String()
}

// activityScreen is what was done on the client's behalf, newest first, a page
// at a time: the domain filters it (R54) — never pairing changes (R14) or
// anything about private notes (R31).
type activityScreen struct {
	Context
	entries []domain.AuditView
	rows    selCursor
	pages   idPager
	err     error
}

func newActivityScreen(c Context) Screen {
	a := &activityScreen{Context: c, pages: newIDPager()}
	a.load()
	return a
}

func (a *activityScreen) Init() tea.Cmd             { return nil }
func (a *activityScreen) Title() string             { return "Activity" }
func (a *activityScreen) Capturing() bool           { return false }
func (a *activityScreen) SetSize(width, height int) { a.Common.SetSize(width, height) }

func (a *activityScreen) load() {
	es, err := a.Svc.Audit(a.Who, domain.AuditFilter{Before: a.pages.before(), Limit: idPageSize + 1})
	a.entries, a.err = idPageTrim(&a.pages, es), err
	a.rows.setLen(len(a.entries))
}

func (a *activityScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		a.load()
	case tea.KeyMsg:
		if turnPage(&a.pages, msg, a.entries, auditID) {
			a.rows = selCursor{}
			a.load()
		} else {
			a.rows.move(msg, a.Keys, max(a.Height/2-2, 1))
		}
	}
	return a, nil
}

func (a *activityScreen) View() string {
	st := a.Styles
	head := []string{st.Title.Render("What was done on your behalf")}
	head = append(head, wrapped("What you did, what your contacts did for you, and what assistants did — newest first.", 0, a.Width, st.Subtle)...)
	if a.err != nil {
		head = append(head, st.StatusError.Render(errText(a.err)))
	}
	head = append(head, "")
	foot := []string{st.Subtle.Render(a.pages.label())}
	me := a.Access().Actor.ID
	loc := a.Access().Org.Location()
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  nothing yet"}
	return lv.render(st, a.Width, a.Height, &a.rows, func(i int, sel bool) []string {
		e := a.entries[i]
		who := clean(e.ActorHandle)
		switch {
		case e.By.Hidden():
			who = clean(e.By.Name) // someone jane does not see (R14)
		case e.Actor == me:
			who = "you"
		}
		line := st.Subtle.Render(orgWhen(loc, e.At)) + "  " + st.Accent.Render(who) + " " + clean(e.Summary())
		where := domain.WorkspaceWords(e.Workspace)
		if e.Behalf == me && e.Actor != me {
			where += ", on your behalf"
		}
		return []string{selMark(st, sel) + line, "    " + st.Subtle.Render(clean(where))}
	})
}

func (a *activityScreen) ShortHelp() []key.Binding {
	var b []key.Binding
	if len(a.entries) > 0 {
		b = append(b, a.Keys.Down)
	}
	b = append(b, a.pages.help()...)
	return b
}

func (a *activityScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{a.Keys.Up, a.Keys.Down, a.Keys.PageUp, a.Keys.PageDown, a.Keys.Top, a.Keys.Bottom}, {a.pages.keys.older, a.pages.keys.newer}}
}
