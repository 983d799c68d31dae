package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Terms screen (manage_branding, R24): the client terms now in force,
// their version and whether everyone accepted them again, and who
// accepted which version. New terms are written in a composer that starts
// from the current text; the domain decides each change again.

func init() {
	register(151, termsSpec, domain.WSTeam)
}

func termsSpec() ScreenSpec {
	return ScreenSpec{ID: "terms", Title: "Terms", Needs: domain.ActTermsSet, New: newTermsScreen}
}

type termsScreen struct {
	Context
	modalHost
	terms   domain.TermsView
	accepts []domain.AcceptanceView
	cur     selCursor
	err     error
	newV    key.Binding
	again   key.Binding
}

func newTermsScreen(c Context) Screen {
	s := &termsScreen{Context: c,
		newV:  key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "new terms")),
		again: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "new terms, everyone accepts again")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *termsScreen) load() {
	s.terms, s.err = s.Svc.TermsFor(s.Who)
	if s.err == nil {
		s.accepts, s.err = s.Svc.TermsAcceptances(s.Who, "")
	}
	s.cur.setLen(len(s.accepts))
}

func (s *termsScreen) Init() tea.Cmd   { return nil }
func (s *termsScreen) Title() string   { return "Terms" }
func (s *termsScreen) Capturing() bool { return s.modalOpen() }

func (s *termsScreen) SetSize(w, h int) {
	s.Common.SetSize(w, h)
	s.sizeModal(w, h)
}

func (s *termsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.newV), key.Matches(msg, s.again):
			s.openPane(s.composer(key.Matches(msg, s.again)))
		default:
			s.cur.move(msg, s.Keys, max(s.Height/2, 1))
		}
	}
	return s, nil
}

func (s *termsScreen) composer(reaccept bool) modalPane {
	title, hint := "New terms", "Those who accepted earlier terms need not accept again; new clients and contacts accept these."
	if reaccept || !s.terms.Set {
		title, hint = "New terms that everyone accepts again", "Every client and contact accepts these before anything else, at their next sign-in."
	}
	who := s.Who
	c := newTextComposer(s.Common, title, hint, func(body string) (string, error) {
		t, err := s.Svc.SetTerms(who, body, reaccept)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Saved the terms as version %d", t.ID), nil
	})
	c.limit = domain.MaxTermsLen
	c.ta.SetValue(s.terms.Terms.Text)
	return c
}

// textLines is how many lines of the terms' text the screen shows.
func (s *termsScreen) textLines() int { return min(max(s.Height/3, 2), 8) }

func (s *termsScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	if s.err != nil {
		return fitLines(st.StatusError.Render(errText(s.err)), s.Width, s.Height)
	}
	loc := s.Access().Org.Location()
	d := newDoc(st, s.Width)
	if !s.terms.Set {
		d.heading("Terms")
		d.indented("", 0, "No terms are set: clients and contacts are asked to accept nothing. T writes the first terms, which everyone accepts at their next sign-in.", st.Subtle)
		return fitLines(d.String(), s.Width, s.Height)
	}
	t := s.terms.Terms
	d.heading(fmt.Sprintf("Terms · version %d of %s", t.ID, t.Created.In(loc).Format(domain.DateLayout)))
	if t.Reaccept || t.Counts == t.ID {
		d.line(st.Subtle.Render("Everyone accepts this version, whatever they accepted before."))
	} else {
		d.line(st.Subtle.Render(fmt.Sprintf("Acceptances of version %d and later still count; new people accept this one.", t.Counts)))
	}
	d.blank()
	lines := storedTextLines(st, t.Text, max(s.Width-4, 10)) // its paragraphs kept
	for i, l := range lines {
		if i == s.textLines() {
			d.note(fmt.Sprintf("… %s more: T or R opens the whole text", domain.Plural(len(lines)-i, "line", "lines")))
			break
		}
		d.line("    " + l)
	}
	d.blank()
	d.heading("Accepted · " + domain.Plural(len(s.accepts), "acceptance", "acceptances"))
	head := strings.Split(d.String(), "\n")
	list := selList{head: head, rowH: 1, empty: "Nobody has accepted yet."}
	list.foot = s.confirmLines(st, s.Width)
	return list.render(st, s.Width, s.Height, &s.cur, func(i int, sel bool) []string {
		a := s.accepts[i]
		return []string{selMark(st, sel) + trunc(fmt.Sprintf("%s · version %d · %s · as %s", personLabel(a.Who), a.Version, a.At.In(loc).Format(domain.WallLayout), clean(a.As)), max(s.Width-2, 1))}
	})
}

func (s *termsScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	return []key.Binding{s.newV, s.again, s.Keys.Down}
}

func (s *termsScreen) FullHelp() [][]key.Binding {
	if b, ok := s.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	return [][]key.Binding{{s.newV, s.again}, moveKeys(s.Keys)}
}
