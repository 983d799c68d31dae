package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Contacts (R30–R38): who may act for which client, for the team and for an
// assistant in a practitioner's workspace. Whether the screen is offered,
// and every change, is the domain's decision; the screen only asks first so
// it can say why a key does nothing.

func init() {
	register(50, contactsSpec, domain.WSTeam, domain.WSAssistant)
}

func contactsSpec() ScreenSpec {
	return ScreenSpec{ID: "contacts", Title: "Contacts", Needs: domain.ActContactsList, New: newContactsScreen}
}

type contactsKeys struct {
	filter, edit, link, add, invite, unlink, next, prev key.Binding
	code                                                key.Binding // an invitation (or recovery code) for the row's contact
}

// linkPage is how many links one read brings: a large organisation has
// tens of thousands.
const linkPage = 50

// contactsScreen lists contact links; a pane (a form, a flow, its result)
// takes the screen's place while it is open.
type contactsScreen struct {
	Context
	modalHost                   // the link forms and the flows; "unlink?"
	all       []domain.LinkView // this page
	shown     []int             // indexes into all that pass the filter
	more      bool              // another page follows
	after     string            // this page starts after this link ("" first)
	prevs     []string          // where earlier pages started
	search    string            // the applied filter, searched by the domain
	rows      selCursor
	filter    filterBox
	// manage caches, per client, whether links may be changed (R33); it is
	// asked for the selected row only and forgotten on every reload.
	manage    map[domain.ID]domain.Decision
	codes     map[domain.ID]personInvite // per contact, like manage
	mayAdd    domain.Decision            // link or add a contact to some client
	mayInvite domain.Decision            // invite a new client
	refused   refusalNote
	err       error
	k         contactsKeys
}

func newContactsScreen(c Context) Screen {
	s := &contactsScreen{Context: c, filter: newFilterBox(c.Styles, 60)}
	s.k = contactsKeys{
		filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e/enter", "edit link")),
		link:   key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link a person")),
		add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add contact")),
		invite: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite client")),
		unlink: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "unlink")),
		code:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "invite contact")),
		next:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		prev:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous page")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *contactsScreen) Init() tea.Cmd { return nil }
func (s *contactsScreen) Title() string { return "Contacts" }

func (s *contactsScreen) Capturing() bool {
	return s.modalOpen() || s.filter.typing
}

func (s *contactsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

// load reads the links again; the decisions are asked again as needed.
func (s *contactsScreen) load() {
	s.all, s.more, s.err = s.Svc.LinkPage(s.Who, domain.LinkFilter{Search: s.search, After: s.after, Limit: linkPage})
	s.manage = map[domain.ID]domain.Decision{}
	s.codes = map[domain.ID]personInvite{}
	s.mayAdd = s.Decide(domain.ActContactsLink, domain.Target{}) // any client; the form names one
	s.mayInvite = s.Decide(domain.ActPeopleAdd, domain.Target{Capacity: domain.AsClient})
	s.refilter()
}

// searchFor makes q the applied search and reads its first page.
func (s *contactsScreen) searchFor(q string) {
	s.search, s.after, s.prevs = strings.TrimSpace(q), "", nil
	s.rows = selCursor{}
	s.load()
}

func (s *contactsScreen) refilter() {
	q := strings.ToLower(s.filter.value())
	s.shown = s.shown[:0]
	for i, l := range s.all {
		if q == "" || strings.Contains(strings.ToLower(l.Client.Name+" "+l.Client.Handle+" "+l.Contact.Name+" "+l.Contact.Handle), q) {
			s.shown = append(s.shown, i)
		}
	}
	s.rows.setLen(len(s.shown))
}

func (s *contactsScreen) selected() (domain.LinkView, bool) {
	if len(s.shown) == 0 {
		return domain.LinkView{}, false
	}
	return s.all[s.shown[s.rows.sel]], true
}

// mayManage is whether the selected link's client's links may be changed
// here (R33), asked once per client per load.
func (s *contactsScreen) mayManage(l domain.LinkView) domain.Decision {
	if d, ok := s.manage[l.Client.ID]; ok {
		return d
	}
	c := l.Client
	d := s.Decide(domain.ActContactsSet, domain.Target{Client: &c})
	s.manage[c.ID] = d
	return d
}

// contactInvite is what c does for the selected link's contact, asked
// once per contact per load.
func (s *contactsScreen) contactInvite(l domain.LinkView) personInvite {
	if pi, ok := s.codes[l.Contact.ID]; ok {
		return pi
	}
	pi := decideInvite(s.Context, s.k.code, l.Contact)
	s.codes[l.Contact.ID] = pi
	return pi
}

func (s *contactsScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *contactsScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	if s.filter.typing {
		// While typing the page on screen narrows at once; enter asks the
		// domain to search every page, esc clears.
		s.filter.update(k)
		if s.filter.typing {
			s.refilter()
		} else {
			s.searchFor(s.filter.value())
		}
		return nil
	}
	l, ok := s.selected()
	switch {
	case key.Matches(k, s.k.filter):
		s.filter.start()
		return nil
	case key.Matches(k, filterClearKey) && s.filter.clear():
		s.searchFor("")
		return nil
	case key.Matches(k, s.k.next):
		if s.more && len(s.all) > 0 {
			s.prevs = append(s.prevs, s.after)
			s.after = s.all[len(s.all)-1].Cursor()
			s.rows = selCursor{}
			s.load()
		}
		return nil
	case key.Matches(k, s.k.prev):
		if n := len(s.prevs); n > 0 {
			s.after, s.prevs = s.prevs[n-1], s.prevs[:n-1]
			s.rows = selCursor{}
			s.load()
		}
		return nil
	case key.Matches(k, s.k.edit):
		if !ok {
			return nil
		}
		if d := s.mayManage(l); !d.Allowed {
			return s.refused.show(d.Err())
		}
		s.openPane(newEditLinkPane(s.Context, l))
		return nil
	case key.Matches(k, s.k.unlink):
		if !ok {
			return nil
		}
		if d := s.mayManage(l); !d.Allowed {
			return s.refused.show(d.Err())
		}
		s.confirm.ask(fmt.Sprintf("Unlink %s from %s? Their workspace for %s ends at once.",
			personLabel(l.Contact), personLabel(l.Client), firstName(l.Client.Name)), "unlink", "", s.unlinkCmd(l))
		return nil
	case key.Matches(k, s.k.link):
		if !s.mayAdd.Allowed {
			return s.refused.show(s.mayAdd.Err())
		}
		s.openPane(newLinkPane(s.Context, l.Client.Handle))
		return nil
	case key.Matches(k, s.k.add):
		if !s.mayAdd.Allowed {
			return s.refused.show(s.mayAdd.Err())
		}
		s.openPane(newAddContactPane(s.Context, l.Client.Handle))
		return nil
	case key.Matches(k, s.k.code):
		if !ok {
			return nil
		}
		return s.contactInvite(l).ask(s.Context, &s.modalHost)
	case key.Matches(k, s.k.invite):
		if !s.mayInvite.Allowed {
			return s.refused.show(s.mayInvite.Err())
		}
		s.openPane(newInviteClientPane(s.Context))
		return nil
	}
	s.rows.move(k, s.Keys, s.pageRows())
	return nil
}

func (s *contactsScreen) unlinkCmd(l domain.LinkView) func() tea.Cmd {
	who, client, contact := s.Who, l.Client.Handle, l.Contact.Handle
	label := personLabel(l.Contact) + " no longer acts for " + personLabel(l.Client)
	return func() tea.Cmd {
		if err := s.Svc.Unlink(who, client, contact); err != nil {
			return s.refused.show(err)
		}
		s.load()
		return Status("%s", label)
	}
}

const contactRowLines = 2

func (s *contactsScreen) pageRows() int { return max(s.Height/contactRowLines-2, 1) }

func (s *contactsScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	var head []string
	title := "Who may act for which client · " + domain.Plural(len(s.all), "link", "links")
	if len(s.shown) != len(s.all) {
		title = fmt.Sprintf("Who may act for which client · %d of %s", len(s.shown), domain.Plural(len(s.all), "link", "links"))
	}
	if s.search != "" {
		title += fmt.Sprintf(" matching %q", clean(s.search))
	}
	if s.more || len(s.prevs) > 0 {
		title += fmt.Sprintf(" · page %d (] next, [ previous)", len(s.prevs)+1)
	}
	head = append(head, st.Title.Render(title))
	if !s.mayAdd.Allowed {
		head = append(head, wrapped("You can read these links. "+reasonSentence(clean(s.mayAdd.Reason))+".", 0, s.Width, st.Subtle)...)
	}
	if s.filter.shown() {
		head = append(head, s.filter.view(st, s.Width))
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := s.refused.lines(st, s.Width)
	foot = append(foot, s.confirmLines(st, s.Width)...)
	lv := selList{head: head, foot: foot, rowH: contactRowLines, empty: "  no contact links here"}
	if s.filter.value() != "" {
		lv.empty = "  no link matches the filter"
	}
	return lv.render(st, s.Width, s.Height, &s.rows, func(i int, sel bool) []string {
		l := s.all[s.shown[i]]
		state := st.Yes.Render("live")
		if !l.Live {
			state = st.No.Render("ended")
		}
		line := personLabel(l.Contact) + st.Subtle.Render(" for ") + personLabel(l.Client) + "  " + state
		return []string{selMark(st, sel) + line, "    " + st.Subtle.Render(linkText(l))}
	})
}

func (s *contactsScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	switch {
	case s.filter.typing:
		return s.filter.typingHelp()
	}
	b := []key.Binding{s.k.filter}
	if s.more {
		b = append(b, s.k.next)
	}
	if len(s.prevs) > 0 {
		b = append(b, s.k.prev)
	}
	if l, ok := s.selected(); ok && s.mayManage(l).Allowed {
		b = append(b, s.k.edit, s.k.unlink)
	}
	if l, ok := s.selected(); ok {
		b = append(b, allowedKeys(s.contactInvite(l).gate)...)
	}
	if s.mayAdd.Allowed {
		b = append(b, s.k.add)
	}
	if s.mayInvite.Allowed {
		b = append(b, s.k.invite)
	}
	return b
}

func (s *contactsScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() || s.filter.typing {
		return [][]key.Binding{s.ShortHelp()}
	}
	g := append(moveKeys(s.Keys), s.k.filter, s.k.next, s.k.prev)
	if s.filter.value() != "" {
		g = append(g, filterClearKey)
	}
	var ch []key.Binding
	if l, ok := s.selected(); ok && s.mayManage(l).Allowed {
		ch = append(ch, s.k.edit, s.k.unlink)
	}
	if s.mayAdd.Allowed {
		ch = append(ch, s.k.link, s.k.add)
	}
	if s.mayInvite.Allowed {
		ch = append(ch, s.k.invite)
	}
	// What the domain refuses here is listed with its reason.
	var manage domain.Decision
	var code gate
	if l, ok := s.selected(); ok {
		manage, code = s.mayManage(l), s.contactInvite(l).gate
		ch = append(ch, allowedKeys(code)...)
	}
	no := hiddenHelp(s.Width, gate{s.k.edit, manage}, gate{s.k.unlink, manage},
		gate{s.k.link, s.mayAdd}, gate{s.k.add, s.mayAdd}, gate{s.k.invite, s.mayInvite}, code)
	return [][]key.Binding{g, ch, no}
}

// --- link and edit forms

// linkPermChecks adds the five contact permissions (R30) as checkboxes with
// their descriptions, and says that private notes are never one (R31).
func linkPermChecks(f *form, prefix string, have domain.ContactPerms) {
	for _, in := range domain.ContactPermissions {
		f.check(prefix+"perm."+string(in.Perm), string(in.Perm), in.Description, have.Has(in.Perm))
	}
	f.note("Private notes and coaching conversations can never be granted: no permission exists for them.") // R31
}

// linkPermsChecked is the comma-separated permissions checked under prefix.
func linkPermsChecked(f *form, prefix string) string {
	var out []string
	for _, in := range domain.ContactPermissions {
		if f.checked(prefix + "perm." + string(in.Perm)) {
			out = append(out, string(in.Perm))
		}
	}
	return strings.Join(out, ",")
}

const linkExpiryHelp = "last day the link grants anything, as " + domain.DateHint + "; empty for no expiry"

// newEditLinkPane changes one link's permissions and expiry (R33): a
// narrower link takes effect at once, also in open sessions (R5).
func newEditLinkPane(c Context, l domain.LinkView) modalPane {
	f := newForm(c.Common, "Change what "+personLabel(l.Contact)+" may do for "+personLabel(l.Client))
	linkPermChecks(f, "", l.Link.Perms)
	f.text("expires", "Last day", l.Link.Expires, "", domain.MaxDateLen).help = linkExpiryHelp
	f.button("save", "Save")
	who, client, contact := c.Who, l.Client.Handle, l.Contact.Handle
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		exp := strings.TrimSpace(f.value("expires"))
		if exp == "" {
			exp = "none" // an emptied field removes the expiry
		}
		got, err := c.Svc.SetLink(who, domain.LinkChange{Client: client, Contact: contact, Perms: linkPermsChecked(f, ""), Expires: exp})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved: %s for %s · %s", clean(contact), clean(client), linkText(domain.LinkView{Link: got, Live: true})), nil
	}
	return f
}

// newLinkPane links an existing person to a client (R30, R32).
func newLinkPane(c Context, client string) modalPane {
	f := newForm(c.Common, "Link an existing person as a contact")
	f.text("client", "Client", client, "jdoe", domain.MaxHandleLen).help = "the client's handle"
	f.text("contact", "Contact", "", "jdoe", domain.MaxHandleLen).help =
		"the handle of someone already in the organisation; to add someone new, use a (add contact)"
	linkPermChecks(f, "", nil)
	f.text("expires", "Last day", "", "", domain.MaxDateLen).help = linkExpiryHelp
	f.button("save", "Link")
	who := c.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		l, err := c.Svc.LinkContact(who, domain.LinkChange{
			Client: strings.TrimSpace(f.value("client")), Contact: strings.TrimSpace(f.value("contact")),
			Perms: linkPermsChecked(f, ""), Expires: f.value("expires"),
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Linked %s to %s · %s", clean(f.value("contact")), clean(f.value("client")), linkText(domain.LinkView{Link: l, Live: true})), nil
	}
	return f
}
