package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Branding screen (manage_branding, R24): the practice's display
// name, accent colour and banner (the client terms have their own screen,
// terms_screen.go). The domain decides each change again; a refused
// colour says why.

func init() {
	register(150, brandingSpec, domain.WSTeam)
}

func brandingSpec() ScreenSpec {
	return ScreenSpec{ID: "branding", Title: "Branding", Needs: domain.ActBrandingSet, New: newBrandingScreen}
}

type brandingScreen struct {
	Context
	modalHost
	brand domain.BrandingView
	err   error
	edit  key.Binding
}

func newBrandingScreen(c Context) Screen {
	s := &brandingScreen{Context: c,
		edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit name/colour/banner")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *brandingScreen) load() {
	s.brand, s.err = s.Svc.ShowBranding(s.Who)
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
		if cmd, ok := s.handleModal(msg); ok {
			return s, cmd
		}
		if key.Matches(msg, s.edit) {
			s.openPane(s.brandForm())
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
	d.indented("", 0, "Every session's header reads \"behalf · name · banner\" in this colour (or a shade of it that reads on the person's terminal). The client terms are on the Terms screen.", st.Subtle)
	return fitLines(d.String(), s.Width, s.Height)
}

func (s *brandingScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	return []key.Binding{s.edit}
}

func (s *brandingScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
