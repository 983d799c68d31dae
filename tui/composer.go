package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Writing a note, a progress update, a comment or a message.

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
	limit        int // characters; domain.MaxTextLen unless a caller says
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
	return &textComposer{Common: c, title: title, hint: hint, ta: ta, save: save, limit: domain.MaxTextLen,
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
	if n := utf8.RuneCountInString(t.ta.Value()) + typedLen(k); n > t.limit {
		// Refused whole, with a line, where a limit in the textarea would
		// cut it silently (and count wide characters twice).
		t.err = fmt.Sprintf("at most %d characters; what went past that was not taken", t.limit)
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
