package tui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	wcag "behalf/contrast"
)

// accentShades is the organisation's accent as the palette's colours are:
// one shade for light terminals and one for dark ones, each keeping WCAG
// AA contrast on the usual backgrounds of its kind, as written and as a
// 256-colour terminal shows it. The domain accepts only a colour legible
// as given on one kind (domain.CheckAccent); the other kind's shade is the
// same hue moved toward black or white until it reads. ok is false for no
// accent (or one that cannot be read at all), and the palette's stays.
func accentShades(hex string) (lipgloss.AdaptiveColor, bool) {
	c, err := wcag.Parse(hex)
	if err != nil {
		return lipgloss.AdaptiveColor{}, false
	}
	light, okL := shadeFor(c, wcag.RGB{}, wcag.Light)
	dark, okD := shadeFor(c, wcag.RGB{R: 1, G: 1, B: 1}, wcag.Dark)
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}, okL && okD
}

// shadeFor moves c toward target in small steps until it reads on bgs.
func shadeFor(c, target wcag.RGB, bgs map[string]string) (string, bool) {
	for i := 0; i <= 20; i++ {
		s := wcag.Toward(c, target, float64(i)/20).Hex()
		if readsEverywhere(s, bgs) {
			return s, true
		}
	}
	return "", false
}

// readsEverywhere: shade keeps AA on bgs in true colour and in 256 colours.
func readsEverywhere(shade string, bgs map[string]string) bool {
	c, err := wcag.Parse(shade)
	if err != nil || !wcag.ReadsOn(c, bgs) {
		return false
	}
	n := termenv.ConvertToRGB(termenv.ANSI256.Color(shade))
	return wcag.ReadsOn(wcag.RGB{R: n.R, G: n.G, B: n.B}, bgs)
}

// applyBrand reads the organisation's branding into the header: its name,
// banner and colour (R24).
func (m *root) applyBrand() {
	b, err := m.Svc.Brand()
	if err != nil {
		return // the header keeps what it had
	}
	m.brand = b
	st := m.Renderer.NewStyle().Bold(true)
	if ac, ok := accentShades(b.Accent); ok {
		st = st.Foreground(ac)
	}
	m.Styles.HeaderBrand = st
}

// branded puts the branding into the header's parts.
// An unknown key sees nothing of the organisation (R2).
func (m *root) branded(h headerParts) headerParts {
	if m.state == stInvite {
		return h
	}
	if m.brand.Shown != "" {
		h.org = clean(m.brand.Shown)
	}
	h.banner = clean(m.brand.Banner)
	h.accent = m.brand.Accent
	return h
}
