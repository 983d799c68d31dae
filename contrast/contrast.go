// Package contrast is WCAG 2's colour contrast, and the terminal
// backgrounds behalf's colours must read on: the domain refuses a brand
// colour that reads on none of them, and the screens derive the shades
// they draw it in (package tui) and test their palette with it.
package contrast

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// AA is WCAG 2's least contrast for text.
const AA = 4.5

// RGB is a colour with channels from 0 to 1.
type RGB struct{ R, G, B float64 }

// Backgrounds terminals commonly come with, by kind.
var (
	Dark = map[string]string{"black": "#000000", "VS Code dark": "#1e1e1e", "One Dark": "#282c34",
		"Solarized dark": "#002b36", "Nord": "#2e3440", "Ubuntu": "#300a24", "Dracula": "#282a36"}
	Light = map[string]string{"white": "#ffffff", "Solarized light": "#fdf6e3", "Solarized light (base2)": "#eee8d5",
		"GNOME light": "#fafafa", "macOS Basic": "#f5f5f5"}
)

// Parse reads "#rrggbb" (the # may be left out; any case).
func Parse(s string) (RGB, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	n, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || err != nil {
		return RGB{}, fmt.Errorf("%q is not a colour written #rrggbb", s)
	}
	return RGB{float64(n>>16&0xff) / 255, float64(n>>8&0xff) / 255, float64(n&0xff) / 255}, nil
}

// Hex writes c as "#rrggbb".
func (c RGB) Hex() string {
	b := func(v float64) int { return int(math.Round(math.Max(0, math.Min(1, v)) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", b(c.R), b(c.G), b(c.B))
}

// Luminance is WCAG 2's relative luminance of c.
func Luminance(c RGB) float64 {
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Ratio is WCAG 2's contrast ratio of a and b, 1 to 21.
func Ratio(a, b RGB) float64 {
	la, lb := Luminance(a), Luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// ReadsOn reports whether text in c keeps at least AA on every one of bgs.
func ReadsOn(c RGB, bgs map[string]string) bool {
	for _, bg := range bgs {
		b, err := Parse(bg)
		if err != nil || Ratio(c, b) < AA {
			return false
		}
	}
	return true
}

// Toward mixes c with target by t (0: c, 1: target): a darker or lighter
// shade of the same hue.
func Toward(c, target RGB, t float64) RGB {
	return RGB{c.R + (target.R-c.R)*t, c.G + (target.G-c.G)*t, c.B + (target.B-c.B)*t}
}
