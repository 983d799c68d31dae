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
	"behalf/internal/cells"
)

// The list kit, shared by every list screen: the selection and its
// scrolling, the layout of a list of rows, the filter field, the pager of
// newest-first lists, and the small text helpers they draw with.

// moveKeys are the keys selCursor.move takes, for a list screen's full help.
func moveKeys(k *KeyMap) []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// selCursor is the selection in a list of n rows and the first row shown.
// Lists draw only the rows that fit, so a long page costs what a short one
// does. The screen calls setLen whenever it reads its rows.
type selCursor struct{ n, sel, top int }

func (r *selCursor) setLen(n int) {
	r.n = max(n, 0)
	r.sel = min(max(r.sel, 0), max(r.n-1, 0))
}

// move handles the shared movement keys and reports whether k was one of
// them; page is how many rows a page key moves.
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

// window is the rows [from, to) that fit in visible slots, scrolled as
// little as keeps the selection in view.
func (r *selCursor) window(visible int) (int, int) {
	visible = max(visible, 1)
	r.top = scrollTo(r.top, r.sel, r.sel+1, visible)
	r.top = min(r.top, max(r.n-visible, 0))
	return r.top, min(r.top+visible, r.n)
}

// scrollTo returns the first line to show in h lines so that lines
// [start, end) are visible, moving top as little as possible.
func scrollTo(top, start, end, h int) int {
	if end-start > h {
		end = start + h
	}
	if start < top {
		top = start
	}
	if end > top+h {
		top = end - h
	}
	return max(top, 0)
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

// cursorGlyph marks the selected row, field or item on every screen: one
// glyph, one meaning.
const cursorGlyph = "▸"

// selMark starts a row: the cursor on the selected one.
func selMark(st *Styles, sel bool) string {
	if sel {
		return st.Accent.Render(cursorGlyph) + " "
	}
	return "  "
}

// wrapped is text word-wrapped to the width left after indent (at least
// 10 cells), each line indented and styled on its own so no style spills
// into the indentation. text must be safe already (clean, errText).
func wrapped(text string, indent, width int, st lipgloss.Style) []string {
	indent = max(indent, 0)
	lines := strings.Split(ansi.Wrap(text, max(width-indent, 10), ""), "\n")
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		lines[i] = pad + st.Render(l)
	}
	return lines
}

// cell is s cut or padded to exactly w cells.
func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = trunc(s, w-1)
	return s + strings.Repeat(" ", max(w-cells.Width(s), 0))
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
	return wrapped(r.text, 0, width, st.StatusError)
}

// filterBox is the filter of a list: a field that takes the keys while the
// person types (the screen is Capturing), and stays applied after enter;
// esc clears it.
type filterBox struct {
	// in is made the first time the field is typed into: most screens are
	// never filtered, and a text input is 5 kB a screen in every session.
	in     *textinput.Model
	st     *Styles
	limit  int
	typing bool
}

const filterPrompt = "Filter: "

// The filter's keys while typing, the same in every list.
var (
	filterApplyKey = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter"))
	filterClearKey = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter"))
)

func newFilterBox(st *Styles, limit int) filterBox {
	return filterBox{st: st, limit: limit}
}

func (f *filterBox) value() string {
	if f.in == nil {
		return ""
	}
	return strings.TrimSpace(f.in.Value())
}

// shown: the screen draws the field (typing, or a filter applied).
func (f *filterBox) shown() bool { return f.typing || f.value() != "" }

func (f *filterBox) applied() bool { return !f.typing && f.value() != "" }

func (f *filterBox) start() {
	if f.in == nil {
		in := newInput(f.st, filterPrompt, "jane", f.limit)
		f.in = &in
	}
	f.typing = true
	f.in.Focus() // a static cursor: no blink command to run
	f.in.CursorEnd()
}

// stop leaves the field, keeping what it holds.
func (f *filterBox) stop() {
	f.typing = false
	if f.in != nil {
		f.in.Blur()
	}
}

// update handles a key while typing (after start): enter stops typing and
// keeps the filter, esc stops and clears it. changed reports the text
// changed.
func (f *filterBox) update(msg tea.KeyMsg) (changed bool) {
	before := f.in.Value()
	switch msg.Type {
	case tea.KeyEnter:
		f.stop()
		return false
	case tea.KeyEsc:
		f.stop()
		f.in.SetValue("")
		return before != ""
	}
	*f.in, _ = f.in.Update(msg)
	return f.in.Value() != before
}

// clear drops an applied filter; it reports whether there was one.
func (f *filterBox) clear() bool {
	if f.value() == "" {
		return false
	}
	f.in.SetValue("")
	return true
}

// view is the field while typing, or the filter applied.
func (f *filterBox) view(st *Styles, width int) string {
	if f.typing { // start made the field
		f.in.Width = max(width-ansi.StringWidth(f.in.Prompt)-1, 1)
		return trunc(f.in.View(), width)
	}
	return trunc(st.Label.Render(filterPrompt)+st.Value.Render(clean(f.value()))+st.Subtle.Render("  (esc clears)"), width)
}

func (f *filterBox) typingHelp() []key.Binding { return []key.Binding{filterApplyKey, filterClearKey} }

// idPager pages a newest-first list by id, remembering where each page
// seen so far starts, so going back is exact. The first page starts at 0
// (the newest).
type idPager struct {
	starts []domain.ID
	more   bool // a page after this one exists
	keys   struct{ older, newer key.Binding }
}

// idPageSize is how many items one page asks the domain for.
const idPageSize = 50

func newIDPager() idPager {
	var p idPager
	p.keys.older = key.NewBinding(key.WithKeys("right", "l", "]"), key.WithHelp("→", "older page"))
	p.keys.newer = key.NewBinding(key.WithKeys("left", "h", "["), key.WithHelp("←", "newer page"))
	return p
}

func (p *idPager) before() domain.ID {
	if len(p.starts) == 0 {
		return 0
	}
	return p.starts[len(p.starts)-1]
}

func (p *idPager) number() int { return max(len(p.starts), 1) }

// idPageTrim keeps a page of idPageSize from a fetch of idPageSize+1,
// noting whether there is more.
func idPageTrim[T any](p *idPager, items []T) []T {
	p.more = len(items) > idPageSize
	if p.more {
		items = items[:idPageSize]
	}
	return items
}

// turnPage handles the paging keys over items, the page shown: older
// moves past the last item (the oldest), newer goes back. It reports
// whether the page changed; the screen then reads it.
func turnPage[T any](p *idPager, k tea.KeyMsg, items []T, id func(T) domain.ID) bool {
	switch {
	case key.Matches(k, p.keys.older):
		last := lastID(items, id)
		if !p.more || last == 0 {
			return false
		}
		if len(p.starts) == 0 {
			p.starts = []domain.ID{0}
		}
		p.starts = append(p.starts, last)
		return true
	case key.Matches(k, p.keys.newer):
		if len(p.starts) <= 1 {
			return false
		}
		p.starts = p.starts[:len(p.starts)-1]
		return true
	}
	return false
}

// lastID is the id of the last of items (the oldest of a newest-first
// list), or 0.
func lastID[T any](items []T, id func(T) domain.ID) domain.ID {
	if len(items) == 0 {
		return 0
	}
	return id(items[len(items)-1])
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

// help is the paging keys that do something now.
func (p *idPager) help() []key.Binding {
	var b []key.Binding
	if p.more {
		b = append(b, p.keys.older)
	}
	if p.number() > 1 {
		b = append(b, p.keys.newer)
	}
	return b
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
