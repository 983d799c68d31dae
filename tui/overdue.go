package tui

import (
	"strings"

	"behalf/domain"
)

// Overdue actions stand out where a person looks first (R23): on a
// client's home, and at the top of a coach's agenda.

// overdueLimit is how many overdue actions a home or an agenda names.
const overdueLimit = 5

// overdueLine is one warning line naming overdue actions, or "" when there
// are none; with clients, each is named by whose it is (a coach's agenda).
func overdueLine(st *Styles, list []domain.ActionView, withClients bool, width int) string {
	if len(list) == 0 {
		return ""
	}
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = clean(v.Item.Title) + " (due " + v.Item.Due + ")"
		if withClients {
			parts[i] = clean(v.Client.Name) + ": " + parts[i]
		}
	}
	what := domain.Plural(len(list), "overdue action", "overdue actions")
	if len(list) == overdueLimit {
		what = "overdue actions"
	}
	return trunc(st.Warn.Render("⚠ "+what+": "+strings.Join(parts, " · ")), width)
}
