package tui

import (
	"context"
	"io"
	"strconv"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"behalf/domain"
)

// Styles are one session's lipgloss styles: a set shared by every session
// whose terminal has the same colour profile and background (a set is 30 kB,
// a sixth of what a session keeps), and the header's brand style, which the
// session sets itself.
//
// Every colour is a lipgloss.AdaptiveColor from the palette: one shade for
// a dark background and one for a light one, each readable on its own
// (palette_test.go checks the contrast). A set's renderer says which
// applies; the root picks the set from the person's theme, or from the
// terminal's answer to the server's question, dark when there is none —
// lipgloss never asks the terminal itself, which would leave the first
// screen blank on a client that never answers.
type Styles struct {
	*styleSet
	HeaderBrand lipgloss.Style
}

// styleSet is the styles of one colour profile and background.
type styleSet struct {
	Header, HeaderPerson, HeaderWorkspace, HeaderPerms, HeaderSep lipgloss.Style

	Tab, TabActive, TabSep lipgloss.Style

	Title   lipgloss.Style // a section heading inside a screen
	Label   lipgloss.Style // the left column of a label/value row
	Value   lipgloss.Style
	Subtle  lipgloss.Style // secondary text, descriptions
	Accent  lipgloss.Style // "My coach", the active privilege
	Yes, No lipgloss.Style // ✓ and ✗ marks
	Warn    lipgloss.Style
	Wrap    lipgloss.Style // base for word-wrapped paragraphs

	Status, StatusError lipgloss.Style
	Scroll              lipgloss.Style // the "more below" hint

	ItemTitle, ItemDesc, ItemSelTitle, ItemSelDesc, ItemMatch lipgloss.Style

	InputPrompt, InputText, InputPlaceholder, InputCursor lipgloss.Style
	Box                                                   lipgloss.Style

	Help help.Styles
	List list.Styles
}

type styleKey struct {
	profile termenv.Profile
	dark    bool
}

// styleSets holds the sets made so far: a handful at most (four colour
// profiles, two backgrounds).
var styleSets sync.Map // styleKey → *styleSet

// sharedStyles is the set for a colour profile and background.
func sharedStyles(p termenv.Profile, dark bool) *styleSet {
	k := styleKey{p, dark}
	if s, ok := styleSets.Load(k); ok {
		return s.(*styleSet)
	}
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(p))
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	s, _ := styleSets.LoadOrStore(k, newStyleSet(r))
	return s.(*styleSet)
}

// palette is the screens' colours, each a shade for a light and a dark
// background. Text drawn in them keeps a WCAG contrast of at least 4.5:1
// on the usual terminal backgrounds of its kind (palette_test.go); on a
// 16-colour terminal they fall to the nearest of its own colours.
type palette struct {
	accent, subtle, good, bad, warn lipgloss.AdaptiveColor
}

var colours = palette{
	accent: lipgloss.AdaptiveColor{Light: "#1d4ed8", Dark: "#6cb6ff"},
	subtle: lipgloss.AdaptiveColor{Light: "#5c5c5c", Dark: "#a3a3a3"},
	good:   lipgloss.AdaptiveColor{Light: "#17702e", Dark: "#6fd08c"},
	bad:    lipgloss.AdaptiveColor{Light: "#b3261e", Dark: "#ff8080"},
	warn:   lipgloss.AdaptiveColor{Light: "#8a4b00", Dark: "#e6b450"},
}

// forProfile is c with both shades already in the terminal's own colours:
// lipgloss converts a style's colours on every Render, and from a hex
// colour to the nearest of 256 that is a search through the palette in
// HSLuv (an eighth of a keystroke's CPU, measured). A 256- or 16-colour
// index converts for nothing, so each session converts its palette once
// here; the shades stay adaptive, so a change of background still shows
// at the next frame. A true-colour terminal keeps the hex colours.
func forProfile(p termenv.Profile, c lipgloss.AdaptiveColor) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: colourIn(p, c.Light), Dark: colourIn(p, c.Dark)}
}

func colourIn(p termenv.Profile, hex string) string {
	switch c := p.Color(hex).(type) {
	case termenv.ANSI256Color:
		return strconv.Itoa(int(c))
	case termenv.ANSIColor:
		return strconv.Itoa(int(c))
	}
	return hex
}

// DefaultStyles are the styles for a session drawn by r.
func DefaultStyles(r *lipgloss.Renderer) *Styles {
	return &Styles{styleSet: sharedStyles(r.ColorProfile(), r.HasDarkBackground()), HeaderBrand: r.NewStyle().Bold(true)}
}

// newStyleSet makes the styles drawn by r.
func newStyleSet(r *lipgloss.Renderer) *styleSet {
	p := r.ColorProfile()
	var (
		accent = forProfile(p, colours.accent)
		subtle = forProfile(p, colours.subtle)
		good   = forProfile(p, colours.good)
		bad    = forProfile(p, colours.bad)
		warn   = forProfile(p, colours.warn)
	)
	s := &styleSet{}
	s.Header = r.NewStyle().Reverse(true)
	s.HeaderPerson = r.NewStyle().Bold(true)
	s.HeaderWorkspace = r.NewStyle().Bold(true)
	s.HeaderPerms = r.NewStyle()
	s.HeaderSep = r.NewStyle()

	s.Tab = r.NewStyle().Foreground(subtle)
	s.TabActive = r.NewStyle().Bold(true).Underline(true)
	s.TabSep = r.NewStyle().Foreground(subtle)

	s.Title = r.NewStyle().Bold(true).Foreground(accent)
	s.Label = r.NewStyle().Foreground(subtle)
	s.Value = r.NewStyle()
	s.Subtle = r.NewStyle().Foreground(subtle)
	s.Accent = r.NewStyle().Bold(true).Foreground(accent)
	s.Yes = r.NewStyle().Foreground(good)
	s.No = r.NewStyle().Foreground(bad)
	s.Warn = r.NewStyle().Foreground(warn)
	s.Wrap = r.NewStyle()

	s.Status = r.NewStyle().Foreground(good)
	s.StatusError = r.NewStyle().Foreground(bad).Bold(true)
	s.Scroll = r.NewStyle().Foreground(subtle)

	s.ItemTitle = r.NewStyle().PaddingLeft(2)
	s.ItemDesc = r.NewStyle().PaddingLeft(2).Foreground(subtle)
	s.ItemSelTitle = r.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).
		BorderForeground(accent).Foreground(accent).Bold(true).PaddingLeft(1)
	s.ItemSelDesc = r.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).
		BorderForeground(accent).Foreground(accent).PaddingLeft(1)
	s.ItemMatch = r.NewStyle().Underline(true)

	s.InputPrompt = r.NewStyle().Foreground(accent).Bold(true)
	s.InputText = r.NewStyle()
	s.InputPlaceholder = r.NewStyle().Foreground(subtle)
	s.InputCursor = r.NewStyle().Reverse(true)
	s.Box = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)

	s.Help = help.Styles{
		Ellipsis:       r.NewStyle().Foreground(subtle),
		ShortKey:       r.NewStyle().Bold(true),
		ShortDesc:      r.NewStyle().Foreground(subtle),
		ShortSeparator: r.NewStyle().Foreground(subtle),
		FullKey:        r.NewStyle().Bold(true),
		FullDesc:       r.NewStyle().Foreground(subtle),
		FullSeparator:  r.NewStyle().Foreground(subtle),
	}

	s.List = list.Styles{
		TitleBar:                    r.NewStyle().Padding(0, 0, 1, 0),
		Title:                       r.NewStyle().Bold(true).Foreground(accent),
		Spinner:                     r.NewStyle().Foreground(subtle),
		FilterPrompt:                r.NewStyle().Foreground(accent).Bold(true),
		FilterCursor:                r.NewStyle().Reverse(true),
		DefaultFilterCharacterMatch: r.NewStyle().Underline(true),
		StatusBar:                   r.NewStyle().Foreground(subtle).Padding(0, 0, 1, 0),
		StatusEmpty:                 r.NewStyle().Foreground(subtle),
		StatusBarActiveFilter:       r.NewStyle().Bold(true),
		StatusBarFilterCount:        r.NewStyle().Foreground(subtle),
		NoItems:                     r.NewStyle().Foreground(subtle),
		PaginationStyle:             r.NewStyle().PaddingLeft(2),
		HelpStyle:                   r.NewStyle(),
		ActivePaginationDot:         r.NewStyle().Foreground(accent).SetString("•"),
		InactivePaginationDot:       r.NewStyle().Foreground(subtle).SetString("•"),
		ArabicPagination:            r.NewStyle().Foreground(subtle),
		DividerDot:                  r.NewStyle().Foreground(subtle).SetString(" • "),
	}
	return s
}

// backgroundMsg: the terminal said whether its background is dark.
type backgroundMsg struct{ dark bool }

// waitBackground waits for the terminal's answer about its background, or
// for the session to end.
func waitBackground(ctx context.Context, ch <-chan bool) tea.Cmd {
	return func() tea.Msg {
		select {
		case dark, ok := <-ch:
			if !ok {
				return nil
			}
			return backgroundMsg{dark}
		case <-ctx.Done():
			return nil
		}
	}
}

// applyTheme picks the palette's shades for this session: the person's
// own setting, or with auto what the terminal said, dark if it said
// nothing. The styles are adaptive, so the next frame shows the change.
func (m *root) applyTheme() {
	dark := true
	switch m.me.Person.Theme {
	case domain.ThemeLight:
		dark = false
	case domain.ThemeDark:
	default:
		if m.bg.known {
			dark = m.bg.dark
		}
	}
	if dark == m.Renderer.HasDarkBackground() {
		return // the set already follows the renderer (DefaultStyles)
	}
	m.Renderer.SetHasDarkBackground(dark) // set, never asked of the terminal
	m.Styles.styleSet = sharedStyles(m.Renderer.ColorProfile(), dark)
	m.selector.restyle()
}
