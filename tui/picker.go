package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The screen picker (0): every screen of the workspace in a list, to reach
// the ones past 9 that no digit opens (the team workspace has more than a
// dozen) without stepping through the others with tab. It is drawn and
// moved with the list kit (list.go); ↑ and ↓ also wrap round its ends.
type picker struct {
	open bool
	rows selCursor
}

func (m *root) openPicker() {
	m.pick = picker{open: true}
	m.pick.rows.setLen(len(m.ws.tabs))
	m.pick.rows.sel = m.ws.active
	m.showHelp = false
}

// pickerKey handles a key while the picker is open; done reports it did.
func (m *root) pickerKey(k tea.KeyMsg) (cmd tea.Cmd, done bool) {
	keys, rows := m.Keys, &m.pick.rows
	_, h := m.contentSize()
	switch {
	case key.Matches(k, keys.Back, keys.Screens):
		m.pick.open = false
	case key.Matches(k, keys.Up) && rows.sel == 0:
		rows.sel = rows.n - 1
	case key.Matches(k, keys.Down) && rows.sel == rows.n-1:
		rows.sel = 0
	case rows.move(k, keys, h-2):
	case key.Matches(k, keys.Select):
		m.pick.open = false
		return m.show(rows.sel), true
	default:
		return nil, false
	}
	return nil, true
}

// pickerView lists the screens, the chosen one marked.
func (m *root) pickerView() string {
	w, h := m.contentSize()
	l := selList{rowH: 1, head: []string{
		m.Styles.Title.Render("Screens"),
		m.Styles.Subtle.Render(trunc("↑/↓ choose · enter open · esc close", w)),
	}}
	return l.render(m.Styles, w, h, &m.pick.rows, func(i int, sel bool) []string {
		num, t := "", m.ws.tabs[i]
		if i < 9 {
			num = fmt.Sprint(i + 1)
		}
		title := t.spec.Title
		if t.screen != nil {
			title = t.screen.Title()
		}
		return []string{selMark(m.Styles, sel) + fmt.Sprintf("%2s  %s", num, clean(title))}
	})
}
