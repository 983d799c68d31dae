package tui

import (
	"slices"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Screen is one tab inside a workspace. It is a tea.Model (with pointer
// receivers, returning itself from Update), a help.KeyMap for the footer
// and the full help, and it lays itself out in the size it is given.
type Screen interface {
	tea.Model
	help.KeyMap
	// Title is the tab's label.
	Title() string
	// SetSize gives the screen its content area (the root keeps header,
	// tab bar, status line and footer).
	SetSize(width, height int)
	// Capturing is true while the person types into a field: then every
	// key but ctrl+c goes to the screen, so q, w, ?, tab and digits type.
	// The screen must offer a way out (esc ends editing) that turns it off.
	Capturing() bool
}

// ScreenSpec offers one screen. The root asks Available when a workspace
// is entered and again after every change, and builds the screen (New)
// the first time its tab is shown.
type ScreenSpec struct {
	ID    string // stable: "home", "team", "pairing"…
	Title string // tab label
	// Needs is the action this workspace must be allowed to open the
	// screen (on the workspace's own client, in a client's or a contact's
	// workspace): the screens' needs are decided together, in one read.
	Needs domain.Action
	// Available decides, where Needs cannot say it, whether this workspace
	// may open the screen now. A refusal's Reason (of either) is shown in
	// the full help ("Not available here"). Neither means always.
	Available func(c Context) domain.Decision
	New       func(c Context) Screen
}

// Registry lists, per workspace kind, the screens offered there in tab
// order. The first one is the workspace's home.
type Registry map[domain.WorkspaceKind][]ScreenSpec

// registration is one screen offered in some workspace kinds, at a place
// in the tab order. Screens register from their own file's init(); the
// list is written only during package initialisation and read-only after,
// so sessions share nothing mutable through it.
type registration struct {
	order int
	kinds []domain.WorkspaceKind
	spec  func() ScreenSpec
}

var registered []registration

// register offers a screen in the given workspace kinds. order places its
// tab: home 0, then by tens — clients 10, agenda 20, team 30, pairing 40,
// contacts 50, invoices 60, assistants 70, tasks 80, inbox 90,
// notifications 100, account 110, audit 120.
func register(order int, spec func() ScreenSpec, kinds ...domain.WorkspaceKind) {
	registered = append(registered, registration{order, kinds, spec})
}

// sharedScreens is screens(), made once: the registry is read only, and
// every session's sign-in built its own (20 kB).
var sharedScreens = sync.OnceValue(screens)

// screens is every screen behalf offers, per workspace kind in tab order.
func screens() Registry {
	regs := slices.Clone(registered)
	slices.SortStableFunc(regs, func(a, b registration) int { return a.order - b.order })
	r := Registry{
		domain.WSTeam:      {homeTeamSpec()},
		domain.WSMe:        {homeMeSpec()},
		domain.WSContact:   {homeContactSpec()},
		domain.WSAssistant: {homeAssistantSpec()},
	}
	for _, reg := range regs {
		for _, k := range reg.kinds {
			r[k] = append(r[k], reg.spec())
		}
	}
	return r
}

// Permitted is an Available func from one domain action: the screen is
// offered when the workspace may do act. For a me or contact workspace the
// target is the workspace's client; pass target to say otherwise.
func Permitted(act domain.Action, target func(c Context) domain.Target) func(c Context) domain.Decision {
	return func(c Context) domain.Decision {
		t := ownTarget(c)
		if target != nil {
			t = target(c)
		}
		return c.Decide(act, t)
	}
}

// ownTarget is what an action is asked about when nothing else is named:
// the client, in a client's own portal or a contact's workspace; nothing
// in the others.
func ownTarget(c Context) domain.Target {
	var t domain.Target
	if k := c.Workspace().Kind; k == domain.WSMe || k == domain.WSContact {
		p := c.Access().Principal
		t.Client = &p
	}
	return t
}

// tab is one offered screen of the current workspace; screen is nil until
// the tab is first shown.
type tab struct {
	spec   ScreenSpec
	screen Screen
	fitted drawn[contentKey] // the screen's view as last fitted to the frame (view.go)
	// stale: a change came while the tab was hidden; it reloads when
	// shown (refresh), so a change costs one screen's reload, not every
	// tab's the person opened.
	stale bool
	// gen counts what the screen was handed (messages, sizes, being
	// built): a screen's view changes only with what it is handed, so it
	// is drawn again only when gen moved on since (or the frame changed,
	// or the minute turned: a view may show today or what is due now).
	// Tabbing through screens and back then draws none of them again.
	gen    uint64
	view   drawn[viewKey]
	footer drawn[viewKey] // the footer's keys as last worked out with this screen on top
}

type viewKey struct {
	gen    uint64
	fk     frameKey
	minute int64
}

// send hands the tab's screen msg.
func (t *tab) send(msg tea.Msg) tea.Cmd {
	t.gen++
	var cmd tea.Cmd
	t.screen, cmd = update(t.screen, msg)
	return cmd
}

// setSize gives the tab's screen its content area.
func (t *tab) setSize(w, h int) {
	t.gen++
	t.screen.SetSize(w, h)
}

// unavailable is a screen this workspace may not open, and why.
type unavailable struct {
	title, reason string
}

// offer splits a kind's specs into the tabs this workspace may open and
// the ones it may not, keeping already built screens of tabs that stay.
func offer(specs []ScreenSpec, c Context, old []tab) ([]tab, []unavailable) {
	var tabs []tab
	var not []unavailable
	needs := decideNeeds(specs, c)
	for _, spec := range specs {
		d, asked := domain.Decision{}, true
		switch {
		case spec.Needs != "":
			d = needs[spec.Needs]
		case spec.Available != nil:
			d = spec.Available(c)
		default:
			asked = false
		}
		if asked && !d.Allowed {
			not = append(not, unavailable{spec.Title, clean(d.Reason)})
			continue
		}
		t := tab{spec: spec}
		for _, o := range old {
			if o.spec.ID == spec.ID {
				t.screen, t.stale = o.screen, o.stale
			}
		}
		tabs = append(tabs, t)
	}
	return tabs, not
}

// decideNeeds asks, in one read, every action the specs need: offering a
// workspace's screens (at sign-in and at every change about the person)
// asked each in its own read, resolving the person's access a dozen times.
func decideNeeds(specs []ScreenSpec, c Context) map[domain.Action]domain.Decision {
	var acts []domain.Action
	for _, spec := range specs {
		if spec.Needs != "" {
			acts = append(acts, spec.Needs)
		}
	}
	out := make(map[domain.Action]domain.Decision, len(acts))
	if len(acts) == 0 {
		return out
	}
	for i, d := range c.DecideEach(ownTarget(c), acts...) {
		out[acts[i]] = d
	}
	return out
}

// update runs msg through s, keeping s if the model returned is not a
// Screen (a screen must return itself).
func update(s Screen, msg tea.Msg) (Screen, tea.Cmd) {
	m, cmd := s.Update(msg)
	if ns, ok := m.(Screen); ok {
		return ns, cmd
	}
	return s, cmd
}
