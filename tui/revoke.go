package tui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// Live revocation (R5, R38). Two one-shot waits, and no ticker, keep the
// screen honest while costing nothing when idle:
//   - the change feed: a command that blocks until the store reports a
//     change about this person, or the session ends;
//   - a timer to the earliest moment one of the person's workspaces ends by
//     itself (a contact link's expiry), which no change will announce.
// Either one re-checks everything from stored state (recheck).

// changeMsg: the change feed fired for the signed-in person.
type changeMsg struct{}

// teamChangeMsg: the team's shape changed (someone else's pairing,
// permissions, people, links): team screens reload.
type teamChangeMsg struct{}

// practiceChangeMsg: some client's practice data changed (a booking, an
// invoice, a payment): a workspace that shows every client's reloads. ch
// says which subscription fired.
type practiceChangeMsg struct{ ch <-chan struct{} }

// expiryMsg: the expiry timer armed as generation gen fired.
type expiryMsg struct{ gen int }

// subscribe starts listening to the change feed for m.person. The
// subscription is one per session and is dropped when the session ends; the
// feed's one-slot channel keeps a change that arrives between two waits.
func (m *root) subscribe() {
	ch, stop := m.Svc.Watch(m.person)
	context.AfterFunc(m.Ctx, stop)
	m.changes = ch
}

// subscribeTeam listens to the team feed too, for people who work in team
// or assistant workspaces.
func (m *root) subscribeTeam() {
	ch, stop := m.Svc.WatchTeam()
	context.AfterFunc(m.Ctx, stop)
	m.teamChanges = ch
}

// practiceWatch is a workspace's subscription to the practice-wide feed,
// held only while its access shows every client's practice data
// (schedule_all and the like): the people a change concerns hear of it on
// their own channels, so nobody else's session wakes for every booking.
type practiceWatch struct {
	ch   <-chan struct{}
	ctx  context.Context
	stop context.CancelFunc
}

func (p practiceWatch) wait() tea.Cmd { return waitFeed(p.ctx, p.ch, practiceChangeMsg{p.ch}) }

// practiceSettle is how long a whole-practice workspace lets practice
// changes gather before it reloads: a burst (a hundred renewals issued at
// once, a busy hour's bookings) costs it a reload a second, not one per
// change, and it is current a second after the last. Others' bookings a
// second late are no loss to someone watching the whole practice; changes
// about the person themself (their access) do not wait: they come on
// their own feed.
const practiceSettle = time.Second

// practiceSettledMsg: the gathering time after a practice change is over.
type practiceSettledMsg struct{ ch <-chan struct{} }

// settle waits practiceSettle (or until the subscription ends) and then
// says so; what fired meanwhile waits in the feed's one-slot channel.
func (p practiceWatch) settle() tea.Cmd {
	ch, ctx := p.ch, p.ctx
	return func() tea.Msg {
		t := time.NewTimer(practiceSettle)
		defer t.Stop()
		select {
		case <-t.C:
			return practiceSettledMsg{ch}
		case <-ctx.Done():
			return nil
		}
	}
}

// followPractice subscribes the open workspace to the practice feed, or
// ends its subscription, as its access now says.
func (m *root) followPractice() tea.Cmd {
	ws := m.ws
	want := ws.ctx.Access().SeesWholePractice()
	switch {
	case want && ws.practice.ch == nil:
		ctx, cancel := context.WithCancel(ws.ctx.Ctx)
		ch, stop := m.Svc.WatchPractice()
		context.AfterFunc(ctx, stop)
		ws.practice = practiceWatch{ch: ch, ctx: ctx, stop: cancel}
		return ws.practice.wait()
	case !want && ws.practice.ch != nil:
		ws.practice.stop()
		ws.practice = practiceWatch{}
	}
	return nil
}

// waitChange blocks until the feed fires or ctx ends (then it returns nil
// and the goroutine is gone).
func waitChange(ctx context.Context, ch <-chan struct{}) tea.Cmd {
	return waitFeed(ctx, ch, changeMsg{})
}

// waitTeam blocks until the team feed fires or ctx ends.
func waitTeam(ctx context.Context, ch <-chan struct{}) tea.Cmd {
	return waitFeed(ctx, ch, teamChangeMsg{})
}

// waitFeed blocks until ch fires (then it says msg) or ctx ends (nil).
func waitFeed(ctx context.Context, ch <-chan struct{}, msg tea.Msg) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-ch:
			return msg
		case <-ctx.Done():
			return nil
		}
	}
}

// expireAfter fires once after d, or returns nil when ctx ends first.
func expireAfter(ctx context.Context, d time.Duration, gen int) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return expiryMsg{gen}
		case <-ctx.Done():
			return nil
		}
	}
}

// armExpiry (re)sets the one-shot timer to the earliest end of the
// person's workspaces, measured on the service's clock. It does nothing if
// the timer is already set for that moment.
func (m *root) armExpiry() tea.Cmd {
	var next time.Time
	for _, w := range m.me.Workspaces {
		if e := w.EndsAt(); !e.IsZero() && (next.IsZero() || e.Before(next)) {
			next = e
		}
	}
	if next.Equal(m.expiry.at) && m.expiry.stop != nil {
		return nil
	}
	m.stopExpiry()
	if !next.Equal(m.expiry.at) {
		m.expiry.fired = false
	}
	m.expiry.at = next
	if next.IsZero() {
		return nil
	}
	d := max(next.Sub(m.Svc.Now()), 0) + 5*time.Millisecond
	if m.expiry.fired {
		// It fired and the link was still live (clocks disagree by a hair):
		// wait a little before asking again rather than spin.
		d = max(d, time.Second)
	}
	m.expiry.gen++
	ctx, cancel := context.WithCancel(m.Ctx)
	m.expiry.stop = cancel
	return expireAfter(ctx, d, m.expiry.gen)
}

func (m *root) stopExpiry() {
	if m.expiry.stop != nil {
		m.expiry.stop()
		m.expiry.stop = nil
	}
}

// onExpiry handles the timer: re-check, which re-arms for the next end.
func (m *root) onExpiry(msg expiryMsg) tea.Cmd {
	if msg.gen != m.expiry.gen {
		return nil // a timer replaced since
	}
	m.stopExpiry()
	m.expiry.fired = true
	return m.recheck()
}

// recheck reloads the person's workspaces and, inside one, its access,
// from stored state. If the open workspace is gone, everything of it leaves
// the screen: its screens are dropped (with what they showed of the
// client), the status says so, and the person is back in the selector — or
// in the only workspace left.
func (m *root) recheck() tea.Cmd {
	if m.person == 0 || m.state == stGone {
		return nil
	}
	me, err := m.Svc.Whoami(m.person)
	if err != nil {
		m.goneWith(errText(err)) // R6: deactivated or deleted right now
		return nil
	}
	if fp := m.KeyFingerprint; fp != "" && !me.Person.HasKey(fp) {
		// R5, R46: the key this session signed in with was removed (say, a
		// lost laptop's, from another session): it stops working now.
		m.goneWith("The key this session signed in with was removed from your account. Sign in with one of your other keys.")
		return nil
	}
	m.me = me
	m.applyTheme() // the person may have changed it
	m.applyBrand()
	if m.state != stTerms && (me.Person.Client || me.Person.Contact) {
		// New terms that everyone accepts again: the screens give way to
		// them at once, as the domain refuses the rest (R24).
		if v, err := m.Svc.TermsFor(domain.Who{Person: m.person}); err == nil && v.Due {
			m.leave()
			m.state, m.terms = stTerms, newTermsGate(m.Common, m.person, v)
			m.layout()
			return nil
		}
	}
	var cmds []tea.Cmd
	if m.ws != nil {
		who := m.ws.ctx.Who
		a, err := m.Svc.Access(who)
		if err != nil || a.Workspace.ID != who.Workspace {
			title := clean(m.ws.ctx.Workspace().Title())
			inside := m.state == stWorkspace
			m.leave()
			m.state = stSelect
			cmds = append(cmds, m.selector.setWorkspaces(me, ""), m.armExpiry())
			if inside && len(me.Workspaces) == 1 {
				cmds = append(cmds, m.enter(me.Workspaces[0].ID))
			}
			m.status = StatusMsg{Text: "Access to " + title + " ended", Err: true}
			return tea.Batch(cmds...)
		}
		m.ws.ctx.snap.access = a
		cmds = append(cmds, m.reoffer(), m.refresh(), m.followPractice())
	}
	cmds = append(cmds, m.selector.setWorkspaces(me, m.currentID()), m.armExpiry())
	return tea.Batch(cmds...)
}

// refreshList reads the person's workspaces again for the selector only.
func (m *root) refreshList() tea.Cmd {
	me, err := m.Svc.Whoami(m.person)
	if err != nil {
		m.goneWith(errText(err))
		return nil
	}
	m.me = me
	m.applyTheme() // the person may have changed it
	return tea.Batch(m.selector.setWorkspaces(me, m.currentID()), m.armExpiry())
}

// reoffer asks every screen's Available again: a narrowed permission
// takes its tab away at once.
func (m *root) reoffer() tea.Cmd {
	ws := m.ws
	was := ws.tabs[ws.active].spec
	ws.tabs, ws.not = offer(m.registry[ws.ctx.Workspace().Kind], ws.ctx, ws.tabs)
	if len(ws.tabs) == 0 {
		return nil
	}
	for i, t := range ws.tabs {
		if t.spec.ID == was.ID {
			ws.active = i
			return nil
		}
	}
	subject := ""
	if k := ws.ctx.Workspace().Kind; k == domain.WSContact || k == domain.WSAssistant {
		subject = ws.ctx.Access().Principal.Name
	}
	m.status = StatusMsg{Text: accessEnded(subject, was.Title), Err: true}
	return m.show(0)
}

// accessEnded tells a person that what they were looking at went away
// with a permission (R5): "Your access to Alex Johnson's invoices ended".
// subject is whose it was ("" for the workspace's own).
func accessEnded(subject, what string) string {
	what = strings.ToLower(clean(what))
	if subject == "" {
		return "Your access to " + what + " ended"
	}
	return "Your access to " + clean(subject) + "'s " + what + " ended"
}
