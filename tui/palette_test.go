package tui

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	wcag "behalf/contrast"
	"behalf/domain"
)

// rgb is a colour with channels from 0 to 1.
type rgb struct{ R, G, B float64 }

// Backgrounds terminals commonly come with, by kind (package contrast
// holds the one list, which the domain checks brand colours against).
var (
	darkBackgrounds  = wcag.Dark
	lightBackgrounds = wcag.Light
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c rgb) float64 {
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio of a and b, 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func hex(t *testing.T, s string) rgb {
	t.Helper()
	n, err := strconv.ParseUint(s[1:], 16, 32)
	if len(s) != 7 || s[0] != '#' || err != nil {
		t.Fatalf("%q is not #rrggbb", s)
	}
	return rgb{float64(n>>16&0xff) / 255, float64(n>>8&0xff) / 255, float64(n&0xff) / 255}
}

// in256 is shade as a 256-colour terminal shows it: the nearest of its
// colours.
func in256(shade string) rgb {
	c := termenv.ConvertToRGB(termenv.ANSI256.Color(shade))
	return rgb{c.R, c.G, c.B}
}

// Every colour text is drawn in — secondary text first — reads at a WCAG
// contrast of at least 4.5:1 on the usual backgrounds of its kind: the
// dark shade on dark ones, the light shade on light ones, as written and
// as a 256-colour terminal shows it.
func TestPaletteContrast(t *testing.T) {
	t.Parallel()
	const least = 4.5 // WCAG AA for text
	if c := contrast(hex(t, "#000000"), hex(t, "#ffffff")); math.Abs(c-21) > 0.01 {
		t.Fatalf("contrast of black on white is %.2f, want 21", c) // the formula itself
	}
	for name, ac := range map[string]lipgloss.AdaptiveColor{"secondary": colours.subtle, "accent": colours.accent,
		"good": colours.good, "bad": colours.bad, "warning": colours.warn} {
		for _, side := range []struct {
			shade string
			bgs   map[string]string
		}{{ac.Dark, darkBackgrounds}, {ac.Light, lightBackgrounds}} {
			shown := map[string]rgb{"true colour": hex(t, side.shade), "256 colours": in256(side.shade)}
			for profile, fg := range shown {
				for bgName, bg := range side.bgs {
					if c := contrast(fg, hex(t, bg)); c < least {
						t.Errorf("%s text %s (%s) on %s %s: contrast %.2f, want at least %.1f",
							name, side.shade, profile, bgName, bg, c, least)
					}
				}
			}
		}
	}
}

// The organisation's accent (R24) keeps the palette's promise: whatever
// colour the domain accepts, the shades the header draws it in read at
// AA on every usual background of their kind, in true colour and 256
// colours; a colour legible nowhere is refused before it gets here.
func TestBrandAccentContrast(t *testing.T) {
	t.Parallel()
	accepted := 0
	for r := 0; r < 256; r += 17 {
		for g := 0; g < 256; g += 17 {
			for b := 0; b < 256; b += 17 {
				c := fmt.Sprintf("#%02x%02x%02x", r, g, b)
				if _, err := domain.CheckAccent(c); err != nil {
					continue
				}
				accepted++
				ac, ok := accentShades(c)
				if !ok {
					t.Fatalf("accepted accent %s has no legible shades", c)
				}
				for _, side := range []struct {
					shade string
					bgs   map[string]string
				}{{ac.Dark, darkBackgrounds}, {ac.Light, lightBackgrounds}} {
					for profile, fg := range map[string]rgb{"true colour": hex(t, side.shade), "256 colours": in256(side.shade)} {
						for bgName, bg := range side.bgs {
							if got := contrast(fg, hex(t, bg)); got < 4.5 {
								t.Errorf("accent %s as %s (%s) on %s: contrast %.2f", c, side.shade, profile, bgName, got)
							}
						}
					}
				}
			}
		}
	}
	if accepted < 1000 {
		t.Fatalf("only %d of 4096 colours accepted as an accent", accepted)
	}
	for _, bad := range []string{"#808080", "#7f7f7f", "grey", "#12345", "#ggg000"} {
		if _, err := domain.CheckAccent(bad); err == nil {
			t.Errorf("accent %q was accepted", bad)
		}
	}
}
