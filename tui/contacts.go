package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

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
	return ScreenSpec{ID: "contacts", Title: "Contacts", Available: Permitted(domain.ActContactsList, nil), New: newContactsScreen}
}

type contactsKeys struct {
	filter, apply, clear, edit, link, add, invite, unlink key.Binding
	next, prev                                            key.Binding
}

// linkPage is how many links one read brings: a large organisation has
// tens of thousands.
const linkPage = 50

// contactsScreen lists contact links; a pane (a form, a flow, its result)
// takes the screen's place while it is open.
type contactsScreen struct {
	Context
	all    []domain.LinkView // this page
	shown  []int             // indexes into all that pass the filter
	more   bool              // another page follows
	after  string            // this page starts after this link ("" first)
	prevs  []string          // where earlier pages started
	search string            // the applied filter, searched by the domain
	rows   selCursor
	filter textinput.Model
	typing bool // the filter field has the keys
	// manage caches, per client, whether links may be changed (R33); it is
	// asked for the selected row only and forgotten on every reload.
	manage    map[domain.ID]domain.Decision
	mayAdd    domain.Decision // link or add a contact to some client
	mayInvite domain.Decision // invite a new client
	pane      modalPane
	confirm   yesNoPrompt
	refused   refusalNote
	err       error
	k         contactsKeys
}

func newContactsScreen(c Context) Screen {
	s := &contactsScreen{Context: c, filter: newPaneInput(c.Styles, "Filter: ", "name or handle", 60)}
	s.k = contactsKeys{
		filter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
		clear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "edit link")),
		link:   key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "link a person")),
		add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add contact")),
		invite: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite client")),
		unlink: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "unlink")),
		next:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next page")),
		prev:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous page")),
	}
	s.load()
	return s
}

func (s *contactsScreen) Init() tea.Cmd { return nil }
func (s *contactsScreen) Title() string { return "Contacts" }

func (s *contactsScreen) Capturing() bool {
	return s.pane != nil || s.typing || s.confirm.active()
}

func (s *contactsScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.filter.Width = max(width-len(s.filter.Prompt)-1, 1)
	if s.pane != nil {
		s.pane.setSize(width, height)
	}
}

// load reads the links again; the decisions are asked again as needed.
func (s *contactsScreen) load() {
	s.all, s.more, s.err = s.Svc.LinkPage(s.Who, domain.LinkFilter{Search: s.search, After: s.after, Limit: linkPage})
	s.manage = map[domain.ID]domain.Decision{}
	s.mayAdd = s.Decide(domain.ActContactsLink, domain.Target{})
	if !s.mayAdd.Allowed && s.Access().Has(domain.PermManageOwnClients) {
		// manage_own_clients reaches the clients one is primary for (R33):
		// the form is offered, and the domain decides per client.
		s.mayAdd = domain.Decision{Allowed: true}
	}
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
	q := strings.ToLower(strings.TrimSpace(s.filter.Value()))
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
	if s.pane != nil {
		next, cmd := s.pane.update(k)
		s.pane = next
		if next == nil {
			s.load()
		} else {
			next.setSize(s.Width, s.Height)
		}
		return cmd
	}
	if s.confirm.active() {
		return s.confirm.update(k)
	}
	if s.typing {
		// While typing the page on screen narrows at once; enter asks the
		// domain to search every page, esc clears.
		switch k.Type {
		case tea.KeyEnter:
			s.typing = false
			s.filter.Blur()
			s.searchFor(s.filter.Value())
			return nil
		case tea.KeyEsc:
			s.typing = false
			s.filter.Blur()
			s.filter.SetValue("")
			s.searchFor("")
			return nil
		default:
			s.filter, _ = s.filter.Update(k)
		}
		s.refilter()
		return nil
	}
	l, ok := s.selected()
	switch {
	case key.Matches(k, s.k.filter):
		s.typing = true
		return s.filter.Focus()
	case key.Matches(k, s.k.clear) && s.filter.Value() != "":
		s.filter.SetValue("")
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
		s.open(newEditLinkPane(s.Context, l))
		return nil
	case key.Matches(k, s.k.unlink):
		if !ok {
			return nil
		}
		if d := s.mayManage(l); !d.Allowed {
			return s.refused.show(d.Err())
		}
		s.confirm.ask(fmt.Sprintf("Unlink %s from %s? Their workspace for %s ends at once.",
			personLabel(l.Contact), personLabel(l.Client), firstName(l.Client.Name)), s.unlinkCmd(l))
		return nil
	case key.Matches(k, s.k.link):
		if !s.mayAdd.Allowed {
			return s.refused.show(s.mayAdd.Err())
		}
		s.open(newLinkPane(s.Context, l.Client.Handle))
		return nil
	case key.Matches(k, s.k.add):
		if !s.mayAdd.Allowed {
			return s.refused.show(s.mayAdd.Err())
		}
		s.open(newAddContactPane(s.Context, l.Client.Handle))
		return nil
	case key.Matches(k, s.k.invite):
		if !s.mayInvite.Allowed {
			return s.refused.show(s.mayInvite.Err())
		}
		s.open(newInviteClientPane(s.Context))
		return nil
	}
	s.rows.move(k, s.Keys, s.pageRows())
	return nil
}

func (s *contactsScreen) open(p modalPane) {
	s.pane = p
	p.setSize(s.Width, s.Height)
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
	if s.pane != nil {
		return s.pane.view()
	}
	st := s.Styles
	var head []string
	title := fmt.Sprintf("Who may act for which client · %d link%s", len(s.all), pluralS(len(s.all)))
	if len(s.shown) != len(s.all) {
		title = fmt.Sprintf("Who may act for which client · %d of %d links", len(s.shown), len(s.all))
	}
	if s.search != "" {
		title += fmt.Sprintf(" matching %q", clean(s.search))
	}
	if s.more || len(s.prevs) > 0 {
		title += fmt.Sprintf(" · page %d (] next, [ previous)", len(s.prevs)+1)
	}
	head = append(head, st.Title.Render(title))
	if !s.mayAdd.Allowed {
		head = append(head, wrapStyled(st.Subtle, s.Width, "You can read these links. "+reasonSentence(clean(s.mayAdd.Reason))+".")...)
	}
	if s.typing || s.filter.Value() != "" {
		head = append(head, s.filter.View())
	}
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	head = append(head, "")
	foot := s.refused.lines(st, s.Width)
	if s.confirm.active() {
		foot = append(foot, s.confirm.view(st, s.Width)...)
	}
	lv := selList{head: head, foot: foot, rowH: contactRowLines, empty: "  no contact links here"}
	if s.filter.Value() != "" {
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
	switch {
	case s.pane != nil:
		return s.pane.shortHelp()
	case s.confirm.active():
		return s.confirm.help()
	case s.typing:
		return []key.Binding{s.k.apply, s.k.clear}
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
	if s.mayAdd.Allowed {
		b = append(b, s.k.add)
	}
	if s.mayInvite.Allowed {
		b = append(b, s.k.invite)
	}
	return b
}

func (s *contactsScreen) FullHelp() [][]key.Binding {
	if s.pane != nil || s.confirm.active() || s.typing {
		return [][]key.Binding{s.ShortHelp()}
	}
	g := []key.Binding{s.Keys.Up, s.Keys.Down, s.Keys.PageUp, s.Keys.PageDown, s.k.filter, s.k.next, s.k.prev}
	if s.filter.Value() != "" {
		g = append(g, s.k.clear)
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
	return [][]key.Binding{g, ch}
}

// --- link and edit forms

// linkPermChecks adds the five contact permissions (R30) as checkboxes with
// their descriptions, and says that private notes are never one (R31).
func linkPermChecks(f *paneForm, prefix string, have domain.ContactPerms) {
	for _, in := range domain.ContactPermissions {
		f.check(prefix+"perm."+string(in.Perm), string(in.Perm), in.Description, have.Has(in.Perm))
	}
	f.note("Private notes and coaching conversations can never be granted: no permission exists for them (R31).")
}

// linkPermsChecked is the comma-separated permissions checked under prefix.
func linkPermsChecked(f *paneForm, prefix string) string {
	var out []string
	for _, in := range domain.ContactPermissions {
		if f.checked(prefix + "perm." + string(in.Perm)) {
			out = append(out, string(in.Perm))
		}
	}
	return strings.Join(out, ",")
}

const linkExpiryHelp = "last day the link grants anything, as 2006-01-02; empty for no expiry (R38)"

// newEditLinkPane changes one link's permissions and expiry (R33): a
// narrower link takes effect at once, also in open sessions (R5).
func newEditLinkPane(c Context, l domain.LinkView) modalPane {
	f := newPaneForm(c.Common, "Change what "+personLabel(l.Contact)+" may do for "+personLabel(l.Client))
	linkPermChecks(f, "", l.Link.Perms)
	f.text("expires", "Last day", l.Link.Expires, "none", 10).help = linkExpiryHelp
	f.button("save", "Save")
	who, client, contact := c.Who, l.Client.Handle, l.Contact.Handle
	return &submitPane{form: f, submit: func(f *paneForm) (modalPane, tea.Cmd, error) {
		exp := strings.TrimSpace(f.value("expires"))
		if exp == "" {
			exp = "none" // an emptied field removes the expiry
		}
		got, err := c.Svc.SetLink(who, domain.LinkChange{Client: client, Contact: contact, Perms: linkPermsChecked(f, ""), Expires: exp})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved: %s for %s · %s", clean(contact), clean(client), linkText(domain.LinkView{Link: got, Live: true})), nil
	}}
}

// newLinkPane links an existing person to a client (R30, R32).
func newLinkPane(c Context, client string) modalPane {
	f := newPaneForm(c.Common, "Link an existing person as a contact")
	f.text("client", "Client", client, "client's handle", domain.MaxHandleLen)
	f.text("contact", "Contact", "", "handle of the person who acts", domain.MaxHandleLen).help =
		"someone already in the organisation; to add someone new, use a (add contact)"
	linkPermChecks(f, "", nil)
	f.text("expires", "Last day", "", "none", 10).help = linkExpiryHelp
	f.button("save", "Link")
	who := c.Who
	return &submitPane{form: f, submit: func(f *paneForm) (modalPane, tea.Cmd, error) {
		l, err := c.Svc.LinkContact(who, domain.LinkChange{
			Client: strings.TrimSpace(f.value("client")), Contact: strings.TrimSpace(f.value("contact")),
			Perms: linkPermsChecked(f, ""), Expires: f.value("expires"),
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Linked %s to %s · %s", clean(f.value("contact")), clean(f.value("client")), linkText(domain.LinkView{Link: l, Live: true})), nil
	}}
}

// --- list kit, shared by the list screens of this part (contacts,
// activity, inbox, assistants, tasks, audit, account keys)

// selCursor is the selection in a list of n rows and the first row shown.
// Lists draw only the rows that fit, so a long page costs what a short one
// does.
type selCursor struct{ n, sel, top int }

func (r *selCursor) setLen(n int) {
	r.n = max(n, 0)
	r.sel = min(max(r.sel, 0), max(r.n-1, 0))
}

// move handles the list keys; page is how many rows a page key moves.
func (r *selCursor) move(k tea.KeyMsg, keys *KeyMap, page int) bool {
	switch {
	case key.Matches(k, keys.Up):
		r.sel--
	case key.Matches(k, keys.Down):
		r.sel++
	case key.Matches(k, keys.PageUp):
		r.sel -= max(page, 1)
	case key.Matches(k, keys.PageDown):
		r.sel += max(page, 1)
	case key.Matches(k, keys.Top):
		r.sel = 0
	case key.Matches(k, keys.Bottom):
		r.sel = r.n - 1
	default:
		return false
	}
	r.setLen(r.n)
	return true
}

// window is the rows [from, to) that fit in visible slots, scrolled so the
// selection shows.
func (r *selCursor) window(visible int) (int, int) {
	visible = max(visible, 1)
	if r.sel < r.top {
		r.top = r.sel
	}
	if r.sel >= r.top+visible {
		r.top = r.sel - visible + 1
	}
	r.top = min(max(r.top, 0), max(r.n-visible, 0))
	return r.top, min(r.top+visible, r.n)
}

// selList lays a list screen out in exactly height lines of at most width
// cells: head, as many rows (rowH lines each) as fit, where-am-I when not
// all fit, and foot at the bottom.
type selList struct {
	head, foot []string
	rowH       int
	empty      string
}

func (l selList) render(st *Styles, width, height int, rc *selCursor, row func(i int, sel bool) []string) string {
	lines := slices.Clone(l.head)
	room := height - len(l.head) - len(l.foot)
	if rc.n == 0 {
		lines = append(lines, st.Subtle.Render(l.empty))
	} else {
		visible := max(room/l.rowH, 1)
		if rc.n > visible {
			visible = max((room-1)/l.rowH, 1) // a line says where we are
		}
		from, to := rc.window(visible)
		for i := from; i < to; i++ {
			rl := row(i, i == rc.sel)
			for len(rl) < l.rowH {
				rl = append(rl, "")
			}
			lines = append(lines, rl[:l.rowH]...)
		}
		if from > 0 || to < rc.n {
			lines = append(lines, st.Scroll.Render(fmt.Sprintf("%d–%d of %d · ↑/↓ pgup/pgdn", from+1, to, rc.n)))
		}
	}
	if len(l.foot) > 0 {
		for len(lines) < height-len(l.foot) {
			lines = append(lines, "")
		}
		lines = append(lines, l.foot...)
	}
	return fitLines(strings.Join(lines, "\n"), width, height)
}

// selMark starts a row: an arrow on the selected one.
func selMark(st *Styles, sel bool) string {
	if sel {
		return st.Accent.Render("▸") + " "
	}
	return "  "
}

// wrapStyled wraps plain text to width and styles each line on its own.
func wrapStyled(style lipgloss.Style, width int, text string) []string {
	lines := strings.Split(ansi.Wrap(text, max(width, 10), ""), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}

// refusalNote keeps the domain's last refusal on a screen, wrapped, until
// the next key: the one-line status bar would cut a long reason off.
type refusalNote struct{ text string }

func (r *refusalNote) show(err error) tea.Cmd {
	r.text = errText(err)
	return nil
}

func (r *refusalNote) clear() { r.text = "" }

func (r *refusalNote) lines(st *Styles, width int) []string {
	if r.text == "" {
		return nil
	}
	return wrapStyled(st.StatusError, width, r.text)
}

// idPager pages a newest-first list by id, remembering where each page
// seen so far starts, so going back is exact. The first page starts at 0
// (the newest).
type idPager struct {
	starts []domain.ID
	more   bool // a page after this one exists
}

// idPageSize is how many items one page asks the domain for.
const idPageSize = 50

func (p *idPager) before() domain.ID {
	if len(p.starts) == 0 {
		return 0
	}
	return p.starts[len(p.starts)-1]
}

func (p *idPager) number() int { return max(len(p.starts), 1) }

// trim keeps a page of idPageSize from a fetch of idPageSize+1, noting whether
// there is more.
func idPageTrim[T any](p *idPager, items []T) []T {
	p.more = len(items) > idPageSize
	if p.more {
		items = items[:idPageSize]
	}
	return items
}

// next moves to the page after last (the oldest id shown); false if none.
func (p *idPager) next(last domain.ID) bool {
	if !p.more || last == 0 {
		return false
	}
	if len(p.starts) == 0 {
		p.starts = []domain.ID{0}
	}
	p.starts = append(p.starts, last)
	return true
}

func (p *idPager) prev() bool {
	if len(p.starts) <= 1 {
		return false
	}
	p.starts = p.starts[:len(p.starts)-1]
	return true
}

func (p *idPager) reset() { p.starts = nil }

// label is "page 2 · ← newer · → older" as far as each way exists.
func (p *idPager) label() string {
	s := fmt.Sprintf("page %d", p.number())
	if p.number() > 1 {
		s += " · ← newer"
	}
	if p.more {
		s += " · → older"
	}
	return s
}

// idPagerKeys are the keys of a paged list.
type idPagerKeys struct{ older, newer key.Binding }

func newIDPagerKeys() idPagerKeys {
	return idPagerKeys{
		older: key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→", "older page")),
		newer: key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←", "newer page")),
	}
}

// yesNoPrompt asks yes or no before a change; while it shows it takes
// every key, so a stray q or tab cannot act on a half-made decision.
type yesNoPrompt struct {
	question string
	yes      func() tea.Cmd
	keys     struct{ yes, no key.Binding }
}

func (p *yesNoPrompt) active() bool { return p.yes != nil }

func (p *yesNoPrompt) ask(question string, yes func() tea.Cmd) {
	p.question, p.yes = question, yes
	p.keys.yes = key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes"))
	p.keys.no = key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no"))
}

func (p *yesNoPrompt) update(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, p.keys.yes):
		yes := p.yes
		p.question, p.yes = "", nil
		return yes()
	case key.Matches(k, p.keys.no):
		p.question, p.yes = "", nil
		return Status("Nothing changed")
	}
	return nil
}

func (p *yesNoPrompt) view(st *Styles, width int) []string {
	return wrapStyled(st.Warn, width, clean(p.question)+" y/n")
}

func (p *yesNoPrompt) help() []key.Binding { return []key.Binding{p.keys.yes, p.keys.no} }

// newPaneInput is a one-line text field in the session's styles, with a
// cursor that does not blink (no ticker) and no clipboard paste key (the
// clipboard would be the server's); a terminal's own paste still types.
func newPaneInput(st *Styles, prompt, placeholder string, limit int) textinput.Model {
	return newInput(st, prompt, placeholder, limit)
}

// orgWhen shows a stored time in loc, the organisation's zone (looked up
// once per view: Org.Location reads the zone database).
func orgWhen(loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// reasonSentence capitalises a domain reason to start a sentence.
func reasonSentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
