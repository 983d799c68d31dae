package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The screen picker (0): every screen of the workspace in a list, to reach
// the ones past 9 that no digit opens (the team workspace has more than a
// dozen) without stepping through the others with tab.
type picker struct {
	open bool
	at   int
}

func (m *root) openPicker() {
	m.pick = picker{open: true, at: m.ws.active}
	m.showHelp = false
}

// pickerKey handles a key while the picker is open; done reports it did.
func (m *root) pickerKey(k tea.KeyMsg) (cmd tea.Cmd, done bool) {
	keys := m.Keys
	n := len(m.ws.tabs)
	switch {
	case key.Matches(k, keys.Back, keys.Screens):
		m.pick.open = false
	case key.Matches(k, keys.Up):
		m.pick.at = (m.pick.at + n - 1) % n
	case key.Matches(k, keys.Down):
		m.pick.at = (m.pick.at + 1) % n
	case key.Matches(k, keys.Top):
		m.pick.at = 0
	case key.Matches(k, keys.Bottom):
		m.pick.at = n - 1
	case key.Matches(k, keys.Select):
		m.pick.open = false
		return m.show(m.pick.at), true
	default:
		return nil, false
	}
	return nil, true
}

// pickerView lists the screens, the chosen one marked, scrolled so that it
// shows at any height.
func (m *root) pickerView() string {
	w, h := m.contentSize()
	rows := make([]string, len(m.ws.tabs))
	for i, t := range m.ws.tabs {
		num := ""
		if i < 9 {
			num = fmt.Sprint(i + 1)
		}
		title := t.spec.Title
		if t.screen != nil {
			title = t.screen.Title()
		}
		row := fmt.Sprintf("  %2s  %s", num, clean(title))
		if i == m.pick.at {
			row = m.Styles.Accent.Render(fmt.Sprintf("› %2s  %s", num, clean(title)))
		}
		rows[i] = trunc(row, w)
	}
	head := []string{m.Styles.Title.Render("Screens"), m.Styles.Subtle.Render(trunc("↑/↓ choose · enter open · esc close", w))}
	room := max(h-len(head), 1)
	top := min(max(m.pick.at-room/2, 0), max(len(rows)-room, 0))
	shown := rows[top:min(top+room, len(rows))]
	return strings.Join(append(head, shown...), "\n")
}
