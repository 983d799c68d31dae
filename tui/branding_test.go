package tui

import (
	"strings"
	"testing"
)

// R24 on the screens: the owner sets the colour (a mid-grey is refused
// with the domain's reason), the banner and new terms from the Branding
// screen; the header carries the banner at once.
func TestBrandingScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "olivia", "", "branding", "No terms are set")
	x.keys("e")
	x.waitText("The practice's name, colour and banner")
	x.keys("tab")
	x.typ("#808080")
	x.keys("ctrl+s")
	x.waitText("hard to read on both light and dark terminals")
	x.keys("esc")
	x.waitText("No terms are set")
	x.keys("e", "tab")
	x.typ("#1d4ed8")
	x.keys("tab")
	x.typ("Open Sat")
	x.keys("ctrl+s")
	x.waitText("#1d4ed8 ████", "Open Sat")
	x.keys("T")
	x.waitText("New terms")
	x.typ("Be kind to one another.")
	x.keys("ctrl+s")
	x.waitText("Terms · version 1", "Be kind to one another.")
	x.waitFor(wait, "the banner in the header", func(string) bool { return strings.Contains(x.header(), "Open Sat") })
}
