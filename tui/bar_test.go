package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// R51: the bar shows used of total, one cell a session where it fits; it
// never looks full with sessions left nor empty with sessions used.
func TestUsageBar(t *testing.T) {
	t.Parallel()
	st := DefaultStyles(lipgloss.NewRenderer(io.Discard))
	for _, c := range []struct {
		used, total, cells int
		want               string
	}{
		{0, 10, 20, "░░░░░░░░░░"},
		{4, 10, 20, "████░░░░░░"},
		{10, 10, 20, "██████████"},
		{3, 3, 20, "███"},
		{1, 100, 10, "█░░░░░░░░░"},
		{99, 100, 10, "█████████░"},
		{50, 100, 10, "█████░░░░░"},
		{12, 10, 5, "█████"}, // more used than total: full, never longer
		{0, 0, 10, ""},
		{5, 10, 0, ""},
		{50, 100, 500, strings.Repeat("█", 15) + strings.Repeat("░", 15)}, // capped at barMaxCells
	} {
		if got := ansi.Strip(usageBar(st, c.used, c.total, c.cells)); got != c.want {
			t.Errorf("usageBar(%d, %d, %d) = %q, want %q", c.used, c.total, c.cells, got, c.want)
		}
	}
}

// A package's lines fit any width and carry the marks.
func TestPackageLinesFit(t *testing.T) {
	t.Parallel()
	st := DefaultStyles(lipgloss.NewRenderer(io.Discard))
	loc, _ := time.LoadLocation("America/New_York")
	buyer := domain.Party{Handle: "pat", Name: "Pat \x1b[31mJohnson", As: domain.AsContact}
	p := domain.PackageView{Package: domain.ClientPackage{Name: "Family 6", SessionsTotal: 6, SessionsUsed: 6},
		BoughtBy: &buyer, Remaining: 0, ExpiresAt: time.Date(2027, 1, 22, 0, 0, 0, 0, loc), UsedUp: true}
	for _, w := range []int{10, 30, 40, 80, 200} {
		lines := packageLines(st, p, w) // a plain renderer: no escapes unless stored text leaks one
		text := strings.Join(lines, "\n")
		if strings.Contains(text, "\x1b") {
			t.Errorf("width %d: stored text reaches the terminal: %q", w, text)
		}
		for _, l := range lines {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("width %d: line %q is %d wide", w, l, lw)
			}
		}
		if w >= 30 && (!strings.Contains(text, "used up") || !strings.Contains(text, "6/6 used · 0 left")) {
			t.Errorf("width %d: %q", w, text)
		}
	}
	p.Expired, p.UsedUp = true, false
	if text := ansi.Strip(strings.Join(packageLines(st, p, 80), "\n")); !strings.Contains(text, "expired") || !strings.Contains(text, "expired Fri 2027-01-22") {
		t.Errorf("expired: %q", text)
	}
}
