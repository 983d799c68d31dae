package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// The Branding screen (manage_branding, R24): the practice's display
// name, accent colour and banner, the client terms and who accepted them.
// The domain decides each change again; a refused colour says why.

func init() {
	register(150, brandingSpec, domain.WSTeam)
}

func brandingSpec() ScreenSpec {
	return ScreenSpec{ID: "branding", Title: "Branding", Available: Permitted(domain.ActTermsSet, nil), New: newBrandingScreen}
}

type brandingScreen struct {
	Context
	modalHost
	brand   domain.BrandingView
	terms   domain.TermsView
	accepts []domain.AcceptanceView
	err     error
	refused refusalNote
	edit    key.Binding
	newV    key.Binding
	again   key.Binding
}

func newBrandingScreen(c Context) Screen {
	s := &brandingScreen{Context: c,
		edit:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit name/colour/banner")),
		newV:  key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "new terms")),
		again: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "new terms, everyone accepts again")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *brandingScreen) load() {
	s.brand, s.err = s.Svc.ShowBranding(s.Who)
	if s.err == nil {
		s.terms, s.err = s.Svc.TermsFor(s.Who)
	}
	if s.err == nil {
		s.accepts, s.err = s.Svc.TermsAcceptances(s.Who, "")
	}
}

func (s *brandingScreen) Init() tea.Cmd   { return nil }
func (s *brandingScreen) Title() string   { return "Branding" }
func (s *brandingScreen) Capturing() bool { return s.modalOpen() }

func (s *brandingScreen) SetSize(w, h int) {
	s.Common.SetSize(w, h)
	s.sizeModal(w, h)
}

func (s *brandingScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		s.refused.clear()
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		switch {
		case key.Matches(msg, s.edit):
			s.openPane(s.brandForm())
		case key.Matches(msg, s.newV), key.Matches(msg, s.again):
			s.openPane(s.termsComposer(key.Matches(msg, s.again)))
		}
	}
	return s, nil
}

func (s *brandingScreen) brandForm() modalPane {
	b := s.brand
	f := newForm(s.Common, "The practice's name, colour and banner")
	f.note("Every session's header shows them.")
	f.text("name", "Name", b.Name, clean(s.Access().Org.Name), domain.MaxNameLen).help = "empty shows the organisation's name"
	f.text("accent", "Colour", b.Accent, "#1d4ed8", 7).help = "#rrggbb, legible on light or dark terminals; empty for the usual colour"
	f.text("banner", "Banner", b.Banner, "Open on Saturdays", domain.MaxBannerLen).help = "a short line beside the name"
	f.button("save", "Save")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		var ch domain.BrandingChange
		for _, x := range []struct {
			id, was string
			to      **string
		}{{"name", b.Name, &ch.Name}, {"accent", b.Accent, &ch.Accent}, {"banner", b.Banner, &ch.Banner}} {
			if v := strings.TrimSpace(f.value(x.id)); v != x.was {
				*x.to = &v
			}
		}
		if ch.Name == nil && ch.Accent == nil && ch.Banner == nil {
			return nil, Status("Nothing changed"), nil
		}
		if _, err := s.Svc.SetBranding(who, ch); err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved: every header shows it from the next screen on"), nil
	}
	return f
}

func (s *brandingScreen) termsComposer(reaccept bool) modalPane {
	title, hint := "New terms", "Those who accepted earlier terms need not accept again; new clients and contacts accept these."
	if reaccept {
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

func (s *brandingScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	d := newDoc(st, s.Width)
	if s.err != nil {
		d.line(st.StatusError.Render(errText(s.err)))
		return d.String()
	}
	d.heading("Branding")
	d.row("Name", clean(s.brand.Shown))
	accent := st.Subtle.Render("the usual colour")
	if ac, ok := accentShades(s.brand.Accent); ok {
		accent = s.Renderer.NewStyle().Bold(true).Foreground(ac).Render(clean(s.brand.Accent) + " ████")
	}
	d.row("Colour", accent)
	banner := clean(s.brand.Banner)
	if banner == "" {
		banner = st.Subtle.Render("none")
	}
	d.row("Banner", banner)
	d.blank()
	loc := s.Access().Org.Location()
	if !s.terms.Set {
		d.heading("Terms")
		d.note("No terms are set: clients and contacts are asked to accept nothing.")
	} else {
		t := s.terms.Terms
		d.heading(fmt.Sprintf("Terms · version %d of %s", t.ID, t.Created.In(loc).Format(domain.DateLayout)))
		lines := strings.Split(ansi.Wrap(clean(t.Text), max(s.Width-4, 10), ""), "\n")
		for i, l := range lines {
			if i == 3 {
				d.note(fmt.Sprintf("… %d more lines", len(lines)-3))
				break
			}
			d.note(l)
		}
		d.blank()
		d.heading(fmt.Sprintf("Accepted · %s", domain.Plural(len(s.accepts), "acceptance", "acceptances")))
		for i, a := range s.accepts {
			if i == 8 {
				d.note("… `terms acceptances` lists them all")
				break
			}
			d.item("·", fmt.Sprintf("%s, version %d, %s, as %s", personLabel(a.Who), a.Version, a.At.In(loc).Format(domain.WallLayout), a.As))
		}
	}
	out := d.String()
	if extra := append(s.refused.lines(st, s.Width), s.confirmLines(st, s.Width)...); len(extra) > 0 {
		out += "\n" + strings.Join(extra, "\n")
	}
	return out
}

func (s *brandingScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	return []key.Binding{s.edit, s.newV, s.again}
}

func (s *brandingScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
