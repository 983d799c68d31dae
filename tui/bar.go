package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// Package usage drawn as a bar (R51): one cell per session where it fits,
// scaled otherwise, used cells full and remaining ones light.

const (
	barFull  = "█"
	barEmpty = "░"
	// barMaxCells keeps a bar readable on a wide terminal.
	barMaxCells = 30
)

// usageBar draws used of total in at most cells cells. A package with
// sessions left never looks full, and one with sessions used never looks
// empty, however the scale rounds.
func usageBar(st *Styles, used, total, cells int) string {
	cells = min(cells, barMaxCells)
	if total <= 0 || cells <= 0 {
		return ""
	}
	used = min(max(used, 0), total)
	if total <= cells {
		cells = total
	}
	full := used * cells / total
	if used > 0 && full == 0 {
		full = 1
	}
	if used < total && full == cells {
		full = cells - 1
	}
	style := st.Accent
	if used == total {
		style = st.Warn
	}
	return style.Render(strings.Repeat(barFull, full)) + st.Subtle.Render(strings.Repeat(barEmpty, cells-full))
}

// packageLines is one client package as the file's packages tab shows it:
// its name and marks, then the bar with used/total, remaining and expiry.
func packageLines(st *Styles, p domain.PackageView, width int) []string {
	pk := p.Package
	name := st.Value.Bold(true).Render(clean(pk.Name))
	var marks []string
	switch {
	case pk.Pending:
		marks = append(marks, st.Warn.Render("waiting for payment"))
	case p.Expired:
		marks = append(marks, st.No.Render("expired"))
	case p.UsedUp:
		marks = append(marks, st.Warn.Render("used up"))
	default:
		marks = append(marks, st.Yes.Render("usable"))
	}
	if p.BoughtBy != nil {
		marks = append(marks, st.Subtle.Render("bought by "+partyLabel(*p.BoughtBy)))
	}
	head := name + "  " + strings.Join(marks, st.Subtle.Render(" · "))

	usage := fmt.Sprintf("%d/%d used · %d left", pk.SessionsUsed, pk.SessionsTotal, p.Remaining)
	expiry := "expires " + p.ExpiresAt.Format(dayLayout)
	switch {
	case pk.Pending: // its validity counts from the payment
		expiry = "usable once invoice " + pk.Invoice.String() + " is paid"
	case p.Expired:
		expiry = "expired " + p.ExpiresAt.Format(dayLayout)
	}
	text := usage + " · " + expiry
	// The bar takes what the text leaves, between 5 and barMaxCells cells.
	tw := ansi.StringWidth(text)
	cells := min(barMaxCells, max(width-tw-2, 5))
	bar := usageBar(st, pk.SessionsUsed, pk.SessionsTotal, cells)
	second := bar + "  " + st.Value.Render(usage) + st.Subtle.Render(" · "+expiry)
	lines := []string{head, second}
	if ansi.StringWidth(bar)+2+tw > width {
		// narrow: the text goes under the bar
		lines = []string{head, bar, st.Value.Render(usage) + st.Subtle.Render(" · "+expiry)}
	}
	for i, l := range lines {
		lines[i] = trunc(l, width)
	}
	return lines
}
