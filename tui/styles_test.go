package tui

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The palette converted once per session draws exactly what lipgloss's
// own conversion of the hex shades draws, on every kind of terminal and
// background — and a change of background still switches the shade.
func TestPaletteConvertedOnceDrawsTheSame(t *testing.T) {
	t.Parallel()
	for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(p))
		for _, ac := range []lipgloss.AdaptiveColor{colours.accent, colours.subtle, colours.good, colours.bad, colours.warn} {
			conv := forProfile(p, ac)
			for _, dark := range []bool{true, false} {
				r.SetHasDarkBackground(dark)
				want := r.NewStyle().Foreground(ac).Background(ac).Render("x")
				got := r.NewStyle().Foreground(conv).Background(conv).Render("x")
				if got != want {
					t.Fatalf("profile %d, dark %v, %v: %q, want %q", p, dark, ac, got, want)
				}
			}
		}
	}
}
