package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
)

// newInput is the one way a screen makes a one-line text field: styled from
// the session, with a steady cursor (a blinking one is a ticker, and an idle
// session must cost nothing) and without the clipboard keys (ctrl+v would
// read the server's clipboard, not the person's; a terminal's own paste
// still types). example, if any, shows dim as "e.g. …" while the field is
// empty, so it cannot pass for a value.
func newInput(st *Styles, prompt, example string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	if example != "" {
		in.Placeholder = "e.g. " + example
	}
	in.CharLimit = limit
	styleInput(&in, st)
	return in
}

// styleInput applies the session's styles and safe keys to a text input
// made elsewhere (the selector's filter belongs to bubbles/list).
func styleInput(in *textinput.Model, st *Styles) {
	in.PromptStyle = st.InputPrompt
	in.TextStyle = st.InputText
	in.PlaceholderStyle = st.InputPlaceholder
	in.CompletionStyle = st.InputPlaceholder
	in.Cursor.Style = st.InputCursor
	in.Cursor.TextStyle = st.InputText
	in.Cursor.SetMode(cursor.CursorStatic)
	off := key.NewBinding(key.WithDisabled())
	in.KeyMap.Paste = off
	in.KeyMap.AcceptSuggestion = off
	in.KeyMap.NextSuggestion = off
	in.KeyMap.PrevSuggestion = off
}
