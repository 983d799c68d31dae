package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// What takes a screen's keys for a moment: a pane in the screen's place (a
// form, what a flow did, a text to write) or a yes/no question under it.

// modalPane takes a screen's place while it is open. update returns the
// pane to show next, nil to close.
type modalPane interface {
	update(k tea.KeyMsg) (modalPane, tea.Cmd)
	view() string
	setSize(width, height int)
	shortHelp() []key.Binding
}

// modalHost is embedded by a screen (or a view inside one) that opens
// panes and asks questions. While either is open the screen is Capturing
// and hands the host every key first.
type modalHost struct {
	pane    modalPane
	confirm yesNoPrompt
	// onClose runs when a pane closes, saved or not: the screen reads
	// again what the pane may have changed.
	onClose      func()
	paneW, paneH int
}

func (m *modalHost) openPane(p modalPane) {
	m.pane = p
	p.setSize(m.paneW, m.paneH)
}

// sizeModal records the screen's size for its panes.
func (m *modalHost) sizeModal(width, height int) {
	m.paneW, m.paneH = width, height
	if m.pane != nil {
		m.pane.setSize(width, height)
	}
}

// modalOpen: a pane or a question has the keys.
func (m *modalHost) modalOpen() bool { return m.pane != nil || m.confirm.active() }

// handleModal gives k to the open pane or question; ok is false when
// neither is open and the screen should handle k itself.
func (m *modalHost) handleModal(k tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	switch {
	case m.pane != nil:
		next, cmd := m.pane.update(k)
		m.pane = next
		if next == nil {
			if m.onClose != nil {
				m.onClose()
			}
		} else {
			next.setSize(m.paneW, m.paneH)
		}
		return cmd, true
	case m.confirm.active():
		return m.confirm.update(k), true
	}
	return nil, false
}

// modalView is the open pane, drawn in the screen's place; a question is
// drawn by the screen itself (confirmLines), under what it asks about.
func (m *modalHost) modalView() (string, bool) {
	if m.pane == nil {
		return "", false
	}
	return m.pane.view(), true
}

// modalHelp is the keys of the open pane or question.
func (m *modalHost) modalHelp() ([]key.Binding, bool) {
	switch {
	case m.pane != nil:
		return m.pane.shortHelp(), true
	case m.confirm.active():
		return m.confirm.help(), true
	}
	return nil, false
}

// confirmLines is the open question, or nothing.
func (m *modalHost) confirmLines(st *Styles, width int) []string {
	if !m.confirm.active() {
		return nil
	}
	return m.confirm.view(st, width)
}

// yesNoPrompt asks yes or no before a change; while it shows it takes
// every key, so a stray q or tab cannot act on a half-made decision.
type yesNoPrompt struct {
	question, what, no string
	do                 func() tea.Cmd
	keys               struct{ yes, no key.Binding }
}

func (p *yesNoPrompt) active() bool { return p.do != nil }

// ask shows question: y does it (what says what yes does: "cancel it"),
// n or esc leaves it, and the status line says no ("Nothing changed" when
// no is "").
func (p *yesNoPrompt) ask(question, what, no string, do func() tea.Cmd) {
	p.question, p.what, p.no, p.do = question, what, no, do
	yes := "yes"
	if what != "" {
		yes = what
	}
	p.keys.yes = key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", yes))
	p.keys.no = key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no"))
}

func (p *yesNoPrompt) update(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, p.keys.yes):
		do := p.do
		p.do = nil
		return do()
	case key.Matches(k, p.keys.no):
		p.do = nil
		if p.no == "" {
			return Status("Nothing changed")
		}
		return Status("%s", p.no)
	}
	return nil
}

func (p *yesNoPrompt) view(st *Styles, width int) []string {
	yes := ": yes"
	if p.what != "" {
		yes += ", " + p.what
	}
	return append(wrapped(clean(p.question), 0, width, st.Warn),
		trunc(st.Accent.Render("y")+st.Subtle.Render(yes+" · ")+st.Accent.Render("n")+st.Subtle.Render(": no"), width))
}

func (p *yesNoPrompt) help() []key.Binding { return []key.Binding{p.keys.yes, p.keys.no} }
