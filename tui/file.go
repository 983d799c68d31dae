package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
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
	if t.Sessions || t.Packages || t.Invoices || t.Payments || t.Progress || t.Notes || t.Actions || t.Metrics {
		return domain.Decision{Allowed: true, Reason: "part of the client's file is open to this workspace"}
	}
	return domain.Decision{Reason: "this link opens no part of the client's file: no schedule, billing, packages, payments or progress"}
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
	tabActions // file_actions.go
	tabMetrics // file_metrics.go
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
	}
	return "?"
}

// fileKeys are the client file's bindings, per screen.
type fileKeys struct {
	PrevTab, NextTab, Parts, Open, Back, New, Book, Approve, Pay, More, Filter key.Binding
}

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
	keys  fileKeys
	akeys agendaKeys
	ikeys invoiceKeys

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

	sessions domain.SessionList
	packages []domain.PackageView
	invoices []domain.InvoiceView
	payments []domain.PaymentView
	notes    []domain.NoteView
	progress []domain.ProgressView
	comments []domain.CommentView
	messages []domain.MessageView
	more     bool // the open part's list has older items
	err      error
	lost     string // a refresh took away what was open: the notice to give
	sel      int
	offset   int

	// on top of the file: a session, an invoice, or (in modalHost) a form
	// or a text to write
	detail  *sessionDetail
	invoice *invoiceDetail
	booked  domain.ID // the session a booking form made, shown when it closes

	parts map[fileTab]filePart // the parts that draw themselves (file_parts.go)
}

func newClientFile(c Context) Screen {
	f := &clientFile{Context: c, keys: newFileKeys(), akeys: newAgendaKeys(), ikeys: newInvoiceKeys()}
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

// --- the picker

// loadClients reads the first page of clients matching the filter, or
// (more) the next page after the last one shown.
func (f *clientFile) loadClients(more bool) {
	q := domain.PeopleFilter{Capacity: "client", Search: f.filter.value(), Limit: filePage}
	if more && len(f.clients) > 0 {
		q.After = f.clients[len(f.clients)-1].Handle
	}
	got, err := f.Svc.ListPeople(f.Who, q)
	f.pickErr = err
	if more {
		f.clients = append(f.clients, got...)
	} else {
		f.clients, f.pickSel, f.pickOffset = got, 0, 0
	}
	f.clientsMore = len(got) == filePage
	f.pickSel = min(f.pickSel, max(len(f.clients)-1, 0))
}

func (f *clientFile) updatePicker(k tea.KeyMsg) tea.Cmd {
	if f.filter.typing {
		if f.filter.update(k) {
			f.loadClients(false)
		}
		return nil
	}
	switch {
	case key.Matches(k, f.Keys.Up):
		f.pickSel = max(f.pickSel-1, 0)
	case key.Matches(k, f.Keys.Down):
		f.pickSel = min(f.pickSel+1, max(len(f.clients)-1, 0))
	case key.Matches(k, f.keys.Filter):
		f.filter.start()
	case key.Matches(k, f.keys.Back) && f.filter.clear():
		f.loadClients(false)
	case key.Matches(k, f.keys.More) && f.clientsMore:
		f.loadClients(true)
	case key.Matches(k, f.keys.Open):
		if f.pickSel < len(f.clients) {
			p := f.clients[f.pickSel]
			f.open(&p)
		}
	}
	return nil
}

func (f *clientFile) pickerView() string {
	st := f.Styles
	w := f.Width
	head := []string{st.Title.Render(trunc("Client files", w))}
	if f.filter.shown() {
		head = append(head, f.filter.view(st, w))
	} else {
		head = append(head, st.Subtle.Render(trunc("the clients you may see · / filters · enter opens a file", w)))
	}
	head = append(head, "")
	var body []string
	if f.pickErr != nil {
		body = wrapped(errText(f.pickErr), 0, w, st.StatusError)
	} else if len(f.clients) == 0 {
		body = append(body, st.Subtle.Render("  no clients to show"))
	}
	for i, p := range f.clients {
		text := personLabel(p)
		if !p.Active() {
			text += "  " + st.Warn.Render("deactivated")
		}
		if i == f.pickSel {
			body = append(body, selMark(st, true)+st.Accent.Render(text))
		} else {
			body = append(body, "  "+text)
		}
	}
	if f.clientsMore {
		body = append(body, st.Subtle.Render("  m: more clients"))
	}
	body = scrollBody(st, body, f.pickSel, max(f.Height-len(head), 0), &f.pickOffset)
	return fitLines(strings.Join(append(head, body...), "\n"), w, f.Height)
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
	for i, s := range f.sessions.Sessions {
		if s.Session.ID == id {
			f.sel = i
		}
	}
}

// switched loads the part just shown, its first item (or, for sessions,
// the first one not over yet) selected.
func (f *clientFile) switched() {
	f.sel, f.offset = 0, 0
	f.loadTab()
	if f.current() == tabSessions {
		f.sel = firstUpcoming(f.sessions.Sessions, f.Svc.Now())
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
	f.readComms = f.Decide(domain.ActCommentsList, tg).Allowed
	f.addComment = f.Decide(domain.ActCommentsAdd, tg).Allowed
	f.canPay = f.Decide(domain.ActInvoicesPay, tg).Allowed
	f.canApprove = f.Decide(domain.ActProgressApprove, tg).Allowed
	f.readMsgs = f.Decide(domain.ActMessagesList, tg).Allowed // never for contacts (R31)
	f.sendMsg = f.Decide(domain.ActMessagesSend, tg).Allowed
	has := []bool{t.Sessions, t.Packages, t.Invoices, t.Payments, t.Notes, t.Progress, f.readComms, f.readMsgs, t.Actions, t.Metrics}
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
	h := f.client.Handle
	switch f.current() {
	case tabSessions:
		f.sessions, f.err = f.Svc.ListSessions(f.Who, domain.SessionFilter{Client: h, Limit: 2 * filePage})
		f.more = f.sessions.More
	case tabPackages:
		f.packages, f.err = f.Svc.ListPackages(f.Who, domain.PackageFilter{Client: h, Limit: filePage})
		f.more = false
	default:
		f.loadPage(0)
	}
	f.sel = min(f.sel, max(f.count()-1, 0))
}

// loadPage reads the page of the open part older than before (0: the
// newest), appending to what is shown.
func (f *clientFile) loadPage(before domain.ID) {
	h := f.client.Handle
	var n int
	var err error
	switch f.current() {
	case tabInvoices:
		got, e := f.Svc.ListInvoices(f.Who, domain.InvoiceFilter{Client: h, Before: before, Limit: filePage})
		n, err = appendPage(&f.invoices, before, got, e)
	case tabPayments:
		got, e := f.Svc.ListPayments(f.Who, domain.PaymentFilter{Client: h, Before: before, Limit: filePage})
		n, err = appendPage(&f.payments, before, got, e)
	case tabNotes:
		got, e := f.Svc.ListNotes(f.Who, domain.NoteFilter{Client: h, Before: before, Limit: filePage})
		n, err = appendPage(&f.notes, before, got, e)
	case tabProgress:
		got, e := f.Svc.ListProgress(f.Who, domain.ProgressFilter{Client: h, Before: before, Limit: filePage})
		n, err = appendPage(&f.progress, before, got, e)
	case tabComments:
		got, e := f.Svc.Comments(f.Who, h, domain.PageQuery{Before: before, Limit: filePage})
		n, err = appendPage(&f.comments, before, got, e)
	case tabMessages:
		got, e := f.Svc.Messages(f.Who, h, domain.PageQuery{Before: before, Limit: filePage})
		n, err = appendPage(&f.messages, before, got, e)
	default:
		if p := f.part(); p != nil {
			n, err = p.load(before)
		}
	}
	f.err, f.more = err, err == nil && n == filePage
}

// appendPage puts a page read after what *shown holds, or in its place for
// the first page (before is 0); n is how many items the page brought.
func appendPage[T any](shown *[]T, before domain.ID, got []T, err error) (n int, _ error) {
	if before == 0 {
		*shown = nil
	}
	*shown = append(*shown, got...)
	return len(got), err
}

// oldest is the id of the last item shown, for the next page.
func (f *clientFile) oldest() domain.ID {
	switch f.current() {
	case tabInvoices:
		return lastID(f.invoices, func(v domain.InvoiceView) domain.ID { return v.Invoice.ID })
	case tabPayments:
		return lastID(f.payments, func(v domain.PaymentView) domain.ID { return v.Payment.ID })
	case tabNotes:
		return lastID(f.notes, func(v domain.NoteView) domain.ID { return v.Note.ID })
	case tabProgress:
		return lastID(f.progress, func(v domain.ProgressView) domain.ID { return v.Progress.ID })
	case tabComments:
		return lastID(f.comments, func(v domain.CommentView) domain.ID { return v.ID })
	case tabMessages:
		return lastID(f.messages, func(v domain.MessageView) domain.ID { return v.ID })
	}
	if p := f.part(); p != nil {
		return p.oldest()
	}
	return 0
}

// count is how many items the open part shows.
func (f *clientFile) count() int {
	switch f.current() {
	case tabSessions:
		return len(f.sessions.Sessions)
	case tabPackages:
		return len(f.packages)
	case tabInvoices:
		return len(f.invoices)
	case tabPayments:
		return len(f.payments)
	case tabNotes:
		return len(f.notes)
	case tabProgress:
		return len(f.progress)
	case tabComments:
		return len(f.comments)
	case tabMessages:
		return len(f.messages)
	}
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
	case key.Matches(k, f.keys.More) && f.more && f.current() != tabSessions:
		f.loadPage(f.oldest())
	case key.Matches(k, f.keys.Open):
		f.openItem()
	case key.Matches(k, f.keys.Book) && f.tabs.Book:
		f.book()
	case key.Matches(k, f.keys.New):
		return f.newItem()
	case key.Matches(k, f.keys.Pay) && f.current() == tabInvoices:
		if f.sel < len(f.invoices) && f.invoices[f.sel].CanPay {
			f.invoice = newInvoiceDetail(f.Context, &f.ikeys, f.invoices[f.sel].Invoice.ID)
			f.invoice.SetSize(f.Width, f.Height)
			if f.invoice.err == nil && f.invoice.v.CanPay {
				f.invoice.openPayment()
			}
		}
	case key.Matches(k, f.keys.Approve) && f.current() == tabProgress:
		return f.toggleApproval()
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

func (f *clientFile) openItem() {
	switch f.current() {
	case tabSessions:
		if f.sel < len(f.sessions.Sessions) {
			f.detail = newSessionDetail(f.Context, &f.akeys, f.sessions.Sessions[f.sel])
			f.detail.SetSize(f.Width, f.Height)
		}
	case tabInvoices:
		if f.sel < len(f.invoices) {
			f.invoice = newInvoiceDetail(f.Context, &f.ikeys, f.invoices[f.sel].Invoice.ID)
			f.invoice.SetSize(f.Width, f.Height)
		}
	}
}

// newItem is n: book, assign, issue or write, by the open part.
func (f *clientFile) newItem() tea.Cmd {
	c := *f.client
	switch f.current() {
	case tabSessions:
		if f.tabs.Book {
			f.book()
		}
	case tabPackages:
		if f.tabs.AssignPackage {
			af, err := assignForm(f.Context, c)
			if err != nil {
				return Failed(err)
			}
			f.openPane(af)
		}
	case tabInvoices:
		if f.tabs.IssueInvoice {
			f.openPane(issueForm(f.Context, c))
		}
	case tabNotes:
		if f.tabs.AddNote {
			f.openComposer("New private note on "+personLabel(c),
				"Only coaches paired with the client read it; never the client, their contacts or assistants.", // R31, R42
				func(body string) (string, error) {
					_, err := f.Svc.AddNote(f.Who, c.Handle, body)
					return "Note saved on " + clean(c.Name) + "'s file", err
				})
		}
	case tabProgress:
		if f.tabs.AddProgress {
			f.openComposer("New progress update for "+personLabel(c),
				"Shared with the client, who decides whether their contacts see it.", // R53
				func(body string) (string, error) {
					_, err := f.Svc.AddProgress(f.Who, c.Handle, body)
					return "Progress update shared with " + clean(c.Name), err
				})
		}
	case tabComments:
		if f.addComment {
			f.openComposer("New staff comment on "+personLabel(c),
				"Staff comments are for the team; the client and their contacts never see them.",
				func(body string) (string, error) {
					_, err := f.Svc.AddComment(f.Who, c.Handle, body)
					return "Comment added to " + clean(c.Name) + "'s file", err
				})
		}
	case tabMessages:
		if f.sendMsg {
			title, hint, done := "Message to "+personLabel(c), f.messageHint(c), "Message sent to "+clean(c.Name)
			if f.Workspace().Kind == domain.WSMe {
				title, done = "Message to your coaches", "Message sent to your coaches"
			}
			f.openComposer(title, hint, func(body string) (string, error) {
				_, err := f.Svc.SendMessage(f.Who, c.Handle, body)
				return done, err
			})
		}
	default:
		if p := f.part(); p != nil {
			return p.newItem()
		}
	}
	return nil
}

// messageHint says who reads a message and under whose name it goes: an
// assistant's own name, for the practitioner (R44); never to contacts (R31).
func (f *clientFile) messageHint(c domain.Person) string {
	a := f.Access()
	switch {
	case f.Workspace().Kind == domain.WSMe:
		return "Your coaches read it; the people who act for you never do."
	case a.Principal.ID != a.Actor.ID:
		return clean(c.Name) + " reads it, from " + clean(a.Actor.Name) + " for " + clean(a.Principal.Name) + "; their contacts never do."
	}
	return clean(c.Name) + " reads it in their portal; their contacts never do."
}

// canNew says whether n does something in the open part, and what.
func (f *clientFile) canNew() (bool, string) {
	switch f.current() {
	case tabSessions:
		return f.tabs.Book, "book session"
	case tabPackages:
		return f.tabs.AssignPackage, "assign package"
	case tabInvoices:
		return f.tabs.IssueInvoice, "issue invoice"
	case tabNotes:
		return f.tabs.AddNote, "add note"
	case tabProgress:
		return f.tabs.AddProgress, "add update"
	case tabComments:
		return f.addComment, "add comment"
	case tabMessages:
		return f.sendMsg, "write message"
	}
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

func (f *clientFile) toggleApproval() tea.Cmd {
	if f.sel >= len(f.progress) || !f.progress[f.sel].CanApprove {
		return nil
	}
	p := f.progress[f.sel].Progress
	v, err := f.Svc.ApproveProgress(f.Who, p.ID, !p.Approved)
	if err != nil {
		return Failed(err)
	}
	f.loadTab()
	if v.Progress.Approved {
		return Status("Shared with your contacts who may see progress: update %s", v.Progress.ID)
	}
	return Status("Withdrawn from your contacts: update %s", v.Progress.ID)
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
		blocks := f.blocks(max(w-2, 10))
		spaced := f.current() != tabSessions && f.current() != tabInvoices && f.current() != tabPayments
		if p := f.part(); p != nil {
			body, spaced = p.top(w, max(f.Height-len(head), 0)), p.spaced()
		}
		if len(blocks) == 0 {
			body = append(body, st.Subtle.Render("  "+f.emptyText()))
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
			if f.current() == tabSessions {
				body = append(body, st.Subtle.Render("  more sessions than shown: the agenda shows any day or week"))
			} else {
				body = append(body, st.Subtle.Render("  m: older"))
			}
		}
	}
	body = scrollBody(st, body, at, max(f.Height-len(head), 0), &f.offset)
	return fitLines(strings.Join(append(head, body...), "\n"), w, f.Height)
}

func (f *clientFile) emptyText() string {
	switch f.current() {
	case tabSessions:
		return "no sessions from 30 days ago to 90 days ahead"
	case tabPackages:
		return "no packages"
	case tabInvoices:
		return "no invoices"
	case tabPayments:
		return "no payments"
	case tabNotes:
		return "no private notes"
	case tabProgress:
		if f.Workspace().Kind == domain.WSContact {
			return "no progress updates shared with you yet"
		}
		return "no progress updates"
	case tabComments:
		return "no staff comments"
	case tabMessages:
		return "no messages yet"
	}
	if p := f.part(); p != nil {
		return p.empty()
	}
	return ""
}

// blocks are the open part's items, each as its lines, for width.
func (f *clientFile) blocks(width int) [][]string {
	st := f.Styles
	var out [][]string
	teamish := f.Access().Teamish()
	switch f.current() {
	case tabSessions:
		for _, s := range f.sessions.Sessions {
			line := s.Start.Format("Mon 2 Jan 2006 15:04") + "–" + s.End.Format("15:04") + "  with " + clean(s.Coach.Name) + "  " + sessionStatusText(st, s.Session.Status)
			if s.PackageName != "" {
				line += st.Subtle.Render("  " + clean(s.PackageName))
			}
			out = append(out, []string{line})
		}
	case tabPackages:
		for _, p := range f.packages {
			out = append(out, packageLines(st, p, width))
		}
	case tabInvoices:
		for _, v := range f.invoices {
			cur := v.Invoice.Currency
			line := fmt.Sprintf("#%-4s %s  %s  ", v.Invoice.ID, v.Issued.Format("2 Jan 2006"), domain.Money(v.Invoice.TotalCents, cur)) + invoiceStatus(st, v.Invoice.Status)
			if v.Invoice.Status == domain.InvoiceOpen {
				line += st.Subtle.Render(fmt.Sprintf("  balance %s · due %s", domain.FormatAmount(v.Balance, cur), clean(v.Invoice.Due)))
			}
			out = append(out, []string{line})
		}
	case tabPayments:
		for _, p := range f.payments {
			line := fmt.Sprintf("%s  %s  invoice %s  by %s", p.At.Format("Mon 2 Jan 2006"), domain.Money(p.Payment.AmountCents, p.Payment.Currency), p.Payment.Invoice, partyLabel(p.Payer))
			out = append(out, []string{line})
		}
	case tabNotes:
		for _, n := range f.notes {
			head := st.Label.Render(n.At.Format("Mon 2 Jan 2006") + " · " + partyLabel(n.Author))
			out = append(out, append([]string{head}, storedTextLines(st, n.Note.Body, width)...))
		}
	case tabProgress:
		for _, p := range f.progress {
			by := partyLabel(p.Author)
			head := st.Label.Render(p.At.Format("Mon 2 Jan 2006") + " · " + by)
			switch {
			case f.Workspace().Kind == domain.WSContact:
			case p.Progress.Approved && f.Workspace().Kind == domain.WSMe:
				head += "  " + st.Yes.Render("✓ your contacts see this")
			case f.Workspace().Kind == domain.WSMe:
				head += "  " + st.Subtle.Render("only you see this")
			case p.Progress.Approved:
				head += "  " + st.Yes.Render("shared with contacts")
			case teamish:
				head += "  " + st.Subtle.Render("not shared with contacts")
			}
			out = append(out, append([]string{head}, storedTextLines(st, p.Progress.Body, width)...))
		}
	case tabComments:
		for _, c := range f.comments {
			head := st.Label.Render(c.At.In(f.Access().Org.Location()).Format("Mon 2 Jan 2006") + " · " + clean(c.By))
			out = append(out, append([]string{head}, storedTextLines(st, c.Body, width)...))
		}
	case tabMessages:
		// The sender as the domain's view names them for this reader (R14, R44).
		for _, m := range f.messages {
			head := st.Label.Render(m.At.In(f.Access().Org.Location()).Format("Mon 2 Jan 2006 15:04") + " · " + clean(m.From.Label()))
			lines := append([]string{head}, storedTextLines(st, m.Body, width)...)
			if m.Signature != "" {
				lines = append(lines, st.Subtle.Render("— "+clean(m.Signature)))
			}
			out = append(out, lines)
		}
	default:
		if p := f.part(); p != nil {
			return p.blocks(width)
		}
	}
	return out
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
	switch f.current() {
	case tabSessions, tabInvoices:
		b = append(b, f.keys.Open)
	}
	if f.tabs.Book && f.current() != tabSessions {
		b = append(b, f.keys.Book)
	}
	if f.current() == tabInvoices && f.sel < len(f.invoices) && f.invoices[f.sel].CanPay {
		b = append(b, f.keys.Pay)
	}
	if f.current() == tabProgress && f.sel < len(f.progress) && f.progress[f.sel].CanApprove {
		ab := f.keys.Approve
		if f.progress[f.sel].Progress.Approved {
			ab.SetHelp("a", "withdraw from contacts")
		} else {
			ab.SetHelp("a", "share with contacts")
		}
		b = append(b, ab)
	}
	if p := f.part(); p != nil {
		b = append(b, p.help()...)
	}
	if len(f.shown) > 1 {
		b = append(b, f.keys.Parts)
	}
	b = append(b, f.Keys.Down)
	if f.more && f.current() != tabSessions {
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

// --- writing a note, a progress update or a comment

// composerMaxLines: a taller box than this only adds empty lines.
const composerMaxLines = 12

// textComposer is a textarea for one text to save, in a screen's place (a
// modalPane): ctrl+s saves through the domain (which checks and cleans it)
// and closes, esc cancels; a refusal stays in the box, as in the forms.
// Its cursor is static and clipboard paste is off, as in the forms.
type textComposer struct {
	Common
	title, hint  string
	ta           textarea.Model
	err          string
	save         func(body string) (string, error)
	saveKey, esc key.Binding
}

func newTextComposer(c Common, title, hint string, save func(string) (string, error)) *textComposer {
	ta := textarea.New()
	st := textarea.Style{
		Base: c.Renderer.NewStyle(), CursorLine: c.Renderer.NewStyle(), CursorLineNumber: c.Styles.Subtle,
		EndOfBuffer: c.Styles.Subtle, LineNumber: c.Styles.Subtle, Placeholder: c.Styles.InputPlaceholder,
		Prompt: c.Styles.Accent, Text: c.Styles.InputText,
	}
	ta.FocusedStyle, ta.BlurredStyle = st, st
	ta.Cursor.Style = c.Styles.InputCursor
	ta.Cursor.TextStyle = c.Styles.InputText
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.KeyMap.Paste = key.NewBinding()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.Placeholder = "type here; enter starts a new line"
	ta.CharLimit = 0 // update refuses what goes past domain.MaxTextLen, with a line
	ta.MaxHeight = 0
	ta.Focus()
	return &textComposer{Common: c, title: title, hint: hint, ta: ta, save: save,
		saveKey: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		esc:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
}

func (t *textComposer) setSize(width, height int) {
	t.Common.SetSize(width, height)
	t.ta.SetWidth(max(width, 10))
	t.ta.SetHeight(min(max(height-len(t.headLines())-len(t.errLines()), 1), composerMaxLines))
}

func (t *textComposer) headLines() []string {
	lines := []string{t.Styles.Title.Render(trunc(clean(t.title), t.Width))}
	lines = append(lines, wrapped(t.hint, 0, t.Width, t.Styles.Subtle)...)
	return append(lines, "")
}

func (t *textComposer) errLines() []string {
	if t.err == "" {
		return nil
	}
	return wrapped(t.err, 0, t.Width, t.Styles.StatusError)
}

func (t *textComposer) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	switch {
	case key.Matches(k, t.esc):
		return nil, Status("Nothing changed")
	case key.Matches(k, t.saveKey):
		done, err := t.save(t.ta.Value())
		if err != nil {
			t.err = errText(err)
			t.setSize(t.Width, t.Height)
			return t, nil
		}
		return nil, Status("%s", done)
	}
	if n := utf8.RuneCountInString(t.ta.Value()) + typedLen(k); n > domain.MaxTextLen {
		// Refused whole, with a line, where a limit in the textarea would
		// cut it silently (and count wide characters twice).
		t.err = fmt.Sprintf("at most %d characters; what went past that was not taken", domain.MaxTextLen)
		t.setSize(t.Width, t.Height)
		return t, nil
	}
	var cmd tea.Cmd
	t.ta, cmd = t.ta.Update(k)
	return t, cmd
}

// typedLen is how many characters k would add to a text.
func typedLen(k tea.KeyMsg) int {
	switch k.Type {
	case tea.KeyRunes:
		return len(k.Runes)
	case tea.KeySpace, tea.KeyEnter:
		return 1
	}
	return 0
}

func (t *textComposer) view() string {
	lines := append(t.headLines(), strings.Split(t.ta.View(), "\n")...)
	lines = append(lines, t.errLines()...)
	return fitLines(strings.Join(lines, "\n"), t.Width, t.Height)
}

func (t *textComposer) shortHelp() []key.Binding { return []key.Binding{t.saveKey, t.esc} }

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
