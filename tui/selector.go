package tui

import (
	"fmt"
	"io"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"behalf/domain"
)

// enterMsg asks the root to enter a workspace by id.
type enterMsg struct{ id string }

// selector is the workspace selector (R4): a filterable list of the
// workspaces the person may enter now. Its list is built the first time it
// is shown: most people have one workspace and go straight in, and a list
// with its styles and keys is a tenth of a session's memory.
type selector struct {
	Common
	list *list.Model // nil until shown
	// Until then, the workspaces it will list and the one to select.
	items []list.Item
	sel   int
	// current is the workspace open behind the selector, if any: esc goes
	// back to it.
	current string
	// gen counts what the selector was handed (keys, messages, sizes,
	// styles, workspaces): it is drawn again only when gen moved on.
	gen   uint64
	drawn drawn[uint64]
}

// wsItem is one workspace in the selector.
type wsItem struct {
	id, title, desc string
}

func (i wsItem) FilterValue() string { return i.title + " " + i.id }

func newSelector(c Common) *selector { return &selector{Common: c} }

// built is the list, made now if it was not yet.
func (s *selector) built() *list.Model {
	if s.list != nil {
		return s.list
	}
	l := list.New(s.items, itemDelegate{st: s.Styles}, s.Width, s.Height)
	l.Title = "Choose a workspace"
	l.SetStatusBarItemName("workspace", "workspaces")
	l.SetShowHelp(false)
	l.DisableQuitKeybindings()
	l.InfiniteScrolling = false
	// The list's help toggles are the root's "?".
	l.KeyMap.ShowFullHelp = key.NewBinding()
	l.KeyMap.CloseFullHelp = key.NewBinding()
	l.Select(s.sel)
	s.list, s.items = &l, nil
	s.restyle()
	return s.list
}

// restyle gives the list the session's styles again (the list keeps
// copies): after a change of theme.
func (s *selector) restyle() {
	s.gen++
	l, st := s.list, s.Styles
	if l == nil {
		return
	}
	l.Styles = st.List
	l.Paginator.ActiveDot = st.List.ActivePaginationDot.String()
	l.Paginator.InactiveDot = st.List.InactivePaginationDot.String()
	styleInput(&l.FilterInput, st)
	l.FilterInput.PromptStyle = st.List.FilterPrompt
	l.FilterInput.Cursor.Style = st.List.FilterCursor
}

// setWorkspaces replaces the items, keeping the selection on current (or
// on the workspace selected before) where it is still there.
func (s *selector) setWorkspaces(me domain.Me, current string) tea.Cmd {
	s.gen++
	keep := current
	if keep == "" {
		if it, ok := s.selected().(wsItem); ok {
			keep = it.id
		}
	}
	s.current = current
	items := make([]list.Item, len(me.Workspaces))
	sel := 0
	for i, w := range me.Workspaces {
		items[i] = wsItem{id: w.ID, title: clean(w.Title()), desc: describe(me.Person, w)}
		if w.ID == keep {
			sel = i
		}
	}
	if s.list == nil {
		s.items, s.sel = items, sel
		return nil
	}
	s.list.SetItems(items) // its command would filter later; refilter does it now
	s.refilter()
	s.list.Select(sel)
	return nil
}

// selected is the workspace selected in the list, or to be when it is built.
func (s *selector) selected() list.Item {
	if s.list != nil {
		return s.list.SelectedItem()
	}
	if s.sel < len(s.items) {
		return s.items[s.sel]
	}
	return nil
}

// refilter applies the filter text at once. The list filters in a command
// whose result can arrive after a later keystroke's, leaving a stale match
// on screen; a handful of workspaces filter in no time, so it is done here,
// synchronously, and the list's late results are dropped (Update).
func (s *selector) refilter() {
	state := s.list.FilterState()
	if state == list.Unfiltered {
		return
	}
	s.list.SetFilterText(s.list.FilterInput.Value())
	if state == list.Filtering {
		s.list.SetFilterState(list.Filtering)
	}
}

// describe is a workspace's one-line description in the selector.
func describe(p domain.Person, w domain.Workspace) string {
	switch w.Kind {
	case domain.WSTeam:
		perms := make(domain.PermSet, len(w.Permissions))
		for i, s := range w.Permissions {
			perms[i] = domain.Perm(s)
		}
		return "Your work in the team: " + teamSummary(p, perms)
	case domain.WSMe:
		return "Your own portal: your coaches and who may act for you"
	case domain.WSContact:
		long, _ := contactSummary(w)
		return "Act for " + clean(w.SubjectName) + ": " + long
	case domain.WSAssistant:
		return "Manage " + clean(w.SubjectName) + "'s work — " + assistantLevel(w)
	}
	return clean(w.ID)
}

func (s *selector) empty() bool {
	if s.list == nil {
		return len(s.items) == 0
	}
	return len(s.list.Items()) == 0
}

// filtering is true while the person types a filter: keys go to the list.
func (s *selector) filtering() bool { return s.list != nil && s.list.SettingFilter() }

// filterState is the list's filter state (none before it is built).
func (s *selector) filterState() list.FilterState {
	if s.list == nil {
		return list.Unfiltered
	}
	return s.list.FilterState()
}

func (s *selector) SetSize(width, height int) {
	s.gen++
	s.Common.SetSize(width, height)
	if s.list != nil {
		s.list.SetSize(width, height)
	}
}

func (s *selector) Update(msg tea.Msg) tea.Cmd {
	s.gen++
	switch msg := msg.(type) {
	case list.FilterMatchesMsg:
		return nil // stale by design: see refilter
	case tea.KeyMsg:
		if !s.filtering() && key.Matches(msg, s.Keys.Select) {
			if it, ok := s.selected().(wsItem); ok {
				id := it.id
				return func() tea.Msg { return enterMsg{id: id} }
			}
			return nil
		}
	}
	if _, ok := msg.(tea.KeyMsg); !ok && s.list == nil {
		return nil // nothing of the list's own is waiting before it is built
	}
	l := s.built()
	before := l.FilterInput.Value()
	var cmd tea.Cmd
	*l, cmd = l.Update(msg)
	if s.filtering() && l.FilterInput.Value() != before {
		s.refilter()
	}
	return cmd
}

func (s *selector) View() string {
	return s.drawn.get(s.gen, s.draw)
}

func (s *selector) draw() string {
	if s.empty() {
		d := newDoc(s.Styles, s.Width)
		d.heading("No workspace")
		d.blank()
		d.para("You have no workspace to enter right now.")
		d.para("If you expected one, ask the organisation's admins.")
		return d.String()
	}
	return s.built().View()
}

// backable: esc returns to the open workspace (not while a filter is set:
// then esc clears the filter).
func (s *selector) backable() bool {
	return s.current != "" && s.filterState() == list.Unfiltered
}

func (s *selector) ShortHelp() []key.Binding {
	if s.filtering() {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	if s.empty() {
		return nil
	}
	b := []key.Binding{s.Keys.Up, s.Keys.Down, s.Keys.Select, s.Keys.Filter}
	if s.filterState() == list.FilterApplied {
		b = append(b, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")))
	} else if s.backable() {
		b = append(b, s.Keys.Back)
	}
	return b
}

func (s *selector) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// itemDelegate draws a workspace as its title over its description.
type itemDelegate struct{ st *Styles }

func (d itemDelegate) Height() int                         { return 2 }
func (d itemDelegate) Spacing() int                        { return 1 }
func (d itemDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d itemDelegate) Render(w io.Writer, m list.Model, index int, li list.Item) {
	it, ok := li.(wsItem)
	if !ok {
		return
	}
	width := max(m.Width()-3, 1)
	title, desc := trunc(it.title, width), trunc(it.desc, width)
	ts, ds := d.st.ItemTitle, d.st.ItemDesc
	if index == m.Index() {
		ts, ds = d.st.ItemSelTitle, d.st.ItemSelDesc
	}
	if m.FilterState() != list.Unfiltered {
		// Underline what the filter matched in the title.
		var in []int
		n := len([]rune(title))
		for _, r := range m.MatchesForItem(index) {
			if r < n {
				in = append(in, r)
			}
		}
		title = lipgloss.StyleRunes(title, in, d.st.ItemMatch, d.st.Value)
	}
	fmt.Fprintf(w, "%s\n%s", ts.Render(title), ds.Render(desc))
}
