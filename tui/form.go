package tui

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
)

// The form kit: every form of every screen. A form is a column of labelled
// fields — text, choices, checkboxes, buttons, notes and headings — that
// takes a screen's place (it is a modalPane) and scrolls to keep the
// focused field in view. It is made of bubbles text inputs rather than huh:
// it runs inside a screen, gets only the keys the root hands that screen,
// keeps a static cursor (an idle session must get no blink ticks) and
// sends no messages of its own, so two forms open in two tabs can never
// take each other's messages.
//
// Keys: tab/↓ and shift+tab/↑ move (round the ends); enter moves on,
// presses a button, and on the last field saves; ctrl+s saves from
// anywhere; esc cancels; space checks a box (and does nothing else); ←/→ change a
// choice. Saving calls submit, which calls the domain: its refusal stays
// in the form, under the title; success closes the form or opens what
// comes next (a flow's result).

type fieldKind int

const (
	textField fieldKind = iota
	choiceField
	checkField
	buttonField
	noteField
	headingField
)

// choiceOpt is one choice of a choice field: what it shows and what the
// form passes on.
type choiceOpt struct{ label, value string }

// formField is one line (or a few) of a form.
type formField struct {
	kind    fieldKind
	id      string
	label   string
	desc    string // under a checkbox
	help    string // under a text or choice field while it has focus; a button's footer word
	note    string // feedback under the field, set by the form's owner
	warn    bool   // the note is a problem; a note field is a warning
	input   textinput.Model
	choices []choiceOpt
	sel     int
	on      bool
	locked  string // why a checkbox or a choice cannot change; "" when it can
	hidden  bool
	limit   int    // a text field's most characters (the domain's limit)
	over    string // the line that says typing past limit was refused
}

func (fl *formField) focusable() bool {
	switch fl.kind {
	case textField, choiceField, checkField, buttonField:
		return !fl.hidden
	}
	return false
}

// value is what a text field holds or the value of the chosen choice.
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
	fl.choose(was)
}

// choose selects the choice with value, if there is one.
func (fl *formField) choose(value string) {
	if i := slices.IndexFunc(fl.choices, func(o choiceOpt) bool { return o.value == value }); i >= 0 {
		fl.sel = i
	}
}

// formAction is a key a form offers beside the fields' own, such as an
// invoice's "add item"; it shows in the footer.
type formAction struct {
	key key.Binding
	do  func(f *form)
}

type formKeys struct {
	next, prev, enter, left, right, toggle, save, cancel key.Binding
}

// form is the kit's one form. Its owner adds fields and sets submit (and
// any hooks) before opening it.
type form struct {
	Common
	title  string
	fields []*formField
	focus  int    // -1 until a field that takes focus is added
	err    string // the domain's last refusal
	insert int    // where new fields go; -1: at the end
	top    int    // the first body line shown
	keys   formKeys

	actions   []formAction
	verb      string // what saving does, for the help: "save", "add client"
	cancelled string // the status line after esc

	// submit saves through the domain: an error keeps the form open with
	// the domain's reason; otherwise next is shown (nil closes the form).
	// done runs either way (a refusal may want the status line too).
	submit func(f *form) (next modalPane, done tea.Cmd, err error)
	// left reacts to the focus leaving a text field (and to saving, for
	// the focused field); pressed to a button other than "save"; reload
	// to a change elsewhere while the form is open.
	left    func(f *form, id string)
	pressed func(f *form, id string)
	reload  func(f *form)
	// fieldFor maps the input a domain refusal names to the form's field
	// id, where the two differ ("contacts.2.email" → "c3.email").
	fieldFor func(name string) string
}

const formLabelWidth = 14

func newForm(c Common, title string) *form {
	f := &form{Common: c, title: title, focus: -1, insert: -1, verb: "save", cancelled: "Nothing changed"}
	f.keys = formKeys{
		next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next")),
		prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "back")),
		enter:  key.NewBinding(key.WithKeys("enter")),
		left:   key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "choose")),
		right:  key.NewBinding(key.WithKeys("right")), // space only checks boxes
		toggle: key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "check")),
		save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
	return f
}

// --- building

func (f *form) add(fl *formField) *formField {
	if f.insert < 0 || f.insert > len(f.fields) {
		f.fields = append(f.fields, fl)
	} else {
		f.fields = slices.Insert(f.fields, f.insert, fl)
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

// insertAt adds the fields build makes at index at.
func (f *form) insertAt(at int, build func()) {
	f.insert = at
	build()
	f.insert = -1
}

// before adds the fields build makes in front of the field id.
func (f *form) before(id string, build func()) { f.insertAt(f.indexOf(f.field(id)), build) }

// removeFields drops fields [from, to) and focuses the nearest field
// before them that takes focus (or else the first after).
func (f *form) removeFields(from, to int) {
	f.fields = slices.Delete(f.fields, from, to)
	f.focus = -1
	for i := min(from, len(f.fields)) - 1; i >= 0; i-- {
		if f.fields[i].focusable() {
			f.setFocus(i)
			return
		}
	}
	for i := from; i < len(f.fields); i++ {
		if f.fields[i].focusable() {
			f.setFocus(i)
			return
		}
	}
}

// text adds a one-line text field; a stored value is shown like any other
// stored text, cleaned. example, if any, shows dim as "e.g. …" while the
// field is empty. limit is the domain's for what the field holds: typing
// past it is refused with a line under the field, never cut silently.
func (f *form) text(id, label, value, example string, limit int) *formField {
	in := newInput(f.Styles, "", example, 0)
	in.SetValue(clean(value))
	in.Width = f.inputWidth()
	return f.add(&formField{kind: textField, id: id, label: label, input: in, limit: limit})
}

func (f *form) choice(id, label string, opts []choiceOpt) *formField {
	return f.add(&formField{kind: choiceField, id: id, label: label, choices: opts})
}

func (f *form) check(id, label, desc string, on bool) *formField {
	return f.add(&formField{kind: checkField, id: id, label: label, desc: desc, on: on})
}

func (f *form) button(id, label string) *formField {
	return f.add(&formField{kind: buttonField, id: id, label: label})
}

// note is a line of text between fields; .warn makes it a warning.
func (f *form) note(text string) *formField {
	return f.add(&formField{kind: noteField, label: text})
}

func (f *form) heading(text string) *formField {
	return f.add(&formField{kind: headingField, label: text})
}

// --- reading

// field is the field id; a missing one is a blank, hidden field, so a
// typo in an owner shows as an empty value rather than a crash.
func (f *form) field(id string) *formField {
	for _, fl := range f.fields {
		if fl.id == id && id != "" {
			return fl
		}
	}
	return &formField{id: id, hidden: true}
}

func (f *form) indexOf(fl *formField) int { return slices.Index(f.fields, fl) }

func (f *form) value(id string) string { return f.field(id).value() }
func (f *form) checked(id string) bool { return f.field(id).on }

func (f *form) focused() *formField {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

func (f *form) focusID() string {
	if fl := f.focused(); fl != nil {
		return fl.id
	}
	return ""
}

// --- focus

func (f *form) focusOn(id string) {
	if i := f.indexOf(f.field(id)); i >= 0 && f.fields[i].focusable() {
		f.setFocus(i)
	}
}

func (f *form) setFocus(i int) {
	for _, fl := range f.fields {
		fl.input.Blur()
	}
	f.focus = i
	if fl := f.fields[i]; fl.kind == textField {
		fl.input.Focus() // a static cursor: no blink command to run
		fl.input.CursorEnd()
	}
}

// settle moves the focus off a field that was hidden under it.
func (f *form) settle() {
	if fl := f.focused(); fl == nil || fl.focusable() {
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

// move focuses the next (or previous) field that takes focus, round the
// ends, and tells left about the text field it leaves.
func (f *form) move(step int) {
	from, n := f.focus, len(f.fields)
	for i := 1; i < n; i++ {
		if j := ((from+step*i)%n + n) % n; f.fields[j].focusable() {
			f.setFocus(j)
			break
		}
	}
	if from != f.focus && f.fields[from].kind == textField && f.left != nil {
		f.left(f, f.fields[from].id)
		f.settle() // what left hid may have been focused
	}
}

// onLast: the focus is on the last field that takes focus, where enter
// saves.
func (f *form) onLast() bool {
	for i := len(f.fields) - 1; i >= 0; i-- {
		if f.fields[i].focusable() {
			return i == f.focus
		}
	}
	return false
}

// --- keys

func (f *form) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	switch {
	case key.Matches(k, f.keys.cancel):
		return nil, Status("%s", f.cancelled)
	case key.Matches(k, f.keys.save):
		return f.save()
	}
	for _, a := range f.actions {
		if key.Matches(k, a.key) {
			a.do(f)
			return f, nil
		}
	}
	fl := f.focused()
	if fl == nil {
		return f, nil
	}
	switch {
	case key.Matches(k, f.keys.next):
		f.move(1)
	case key.Matches(k, f.keys.prev):
		f.move(-1)
	case key.Matches(k, f.keys.enter):
		switch {
		case fl.kind == buttonField && fl.id != "save":
			f.err = ""
			if f.pressed != nil {
				f.pressed(f, fl.id)
			}
		case fl.kind == buttonField || f.onLast():
			return f.save()
		default:
			f.move(1)
		}
	case fl.kind == checkField && key.Matches(k, f.keys.toggle):
		if fl.locked == "" {
			fl.on = !fl.on
		}
	case fl.kind == choiceField:
		if n := len(fl.choices); n > 0 && fl.locked == "" {
			switch {
			case key.Matches(k, f.keys.left):
				fl.sel = (fl.sel + n - 1) % n
			case key.Matches(k, f.keys.right):
				fl.sel = (fl.sel + 1) % n
			}
		}
	case fl.kind == textField:
		return f, f.typeInto(fl, k)
	}
	return f, nil
}

// typeInto hands k to a text field, refusing (whole) what would take it
// past its limit: a paste too long leaves the field as it was.
func (f *form) typeInto(fl *formField, k tea.KeyMsg) tea.Cmd {
	was, at := fl.input.Value(), fl.input.Position()
	in, cmd := fl.input.Update(k)
	if n := utf8.RuneCountInString(in.Value()); fl.limit > 0 && n > fl.limit {
		fl.input.SetValue(was)
		fl.input.SetCursor(at)
		fl.over = fmt.Sprintf("at most %d characters here; what went past that was not taken", fl.limit)
		return nil
	}
	if in.Value() != was {
		fl.over = ""
	}
	fl.input = in
	return cmd
}

func (f *form) save() (modalPane, tea.Cmd) {
	if f.left != nil {
		f.left(f, f.focusID()) // what the focused field says counts too
		f.settle()
	}
	f.err = ""
	focus := f.focused()
	next, done, err := f.submit(f)
	if err != nil {
		f.err = errText(err)
		if f.focused() == focus { // unless submit chose where to go on
			f.focusFault(err)
		}
		return f, done
	}
	return next, done
}

// focusFault moves the focus to the field a refusal names (the domain
// names it as the command's flag; fieldFor maps a name the form spells
// otherwise), so the person fixes it there.
func (f *form) focusFault(err error) {
	name := domain.FieldOf(err)
	if name == "" {
		return
	}
	id := name
	if f.fieldFor != nil {
		id = f.fieldFor(name)
	}
	f.focusOn(id)
}

// refresh tells the form something changed elsewhere (its choices may
// have).
func (f *form) refresh() {
	if f.reload != nil {
		f.reload(f)
	}
}

// --- view

func (f *form) inputWidth() int { return max(f.Width-formLabelWidth-4, 4) }

func (f *form) setSize(w, h int) {
	f.Common.SetSize(w, h)
	for _, fl := range f.fields {
		fl.input.Width = f.inputWidth()
	}
}

// fieldLines draws one field for the form's width. Every text is cleaned
// here, whoever made it: owners put stored text (names, emails) in notes.
func (f *form) fieldLines(fl *formField, focused bool) []string {
	st := f.Styles
	mark := selMark(st, focused)
	label := st.Label
	if focused {
		label = st.Accent
	}
	column := mark + label.Render(fmt.Sprintf("%-*s", formLabelWidth, ansi.Truncate(clean(fl.label), formLabelWidth-1, "…")))
	const under = 2 + formLabelWidth // lines under a field start under its value
	var out []string
	switch fl.kind {
	case headingField:
		out = append(out, "", st.Title.Render(clean(fl.label)))
	case noteField:
		style := st.Subtle
		if fl.warn {
			style = st.Warn
		}
		out = append(out, wrapped(clean(fl.label), 2, f.Width, style)...)
	case textField:
		out = append(out, column+fl.input.View())
	case choiceField:
		out = append(out, column+f.choiceView(fl, focused))
		if fl.locked != "" {
			out = append(out, wrapped(clean(fl.locked), under, f.Width, st.Warn)...)
		}
	case checkField:
		box := "[ ]"
		if fl.on {
			box = "[" + st.Yes.Render("x") + "]"
		}
		if fl.locked != "" {
			box = st.Subtle.Render(ansi.Strip(box))
		}
		out = append(out, mark+box+" "+label.Render(clean(fl.label)))
		if fl.desc != "" {
			out = append(out, wrapped(clean(fl.desc), 6, f.Width, st.Subtle)...)
		}
		if fl.locked != "" {
			out = append(out, wrapped(clean(fl.locked), 6, f.Width, st.Warn)...)
		}
	case buttonField:
		b := "[ " + clean(fl.label) + " ]"
		if focused {
			out = append(out, mark+st.Accent.Reverse(true).Render(b))
		} else {
			out = append(out, mark+st.Value.Render(b))
		}
	}
	if focused && fl.help != "" && (fl.kind == textField || fl.kind == choiceField) {
		out = append(out, wrapped(clean(fl.help), under, f.Width, st.Subtle)...)
	}
	if fl.note != "" {
		style := st.Accent
		if fl.warn {
			style = st.Warn
		}
		out = append(out, wrapped(clean(fl.note), under, f.Width, style)...)
	}
	if fl.over != "" {
		out = append(out, wrapped(fl.over, under, f.Width, st.Warn)...)
	}
	return out
}

// choiceView is the chosen choice: between arrows with its place while it
// can be changed, with the number of choices otherwise.
func (f *form) choiceView(fl *formField, focused bool) string {
	st := f.Styles
	n := len(fl.choices)
	if n == 0 {
		return st.Subtle.Render("(none)")
	}
	label := clean(fl.choices[fl.sel].label)
	if !focused || fl.locked != "" {
		more := ""
		if n > 1 {
			more = st.Subtle.Render(fmt.Sprintf("  (%d choices)", n))
		}
		return trunc(st.Value.Render(label)+more, f.inputWidth())
	}
	count := ""
	if n > 1 {
		count = st.Subtle.Render(fmt.Sprintf("  %d/%d", fl.sel+1, n))
	}
	return trunc(st.Accent.Render("‹ "+label+" ›")+count, f.inputWidth())
}

func (f *form) view() string {
	st := f.Styles
	head := []string{st.Title.Render(clean(f.title))}
	if f.err != "" {
		head = append(head, wrapped(clean(f.err), 0, f.Width, st.StatusError)...)
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

// --- help

func (f *form) shortHelp() []key.Binding {
	var b []key.Binding
	if slices.ContainsFunc(f.fields, func(fl *formField) bool { return fl.focusable() && fl != f.focused() }) {
		b = append(b, f.keys.next)
	}
	if fl := f.focused(); fl != nil {
		switch {
		case fl.kind == checkField && fl.locked == "":
			b = append(b, f.keys.toggle)
		case fl.kind == choiceField && fl.locked == "" && len(fl.choices) > 1:
			b = append(b, f.keys.left)
		case fl.kind == buttonField:
			what := fl.help
			if what == "" {
				what = strings.ToLower(fl.label)
			}
			b = append(b, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", what)))
		}
	}
	for _, a := range f.actions {
		b = append(b, a.key)
	}
	save := f.keys.save
	save.SetHelp("ctrl+s", f.verb)
	return append(b, save, f.keys.cancel)
}
