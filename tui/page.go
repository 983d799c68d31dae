package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// page is a read-only screen that shows one scrollable document: the home
// screens are pages. A type embeds page, gives it load (read from the
// service) and body (render for a width), and defines its own Update that
// calls handle and returns itself — page has no Update of its own, so a
// type cannot satisfy Screen by accident with page's.
type page struct {
	Context
	title string
	load  func() error
	body  func(width int) string
	err   error
	ready bool           // load ran: body may be drawn
	vp    viewport.Model // where the document is scrolled to, and the keys that scroll it
	lines []string       // the document's lines, each cut to the width (render)
	gen   int            // counts render: the document changed
	drawn drawn[pageKey] // the last View (drawn.go)
}

// pageKey is what a page's View shows: the document, where it is
// scrolled to, the size and the background.
type pageKey struct {
	gen, offset int
	frame       frameKey
}

func newPage(c Context, title string, load func() error, body func(width int) string) page {
	vp := viewport.New(0, 0)
	vp.Style = c.Renderer.NewStyle()
	none := key.NewBinding()
	vp.KeyMap = viewport.KeyMap{
		PageDown: c.Keys.PageDown, PageUp: c.Keys.PageUp,
		HalfPageDown: none, HalfPageUp: none,
		Up: c.Keys.Up, Down: c.Keys.Down, Left: none, Right: none,
	}
	return page{Context: c, title: title, load: load, body: body, vp: vp}
}

func (p *page) Init() tea.Cmd {
	p.reload()
	return nil
}

func (p *page) Title() string   { return p.title }
func (p *page) Capturing() bool { return false }

func (p *page) SetSize(width, height int) {
	p.Common.SetSize(width, height)
	p.render()
}

// reload reads again from the service and redraws.
func (p *page) reload() {
	p.err = p.load()
	p.ready = true
	p.render()
}

func (p *page) render() {
	var content string
	if p.err != nil {
		content = p.Styles.StatusError.Render(trunc(errText(p.err), p.Width))
	} else if p.ready && p.Width > 0 {
		content = p.body(p.Width)
	}
	lines := strings.Split(content, "\n")
	for i, l := range lines {
		lines[i] = trunc(l, p.Width)
	}
	p.vp.Width = p.Width
	p.vp.Height = p.Height
	if len(lines) > p.Height && p.Height > 1 {
		p.vp.Height = p.Height - 1 // the last line says there is more
	}
	p.vp.SetContent(strings.Join(lines, "\n"))
	p.lines = lines
	p.gen++
}

// visible is the lines in view, as many as the viewport is high: what the
// viewport's own View draws, without restyling every line to pad it to
// the width (a move down a page was 80 % lipgloss; the frame clears what a
// shorter line leaves).
func (p *page) visible() string {
	h := p.vp.Height
	if h <= 0 {
		return ""
	}
	from := min(max(p.vp.YOffset, 0), len(p.lines))
	to := min(from+h, len(p.lines))
	out := make([]string, 0, h)
	out = append(out, p.lines[from:to]...)
	for len(out) < h {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

func (p *page) scrollable() bool { return p.vp.TotalLineCount() > p.vp.Height }

// handle is the page's part of Update: reload on a refresh, scroll on keys.
func (p *page) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case RefreshMsg:
		p.reload()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, p.Keys.Top):
			p.vp.GotoTop()
		case key.Matches(msg, p.Keys.Bottom):
			p.vp.GotoBottom()
		default:
			var cmd tea.Cmd
			p.vp, cmd = p.vp.Update(msg)
			return cmd
		}
	}
	return nil
}

func (p *page) View() string {
	key := pageKey{p.gen, p.vp.YOffset, frameKey{width: p.vp.Width, height: p.vp.Height, dark: p.Renderer.HasDarkBackground(), styles: p.Styles}}
	return p.drawn.get(key, p.draw)
}

func (p *page) draw() string {
	if !p.scrollable() {
		return p.visible()
	}
	below := p.vp.TotalLineCount() - p.vp.YOffset - p.vp.Height
	hint := "↑ top: g"
	if below > 0 {
		hint = fmt.Sprintf("↓ %d more: ↓/j, pgdn", below)
	}
	return p.visible() + "\n" + p.Styles.Scroll.Render(trunc(hint, p.Width))
}

func (p *page) ShortHelp() []key.Binding {
	if !p.scrollable() {
		return nil
	}
	return []key.Binding{p.Keys.Down, p.Keys.PageDown}
}

func (p *page) FullHelp() [][]key.Binding {
	if !p.scrollable() {
		return nil
	}
	return [][]key.Binding{{p.Keys.Up, p.Keys.Down, p.Keys.PageUp, p.Keys.PageDown, p.Keys.Top, p.Keys.Bottom}}
}

// doc builds a page body line by line for one width.
type doc struct {
	st    *Styles
	width int
	b     strings.Builder
}

func newDoc(st *Styles, width int) *doc { return &doc{st: st, width: width} }

func (d *doc) line(s string) {
	if d.b.Len() > 0 {
		d.b.WriteByte('\n')
	}
	d.b.WriteString(s)
}

func (d *doc) blank() { d.line("") }

func (d *doc) heading(s string) { d.line(d.st.Title.Render(s)) }

// row is a label/value line; the value wraps under itself.
func (d *doc) row(label, value string) {
	const labelWidth = 13
	pad := d.st.Label.Render(fmt.Sprintf("%-*s ", labelWidth-1, label))
	d.indented(pad, labelWidth, value, d.st.Value)
}

// item is a bulleted line with a mark ("✓", "•") whose text wraps.
func (d *doc) item(mark, text string) { d.indented("  "+mark+" ", 4, text, d.st.Value) }

// note is an indented, subtle, wrapped line under an item.
func (d *doc) note(text string) { d.indented("    ", 4, text, d.st.Subtle) }

// para is a wrapped paragraph.
func (d *doc) para(text string) { d.indented("", 0, text, d.st.Value) }

// indented wraps text to the width left after indent (see wrapped), its
// first line after first (which is indent cells wide), the rest indented.
func (d *doc) indented(first string, indent int, text string, st lipgloss.Style) {
	for i, l := range wrapped(text, indent, d.width, st) {
		if i == 0 {
			l = first + l[max(indent, 0):]
		}
		d.line(l)
	}
}

func (d *doc) String() string { return d.b.String() }
