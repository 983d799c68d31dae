package tui

import (
	"fmt"
	"slices"
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
	fk := m.frameKey()
	// A status longer than the line wraps over the content's last lines
	// until the next key: it is never cut.
	status := m.statusLines()
	over := min(max(len(status)-1, 0), h)
	parts := m.branded(m.headerParts())
	var lines frameLines
	lines.add(m.drawn.header.get(headerKey{fk, parts}, func() string { return renderHeader(m.Styles, m.Width, parts) }))
	lines.add(m.tabBar(fk))
	if h > over {
		content := m.content(fk)
		fitted := &m.drawn.content
		if m.state == stWorkspace && !m.showHelp && !m.pick.open {
			fitted = &m.ws.tabs[m.ws.active].fitted // each tab keeps its own
		}
		lines.add(fitted.get(contentKey{content, w, h - over}, func() string {
			if out := fitLines(content, w, h-over); out != content {
				return out
			}
			return content // the same string, kept once
		}))
	}
	if len(status) == 0 {
		lines.add("")
	} else {
		lines.add(fitLines(strings.Join(status, "\n"), m.Width, over+1))
	}
	lines.add(m.footer(fk))
	// Tabbing back and forth shows the same few frames: each is joined
	// once, while its parts stay the very strings they were.
	if out, ok := m.drawn.frames.find(lines); ok {
		return out
	}
	return m.drawn.frames.keep(lines, strings.Join(lines.parts[:lines.n], "\n"))
}

// frameLines are the parts of a frame, top to bottom: header, tab bar,
// content (unless a long status covers it all), status and footer.
type frameLines struct {
	parts [5]string
	n     int
}

func (l *frameLines) add(s string) {
	l.parts[l.n] = s
	l.n++
}

// frameDrawn are the parts of the root's frame kept as last drawn (drawn.go).
type frameDrawn struct {
	header  drawn[headerKey]
	tabs    recent[tabsKey]
	content drawn[contentKey]
	footer  recent[footerKey]
	frames  recent[frameLines]
	// footerKey is the buffer the footer's key is built in, frame after frame.
	footerKey []byte
}

type headerKey struct {
	frameKey
	parts headerParts
}

type tabsKey struct {
	frameKey
	active int
	titles string
}

type contentKey struct {
	content       string
	width, height int
}

type footerKey struct {
	frameKey
	bindings string
}

func (m *root) frameKey() frameKey {
	return frameKey{width: m.Width, height: m.Height, dark: m.Renderer.HasDarkBackground(), styles: m.Styles}
}

func (m *root) headerParts() headerParts {
	switch m.state {
	case stInvite:
		return headerParts{person: "New key", workspace: "Invitation"}
	case stGone:
		return headerParts{org: clean(m.me.Org.Name), person: personLabel(m.me.Person), workspace: "Signed out"}
	case stTerms:
		return headerParts{org: clean(m.me.Org.Name), person: personLabel(m.me.Person), workspace: "Terms"}
	case stWorkspace:
		return workspaceHeader(m.ws.ctx.Access())
	}
	return headerParts{org: clean(m.me.Org.Name), person: personLabel(m.me.Person), workspace: "Choose a workspace"}
}

func (m *root) tabBar(fk frameKey) string {
	if m.state != stWorkspace {
		return ""
	}
	var titles strings.Builder
	for _, t := range m.ws.tabs {
		titles.WriteString(tabTitle(t))
		titles.WriteByte(0)
	}
	return m.drawn.tabs.get(tabsKey{fk, m.ws.active, titles.String()}, func() string {
		return renderTabs(m.Styles, m.Width, m.ws.tabs, m.ws.active)
	})
}

func (m *root) content(fk frameKey) string {
	if m.showHelp && m.state != stInvite && m.state != stGone && m.state != stTerms {
		return m.helpWindow()
	}
	switch m.state {
	case stInvite:
		return m.invite.View()
	case stTerms:
		return m.terms.View()
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
		t := &m.ws.tabs[m.ws.active]
		return t.view.get(m.viewKey(t, fk), s.View)
	}
	return ""
}

// viewKey is what a tab's drawing (its view, the footer with it on top)
// is kept against.
func (m *root) viewKey(t *tab, fk frameKey) viewKey {
	return viewKey{gen: t.gen, fk: fk, minute: m.Svc.Now().Unix() / 60}
}

// statusLines is the status message wrapped to the width, each line
// styled; none when there is no message.
func (m *root) statusLines() []string {
	if m.status.Text == "" {
		return nil
	}
	st := m.Styles.Status
	if m.status.Err {
		st = m.Styles.StatusError
	}
	lines := strings.Split(ansi.Wrap(clean(m.status.Text), m.Width, ""), "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// shortHelp is the footer's keys: the active component's (opt), then the
// ones that must stay whatever the width (must): the way to the help and
// the way out.
// closeHelp is the footer's way out of the full help.
var closeHelp = key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help"))

func (m *root) shortHelp() (opt, must []key.Binding) {
	keys := m.Keys
	switch m.state {
	case stInvite:
		return m.invite.ShortHelp(), nil
	case stTerms:
		return m.terms.ShortHelp(), []key.Binding{m.terms.leave}
	case stGone:
		return nil, []key.Binding{keys.Quit}
	case stSelect:
		if m.selector.filtering() {
			return m.selector.ShortHelp(), nil
		}
		if m.showHelp {
			return nil, []key.Binding{closeHelp, keys.Quit}
		}
		return m.selector.ShortHelp(), []key.Binding{keys.Help, keys.Quit}
	}
	s := m.screen()
	if s != nil && s.Capturing() {
		// While typing, ? and q type: the way out is the screen's esc.
		return s.ShortHelp(), []key.Binding{keys.ForceQuit}
	}
	if m.showHelp {
		return []key.Binding{keys.Switch}, []key.Binding{closeHelp, keys.Quit}
	}
	if m.pick.open {
		return []key.Binding{keys.Up, keys.Down, keys.Select}, []key.Binding{keys.Back, keys.Quit}
	}
	if s != nil {
		opt = append(opt, s.ShortHelp()...)
	}
	if len(m.ws.tabs) > 1 {
		opt = append(opt, keys.NextTab)
	}
	return append(opt, keys.Switch), []key.Binding{keys.Help, keys.Quit}
}

// footer is the key line. When the keys do not fit, the optional ones give
// way from the end (an ellipsis says some did, ? lists them all); the must
// ones, and any esc that leads out of where the person is, always stay.
func (m *root) footer(fk frameKey) string {
	// A workspace's footer changes with its screen (kept with the tab) and
	// the number of tabs, whose change builds new tabs.
	if m.state == stWorkspace && !m.showHelp && !m.pick.open && m.screen() != nil {
		t := &m.ws.tabs[m.ws.active]
		return t.footer.get(m.viewKey(t, fk), func() string { return m.drawnFooter(fk) })
	}
	return m.drawnFooter(fk)
}

func (m *root) drawnFooter(fk frameKey) string {
	opt, must := m.shortHelp()
	// The key is built in the session's own buffer and looked up without
	// a copy: the footer is on every frame and rarely changes.
	m.drawn.footerKey = appendBindingsKey(m.drawn.footerKey[:0], opt, must)
	r := &m.drawn.footer
	for i := range r.last {
		if d := &r.last[i]; d.ok && d.key.frameKey == fk && d.key.bindings == string(m.drawn.footerKey) {
			return d.out
		}
	}
	return r.get(footerKey{fk, string(m.drawn.footerKey)}, func() string { return m.drawFooter(opt, must) })
}

func (m *root) drawFooter(opt, must []key.Binding) string {
	var keep []key.Binding
	for _, b := range opt {
		if slices.Contains(b.Keys(), "esc") {
			must = append([]key.Binding{b}, must...)
		} else {
			keep = append(keep, b)
		}
	}
	st := m.Styles.Help
	sep := st.ShortSeparator.Render(" • ")
	item := func(b key.Binding) string {
		return st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
	}
	var tail []string
	for _, b := range must {
		if b.Enabled() && b.Help().Key != "" {
			tail = append(tail, item(b))
		}
	}
	tailText := strings.Join(tail, sep)
	room := m.Width - lipgloss.Width(tailText) // each item below counts its separator
	var items []string
	total := 0
	for _, b := range keep {
		if b.Enabled() && b.Help().Key != "" {
			items = append(items, item(b))
			total += lipgloss.Width(items[len(items)-1]) + lipgloss.Width(sep)
		}
	}
	head, dropped := items, false
	if total > room {
		// Fill what fits beside the ellipsis that says some gave way.
		room -= 1 + lipgloss.Width(sep)
		used := 0
		head, dropped = nil, true
		for _, it := range items {
			w := lipgloss.Width(it) + lipgloss.Width(sep)
			if used+w > room {
				break
			}
			head, used = append(head, it), used+w
		}
	}
	parts := head
	if dropped {
		parts = append(parts, st.Ellipsis.Render("…"))
	}
	return trunc(strings.Join(append(parts, tail...), sep), m.Width)
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
