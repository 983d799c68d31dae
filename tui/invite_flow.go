package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// The flows of seed 000 as forms: (a) a new client invited together with
// one or more contacts in one step (R34), (b) a contact added to an
// existing client, found by email first (R35), invited only if they cannot
// sign in yet, the client and the other contacts optionally told (R36).
// Codes appear once, on the result screen, and are dropped when it closes.

// --- flow (a): a new client with contacts

// maxFlowContacts mirrors the domain's bound on one invitation flow.
const maxFlowContacts = 10

type inviteClientFlow struct {
	Context
	sections int
}

func newInviteClientPane(c Context) modalPane {
	fl := &inviteClientFlow{Context: c}
	f := newPaneForm(c.Common, "Invite a new client with their contacts")
	f.note("Every invitee gets a code of their own, valid 7 days, shown once on the next screen (R34).")
	f.heading("The client")
	f.text("name", "Name", "", "", domain.MaxNameLen)
	f.text("handle", "Handle", "", "", domain.MaxHandleLen).help = "how they are named in commands: lower-case letters, digits and '-'"
	f.text("email", "Email", "", "", domain.MaxEmailLen)
	f.text("primary", "Primary coach", "", "", domain.MaxHandleLen).help =
		"a coach's handle, the client's My coach (R11); empty: you, if you add clients with manage_own_clients (R20)"
	f.check("invite", "Send invitation codes", "A code for the client and for every contact who cannot sign in yet.", true)
	f.button("more", "+ Another contact").help = "add another contact"
	f.button("save", "Invite")
	fl.addSection(f)
	return &submitPane{form: f, submit: fl.submit, left: fl.left, pressed: fl.pressed}
}

// addSection adds the fields of one more contact before the buttons.
func (fl *inviteClientFlow) addSection(f *paneForm) {
	fl.sections++
	p := fmt.Sprintf("c%d.", fl.sections)
	f.before("more", func() {
		f.heading(fmt.Sprintf("Contact %d", fl.sections))
		contactEntryFields(f, p)
		f.text(p+"expires", "Last day", "", "none", 10).help = linkExpiryHelp
	})
}

// contactEntryFields are a contact's email (asked first, R35), name and handle,
// and the permissions of their link.
func contactEntryFields(f *paneForm, p string) {
	f.text(p+"email", "Email", "", "", domain.MaxEmailLen).help =
		"type the email first: someone already here is linked, never duplicated (R35)"
	f.text(p+"name", "Name", "", "", domain.MaxNameLen).help = "for a new person"
	f.text(p+"handle", "Handle", "", "", domain.MaxHandleLen).help = "for a new person: lower-case letters, digits and '-'"
	linkPermChecks(f, p, nil)
}

func (fl *inviteClientFlow) left(f *paneForm, id string) {
	if p, ok := strings.CutSuffix(id, "email"); ok && p != "" {
		showEmailFound(fl.Context, f, p, nil)
	}
}

func (fl *inviteClientFlow) pressed(f *paneForm, id string) {
	if id != "more" {
		return
	}
	if fl.sections >= maxFlowContacts {
		f.err = fmt.Sprintf("at most %d contacts in one step; add more later with a (add contact)", maxFlowContacts)
		return
	}
	fl.addSection(f)
	f.focusOn(fmt.Sprintf("c%d.email", fl.sections))
}

func (fl *inviteClientFlow) submit(f *paneForm) (modalPane, tea.Cmd, error) {
	in := domain.ClientInvite{
		Client: domain.NewPerson{
			Handle: strings.TrimSpace(f.value("handle")), Name: f.value("name"),
			Email: f.value("email"), Primary: strings.TrimSpace(f.value("primary")),
		},
		Invite: f.checked("invite"),
	}
	for i := 1; i <= fl.sections; i++ {
		p := fmt.Sprintf("c%d.", i)
		nc := domain.NewContact{
			Email: f.value(p + "email"), Name: f.value(p + "name"), Handle: strings.TrimSpace(f.value(p + "handle")),
			Perms: linkPermsChecked(f, p), Expires: f.value(p + "expires"),
		}
		if strings.TrimSpace(nc.Email+nc.Name+nc.Handle) == "" {
			continue // a section left empty is no contact
		}
		in.Contacts = append(in.Contacts, nc)
	}
	res, err := fl.Svc.InviteClient(fl.Who, in)
	if err != nil {
		return nil, nil, err
	}
	title := personLabel(res.Client) + " is invited"
	if !in.Invite {
		title = personLabel(res.Client) + " is added, without invitations"
	}
	r := &codesPane{Common: fl.Common, title: title}
	r.add(fl.Context, res.Client, res.Invite, in.Invite, false)
	for _, ca := range res.Contacts {
		r.add(fl.Context, ca.Person, ca.Invite, in.Invite, ca.Existing)
		r.body = append(r.body, "    "+fl.Styles.Subtle.Render("acts for "+clean(res.Client.Name)+": "+linkText(domain.LinkView{Link: ca.Link, Live: true})))
	}
	return r, Status("%s and %d contacts added", personLabel(res.Client), len(res.Contacts)), nil
}

// --- flow (b): a contact for an existing client

type addContactFlow struct {
	Context
}

func newAddContactPane(c Context, client string) modalPane {
	fl := &addContactFlow{Context: c}
	f := newPaneForm(c.Common, "Add a contact to an existing client")
	f.text("client", "Client", client, "", domain.MaxHandleLen).help = "the client's handle"
	contactEntryFields(f, "")
	f.text("expires", "Last day", "", "none", 10).help = linkExpiryHelp
	f.check("invite", "Send an invitation code", "Only the new contact is invited, and only if they cannot sign in yet (R36).", true)
	f.check("notify", "Tell the client and their other contacts", "For transparency, as seed 000 suggests (R36).", true)
	f.button("save", "Add contact")
	f.focusOn("email")
	if strings.TrimSpace(client) == "" {
		f.focusOn("client")
	}
	return &submitPane{form: f, submit: fl.submit, left: fl.left}
}

func (fl *addContactFlow) left(f *paneForm, id string) {
	if id == "email" {
		showEmailFound(fl.Context, f, "", f.field("invite"))
	}
}

func (fl *addContactFlow) submit(f *paneForm) (modalPane, tea.Cmd, error) {
	in := domain.AddContactIn{
		Client: strings.TrimSpace(f.value("client")),
		Contact: domain.NewContact{
			Email: f.value("email"), Name: f.value("name"), Handle: strings.TrimSpace(f.value("handle")),
			Perms: linkPermsChecked(f, ""), Expires: f.value("expires"),
		},
		Invite: f.checked("invite"),
		Notify: f.checked("notify"),
	}
	res, err := fl.Svc.AddContact(fl.Who, in)
	if err != nil {
		return nil, nil, err
	}
	st := fl.Styles
	client := clean(in.Client)
	if links, err := fl.Svc.ListLinks(fl.Who, in.Client); err == nil && len(links) > 0 {
		client = personLabel(links[0].Client)
	}
	r := &codesPane{Common: fl.Common, title: personLabel(res.Person) + " can now act for " + client}
	r.add(fl.Context, res.Person, res.Invite, in.Invite, res.Existing)
	r.body = append(r.body, "    "+st.Subtle.Render(linkText(domain.LinkView{Link: res.Link, Live: true})))
	if in.Notify {
		r.body = append(r.body, "", st.Subtle.Render("The client and their other contacts were told, as their notification settings allow (R36)."))
	}
	return r, Status("%s added as a contact of %s", personLabel(res.Person), client), nil
}

// showEmailFound looks the email of the contact under prefix up and says what
// saving will do: link the person found (R35), or make a new one. invite,
// if given, is locked off for someone who can sign in already (R36).
func showEmailFound(c Context, f *paneForm, prefix string, invite *paneField) {
	email := f.field(prefix + "email")
	name, handle := f.field(prefix+"name"), f.field(prefix+"handle")
	email.note, email.warn = "", false
	name.hidden, handle.hidden = false, false
	if invite != nil && invite.locked != "" {
		invite.locked, invite.on = "", true // locked for the person found before
	}
	if strings.TrimSpace(email.input.Value()) == "" {
		return
	}
	p, ok := lookupByEmail(c, email.input.Value())
	if !ok {
		if _, err := domain.CleanEmail(email.input.Value()); err != nil {
			email.note, email.warn = errText(err), true
			return
		}
		email.note = "no one here has this email: a new person will be made"
		return
	}
	email.note = "found: " + personLabel(p) + " — will be linked, no duplicate (R35)"
	name.hidden, handle.hidden = true, true
	if invite != nil && len(p.Keys) > 0 {
		invite.on = false
		invite.locked = clean(p.Name) + " signs in already, so no invitation is needed (R36)"
	}
}

// lookupByEmail finds who this workspace can see with exactly this email,
// so the form can say before saving that they will be linked (R35). The
// domain looks again when saving, whoever the workspace can see.
func lookupByEmail(c Context, email string) (domain.Person, bool) {
	e, err := domain.CleanEmail(email)
	if err != nil {
		return domain.Person{}, false
	}
	ps, err := c.Svc.ListPeople(c.Who, domain.PeopleFilter{Search: e, Limit: 20})
	if err != nil {
		return domain.Person{}, false
	}
	for _, p := range ps {
		if p.Email == e {
			return p, true
		}
	}
	return domain.Person{}, false
}

// --- the result: codes, shown once

// codesPane reports what a flow did, with every invitee's code. Nothing
// keeps the codes once it closes (R34: a code is shown once).
type codesPane struct {
	Common
	title string
	body  []string
	top   int
}

// add reports one invitee: their code and its expiry, or why there is none.
func (r *codesPane) add(c Context, p domain.Person, inv *domain.Invite, asked, existing bool) {
	st := r.Styles
	r.body = append(r.body, "")
	who := personLabel(p)
	if existing {
		who += st.Subtle.Render("  found by email: linked, no duplicate (R35)")
	}
	r.body = append(r.body, who)
	switch {
	case inv != nil:
		r.body = append(r.body, "    code "+st.Accent.Render(clean(inv.Code))+st.Subtle.Render("  valid until "+orgWhen(c.Access().Org.Location(), inv.Expires)))
	case len(p.Keys) > 0:
		r.body = append(r.body, "    "+st.Subtle.Render("no code: signs in already with a key of their own (R36)"))
	case !asked:
		r.body = append(r.body, "    "+st.Subtle.Render("no code: no invitation was asked for"))
	}
}

func (r *codesPane) setSize(w, h int) { r.Common.SetSize(w, h) }

func (r *codesPane) lines() []string {
	st := r.Styles
	out := []string{st.Title.Render(clean(r.title))}
	out = append(out, wrapStyled(st.Warn, r.Width, "Codes are shown only now: give each person their own. A code binds the key it is redeemed with to that person (R34).")...)
	return append(out, r.body...)
}

func (r *codesPane) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	switch {
	case key.Matches(k, r.Keys.Select, r.Keys.Back):
		return nil, nil
	case key.Matches(k, r.Keys.Down):
		r.top++
	case key.Matches(k, r.Keys.Up):
		r.top--
	}
	r.top = min(max(r.top, 0), max(len(r.lines())-r.Height, 0))
	return r, nil
}

func (r *codesPane) view() string {
	lines := r.lines()
	r.top = min(max(r.top, 0), max(len(lines)-r.Height, 0))
	return fitLines(strings.Join(lines[r.top:], "\n"), r.Width, r.Height)
}

func (r *codesPane) shortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/esc", "done")),
		r.Keys.Down,
	}
}

// --- form kit: modal panes and forms, shared by this part's screens

// modalPane takes a screen's place while it is open: a form, or what a
// form did. update returns the pane to show next, nil to close.
type modalPane interface {
	update(k tea.KeyMsg) (modalPane, tea.Cmd)
	view() string
	setSize(width, height int)
	shortHelp() []key.Binding
}

// submitPane is a form whose submit calls the domain: a refusal stays on the
// form with the domain's reason; success closes it or opens what comes next.
type submitPane struct {
	form   *paneForm
	submit func(f *paneForm) (modalPane, tea.Cmd, error)
	// left reacts to the person leaving a field; pressed to buttons other
	// than "save".
	left    func(f *paneForm, id string)
	pressed func(f *paneForm, id string)
}

func (p *submitPane) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	ev, cmd := p.form.update(k)
	switch ev.kind {
	case peCancel:
		return nil, Status("Nothing changed")
	case peLeft:
		if p.left != nil {
			p.left(p.form, ev.id)
			p.form.settle() // what left hid may have been focused
		}
	case pePressed:
		if p.pressed != nil {
			p.pressed(p.form, ev.id)
		}
	case peSubmit:
		if p.left != nil {
			p.left(p.form, p.form.focusID()) // what the focused field says counts too
		}
		next, done, err := p.submit(p.form)
		if err != nil {
			p.form.err = errText(err)
			return p, cmd
		}
		return next, tea.Batch(cmd, done)
	}
	return p, cmd
}

func (p *submitPane) view() string             { return p.form.view() }
func (p *submitPane) setSize(w, h int)         { p.form.setSize(w, h) }
func (p *submitPane) shortHelp() []key.Binding { return p.form.shortHelp() }

type paneFieldKind int

const (
	pfText paneFieldKind = iota
	pfCheck
	pfButton
	pfNote
	pfHeading
)

// paneField is one line (or a few) of a form.
type paneField struct {
	kind   paneFieldKind
	id     string
	label  string
	desc   string // under a checkbox
	help   string // under a text field while it has focus; a button's footer word
	note   string // feedback under the field, set by the form's owner
	warn   bool   // the note is a problem
	input  textinput.Model
	on     bool
	locked string // why a checkbox cannot change; "" when it can
	hidden bool
}

func (fl *paneField) focusable() bool {
	return !fl.hidden && (fl.kind == pfText || fl.kind == pfCheck || fl.kind == pfButton)
}

type paneEventKind int

const (
	peNone paneEventKind = iota
	peSubmit
	peCancel
	pePressed // a button other than save
	peLeft    // focus left a text field
)

type paneEvent struct {
	kind paneEventKind
	id   string
}

// paneForm is a column of labelled fields that scrolls to keep the
// focused one in view. Its owner captures every key while it is open.
type paneForm struct {
	Common
	title  string
	fields []*paneField
	focus  int
	err    string // the domain's last refusal
	insert int    // where new fields go; -1: at the end
	top    int    // the first body line shown
	keys   struct{ next, prev, toggle, enter, save, cancel key.Binding }
}

func newPaneForm(c Common, title string) *paneForm {
	f := &paneForm{Common: c, title: title, insert: -1, focus: -1}
	f.keys.next = key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next"))
	f.keys.prev = key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "back"))
	f.keys.toggle = key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "check"))
	f.keys.enter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/press"))
	f.keys.save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save"))
	f.keys.cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	return f
}

func (f *paneForm) add(fl *paneField) *paneField {
	if f.insert < 0 || f.insert > len(f.fields) {
		f.fields = append(f.fields, fl)
	} else {
		f.fields = append(f.fields[:f.insert], append([]*paneField{fl}, f.fields[f.insert:]...)...)
		if f.focus >= f.insert {
			f.focus++
		}
		f.insert++
	}
	if f.focus < 0 && fl.focusable() {
		f.setFocus(f.indexOf(fl))
	}
	return fl
}

// before adds the fields build makes in front of the field id.
func (f *paneForm) before(id string, build func()) {
	f.insert = f.indexOf(f.field(id))
	build()
	f.insert = -1
}

func (f *paneForm) indexOf(fl *paneField) int {
	for i, x := range f.fields {
		if x == fl {
			return i
		}
	}
	return -1
}

func (f *paneForm) text(id, label, value, placeholder string, limit int) *paneField {
	in := newPaneInput(f.Styles, "", placeholder, limit)
	in.SetValue(clean(value)) // a stored value is shown like any other stored text
	in.Width = f.inputWidth()
	return f.add(&paneField{kind: pfText, id: id, label: label, input: in})
}

func (f *paneForm) check(id, label, desc string, on bool) *paneField {
	return f.add(&paneField{kind: pfCheck, id: id, label: label, desc: desc, on: on})
}

func (f *paneForm) button(id, label string) *paneField {
	return f.add(&paneField{kind: pfButton, id: id, label: label})
}

func (f *paneForm) note(text string) *paneField {
	return f.add(&paneField{kind: pfNote, label: text})
}

func (f *paneForm) heading(text string) *paneField {
	return f.add(&paneField{kind: pfHeading, label: text})
}

// field is the field id; a missing one is a blank, hidden field, so a
// typo in an owner shows as an empty value rather than a crash.
func (f *paneForm) field(id string) *paneField {
	for _, fl := range f.fields {
		if fl.id == id && id != "" {
			return fl
		}
	}
	return &paneField{id: id, hidden: true}
}

func (f *paneForm) value(id string) string { return f.field(id).input.Value() }
func (f *paneForm) checked(id string) bool { return f.field(id).on }

func (f *paneForm) focusID() string {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return ""
	}
	return f.fields[f.focus].id
}

func (f *paneForm) focusOn(id string) {
	if i := f.indexOf(f.field(id)); i >= 0 && f.fields[i].focusable() {
		f.setFocus(i)
	}
}

func (f *paneForm) setFocus(i int) {
	if f.focus >= 0 && f.focus < len(f.fields) {
		f.fields[f.focus].input.Blur()
	}
	f.focus = i
	if fl := f.fields[i]; fl.kind == pfText {
		fl.input.Focus() // a static cursor: no blink command to run
	}
}

// settle moves the focus off a field that was hidden under it.
func (f *paneForm) settle() {
	if f.focus < 0 || f.focus >= len(f.fields) || f.fields[f.focus].focusable() {
		return
	}
	for _, step := range []int{1, -1} {
		for i := f.focus + step; i >= 0 && i < len(f.fields); i += step {
			if f.fields[i].focusable() {
				f.setFocus(i)
				return
			}
		}
	}
}

// move focuses the next (or previous) field that takes focus, and reports
// the text field it left.
func (f *paneForm) move(step int) paneEvent {
	from := f.focus
	for i := f.focus + step; i >= 0 && i < len(f.fields); i += step {
		if f.fields[i].focusable() {
			f.setFocus(i)
			break
		}
	}
	if from >= 0 && from != f.focus && f.fields[from].kind == pfText {
		return paneEvent{kind: peLeft, id: f.fields[from].id}
	}
	return paneEvent{}
}

func (f *paneForm) update(k tea.KeyMsg) (paneEvent, tea.Cmd) {
	if f.focus < 0 {
		return paneEvent{}, nil
	}
	fl := f.fields[f.focus]
	switch {
	case key.Matches(k, f.keys.cancel):
		return paneEvent{kind: peCancel}, nil
	case key.Matches(k, f.keys.save):
		f.err = ""
		return paneEvent{kind: peSubmit}, nil
	case key.Matches(k, f.keys.next):
		return f.move(1), nil
	case key.Matches(k, f.keys.prev):
		return f.move(-1), nil
	case key.Matches(k, f.keys.enter):
		if fl.kind != pfButton {
			return f.move(1), nil
		}
		f.err = ""
		if fl.id == "save" {
			return paneEvent{kind: peSubmit}, nil
		}
		return paneEvent{kind: pePressed, id: fl.id}, nil
	case fl.kind == pfCheck && key.Matches(k, f.keys.toggle):
		if fl.locked == "" {
			fl.on = !fl.on
		}
		return paneEvent{}, nil
	case fl.kind == pfText:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(k)
		return paneEvent{}, cmd
	}
	return paneEvent{}, nil
}

const paneLabelWidth = 14

func (f *paneForm) inputWidth() int { return max(f.Width-paneLabelWidth-4, 4) }

func (f *paneForm) setSize(w, h int) {
	f.Common.SetSize(w, h)
	for _, fl := range f.fields {
		fl.input.Width = f.inputWidth()
	}
}

// fieldLines draws one field for the form's width.
func (f *paneForm) fieldLines(fl *paneField, focused bool) []string {
	st := f.Styles
	mark := selMark(st, focused)
	label := st.Label
	if focused {
		label = st.Accent
	}
	indent := func(n int, style lipgloss.Style, text string) []string {
		out := wrapStyled(style, max(f.Width-n, 10), text)
		for i := range out {
			out[i] = strings.Repeat(" ", n) + out[i]
		}
		return out
	}
	var out []string
	switch fl.kind {
	case pfHeading:
		out = append(out, "", st.Title.Render(clean(fl.label)))
	case pfNote:
		out = append(out, indent(2, st.Subtle, fl.label)...)
	case pfText:
		out = append(out, mark+label.Render(fmt.Sprintf("%-*s", paneLabelWidth, ansi.Truncate(fl.label, paneLabelWidth-1, "…")))+fl.input.View())
		if focused && fl.help != "" {
			out = append(out, indent(2+paneLabelWidth, st.Subtle, fl.help)...)
		}
	case pfCheck:
		box := "[ ]"
		if fl.on {
			box = "[" + st.Yes.Render("x") + "]"
		}
		if fl.locked != "" {
			box = st.Subtle.Render(ansi.Strip(box))
		}
		out = append(out, mark+box+" "+label.Render(fl.label))
		if fl.desc != "" {
			out = append(out, indent(6, st.Subtle, fl.desc)...)
		}
		if fl.locked != "" {
			out = append(out, indent(6, st.Warn, fl.locked)...)
		}
	case pfButton:
		b := "[ " + fl.label + " ]"
		if focused {
			out = append(out, mark+st.Accent.Reverse(true).Render(b))
		} else {
			out = append(out, mark+st.Value.Render(b))
		}
	}
	if fl.note != "" {
		style := st.Accent
		if fl.warn {
			style = st.Warn
		}
		out = append(out, indent(2+paneLabelWidth, style, fl.note)...)
	}
	return out
}

func (f *paneForm) view() string {
	st := f.Styles
	head := []string{st.Title.Render(clean(f.title))}
	if f.err != "" {
		head = append(head, wrapStyled(st.StatusError, f.Width, f.err)...)
	}
	var body []string
	from, to := 0, 0
	for i, fl := range f.fields {
		if fl.hidden {
			continue
		}
		if i == f.focus {
			from = len(body)
		}
		body = append(body, f.fieldLines(fl, i == f.focus)...)
		if i == f.focus {
			to = len(body)
		}
	}
	room := max(f.Height-len(head), 1)
	if len(body) > room {
		room = max(room-1, 1) // a line says there is more
		// Scroll as little as keeps the focused field in view, with the
		// lines just above it (a heading, the field before) when they fit.
		top := f.top
		if from-2 < top {
			top = from - 2
		}
		if to > top+room {
			top = to - room
		}
		top = min(max(top, 0), len(body)-room)
		f.top = top
		end := top + room
		hint := fmt.Sprintf("%d more below · tab/↓", len(body)-end)
		if end == len(body) {
			hint = fmt.Sprintf("%d more above · shift+tab/↑", top)
		}
		body = append(body[top:end:end], st.Scroll.Render(hint))
	}
	return fitLines(strings.Join(append(head, body...), "\n"), f.Width, f.Height)
}

func (f *paneForm) shortHelp() []key.Binding {
	b := []key.Binding{f.keys.next}
	if f.focus >= 0 {
		switch fl := f.fields[f.focus]; fl.kind {
		case pfCheck:
			b = append(b, f.keys.toggle)
		case pfButton:
			what := fl.help
			if what == "" {
				what = strings.ToLower(fl.label)
			}
			b = append(b, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", what)))
		}
	}
	return append(b, f.keys.save, f.keys.cancel)
}
