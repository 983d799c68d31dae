package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// View draws exactly Height lines of at most Width cells: header, tab bar,
// content, status line, footer.
func (m *root) View() string {
	if m.Width <= 0 || m.Height <= 0 {
		return ""
	}
	if m.Width < minWidth || m.Height < minHeight {
		msg := fmt.Sprintf("behalf needs a terminal of at least %d×%d (this one is %d×%d).", minWidth, minHeight, m.Width, m.Height)
		return fitLines(ansi.Wrap(msg, m.Width, ""), m.Width, m.Height)
	}
	w, h := m.contentSize()
	lines := []string{
		renderHeader(m.Styles, m.Width, m.headerParts()),
		m.tabBar(),
		fitLines(m.content(), w, h),
		m.statusLine(),
		trunc(m.help.ShortHelpView(m.shortHelp()), m.Width),
	}
	return strings.Join(lines, "\n")
}

func (m *root) headerParts() headerParts {
	switch m.state {
	case stInvite:
		return headerParts{person: "New key", workspace: "Invitation"}
	case stGone:
		return headerParts{org: clean(m.me.Org.Name), person: personLabel(m.me.Person), workspace: "Signed out"}
	case stWorkspace:
		return workspaceHeader(m.ws.ctx.Access())
	}
	return headerParts{org: clean(m.me.Org.Name), person: personLabel(m.me.Person), workspace: "Choose a workspace"}
}

func (m *root) tabBar() string {
	if m.state != stWorkspace {
		return ""
	}
	return renderTabs(m.Styles, m.Width, m.ws.tabs, m.ws.active)
}

func (m *root) content() string {
	if m.showHelp && m.state != stInvite && m.state != stGone {
		return m.helpWindow()
	}
	switch m.state {
	case stInvite:
		return m.invite.View()
	case stGone:
		d := newDoc(m.Styles, m.Width)
		d.heading("You are signed out")
		d.blank()
		d.para(m.gone)
		d.blank()
		d.para("Press q to leave.")
		return d.String()
	case stSelect:
		return m.selector.View()
	}
	if m.pick.open {
		return m.pickerView()
	}
	if s := m.screen(); s != nil {
		return s.View()
	}
	return ""
}

func (m *root) statusLine() string {
	if m.status.Text == "" {
		return ""
	}
	st := m.Styles.Status
	if m.status.Err {
		st = m.Styles.StatusError
	}
	return st.Render(trunc(clean(m.status.Text), m.Width))
}

// shortHelp is the footer: the active component's keys, then the global ones.
func (m *root) shortHelp() []key.Binding {
	keys := m.Keys
	closeHelp := key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help"))
	switch m.state {
	case stInvite:
		return m.invite.ShortHelp()
	case stGone:
		return []key.Binding{keys.Quit}
	case stSelect:
		if m.selector.filtering() {
			return m.selector.ShortHelp()
		}
		if m.showHelp {
			return []key.Binding{closeHelp, keys.Quit}
		}
		return append(m.selector.ShortHelp(), keys.Help, keys.Quit)
	}
	s := m.screen()
	if s != nil && s.Capturing() {
		return append(s.ShortHelp(), keys.ForceQuit)
	}
	if m.showHelp {
		return []key.Binding{closeHelp, keys.Switch, keys.Quit}
	}
	if m.pick.open {
		return []key.Binding{keys.Up, keys.Down, keys.Select, keys.Back, keys.Quit}
	}
	var b []key.Binding
	if s != nil {
		b = append(b, s.ShortHelp()...)
	}
	if len(m.ws.tabs) > 1 {
		b = append(b, keys.NextTab)
	}
	return append(b, keys.Switch, keys.Help, keys.Quit)
}

// fullHelp fills the content area: every key, the screens of this
// workspace, and the ones it may not open, with the domain's reason.
func (m *root) fullHelp() string {
	keys := m.Keys
	global := []key.Binding{keys.Switch, keys.Help, keys.Quit, keys.ForceQuit}
	if m.state == stWorkspace && len(m.ws.tabs) > 1 {
		global = append([]key.Binding{keys.NextTab, keys.PrevTab, keys.GoTab, keys.Screens}, global...)
	}
	var here [][]key.Binding
	switch m.state {
	case stSelect:
		here = m.selector.FullHelp()
	case stWorkspace:
		if s := m.screen(); s != nil {
			here = s.FullHelp()
		}
	}
	left := m.keyColumn("Everywhere", [][]key.Binding{global})
	right := m.keyColumn("On this screen", here)
	var cols string
	if right == "" {
		cols = left
	} else if lipgloss.Width(left)+lipgloss.Width(right)+4 <= m.Width {
		cols = lipgloss.JoinHorizontal(lipgloss.Top, left, "    ", right)
	} else {
		cols = left + "\n\n" + right
	}
	d := newDoc(m.Styles, m.Width)
	d.line(cols)
	if m.state == stWorkspace {
		d.blank()
		var titles []string
		for i, t := range m.ws.tabs {
			titles = append(titles, fmt.Sprintf("%d %s", i+1, clean(t.spec.Title)))
		}
		d.row("Screens", strings.Join(titles, ", "))
		if len(m.ws.not) > 0 {
			d.blank()
			d.heading("Not available here")
			for _, u := range m.ws.not {
				d.item("·", u.title+": "+u.reason)
			}
		}
	}
	return d.String()
}

// helpWindow is the part of the full help that fits, with a line saying
// how to see the rest: at 80×24 a long help must not end in a dead end.
func (m *root) helpWindow() string {
	_, h := m.contentSize()
	lines := strings.Split(m.fullHelp(), "\n")
	if len(lines) <= h || h < 2 {
		m.helpTop = 0
		return strings.Join(lines, "\n")
	}
	m.helpTop = min(max(m.helpTop, 0), len(lines)-(h-1))
	shown := lines[m.helpTop : m.helpTop+h-1]
	rest := len(lines) - m.helpTop - len(shown)
	note := fmt.Sprintf("↑/↓ scroll the help · %d more below · ? or esc closes", rest)
	if rest == 0 {
		note = "↑/↓ scroll the help · ? or esc closes"
	}
	return strings.Join(append(shown, m.Styles.Subtle.Render(note)), "\n")
}

func (m *root) keyColumn(title string, groups [][]key.Binding) string {
	var rows []string
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			k := m.Styles.Help.FullKey.Render(fmt.Sprintf("%-10s", b.Help().Key))
			rows = append(rows, k+" "+m.Styles.Help.FullDesc.Render(b.Help().Desc))
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return m.Styles.Title.Render(title) + "\n" + strings.Join(rows, "\n")
}

// fitLines cuts or pads s to exactly h lines of at most w cells.
func fitLines(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = trunc(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
