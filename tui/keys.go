package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is one session's key bindings. It is a value built per session
// (never a package global), so a screen may disable a binding for its own
// session without touching anyone else's.
type KeyMap struct {
	// Global: handled by the root unless a screen is capturing input.
	Quit      key.Binding // q
	ForceQuit key.Binding // ctrl+c: always, even while typing
	Help      key.Binding // ?
	Switch    key.Binding // w: back to the workspace selector
	NextTab   key.Binding
	PrevTab   key.Binding
	GoTab     key.Binding // 1–9
	Screens   key.Binding // 0: the screen picker

	// Shared by screens.
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Select           key.Binding // enter
	Back             key.Binding // esc
	Filter           key.Binding // /
}

// sessionKeys is the key map every session shares: nothing changes a
// binding of it after it is made (a screen that changes a binding's help,
// as the demotion dialog does, has bindings of its own), and a map per
// session was 3.5 kB of what each one keeps.
var sessionKeys = DefaultKeyMap()

// DefaultKeyMap returns a fresh key map.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Switch:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "workspaces")),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		GoTab: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"),
			key.WithHelp("1-9", "go to screen")),
		Screens: key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "all screens")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f"), key.WithHelp("pgdn/f", "page down")), // space checks or toggles, nothing else
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "bottom")),
		Select:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
	}
}
