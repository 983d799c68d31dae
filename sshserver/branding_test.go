package sshserver_test

import (
	"strings"
	"testing"
)

// R24: manage_branding names the practice, colours it and adds a banner;
// every session's header carries them, in the accent's shade for the
// terminal; a colour legible on neither kind of terminal is refused.
func TestBrandingInEveryHeader(t *testing.T) {
	t.Parallel()
	ts := startScreens(t)
	if _, errs, code := ts.run(t, ts.keys["adam"], "branding set --banner Hi --ws team"); code != 77 {
		t.Errorf("adam without manage_branding: exit %d %s", code, errs)
	}
	if _, errs, code := ts.run(t, ts.keys["olivia"], "branding set --accent '#808080'"); code != 1 || !strings.Contains(errs, "hard to read") {
		t.Errorf("a mid-grey accent: exit %d %s", code, errs)
	}
	if _, errs, code := ts.run(t, ts.keys["olivia"], "branding set --accent tomato"); code != 1 || !strings.Contains(errs, "#rrggbb") {
		t.Errorf("a named accent: exit %d %s", code, errs)
	}
	out := ts.mustRun(t, ts.keys["olivia"], "branding set --name 'Northwind Kids' --accent '#1D4ED8' --banner 'Open on Saturdays' --json")
	if !strings.Contains(out, `"accent":"#1d4ed8"`) || !strings.Contains(out, `"name":"Northwind Kids"`) {
		t.Fatalf("branding set: %s", out)
	}
	if out := ts.mustRun(t, ts.keys["pat"], "branding show --ws contact:alex"); !strings.Contains(out, "Open on Saturdays") {
		t.Errorf("pat's branding show: %s", out)
	}
	v := ts.openVT(t, "jane", 100, 24)
	s := v.waitText("behalf · Northwind Kids · Open on Saturdays")
	if first := strings.SplitN(s, "\n", 2)[0]; !strings.Contains(first, "Jane Smith (jane)") {
		t.Fatalf("the header is %q", first)
	}
	// The brand is drawn in the accent's shade for a dark terminal
	// (assumed: this terminal answers no question).
	v.mu.Lock()
	fg := v.emu.CellAt(len("behalf · "), 0).Style.Fg
	v.mu.Unlock()
	if fg == nil {
		t.Fatal("the brand has no colour of its own")
	}
	r, g, b, _ := fg.RGBA()
	if b>>8 < 0xb0 || r>>8 > b>>8 || g>>8 > b>>8 {
		t.Errorf("the brand's colour is %02x%02x%02x, not a light shade of the blue accent", r>>8, g>>8, b>>8)
	}
}
