package tui

import (
	"strings"
	"testing"
)

// R24 on the screens: the owner sets the colour (a mid-grey is refused
// with the domain's reason) and the banner from the Branding screen, which
// holds the branding alone (the terms have their own screen); a real
// program's header carries the banner at once.
func TestBrandingScreen(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "olivia", "", "branding", "Every session's header reads")
	x.keys("e")
	x.waitText("The practice's name, colour and banner")
	x.keys("tab", "ctrl+u")
	x.typ("#808080")
	x.keys("ctrl+s")
	x.waitText("hard to read on both light and dark terminals")
	x.keys("esc")
	x.waitText("Every session's header reads")
	x.keys("e", "tab", "ctrl+u")
	x.typ("#1d4ed8")
	x.keys("tab", "ctrl+u")
	x.typ("Open Sat")
	x.keys("ctrl+s")
	x.waitText("#1d4ed8 ████", "Open Sat")
	x.waitFor(wait, "the banner in the header", func(string) bool { return strings.Contains(x.header(), "Open Sat") })
}
