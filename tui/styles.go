package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/lipgloss"
)

// Styles are one session's lipgloss styles, all made from that session's
// renderer so colours match the person's terminal, not the server's stdout.
//
// Colours are the 16 ANSI ones (and reverse video), which every terminal
// theme maps to something readable on its own background. AdaptiveColor is
// avoided on purpose: it asks the terminal for its background colour, and a
// client that never answers leaves the first screen blank.
type Styles struct {
	Header, HeaderBrand, HeaderPerson, HeaderWorkspace, HeaderPerms, HeaderSep lipgloss.Style

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

// DefaultStyles builds the styles for one session.
func DefaultStyles(r *lipgloss.Renderer) *Styles {
	var (
		accent = lipgloss.Color("4") // blue
		subtle = lipgloss.Color("8") // bright black: grey on most themes
		good   = lipgloss.Color("2")
		bad    = lipgloss.Color("1")
		warn   = lipgloss.Color("3")
	)
	s := &Styles{}
	s.Header = r.NewStyle().Reverse(true)
	s.HeaderBrand = r.NewStyle().Bold(true)
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
