package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"behalf/domain"
)

// headerParts are the pieces of the header line, already sanitised:
// "behalf · <org> │ <person> │ <workspace> [<perms>]".
type headerParts struct {
	org       string
	person    string // "Pat Johnson (pat)"
	workspace string // the workspace's title, or what the screen is
	perms     string // the permissions summary
	short     string // a shorter summary for narrow terminals
	banner    string // the organisation's banner, beside its name
	accent    string // the brand's colour: not drawn as text, but a change redraws the header
}

// renderHeader lays the header out on one line of width cells. Who you are
// and where you are matter most, so when the line is too long it gives up,
// in order: the organisation's name, the brand, the long permissions
// summary (for the short one), and only then cuts the end.
func renderHeader(st *Styles, width int, h headerParts) string {
	for _, s := range []*string{&h.org, &h.person, &h.workspace, &h.perms, &h.short, &h.banner} {
		*s = clean(*s) // callers clean too; the header is the last line of defence
	}
	brands := []string{"behalf", ""}
	if h.org != "" {
		brands = []string{"behalf · " + h.org, "behalf", ""}
		if h.banner != "" { // the banner gives way first
			brands = append([]string{"behalf · " + h.org + " · " + h.banner}, brands...)
		}
	}
	summaries := []string{h.perms}
	if h.short != "" && h.short != h.perms {
		summaries = append(summaries, h.short)
	}
	var line string
	for _, perms := range summaries {
		for _, brand := range brands {
			line = headerLine(st, brand, h, perms)
			if lipgloss.Width(line) <= width {
				return line
			}
		}
	}
	return trunc(line, width)
}

func headerLine(st *Styles, brand string, h headerParts, perms string) string {
	sep := st.HeaderSep.Render(" │ ")
	var parts []string
	if brand != "" {
		parts = append(parts, st.HeaderBrand.Render(brand))
	}
	if h.person != "" {
		parts = append(parts, st.HeaderPerson.Render(h.person))
	}
	ws := st.HeaderWorkspace.Render(h.workspace)
	if perms != "" {
		ws += st.HeaderPerms.Render(" [" + perms + "]")
	}
	parts = append(parts, ws)
	return strings.Join(parts, sep)
}

// personLabel is "Name (handle)", sanitised; the name alone for the
// organisation standing in for someone this workspace does not see.
func personLabel(p domain.Person) string {
	if p.Handle == "" {
		return clean(p.Name)
	}
	return clean(p.Name) + " (" + clean(p.Handle) + ")"
}

// partyLabel is someone beside what they did, as the domain shows them:
// "Rob Reyes (coach)", or the organisation (domain.Party), sanitised.
func partyLabel(p domain.Party) string { return clean(p.Label()) }

// firstName is the first word of a name, for "Asa for Olivia".
func firstName(name string) string {
	if f := strings.Fields(clean(name)); len(f) > 0 {
		return f[0]
	}
	return clean(name)
}

// workspaceHeader is the workspace part of the header for a checked access.
func workspaceHeader(a *domain.Access) headerParts {
	w := a.Workspace
	h := headerParts{org: clean(a.Org.Name), person: personLabel(a.Actor), workspace: clean(w.Title())}
	switch w.Kind {
	case domain.WSTeam:
		h.workspace = "Team" // the organisation is already in the brand
		h.perms = teamSummary(a.Actor, a.Perms())
	case domain.WSContact:
		h.perms, h.short = contactSummary(w)
	case domain.WSAssistant:
		// R43: the header says which privilege is in effect.
		h.workspace = firstName(a.Actor.Name) + " for " + firstName(a.Principal.Name) + " — " + assistantLevel(w)
	}
	return h
}

// teamSummary is "owner", "coach · 2 coaching", "staff · 4 admin".
func teamSummary(p domain.Person, perms domain.PermSet) string {
	if p.IsOwner() {
		return "owner" // the owner holds every permission (R18)
	}
	role := string(p.TeamRole)
	admin := len(perms.Admin())
	coaching := len(perms) - admin
	var counts []string
	if coaching > 0 {
		counts = append(counts, fmt.Sprintf("%d coaching", coaching))
	}
	if admin > 0 {
		counts = append(counts, fmt.Sprintf("%d admin", admin))
	}
	if len(counts) == 0 {
		return role + " · no permissions"
	}
	return role + " · " + strings.Join(counts, ", ")
}

// contactSummary lists a link's permissions and expiry, and a shorter form.
func contactSummary(w domain.Workspace) (long, short string) {
	long = "nothing"
	short = long
	if n := len(w.Permissions); n > 0 {
		long = clean(strings.Join(w.Permissions, ", "))
		short = domain.Plural(n, "permission", "permissions")
		if n == 1 {
			short = long
		}
	}
	if w.Expires != "" {
		until := " · until " + clean(w.Expires)
		long += until
		short += until
	}
	return long, short
}

func assistantLevel(w domain.Workspace) string {
	if w.AdminLevel {
		return "admin-level"
	}
	return "coaching access"
}

// renderTabs is the tab bar: "1 Home  2 Sessions", the active one marked.
// When the tabs do not fit, it shows a run of them around the active one,
// with ‹ and › where more are hidden on that side.
// tabTitle is a tab's title: a built screen may say more ("Invoices (3)").
func tabTitle(t tab) string {
	if t.screen != nil {
		return t.screen.Title()
	}
	return t.spec.Title
}

func renderTabs(st *Styles, width int, tabs []tab, active int) string {
	labels := make([]string, len(tabs))
	widths := make([]int, len(tabs))
	for i, t := range tabs {
		title := clean(tabTitle(t))
		labels[i] = fmt.Sprintf("%d %s", i+1, title)
		if i >= 9 {
			labels[i] = title
		}
		widths[i] = lipgloss.Width(labels[i])
	}
	const gap = 2                  // between tabs, and between a marker and a tab
	span := func(lo, hi int) int { // cells for tabs lo..hi with their markers
		w := gap * (hi - lo)
		for i := lo; i <= hi; i++ {
			w += widths[i]
		}
		if lo > 0 {
			w += 1 + gap
		}
		if hi < len(tabs)-1 {
			w += gap + 1
		}
		return w
	}
	lo, hi := 0, len(tabs)-1
	if len(tabs) > 0 && span(lo, hi) > width {
		active = min(max(active, 0), len(tabs)-1)
		lo, hi = active, active
		for grew := true; grew; {
			grew = false
			if hi+1 < len(tabs) && span(lo, hi+1) <= width {
				hi, grew = hi+1, true
			}
			if lo > 0 && span(lo-1, hi) <= width {
				lo, grew = lo-1, true
			}
		}
	}
	var parts []string
	if lo > 0 {
		parts = append(parts, st.TabSep.Render("‹"))
	}
	for i := lo; i <= hi && i < len(tabs); i++ {
		if i == active {
			parts = append(parts, st.TabActive.Render(labels[i]))
		} else {
			parts = append(parts, st.Tab.Render(labels[i]))
		}
	}
	if hi < len(tabs)-1 {
		parts = append(parts, st.TabSep.Render("›"))
	}
	return trunc(strings.Join(parts, st.TabSep.Render("  ")), width)
}
