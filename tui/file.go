package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
	"behalf/sanitize"
)

func init() {
	register(25, fileSpec, domain.WSTeam, domain.WSAssistant, domain.WSMe, domain.WSContact)
}

func fileSpec() ScreenSpec {
	return ScreenSpec{ID: "file", Title: "File", Available: fileAvailable, New: newClientFile}
}

// fileAvailable: the team and assistants pick among the clients they may
// see; a client's own portal and a contact's workspace show the one client,
// when at least one part of the file is theirs to see (R30).
func fileAvailable(c Context) domain.Decision {
	if c.Access().Teamish() {
		return c.Decide(domain.ActPeopleList, domain.Target{})
	}
	t, err := c.Svc.ClientTabs(c.Who, "")
	if err != nil {
		return domain.Decision{Reason: errText(err)}
	}
	if t.Sessions || t.Packages || t.Invoices || t.Payments || t.Progress || t.Notes || t.Actions || t.Metrics || papersAvailable(c) {
		return domain.Decision{Allowed: true, Reason: "part of the client's file is open to this workspace"}
	}
	return domain.Decision{Reason: "this link opens no part of the client's file: no schedule, billing, packages, payments, progress or forms"}
}

// filePage is one page of a file's lists (the domain's default page).
const filePage = domain.DefaultPage

// The file's inner tabs, in order.
type fileTab int

const (
	tabSessions fileTab = iota
	tabPackages
	tabInvoices
	tabPayments
	tabNotes
	tabProgress
	tabComments
	tabMessages
	tabActions    // file_actions.go
	tabMetrics    // file_metrics.go
	tabWorksheets // file_papers.go
	tabForms
	tabSubscriptions // file_subscriptions.go; last, so the other parts keep their places
	tabCount
)

func (t fileTab) String() string {
	switch t {
	case tabSessions:
		return "Sessions"
	case tabPackages:
		return "Packages"
	case tabInvoices:
		return "Invoices"
	case tabPayments:
		return "Payments"
	case tabNotes:
		return "Notes"
	case tabProgress:
		return "Progress"
	case tabComments:
		return "Comments"
	case tabMessages:
		return "Messages"
	case tabActions:
		return "Actions"
	case tabMetrics:
		return "Metrics"
	case tabWorksheets:
		return "Worksheets"
	case tabForms:
		return "Forms"
	case tabSubscriptions:
		return "Subscriptions"
	}
	return "?"
}

// fileKeys are the client file's bindings, per screen.
type fileKeys struct {
	PrevTab, NextTab, Parts, Open, Back, New, Book, Approve, Pay, More, Filter key.Binding
}

// fileKeyMap is the keys every screen of its kind shares, made once: no screen
// changes them (one that shows a binding with other help changes a copy
// of it).
var fileKeyMap = newFileKeys()

func newFileKeys() fileKeys {
	return fileKeys{
		PrevTab: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous part")),
		NextTab: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next part")),
		Parts:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "parts")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clients")),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Book:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "book")),
		Approve: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "share/withdraw")),
		Pay:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pay")),
		More:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "older")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
	}
}

// clientFile is one client's file: sessions, packages, invoices, payments,
// private notes, progress updates and staff comments, each part present
// only where the domain permits it here (ClientTabs, R5). Notes never
// appear to the client, contacts or assistants (R31, R42); comments are
// the team's. The team and assistants first pick a client; the client and
// contacts see their one client.
type clientFile struct {
	Context
	modalHost
	keys  *fileKeys
	akeys *agendaKeys
	ikeys *invoiceKeys

	// picking a client (team, assistant)
	picker      bool
	clients     []domain.Person
	clientsMore bool
	pickSel     int
	pickOffset  int
	pickErr     error
	filter      filterBox

	// the open client
	client     *domain.Person
	tabs       domain.PracticeTabs
	readComms  bool
	addComment bool
	readMsgs   bool // the conversation between the client and the team
	sendMsg    bool
	canPay     bool
	canApprove bool
	shown      []fileTab
	active     int

	more   bool // the open part's list has older items
	err    error
	lost   string // a refresh took away what was open: the notice to give
	sel    int
	offset int

	// on top of the file: a session, an invoice, or (in modalHost) a form
	// or a text to write
	detail  *sessionDetail
	invoice *invoiceDetail
	booked  domain.ID // the session a booking form made, shown when it closes

	parts map[fileTab]filePart // each part's rows, keys and drawing (file_parts.go)
}

func newClientFile(c Context) Screen {
	f := &clientFile{Context: c, keys: &fileKeyMap, akeys: &agendaKeyMap, ikeys: &invoiceKeyMap}
	f.picker = c.Access().Teamish()
	f.filter = newFilterBox(c.Styles, 40)
	f.onClose = f.paneClosed
	return f
}

func (f *clientFile) Init() tea.Cmd {
	if f.picker {
		f.loadClients(false)
	} else {
		p := f.Access().Principal
		f.open(&p)
	}
	return nil
}

func (f *clientFile) Title() string { return "File" }

func (f *clientFile) Capturing() bool {
	return f.filter.typing || f.modalOpen() ||
		(f.detail != nil && f.detail.capturing()) || (f.invoice != nil && f.invoice.capturing())
}

func (f *clientFile) SetSize(width, height int) {
	f.Common.SetSize(width, height)
	if f.detail != nil {
		f.detail.SetSize(width, height)
	}
	if f.invoice != nil {
		f.invoice.SetSize(width, height)
	}
	f.sizeModal(width, height)
}

// --- the open client

// open shows p's file from its first part.
func (f *clientFile) open(p *domain.Person) {
	f.client = p
	f.active, f.sel, f.offset = 0, 0, 0
	f.detail, f.invoice, f.pane, f.shown = nil, nil, nil, nil
	f.loadTabs()
	f.switched()
}

// showSession shows the sessions part with session id selected.
func (f *clientFile) showSession(id domain.ID) {
	for i, t := range f.shown {
		if t == tabSessions && f.active != i {
			f.active = i
			f.switched()
		}
	}
	if p, ok := f.parts[tabSessions].(*sessionsPart); ok && f.current() == tabSessions {
		p.selectSession(id)
	}
}

// switched loads the part just shown, its first item (or the one the
// part says, as the first session not over yet) selected.
func (f *clientFile) switched() {
	f.sel, f.offset = 0, 0
	f.loadTab()
	if p, ok := f.part().(firstSeler); ok {
		f.sel = p.firstSel()
	}
}

// loadTabs asks the domain which parts and actions this workspace has.
func (f *clientFile) loadTabs() {
	h := f.client.Handle
	was := tabCount
	if f.active < len(f.shown) {
		was = f.shown[f.active]
	}
	t, err := f.Svc.ClientTabs(f.Who, h)
	if err != nil {
		f.tabs, f.shown, f.err = domain.PracticeTabs{}, nil, err
		return
	}
	f.tabs, f.err = t, nil
	c := *f.client
	tg := domain.Target{Client: &c}
	ds := f.DecideEach(tg, domain.ActCommentsList, domain.ActCommentsAdd, domain.ActInvoicesPay, domain.ActProgressApprove,
		domain.ActMessagesList, domain.ActMessagesSend, domain.ActWorksheetsList, domain.ActFormsList)
	f.readComms = ds[0].Allowed
	f.addComment = ds[1].Allowed
	f.canPay = ds[2].Allowed
	f.canApprove = ds[3].Allowed
	f.readMsgs = ds[4].Allowed // never for contacts (R31)
	f.sendMsg = ds[5].Allowed
	has := []bool{t.Sessions, t.Packages, t.Invoices, t.Payments, t.Notes, t.Progress, f.readComms, f.readMsgs, t.Actions, t.Metrics,
		ds[6].Allowed, ds[7].Allowed, // worksheets and forms (file_papers.go)
		hasSubscriptions(f.Context, h)} // file_subscriptions.go
	f.shown = nil
	for i, ok := range has {
		if ok {
			f.shown = append(f.shown, fileTab(i))
		}
	}
	f.active = 0
	kept := was == tabCount
	for i, s := range f.shown {
		if s == was {
			f.active, kept = i, true
		}
	}
	if !kept {
		f.lost = accessEnded(f.client.Name, was.String())
	}
}

func (f *clientFile) current() fileTab {
	if f.active < len(f.shown) {
		return f.shown[f.active]
	}
	return tabCount
}

// readOnly: nothing in this file may be changed from here.
func (f *clientFile) readOnly() bool {
	t := f.tabs
	return !(t.Book || t.AssignPackage || t.IssueInvoice || t.AddNote || t.AddProgress || f.addComment || f.canPay || f.canApprove || f.sendMsg || coachingWrites(t))
}

// loadTab reads the open part's first page.
func (f *clientFile) loadTab() {
	if len(f.shown) == 0 {
		return // nothing to read; loadTabs kept its error, if any
	}
	f.err, f.more = nil, false
	f.loadPage(0)
	f.sel = min(f.sel, max(f.count()-1, 0))
}

// loadPage reads the page of the open part older than before (0: the
// newest), appending to what is shown.
func (f *clientFile) loadPage(before domain.ID) {
	var more bool
	var err error
	if p := f.part(); p != nil {
		more, err = p.load(before)
	}
	f.err, f.more = err, err == nil && more
}

// oldest is the id of the last item shown, for the next page.
func (f *clientFile) oldest() domain.ID {
	if p := f.part(); p != nil {
		return p.oldest()
	}
	return 0
}

// count is how many items the open part shows.
func (f *clientFile) count() int {
	if p := f.part(); p != nil {
		return p.count()
	}
	return 0
}

// refresh reads everything shown again (after a change anywhere).
func (f *clientFile) refresh() {
	if f.client == nil {
		if f.picker {
			f.loadClients(false)
		}
		return
	}
	if f.picker {
		if _, err := f.Svc.ShowPerson(f.Who, f.client.Handle); err != nil {
			// The client is gone from this workspace's sight.
			f.lost = accessEnded(f.client.Name, "file")
			f.client, f.detail, f.invoice, f.pane = nil, nil, nil, nil
			f.loadClients(false)
			f.pickErr = err
			return
		}
	}
	f.loadTabs()
	f.loadTab()
	if f.detail != nil {
		f.detail.reload()
	}
	if f.invoice != nil {
		f.invoice.reload()
	}
}

func (f *clientFile) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		f.refresh()
		return f, f.noticeLost()
	case OpenClientMsg:
		return f, f.openHandle(msg.Handle)
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return f, nil
	}
	if cmd, ok := f.handleModal(k); ok {
		return f, tea.Batch(cmd, f.noticeLost())
	}
	switch {
	case f.detail != nil:
		closed, cmd := f.detail.Update(k)
		if closed {
			f.detail = nil
			f.loadTab()
		}
		return f, cmd
	case f.invoice != nil:
		closed, cmd := f.invoice.Update(k)
		if closed {
			f.invoice = nil
			f.loadTab()
		}
		return f, cmd
	}
	if f.client == nil {
		return f, f.updatePicker(k)
	}
	return f, tea.Batch(f.updateFile(k), f.noticeLost())
}

// noticeLost says what a re-read took away from the person's sight.
func (f *clientFile) noticeLost() tea.Cmd {
	if f.lost == "" {
		return nil
	}
	lost := f.lost
	f.lost = ""
	return refuse(lost)
}

// openHandle answers OpenClientMsg: the team opens that client's file;
// elsewhere the file is the workspace's own client anyway.
func (f *clientFile) openHandle(h string) tea.Cmd {
	if !f.picker {
		return nil
	}
	d, err := f.Svc.ShowPerson(f.Who, h)
	if err != nil {
		return Failed(err)
	}
	if !d.Person.Client {
		return Status("%s is not a client", personLabel(d.Person))
	}
	p := d.Person
	f.filter.stop()
	f.open(&p)
	return nil
}

func (f *clientFile) updateFile(k tea.KeyMsg) tea.Cmd {
	if p := f.part(); p != nil {
		if cmd, ok := p.key(k); ok {
			return cmd
		}
	}
	n := len(f.shown)
	switch {
	case key.Matches(k, f.Keys.Up):
		f.sel = max(f.sel-1, 0)
	case key.Matches(k, f.Keys.Down):
		f.sel = min(f.sel+1, max(f.count()-1, 0))
	case key.Matches(k, f.keys.PrevTab) && n > 0:
		f.active = (f.active + n - 1) % n
		f.switched()
	case key.Matches(k, f.keys.NextTab) && n > 0:
		f.active = (f.active + 1) % n
		f.switched()
	case key.Matches(k, f.keys.Back) && f.picker:
		f.client, f.shown = nil, nil
		f.loadClients(false)
	case key.Matches(k, f.keys.More) && f.more:
		f.loadPage(f.oldest())
	case key.Matches(k, f.keys.Open):
		f.openItem()
	case key.Matches(k, f.keys.Book) && f.tabs.Book:
		f.book()
	case key.Matches(k, f.keys.New):
		return f.newItem()
	}
	return nil
}

// paneClosed reads the file again after a form or a text closes, showing
// the session a booking made.
func (f *clientFile) paneClosed() {
	f.loadTabs()
	f.loadTab()
	if f.booked != 0 {
		f.showSession(f.booked)
		f.booked = 0
	}
}

// book opens the booking form for the open client.
func (f *clientFile) book() {
	day := civilDate(f.Svc.Now().In(f.Access().Org.Location()))
	f.openPane(bookingForm(f.Context, f.client.Handle, true, day, func(v domain.SessionView) { f.booked = v.Session.ID }))
}

// openItem is enter: the open part shows its selected item, if it can.
func (f *clientFile) openItem() {
	if p, ok := f.part().(opener); ok {
		p.open()
	}
}

// newItem is n: book, assign, issue or write, by the open part.
func (f *clientFile) newItem() tea.Cmd {
	if p := f.part(); p != nil {
		return p.newItem()
	}
	return nil
}

// canNew says whether n does something in the open part, and what.
func (f *clientFile) canNew() (bool, string) {
	if p := f.part(); p != nil {
		return p.canNew()
	}
	return false, ""
}

func (f *clientFile) openComposer(title, hint string, save func(string) (string, error)) {
	f.openPane(newTextComposer(f.Common, title, hint, func(body string) (string, error) {
		done, err := save(body)
		if err == nil {
			f.sel, f.offset = 0, 0 // the new text comes first
		}
		return done, err
	}))
}

// --- view

func (f *clientFile) View() string {
	if f.Width <= 0 || f.Height <= 0 {
		return ""
	}
	if v, ok := f.modalView(); ok {
		return v
	}
	switch {
	case f.detail != nil:
		return f.detail.View()
	case f.invoice != nil:
		return f.invoice.View()
	case f.client == nil:
		return f.pickerView()
	}
	st := f.Styles
	w := f.Width
	title := st.Title.Render(personLabel(*f.client))
	if f.readOnly() {
		title += "  " + st.Subtle.Render("read-only")
	}
	var bar []string
	for i, t := range f.shown {
		if i == f.active {
			bar = append(bar, st.TabActive.Render(t.String()))
		} else {
			bar = append(bar, st.Tab.Render(t.String()))
		}
	}
	head := []string{trunc(title, w), partsBar(st, bar, f.active, w), ""}
	var body []string
	at := 0
	switch {
	case len(f.shown) == 0 && f.err == nil:
		body = wrapped("No part of "+clean(f.client.Name)+"'s file is open to this workspace now.", 0, w, st.Subtle)
	case f.err != nil:
		body = wrapped(errText(f.err), 0, w, st.StatusError)
	default:
		p := f.part()
		blocks := p.blocks(max(w-2, 10))
		body = p.top(w, max(f.Height-len(head), 0))
		spaced := p.spaced()
		if len(blocks) == 0 {
			body = append(body, st.Subtle.Render("  "+p.empty()))
		}
		for i, b := range blocks {
			if spaced && i > 0 {
				body = append(body, "")
			}
			if i == f.sel {
				at = len(body)
			}
			for j, l := range b {
				mark := "  "
				if i == f.sel {
					if j == 0 {
						mark = selMark(st, true)
					}
					if j == 0 && len(b) == 1 {
						l = st.Accent.Render(l)
					}
				}
				body = append(body, mark+l)
			}
		}
		if f.more {
			body = append(body, st.Subtle.Render("  m: older"))
		}
		if n, ok := p.(noter); ok && n.note() != "" {
			body = append(body, st.Subtle.Render("  "+n.note()))
		}
	}
	foot := f.confirmLines(st, w) // a question a part asks (cancelling a subscription)
	body = scrollBody(st, body, at, max(f.Height-len(head)-len(foot), 0), &f.offset)
	return fitLines(strings.Join(append(append(head, body...), foot...), "\n"), w, f.Height)
}

// storedTextLines is stored multi-line text, made safe and wrapped.
func storedTextLines(st *Styles, body string, width int) []string {
	var out []string
	for _, l := range strings.Split(sanitize.Text(body), "\n") {
		l = strings.ReplaceAll(l, "\t", "    ")
		out = append(out, wrapped(l, 0, width, st.Value)...)
	}
	return out
}

// scrollBody shows room lines of body around line at, moving *offset as
// little as it can; the last line says when more is below or above.
func scrollBody(st *Styles, body []string, at, room int, offset *int) []string {
	if len(body) <= room {
		*offset = 0
		return body
	}
	if room <= 1 {
		*offset = 0
		return body[:max(room, 0)]
	}
	view := room - 1
	if at < *offset {
		*offset = at
	}
	if at >= *offset+view {
		*offset = at - view + 1
	}
	*offset = min(max(*offset, 0), len(body)-view)
	out := append([]string(nil), body[*offset:*offset+view]...)
	hint := "↑ more above"
	if below := len(body) - *offset - view; below > 0 {
		hint = "↓ " + domain.Plural(below, "more line", "more lines")
	}
	return append(out, st.Scroll.Render(hint))
}

// --- help

func (f *clientFile) ShortHelp() []key.Binding {
	if b, ok := f.modalHelp(); ok {
		return b
	}
	switch {
	case f.detail != nil:
		return f.detail.ShortHelp()
	case f.invoice != nil:
		return f.invoice.ShortHelp()
	case f.client == nil:
		if f.filter.typing {
			return f.filter.typingHelp()
		}
		b := []key.Binding{f.Keys.Down, f.keys.Open, f.keys.Filter}
		if f.clientsMore {
			b = append(b, f.keys.More)
		}
		return b
	}
	var b []key.Binding
	if ok, what := f.canNew(); ok {
		nb := f.keys.New
		nb.SetHelp("n", what)
		b = append(b, nb)
	}
	if _, ok := f.part().(opener); ok {
		b = append(b, f.keys.Open)
	}
	if f.tabs.Book && f.current() != tabSessions {
		b = append(b, f.keys.Book)
	}
	if p := f.part(); p != nil {
		b = append(b, p.help()...)
	}
	if len(f.shown) > 1 {
		b = append(b, f.keys.Parts)
	}
	b = append(b, f.Keys.Down)
	if f.more {
		b = append(b, f.keys.More)
	}
	if f.picker {
		b = append(b, f.keys.Back)
	}
	return b
}

func (f *clientFile) FullHelp() [][]key.Binding {
	if b, ok := f.modalHelp(); ok {
		return [][]key.Binding{b}
	}
	switch {
	case f.detail != nil:
		return f.detail.FullHelp()
	case f.invoice != nil:
		return f.invoice.FullHelp()
	}
	var b []key.Binding
	for _, k := range f.ShortHelp() {
		if k.Help().Key != f.keys.Parts.Help().Key {
			b = append(b, k)
		}
	}
	if f.client != nil && len(f.shown) > 1 {
		b = append(b, f.keys.PrevTab, f.keys.NextTab)
	}
	if f.client != nil && f.tabs.Book && f.current() == tabSessions {
		b = append(b, f.keys.Book) // n books here too; b does it from every part
	}
	return [][]key.Binding{append(b, f.Keys.Up)}
}

// partsBar is the file's parts, each already styled, joined with " · ";
// when they do not fit, a window around the active one with ‹ and › where
// parts are left out, so the active part is always seen.
func partsBar(st *Styles, parts []string, active, width int) string {
	sep := st.TabSep.Render(" · ")
	if all := strings.Join(parts, sep); ansi.StringWidth(all) <= width || active < 0 || active >= len(parts) {
		return trunc(all, width)
	}
	lo, hi := active, active+1
	fits := func(lo, hi int) bool {
		s := strings.Join(parts[lo:hi], sep)
		if lo > 0 {
			s = "‹ " + s
		}
		if hi < len(parts) {
			s += " ›"
		}
		return ansi.StringWidth(s) <= width
	}
	for grew := true; grew; {
		grew = false
		if hi < len(parts) && fits(lo, hi+1) {
			hi, grew = hi+1, true
		}
		if lo > 0 && fits(lo-1, hi) {
			lo, grew = lo-1, true
		}
	}
	s := strings.Join(parts[lo:hi], sep)
	if lo > 0 {
		s = st.Subtle.Render("‹ ") + s
	}
	if hi < len(parts) {
		s += st.Subtle.Render(" ›")
	}
	return trunc(s, width)
}
