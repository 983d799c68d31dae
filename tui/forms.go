package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// The practice forms: booking a session, moving one, paying an invoice,
// issuing one, assigning a package. They are small bubbles textinput forms
// rather than huh forms: they run inside a screen, get only the keys the
// root hands that screen, keep a static cursor (an idle session must get
// no blink ticks) and send no messages of their own, so two forms open in
// two tabs can never take each other's messages. Every value is checked
// by the domain when the form is saved; its refusal shows inside the form.

type fieldKind int

const (
	textField fieldKind = iota
	choiceField
)

// choiceOpt is one choice of a choice field: what it shows and what the
// form passes on.
type choiceOpt struct{ label, value string }

// formField is one line of an entryForm.
type formField struct {
	name, label, hint string
	kind              fieldKind
	input             textinput.Model
	choices           []choiceOpt
	sel               int
}

func (fl *formField) value() string {
	if fl.kind == choiceField {
		if fl.sel >= 0 && fl.sel < len(fl.choices) {
			return fl.choices[fl.sel].value
		}
		return ""
	}
	return fl.input.Value()
}

// setChoices replaces the choices, keeping the chosen value if it is still
// there.
func (fl *formField) setChoices(opts []choiceOpt) {
	was := fl.value()
	fl.choices, fl.sel = opts, 0
	for i, o := range opts {
		if o.value == was {
			fl.sel = i
		}
	}
}

// formKeys are one form's bindings, made per form.
type formKeys struct {
	Next, Prev, Enter, Left, Right, Save, Cancel, AddRow, DelRow key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Enter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next · save on the last")),
		Left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "change choice")),
		Right:  key.NewBinding(key.WithKeys("right", " "), key.WithHelp("→", "next choice")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		AddRow: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "add item")),
		DelRow: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "remove item")),
	}
}

type formResult int

const (
	formOpen formResult = iota
	formCancelled
	formSaved
)

// entryForm is a modal form of text and choice fields. While it is open
// the screen holding it is Capturing and hands it every key; Update says
// when it is cancelled or saved (then saved holds the status line).
type entryForm struct {
	Common
	title  string
	intro  []string
	fields []*formField
	focus  int
	err    string
	keys   formKeys
	submit func(f *entryForm) (string, error)
	// left runs when the focus leaves a field, to update choices that
	// depend on it (a booking's coaches and packages on its client).
	left     func(f *entryForm, fl *formField)
	rows     bool   // invoice items: text/amount pairs that can be added and removed
	currency string // of the amounts in rows
	saved    string
	result   any // what the save made (a booked SessionView), for the screen
}

const formLabelWidth = 12

func newEntryForm(c Common, title string) *entryForm {
	return &entryForm{Common: c, title: title, keys: newFormKeys()}
}

// newFormInput is a one-line text input styled for this session, with a
// static cursor and without clipboard paste (it would read the server's
// clipboard, not the person's; a terminal's own paste still types).
func newFormInput(c Common, value, placeholder string, limit int) textinput.Model {
	in := newInput(c.Styles, "", placeholder, limit)
	in.SetValue(value)
	return in
}

func (f *entryForm) addText(name, label, value, placeholder, hint string, limit int) *formField {
	fl := &formField{name: name, label: label, hint: hint, kind: textField, input: newFormInput(f.Common, value, placeholder, limit)}
	f.fields = append(f.fields, fl)
	return fl
}

func (f *entryForm) addChoice(name, label, hint string, opts []choiceOpt) *formField {
	fl := &formField{name: name, label: label, hint: hint, kind: choiceField, choices: opts}
	f.fields = append(f.fields, fl)
	return fl
}

// field is the field called name, or nil.
func (f *entryForm) field(name string) *formField {
	for _, fl := range f.fields {
		if fl.name == name {
			return fl
		}
	}
	return nil
}

// value is what field name holds ("" without such a field).
func (f *entryForm) value(name string) string {
	if fl := f.field(name); fl != nil {
		return fl.value()
	}
	return ""
}

// start focuses the first field; call it once the fields are added.
func (f *entryForm) start() *entryForm {
	f.focusOn(0)
	return f
}

func (f *entryForm) focusOn(i int) {
	if len(f.fields) == 0 {
		return
	}
	i = min(max(i, 0), len(f.fields)-1)
	for k, fl := range f.fields {
		if fl.kind != textField {
			continue
		}
		if k == i {
			fl.input.Focus() // static cursor: no blink command
			fl.input.CursorEnd()
		} else {
			fl.input.Blur()
		}
	}
	f.focus = i
}

func (f *entryForm) move(d int) {
	if len(f.fields) == 0 {
		return
	}
	from := f.fields[f.focus]
	to := min(max(f.focus+d, 0), len(f.fields)-1)
	if to == f.focus {
		return
	}
	if f.left != nil {
		f.left(f, from)
	}
	f.focusOn(to)
}

func (f *entryForm) SetSize(width, height int) {
	f.Common.SetSize(width, height)
	w := max(f.Width-formLabelWidth-2, 4)
	for _, fl := range f.fields {
		fl.input.Width = w
	}
}

// Update handles one key; other messages mean nothing to a form.
func (f *entryForm) Update(msg tea.Msg) (formResult, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || len(f.fields) == 0 {
		if ok && key.Matches(k, f.keys.Cancel) {
			return formCancelled, nil
		}
		return formOpen, nil
	}
	fl := f.fields[f.focus]
	switch {
	case key.Matches(k, f.keys.Cancel):
		return formCancelled, nil
	case key.Matches(k, f.keys.Save):
		return f.save(), nil
	case key.Matches(k, f.keys.Enter):
		if f.focus == len(f.fields)-1 {
			return f.save(), nil
		}
		f.move(1)
	case key.Matches(k, f.keys.Next):
		f.move(1)
	case key.Matches(k, f.keys.Prev):
		f.move(-1)
	case f.rows && key.Matches(k, f.keys.AddRow):
		f.addRow()
	case f.rows && key.Matches(k, f.keys.DelRow):
		f.removeRow()
	case fl.kind == choiceField:
		n := len(fl.choices)
		switch {
		case n == 0:
		case key.Matches(k, f.keys.Left):
			fl.sel = (fl.sel + n - 1) % n
		case key.Matches(k, f.keys.Right):
			fl.sel = (fl.sel + 1) % n
		}
	default:
		var cmd tea.Cmd
		fl.input, cmd = fl.input.Update(k)
		return formOpen, cmd
	}
	return formOpen, nil
}

func (f *entryForm) save() formResult {
	if f.left != nil && len(f.fields) > 0 {
		f.left(f, f.fields[f.focus])
	}
	msg, err := f.submit(f)
	if err != nil {
		f.err = errText(err)
		return formOpen
	}
	f.err, f.saved = "", msg
	return formSaved
}

// --- invoice item rows: fields come in pairs, "item N" and "amount N".

func (f *entryForm) addRowFields(at int, text, amount string) {
	t := &formField{name: "item", kind: textField, input: newFormInput(f.Common, text, "what it is for", domain.MaxLineLen),
		hint: "what the line is for, as the client reads it"}
	a := &formField{name: "amount", kind: textField, input: newFormInput(f.Common, amount, "150.00", 16),
		hint: "in " + f.currency + ", e.g. 150 or 150.00; ctrl+n adds an item, ctrl+x removes this one"}
	f.fields = append(f.fields[:at], append([]*formField{t, a}, f.fields[at:]...)...)
	f.relabel()
	f.SetSize(f.Width, f.Height)
}

func (f *entryForm) relabel() {
	n := 0
	for _, fl := range f.fields {
		switch fl.name {
		case "item":
			n++
			fl.label = fmt.Sprintf("Item %d", n)
		case "amount":
			fl.label = fmt.Sprintf("Amount %d", n)
		}
	}
}

func (f *entryForm) rowCount() int {
	n := 0
	for _, fl := range f.fields {
		if fl.name == "item" {
			n++
		}
	}
	return n
}

func (f *entryForm) addRow() {
	if f.rowCount() >= domain.MaxInvoiceItems {
		f.err = fmt.Sprintf("an invoice has at most %d items", domain.MaxInvoiceItems)
		return
	}
	at := f.focus - f.focus%2 + 2 // after the focused pair
	f.addRowFields(at, "", "")
	f.focusOn(at)
}

func (f *entryForm) removeRow() {
	if f.rowCount() <= 1 {
		f.err = "an invoice needs at least one item"
		return
	}
	at := f.focus - f.focus%2
	f.fields = append(f.fields[:at], f.fields[at+2:]...)
	f.relabel()
	f.focusOn(max(at-2, 0))
}

// --- view

func (f *entryForm) View() string {
	w, h := f.Width, f.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	st := f.Styles
	head := []string{st.Title.Render(trunc(clean(f.title), w))}
	for _, l := range f.intro {
		for _, p := range wrapPlain(l, w) {
			head = append(head, st.Subtle.Render(p))
		}
	}
	head = append(head, "")
	var body []string
	at := 0
	inputWidth := max(w-formLabelWidth-2, 4)
	for i, fl := range f.fields {
		focused := i == f.focus
		if focused {
			at = len(body)
		}
		mark, ls := "  ", st.Label
		if focused {
			mark, ls = st.Accent.Render("› "), st.Accent
		}
		label := ls.Render(fmt.Sprintf("%-*s", formLabelWidth-2, trunc(fl.label, formLabelWidth-2)))
		body = append(body, trunc(mark+label+" "+f.fieldView(fl, focused, inputWidth), w))
		if focused && fl.hint != "" {
			pad := strings.Repeat(" ", formLabelWidth+1)
			for _, p := range wrapPlain(fl.hint, inputWidth) {
				body = append(body, pad+st.Subtle.Render(p))
			}
		}
	}
	var tail []string
	if f.err != "" {
		tail = append(tail, "")
		for _, p := range wrapPlain(f.err, w) {
			tail = append(tail, st.StatusError.Render(p))
		}
	}
	room := h - len(head) - len(tail)
	if room < 1 {
		// very little room: the focused field first, then what fits
		head = head[:min(len(head), 1)]
		room = h - len(head) - len(tail)
		if room < 1 {
			tail = nil
			room = h - len(head)
		}
	}
	body = formWindow(body, at, room)
	lines := append(append(head, body...), tail...)
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

func (f *entryForm) fieldView(fl *formField, focused bool, width int) string {
	st := f.Styles
	if fl.kind == textField {
		return fl.input.View()
	}
	if len(fl.choices) == 0 {
		return st.Subtle.Render("(none)")
	}
	label := clean(fl.choices[fl.sel].label)
	if !focused {
		more := ""
		if len(fl.choices) > 1 {
			more = st.Subtle.Render(fmt.Sprintf("  (%d choices)", len(fl.choices)))
		}
		return trunc(st.Value.Render(label)+more, width)
	}
	count := ""
	if len(fl.choices) > 1 {
		count = st.Subtle.Render(fmt.Sprintf("  %d/%d", fl.sel+1, len(fl.choices)))
	}
	return trunc(st.Accent.Render("‹ "+label+" ›")+count, width)
}

func (f *entryForm) ShortHelp() []key.Binding {
	b := []key.Binding{f.keys.Save, f.keys.Next}
	if len(f.fields) > 0 && f.fields[f.focus].kind == choiceField {
		b = append(b, f.keys.Left)
	}
	if f.rows {
		b = append(b, f.keys.AddRow, f.keys.DelRow)
	}
	return append(b, f.keys.Cancel)
}

func (f *entryForm) FullHelp() [][]key.Binding {
	b := []key.Binding{f.keys.Save, f.keys.Enter, f.keys.Next, f.keys.Prev, f.keys.Left}
	if f.rows {
		b = append(b, f.keys.AddRow, f.keys.DelRow)
	}
	return [][]key.Binding{append(b, f.keys.Cancel)}
}

// wrapPlain word-wraps plain text to width (at least 10 cells).
func wrapPlain(s string, width int) []string {
	return strings.Split(ansi.Wrap(clean(s), max(width, 10), ""), "\n")
}

// formWindow is at most room lines of lines that include line at,
// keeping some context above it.
func formWindow(lines []string, at, room int) []string {
	if room <= 0 {
		return nil
	}
	if len(lines) <= room {
		return lines
	}
	start := min(max(at-room/3, 0), len(lines)-room)
	return lines[start : start+room]
}

// --- the forms

// bookingForm books a session (R50, R51): client (preset in a client's
// context), coach, start in the organisation's zone, length and an
// optional package credit. The domain decides everything again on save.
func bookingForm(c Context, client string, fixed bool, day time.Time) *entryForm {
	a := c.Access()
	loc := a.Org.Location()
	f := newEntryForm(c.Common, "Book a session")
	if fixed {
		f.intro = append(f.intro, "For "+bookingClientLabel(c, client))
	}
	f.intro = append(f.intro, "Times are in "+loc.String()+".")
	if !fixed {
		f.addText("client", "Client", client, "handle, e.g. jane", "the client's handle; their coaches and packages follow", 40)
	}
	coachHint := "who holds the session: the client's primary or coaching coaches"
	if a.Teamish() && a.Principal.IsCoach() {
		coachHint += ", or " + firstName(a.Principal.Name)
	}
	coach := f.addChoice("coach", "Coach", coachHint, nil)
	f.addText("start", "Start", defaultStart(c, day), "2026-03-14T09:30", "date and time as 2006-01-02T15:04, in "+loc.String(), 16)
	mins := f.addChoice("minutes", "Minutes", "how long the session lasts", []choiceOpt{{"30 min", "30"}, {"45 min", "45"}, {"60 min", "60"}, {"90 min", "90"}})
	mins.sel = 2
	pkg := f.addChoice("package", "Package", "take a credit from one of the client's packages (R51), or none", nil)

	known := "\x00" // the client the choices were made for
	refresh := func() {
		h := strings.TrimSpace(f.value("client"))
		if fixed {
			h = client
		}
		if h == known {
			return
		}
		known = h
		coach.setChoices(bookingCoaches(c, h))
		pkg.setChoices(bookingPackages(c, h))
	}
	refresh()
	f.left = func(f *entryForm, fl *formField) {
		if fl.name == "client" {
			refresh()
		}
	}
	f.submit = func(f *entryForm) (string, error) {
		refresh()
		h := client
		if !fixed {
			h = strings.TrimSpace(f.value("client"))
		}
		n, _ := strconv.Atoi(f.value("minutes"))
		in := domain.Booking{Client: h, Coach: f.value("coach"), Start: f.value("start"), Minutes: n}
		if p := f.value("package"); p != "" {
			id, err := domain.ParseID(p)
			if err != nil {
				return "", err
			}
			in.Package = id
		}
		v, err := c.Svc.BookSession(c.Who, in)
		if err != nil {
			return "", err
		}
		f.result = v
		return fmt.Sprintf("Booked: %s with %s, %s (%d min)", clean(v.Client.Name), clean(v.Coach.Name), v.Start.Format("Mon 2 Jan 15:04"), v.Session.Minutes), nil
	}
	return f.start()
}

// bookingClientLabel is "Name (handle)" of a client this workspace may see, or the
// handle alone.
func bookingClientLabel(c Context, handle string) string {
	a := c.Access()
	if k := a.Workspace.Kind; (k == domain.WSMe || k == domain.WSContact) && (handle == "" || handle == a.Principal.Handle) {
		return personLabel(a.Principal)
	}
	if d, err := c.Svc.ShowPerson(c.Who, handle); err == nil {
		return personLabel(d.Person)
	}
	return clean(handle)
}

// defaultStart is 10:00 on day if that is still ahead, else tomorrow.
func defaultStart(c Context, day time.Time) string {
	loc := c.Access().Org.Location()
	now := c.Svc.Now().In(loc)
	d := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, loc)
	if day.IsZero() || !d.After(now) {
		t := now.AddDate(0, 0, 1)
		d = time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, loc)
	}
	return d.Format(domain.TimeLayout)
}

// bookingCoaches offers the coaches a booking may name: in the team, you
// (if you coach) and the client's primary and coaching coaches this
// workspace may book for; for the client, their own coaches; for a
// contact, who cannot see pairings, the primary coach (the domain's
// default) and the coaches of the client's recent sessions.
func bookingCoaches(c Context, client string) []choiceOpt {
	a := c.Access()
	var opts []choiceOpt
	seen := map[string]bool{}
	add := func(p domain.Person, what string) {
		if seen[p.Handle] {
			return
		}
		seen[p.Handle] = true
		label := personLabel(p)
		if what != "" {
			label += " · " + what
		}
		opts = append(opts, choiceOpt{label, p.Handle})
	}
	switch a.Workspace.Kind {
	case domain.WSTeam, domain.WSAssistant:
		var ps []domain.PairingView
		if client != "" {
			ps, _ = c.Svc.Pairings(c.Who, domain.PairingQuery{Client: client})
		}
		may := func(k domain.Person) bool {
			t := domain.Target{Coach: &k}
			if len(ps) > 0 {
				cl := ps[0].Client
				t.Client = &cl
			}
			return c.Decide(domain.ActSessionsBook, t).Allowed
		}
		if p := a.Principal; p.IsCoach() && may(p) {
			what := "you"
			if a.Workspace.Kind == domain.WSAssistant {
				what = "the practitioner"
			}
			add(p, what)
		}
		for _, pv := range ps {
			if pv.Level >= domain.LevelCoaching && may(pv.Coach) {
				add(pv.Coach, levelText(pv.Level))
			}
		}
	case domain.WSMe:
		ps, _ := c.Svc.Pairings(c.Who, domain.PairingQuery{})
		for _, pv := range ps {
			if pv.Level >= domain.LevelCoaching { // never a view-only coach (R14)
				add(pv.Coach, levelText(pv.Level))
			}
		}
	case domain.WSContact:
		opts = append(opts, choiceOpt{"the primary coach", ""})
		l, _ := c.Svc.ListSessions(c.Who, domain.SessionFilter{})
		for _, s := range l.Sessions {
			add(s.Coach, "")
		}
	}
	if len(opts) == 0 {
		// Nothing to offer: the domain picks its default and says why
		// that does not work, if it does not.
		label := "no coach you may book with"
		if client == "" {
			label = "name the client first"
		}
		opts = append(opts, choiceOpt{label, ""})
	}
	return opts
}

// bookingPackages offers "none" and the client's usable packages, where
// this workspace may see them.
func bookingPackages(c Context, client string) []choiceOpt {
	opts := []choiceOpt{{"no package", ""}}
	if client == "" && c.Access().Teamish() {
		return opts
	}
	ps, err := c.Svc.ListPackages(c.Who, domain.PackageFilter{Client: client})
	if err != nil {
		return opts
	}
	for _, p := range ps {
		if p.Expired || p.UsedUp {
			continue
		}
		label := fmt.Sprintf("%s · %d left · until %s", p.Package.Name, p.Remaining, p.Package.Expires)
		opts = append(opts, choiceOpt{label, p.Package.ID.String()})
	}
	return opts
}

// rescheduleForm moves a session to a new start.
func rescheduleForm(c Context, v domain.SessionView) *entryForm {
	loc := c.Access().Org.Location()
	f := newEntryForm(c.Common, "Reschedule session "+v.Session.ID.String())
	f.intro = []string{sessionSummary(v), "Times are in " + loc.String() + "."}
	f.addText("start", "New start", v.Start.Format(domain.TimeLayout), "2026-03-14T09:30", "date and time as 2006-01-02T15:04, in "+loc.String(), 16)
	f.submit = func(f *entryForm) (string, error) {
		nv, err := c.Svc.RescheduleSession(c.Who, v.Session.ID, f.value("start"))
		if err != nil {
			return "", err
		}
		return "Moved: " + sessionSummary(nv), nil
	}
	return f.start()
}

// paymentForm pays an invoice in full or in part (R52). The amount starts
// as the balance; the domain parses it exactly and records the payment as
// made by whoever is signed in.
func paymentForm(c Context, inv domain.InvoiceView) *entryForm {
	cur := inv.Invoice.Currency
	f := newEntryForm(c.Common, "Pay invoice "+inv.Invoice.ID.String())
	f.intro = []string{
		"For " + personLabel(inv.Client),
		fmt.Sprintf("Total %s · paid %s · balance %s", domain.Money(inv.Invoice.TotalCents, cur),
			domain.FormatAmount(inv.Invoice.PaidCents, cur), domain.Money(inv.Balance, cur)),
	}
	f.addText("amount", "Amount", domain.FormatAmount(inv.Balance, cur), "150.00",
		"in "+cur+", e.g. 150 or 150.00; at most the balance", 16)
	f.submit = func(f *entryForm) (string, error) {
		amount := f.value("amount")
		if strings.TrimSpace(amount) == "" {
			// The domain reads "" as "the whole balance"; an emptied field
			// is a mistake, not a choice, so it gets the domain's message.
			if _, err := domain.ParseAmount(amount, cur); err != nil {
				return "", err
			}
		}
		p, err := c.Svc.PayInvoice(c.Who, inv.Invoice.ID, amount)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Paid %s on invoice %s", domain.Money(p.Payment.AmountCents, p.Payment.Currency), inv.Invoice.ID), nil
	}
	return f.start()
}

// issueForm issues an open invoice with 1–50 line items (R52).
func issueForm(c Context, client domain.Person) *entryForm {
	cur := c.Access().Org.Currency
	f := newEntryForm(c.Common, "Issue an invoice")
	f.intro = []string{"To " + personLabel(client) + " · amounts in " + cur + " · due 14 days after today"}
	f.rows, f.currency = true, clean(cur)
	f.addRowFields(0, "", "")
	f.submit = func(f *entryForm) (string, error) {
		var items []domain.ItemInput
		for i := 0; i+1 < len(f.fields); i += 2 {
			text, amount := f.fields[i].value(), f.fields[i+1].value()
			if strings.TrimSpace(text) == "" && strings.TrimSpace(amount) == "" {
				continue // an empty row is no item
			}
			items = append(items, domain.ItemInput{Text: text, Amount: amount})
		}
		v, err := c.Svc.IssueInvoice(c.Who, domain.NewInvoice{Client: client.Handle, Items: items})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Issued invoice %s to %s: %s, due %s", v.Invoice.ID, clean(client.Name),
			domain.Money(v.Invoice.TotalCents, v.Invoice.Currency), clean(v.Invoice.Due)), nil
	}
	return f.start()
}

// assignForm gives a client a package from the catalogue (R51).
func assignForm(c Context, client domain.Person) (*entryForm, error) {
	entries, err := c.Svc.Catalog(c.Who)
	if err != nil {
		return nil, err
	}
	f := newEntryForm(c.Common, "Assign a package")
	f.intro = []string{"To " + personLabel(client) + "; it expires its validity days after today"}
	var opts []choiceOpt
	for _, e := range entries {
		opts = append(opts, choiceOpt{fmt.Sprintf("%s · %d sessions · %s · %d days", e.Name, e.Sessions,
			domain.Money(e.PriceCents, e.Currency), e.ValidityDays), e.ID.String()})
	}
	f.addChoice("entry", "Package", "a package from the practice's catalogue", opts)
	f.submit = func(f *entryForm) (string, error) {
		id, err := domain.ParseID(f.value("entry"))
		if err != nil {
			return "", err
		}
		p, err := c.Svc.AssignPackage(c.Who, domain.PackageAssignment{Client: client.Handle, Package: id})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Assigned %s to %s, expires %s", clean(p.Package.Name), clean(client.Name), clean(p.Package.Expires)), nil
	}
	return f.start(), nil
}
