package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Groups (R22): the coaching groups this workspace may know of — the ones
// one coaches (an assistant: the practitioner's), is a member of, or, with
// manage_groups or view_all_groups, every group. A group opens on its
// coaches and members by name, its sessions and its discussion, each part
// shown where the domain permits it here; forms create a group, change
// who is in it, book a group session; p posts. Contacts have no Groups
// screen (R31).

func init() {
	register(125, groupsSpec, domain.WSTeam, domain.WSAssistant, domain.WSMe)
}

func groupsSpec() ScreenSpec {
	return ScreenSpec{ID: "groups", Title: "Groups", Needs: domain.ActGroupsList, New: newGroupsScreen}
}

// groupsPage is how many groups the list asks for at a time.
const groupsPage = 100

type groupsKeys struct {
	open, back, add, post, edit, book, del, more key.Binding
}

type groupsScreen struct {
	Context
	modalHost
	k       groupsKeys
	groups  []domain.GroupView
	more    bool
	rows    selCursor
	err     error
	mayAdd  bool
	refused refusalNote

	// the open group
	open     *domain.GroupView
	sessions []domain.GroupSessionView
	posts    []domain.PostView
	pages    idPager
	sel      int
	offset   int
	mayBook  bool
	openErr  error
	lost     string
}

func newGroupsScreen(c Context) Screen {
	s := &groupsScreen{Context: c, pages: newIDPager()}
	s.k = groupsKeys{
		open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "groups")),
		add:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "new group")),
		post: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "post")),
		edit: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "change group")),
		book: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "book session")),
		del:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete group")),
		more: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "more groups")),
	}
	s.onClose = s.reload
	s.loadList(false)
	return s
}

func (s *groupsScreen) Init() tea.Cmd   { return nil }
func (s *groupsScreen) Title() string   { return "Groups" }
func (s *groupsScreen) Capturing() bool { return s.modalOpen() }

func (s *groupsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

// loadList reads the first page of groups, or (more) the next one.
func (s *groupsScreen) loadList(more bool) {
	s.mayAdd = s.Decide(domain.ActGroupsAdd, domain.Target{}).Allowed
	f := domain.GroupFilter{Limit: groupsPage}
	if more && len(s.groups) > 0 {
		f.After = s.groups[len(s.groups)-1].Group.Handle
	}
	got, err := s.Svc.ListGroups(s.Who, f)
	s.err = err
	if more {
		s.groups = append(s.groups, got...)
	} else {
		s.groups = got
	}
	s.more = len(got) == groupsPage
	s.rows.setLen(len(s.groups))
}

// openGroup shows handle's group from its newest posts.
func (s *groupsScreen) openGroup(handle string) {
	v, err := s.Svc.ShowGroup(s.Who, handle)
	if err != nil {
		if s.open != nil {
			s.lost = "The group " + clean(s.open.Group.Name) + " is no longer open to this workspace"
		}
		s.open, s.openErr = nil, err
		return
	}
	s.open, s.openErr = &v, nil
	g := v.Group
	s.mayBook = s.Decide(domain.ActSessionsBook, domain.Target{Group: &g}).Allowed
	s.sessions, s.posts = nil, nil
	if v.ReadHappenings {
		var err error
		if s.sessions, err = s.Svc.GroupSessions(s.Who, handle, 0); err != nil {
			s.openErr = err
			return
		}
		got, err := s.Svc.Posts(s.Who, handle, domain.PageQuery{Before: s.pages.before(), Limit: idPageSize + 1})
		s.posts, s.openErr = idPageTrim(&s.pages, got), err
	}
	s.sel = min(s.sel, max(len(s.posts)-1, 0))
}

// reload reads again what is shown (after a form, or a change anywhere).
func (s *groupsScreen) reload() {
	if s.open != nil {
		s.openGroup(s.open.Group.Handle)
	}
	s.loadList(false)
}

func (s *groupsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.reload()
		return s, s.noticeLost()
	case tea.KeyMsg:
		return s, tea.Batch(s.handleKey(msg), s.noticeLost())
	}
	return s, nil
}

func (s *groupsScreen) noticeLost() tea.Cmd {
	if s.lost == "" {
		return nil
	}
	lost := s.lost
	s.lost = ""
	return refuse(lost)
}

func (s *groupsScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	if s.open != nil {
		return s.groupKey(k)
	}
	switch {
	case key.Matches(k, s.k.open) && len(s.groups) > 0:
		s.pages.reset()
		s.sel, s.offset = 0, 0
		s.openGroup(s.groups[s.rows.sel].Group.Handle)
		if s.openErr != nil && s.open == nil {
			return Failed(s.openErr)
		}
	case key.Matches(k, s.k.add) && s.mayAdd:
		s.openPane(s.addForm())
	case key.Matches(k, s.k.more) && s.more:
		s.loadList(true)
	default:
		s.rows.move(k, s.Keys, max(s.Height/2-2, 1))
	}
	return nil
}

func (s *groupsScreen) groupKey(k tea.KeyMsg) tea.Cmd {
	v := s.open
	switch {
	case key.Matches(k, s.k.back):
		s.open = nil
		s.loadList(false)
	case key.Matches(k, s.Keys.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(k, s.Keys.Down):
		s.sel = min(s.sel+1, max(len(s.posts)-1, 0))
	case key.Matches(k, s.k.post) && v.Post:
		g := v.Group
		s.openPane(newTextComposer(s.Common, "Post in "+clean(g.Name),
			"The group's coaches and members read it; contacts never do.", // R31
			func(body string) (string, error) {
				_, err := s.Svc.AddPost(s.Who, g.Handle, body)
				s.pages.reset()
				s.sel, s.offset = 0, 0
				return "Posted in " + clean(g.Name), err
			}))
	case key.Matches(k, s.k.edit) && v.Edit:
		s.openPane(s.editForm(*v))
	case key.Matches(k, s.k.book) && s.mayBook:
		s.openPane(s.bookForm(*v))
	case key.Matches(k, s.k.del) && v.Delete:
		g := v.Group
		s.confirm.ask("Delete the group "+g.Name+"? Its discussion goes and its upcoming sessions are cancelled for everyone.", "delete it", "", func() tea.Cmd {
			if err := s.Svc.DeleteGroup(s.Who, g.Handle, g.Handle); err != nil {
				return Failed(err)
			}
			s.open = nil
			s.loadList(false)
			return Status("Deleted the group %s", clean(g.Name))
		})
	case turnPage(&s.pages, k, s.posts, func(p domain.PostView) domain.ID { return p.Post.ID }):
		s.sel, s.offset = 0, 0
		s.openGroup(v.Group.Handle)
	}
	return nil
}

// --- forms

// handleList reads "jane, alex casey" as handles.
func handleList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func (s *groupsScreen) addForm() modalPane {
	f := newForm(s.Common, "New group")
	if a := s.Access(); a.Principal.ID != a.Actor.ID {
		f.note("It is recorded as " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + ".") // R44
	}
	f.text("handle", "Handle", "", "leaders", domain.MaxHandleLen).help = "lower-case letters, digits and '-'; how commands name the group"
	f.text("name", "Name", "", "Leaders' circle", domain.MaxNameLen)
	f.text("member", "Members", "", "jane, alex", 1000).help = "the clients' handles, separated by commas"
	f.text("coach", "Coaches", "", "empty: you", 400).help = "team coaches' handles; others than you need manage_group_members"
	f.button("save", "Create group")
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		v, err := s.Svc.AddGroup(s.Who, domain.NewGroup{Handle: f.value("handle"), Name: f.value("name"),
			Members: handleList(f.value("member")), Coaches: handleList(f.value("coach"))})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Created the group %s with %s", clean(v.Group.Name), domain.Plural(len(v.Members), "member", "members")), nil
	}
	return f
}

func (s *groupsScreen) editForm(v domain.GroupView) modalPane {
	f := newForm(s.Common, "Change "+clean(v.Group.Name))
	f.text("name", "Name", v.Group.Name, "Leaders' circle", domain.MaxNameLen)
	f.text("add-member", "Add members", "", "jane, alex", 1000).help = "clients' handles, separated by commas"
	f.text("remove-member", "Remove members", "", "casey", 1000).help = "what they posted stays, under their name"
	if v.EditCoaches {
		f.text("add-coach", "Add coaches", "", "mira", 400)
		f.text("remove-coach", "Remove coaches", "", "rob", 400).help = "a group keeps at least one coach"
	}
	f.button("save", "Save")
	f.fieldFor = func(name string) string {
		switch name {
		case "member":
			return "add-member"
		case "coach":
			return "add-coach"
		}
		return name
	}
	handle := v.Group.Handle
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		in := domain.GroupEdit{AddMembers: handleList(f.value("add-member")), RemoveMembers: handleList(f.value("remove-member"))}
		if name := f.value("name"); name != v.Group.Name {
			in.Name = &name
		}
		if v.EditCoaches {
			in.AddCoaches, in.RemoveCoaches = handleList(f.value("add-coach")), handleList(f.value("remove-coach"))
		}
		got, err := s.Svc.EditGroup(s.Who, handle, in)
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved: %s, %s", clean(got.Group.Name), domain.Plural(len(got.Members), "member", "members")), nil
	}
	return f
}

func (s *groupsScreen) bookForm(v domain.GroupView) modalPane {
	f := newForm(s.Common, "Book a session of "+clean(v.Group.Name))
	f.note("Every member is booked; each one, or their contact with schedule, may withdraw.")
	opts := make([]choiceOpt, 0, len(v.Coaches))
	for _, c := range v.Coaches {
		opts = append(opts, choiceOpt{label: clean(c.Label()), value: c.Handle})
	}
	f.choice("coach", "Coach", opts).choose(s.Access().Principal.Handle)
	f.text("start", "Start", "", "2026-12-09 16:00", domain.MaxTimeLen).help = domain.TimeHint + " in the organisation's zone"
	f.text("minutes", "Minutes", "60", "60", 3)
	f.button("save", "Book")
	handle := v.Group.Handle
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		n, err := strconv.Atoi(strings.TrimSpace(f.value("minutes")))
		if err != nil {
			n = 0 // the domain says what a session's length may be
		}
		got, err := s.Svc.BookGroupSession(s.Who, domain.GroupBooking{Group: handle, Coach: f.value("coach"), Start: f.value("start"), Minutes: n})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Booked a session of %s for %s", clean(v.Group.Name), domain.Plural(len(got), "member", "members")), nil
	}
	return f
}

// --- view

func (s *groupsScreen) View() string {
	if s.Width <= 0 || s.Height <= 0 {
		return ""
	}
	if v, ok := s.modalView(); ok {
		return v
	}
	if s.open != nil {
		return s.groupView()
	}
	st := s.Styles
	head := []string{st.Title.Render(trunc(s.listTitle(), s.Width))}
	if s.err != nil {
		head = append(head, wrapped(errText(s.err), 0, s.Width, st.StatusError)...)
	}
	head = append(head, "")
	var foot []string
	if s.more {
		foot = append(foot, st.Subtle.Render("m: more groups"))
	}
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no groups here"}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		g := s.groups[i]
		line := selMark(st, sel) + clean(g.Group.Name) + st.Subtle.Render(" ("+clean(g.Group.Handle)+")")
		return []string{line, "    " + st.Subtle.Render(domain.Plural(len(g.Members), "member", "members")+" · coached by "+partyLabels(g.Coaches))}
	})
}

func (s *groupsScreen) listTitle() string {
	a := s.Access()
	switch {
	case s.Workspace().Kind == domain.WSMe:
		return "Your groups"
	case a.SeesEveryGroup(): // the domain's scope of ListGroups, not the screen's
		return "Every group"
	case s.Workspace().Kind == domain.WSAssistant:
		return "Groups " + firstName(a.Principal.Name) + " coaches"
	}
	return "Groups you coach"
}

func partyLabels(ps []domain.Party) string {
	if len(ps) == 0 {
		return "nobody"
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = partyLabel(p)
	}
	return strings.Join(out, ", ")
}

// groupView is the open group: who is in it, its sessions and its
// discussion, newest first.
func (s *groupsScreen) groupView() string {
	st, w := s.Styles, s.Width
	v := s.open
	head := []string{trunc(st.Title.Render(clean(v.Group.Name))+st.Subtle.Render(" ("+clean(v.Group.Handle)+")"), w)}
	head = append(head, wrapped("Coaches: "+partyLabels(v.Coaches), 0, w, st.Value)...)
	head = append(head, wrapped("Members: "+partyLabels(v.Members), 0, w, st.Value)...)
	head = append(head, "")
	var body []string
	at := 0
	switch {
	case s.openErr != nil:
		body = wrapped(errText(s.openErr), 0, w, st.StatusError)
	case !v.ReadHappenings:
		body = wrapped("What happens in the group — its sessions and discussion — is for its coaches, its members and view_all_groups; "+
			"manage_groups sets groups up without reading them.", 0, w, st.Subtle) // R16
	default:
		body = append(body, st.Label.Render("Sessions"))
		if len(s.sessions) == 0 {
			body = append(body, st.Subtle.Render("  none from 30 days ago on"))
		}
		for _, gs := range s.sessions {
			line := "  " + gs.Session.Start.Format(dayTimeLayout) + "–" + gs.Session.End.Format("15:04") + "  with " + clean(gs.Session.Coach.Name) +
				"  " + sessionStatusText(st, gs.Session.Session.Status) + st.Subtle.Render("  "+domain.Plural(len(gs.Attending), "member", "members"))
			body = append(body, trunc(line, w))
		}
		body = append(body, "", st.Label.Render("Discussion, newest first"))
		if len(s.posts) == 0 {
			body = append(body, st.Subtle.Render("  no posts yet"))
		}
		for i, p := range s.posts {
			if i == s.sel {
				at = len(body)
			}
			by := st.Label.Render(p.At.Format(dayTimeLayout) + " · " + partyLabel(p.Author))
			body = append(body, selMark(st, i == s.sel)+by)
			for _, l := range storedTextLines(st, p.Post.Body, max(w-4, 10)) {
				body = append(body, "    "+l)
			}
		}
		if s.pages.number() > 1 || s.pages.more {
			body = append(body, st.Subtle.Render(s.pages.label()))
		}
	}
	if s.confirm.active() {
		body = append(s.confirmLines(st, w), body...)
		at = 0
	}
	body = scrollBody(st, body, at, max(s.Height-len(head), 0), &s.offset)
	return fitLines(strings.Join(append(head, body...), "\n"), w, s.Height)
}

// --- help

func (s *groupsScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	if s.open == nil {
		var b []key.Binding
		if len(s.groups) > 0 {
			b = append(b, s.k.open)
		}
		if s.mayAdd {
			b = append(b, s.k.add)
		}
		if s.more {
			b = append(b, s.k.more)
		}
		return append(b, s.Keys.Down)
	}
	v := s.open
	var b []key.Binding
	if v.Post {
		b = append(b, s.k.post)
	}
	if s.mayBook {
		b = append(b, s.k.book)
	}
	if v.Edit {
		b = append(b, s.k.edit)
	}
	if v.Delete {
		b = append(b, s.k.del)
	}
	b = append(b, s.pages.help()...)
	return append(b, s.k.back)
}

func (s *groupsScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{s.ShortHelp(), {s.Keys.Up, s.Keys.Down}}
}
