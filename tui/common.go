package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
	"behalf/internal/cells"
	"behalf/sanitize"
)

// Common is what every component of one session shares, embedded by value
// in each (as soft-serve does): the pointers are the session's, the size is
// the component's own, set by its parent through SetSize.
type Common struct {
	// Ctx ends when the session ends (or, inside a workspace, when the
	// person leaves it). Every blocking tea.Cmd must return when it is done.
	Ctx      context.Context
	Svc      *domain.Service
	Renderer *lipgloss.Renderer
	Styles   *Styles
	Keys     *KeyMap
	// KeyFingerprint is the verified key this session signed in with: the
	// account screen marks it, and the domain refuses to remove it (R46).
	KeyFingerprint string
	// Addr is the client's address, which code attempts are limited by.
	Addr string

	Width, Height int
}

// SetSize records the space the component was given.
func (c *Common) SetSize(width, height int) {
	c.Width, c.Height = max(width, 0), max(height, 0)
}

// Context is what a screen knows about where it runs: the session's Common
// plus the workspace it acts in. All screens of one workspace share the
// snapshot, so a re-check by the root (change feed, expiry) is seen by every
// screen at once; the domain decides again on every call anyway (R5).
type Context struct {
	Common
	Who  domain.Who // the person and the exact workspace id
	snap *snapshot
}

type snapshot struct{ access *domain.Access }

// Access is the workspace's effective access as last checked: actor,
// principal, workspace (title, permissions, expiry) and organisation.
func (c Context) Access() *domain.Access { return c.snap.access }

// Workspace is the workspace the screen runs in, as last checked.
func (c Context) Workspace() domain.Workspace { return c.snap.access.Workspace }

// Decide asks the domain whether this workspace may do act to t now.
func (c Context) Decide(act domain.Action, t domain.Target) domain.Decision {
	d, err := c.Svc.Decide(c.Who, act, t)
	if err != nil {
		return domain.Decision{Reason: errText(err)}
	}
	return d
}

// DecideEach is Decide for several actions on one target, asked in one
// read; a failure answers every action with its reason.
func (c Context) DecideEach(t domain.Target, acts ...domain.Action) []domain.Decision {
	ds, err := c.Svc.DecideEach(c.Who, acts, t)
	return answered(ds, err, len(acts))
}

// DecideAll is Decide for several actions, each on its own target, asked
// in one read; a failure answers every one with its reason.
func (c Context) DecideAll(asks ...domain.Ask) []domain.Decision {
	ds, err := c.Svc.DecideAll(c.Who, asks)
	return answered(ds, err, len(asks))
}

// answered is n decisions: ds, or, when asking failed, err's reason for
// every one.
func answered(ds []domain.Decision, err error, n int) []domain.Decision {
	if err == nil {
		return ds
	}
	ds = make([]domain.Decision, n)
	for i := range ds {
		ds[i].Reason = errText(err)
	}
	return ds
}

// RefreshMsg tells the screens of a workspace that something they may show
// changed (the change feed fired and the workspace is still there). Reload
// through the service; Access() already holds the new snapshot.
type RefreshMsg struct{}

// StatusMsg puts one line in the status bar: "Saved", or an error.
type StatusMsg struct {
	Text string
	Err  bool
}

// Status is a command that shows a one-line message.
func Status(format string, a ...any) tea.Cmd {
	msg := StatusMsg{Text: fmt.Sprintf(format, a...)}
	return func() tea.Msg { return msg }
}

// Failed is a command that shows err in the status bar: a domain refusal
// with its own message, anything else as an internal failure.
func Failed(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	msg := StatusMsg{Text: errText(err), Err: true}
	return func() tea.Msg { return msg }
}

// errText is how an error reads on screen.
func errText(err error) string {
	if domain.KindOf(err) != 0 {
		return clean(err.Error())
	}
	return "something went wrong: " + clean(err.Error())
}

// clean makes stored text safe for one line of someone's terminal: Lip
// Gloss passes escape sequences through untouched.
func clean(s string) string { return sanitize.Line(s) }

// trunc cuts s (which may hold styles) to width cells, ending in "…".
func trunc(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if cells.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// Size limits: below the minimum the root asks for a larger terminal;
// above the maximum it lays out as if the terminal were that big, so an
// absurd size from a client cannot make us allocate without bound.
const (
	minWidth, minHeight = 40, 10
	maxWidth, maxHeight = 500, 300
	defWidth, defHeight = 80, 24
)

func clampSize(w, h int) (int, int) {
	return min(max(w, 0), maxWidth), min(max(h, 0), maxHeight)
}

// GotoMsg asks the root to switch to the tab whose ScreenSpec.ID is Screen
// and then hand that screen Payload (any message it understands, such as
// OpenClientMsg). Screens send it as a tea.Cmd result.
type GotoMsg struct {
	Screen  string
	Payload tea.Msg
}

// Goto is a command that switches tabs (see GotoMsg).
func Goto(screen string, payload tea.Msg) tea.Cmd {
	return func() tea.Msg { return GotoMsg{Screen: screen, Payload: payload} }
}

// OpenClientMsg asks a screen about clients (the client file) to show one.
type OpenClientMsg struct{ Handle string }
