// Package tui is the portal's terminal face: one Bubble Tea model per SSH
// session. The root model owns the header, the tab bar, the status line
// and the footer, the workspace selector, and the screens of the workspace
// the person is in; it pushes sizes down and keeps the screen in step with
// stored state (revoke.go). Everything it shows comes from domain.Service.
package tui

import (
	"context"
	"io"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"behalf/domain"
)

// Session is what the SSH server knows about one connection.
type Session struct {
	Ctx      context.Context
	Person   domain.ID     // 0: the key belongs to nobody → invitation screen only (R2)
	Key      domain.SSHKey // verified key of the connection
	Addr     string
	Renderer *lipgloss.Renderer // per session, from the PTY's TERM
	Width    int                // initial size from the PTY
	Height   int
	// Background says whether the terminal's background is dark, once the
	// terminal answers (nil or silent: dark is assumed).
	Background <-chan bool
}

type state int

const (
	stInvite    state = iota // an unknown key: the invitation screen only
	stSelect                 // the workspace selector
	stWorkspace              // inside a workspace
	stGone                   // the account ended while signed in (R6)
	stTerms                  // the terms, before anything else (R24)
)

// root is the model of one session.
type root struct {
	Common // the whole terminal
	cancel context.CancelFunc

	person  domain.ID
	me      domain.Me // the person, organisation and workspaces, as last read
	changes <-chan struct{}
	// teamChanges: the team feed, for team members and assistants only.
	teamChanges <-chan struct{}
	registry    Registry

	state    state
	invite   *inviteScreen
	terms    *termsGate // while the terms wait to be accepted
	brand    domain.BrandingView
	selector *selector
	ws       *workspace // the open workspace; kept while the selector shows
	showHelp bool
	pick     picker // the screen picker (0)
	helpTop  int    // first line of the full help shown, when it outgrows the screen
	status   StatusMsg
	gone     string
	pending  []tea.Cmd // work started in New, handed to Init
	// bg is what the terminal said of its background, for the auto theme.
	bg struct{ known, dark bool }
	// drawn keeps the frame's parts as last drawn (view.go).
	drawn frameDrawn

	expiry struct {
		at    time.Time
		gen   int
		fired bool
		stop  context.CancelFunc
	}
}

// workspace is the open workspace: its shared context and its tabs.
type workspace struct {
	ctx      Context
	cancel   context.CancelFunc // ends the screens' commands when left
	tabs     []tab
	not      []unavailable
	active   int
	practice practiceWatch // while the workspace shows every client's data
}

// Chrome: header, tab bar, status line, footer.
const chromeLines = 4

// New builds the root model of one session.
func New(svc *domain.Service, s Session) tea.Model {
	parent := s.Ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	r := s.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(io.Discard) // plain text: tests and tools
	}
	c := Common{Ctx: ctx, Svc: svc, Renderer: r, Styles: DefaultStyles(r), Keys: sessionKeys, KeyFingerprint: s.Key.Fingerprint, Addr: s.Addr}
	m := &root{Common: c, cancel: cancel, registry: sharedScreens()}
	m.selector = newSelector(c)
	w, h := s.Width, s.Height
	if w <= 0 || h <= 0 {
		w, h = defWidth, defHeight
	}
	m.resize(w, h)
	m.applyBrand()
	if s.Background != nil {
		m.pending = append(m.pending, waitBackground(ctx, s.Background))
	}
	if s.Person == 0 {
		m.state = stInvite
		m.invite = newInviteScreen(c, s.Key, s.Addr)
		m.layout()
	} else {
		m.pending = append(m.pending, m.signIn(s.Person))
	}
	return m
}

// Init hands over what New started: the change-feed wait, the expiry
// timer and the first screen's own Init. Nothing here repeats.
func (m *root) Init() tea.Cmd {
	cmd := tea.Batch(m.pending...)
	m.pending = nil
	return cmd
}

// signIn continues as person: listen to the change feed, read the
// workspaces, and go straight in when there is only one (R4).
func (m *root) signIn(person domain.ID) tea.Cmd {
	m.person = person
	m.subscribe()
	return tea.Batch(waitChange(m.Ctx, m.changes), m.welcome())
}

// welcome reads the workspaces and shows the selector, or goes straight
// in when there is only one (R4) — after the terms, when they are due.
func (m *root) welcome() tea.Cmd {
	person := m.person
	var cmds []tea.Cmd
	me, err := m.Svc.Whoami(person)
	if err != nil {
		m.goneWith(errText(err))
		return tea.Batch(cmds...)
	}
	m.me = me
	m.applyTheme()
	if v, err := m.Svc.TermsFor(domain.Who{Person: person}); err == nil && v.Due {
		// Nothing else until they are accepted (R24): no workspace, no
		// team feed; the person's own feed still tells of a deactivation.
		m.state, m.terms = stTerms, newTermsGate(m.Common, person, v)
		m.layout()
		return tea.Batch(cmds...)
	}
	m.terms = nil
	m.state = stSelect
	if me.Person.IsTeam() || me.Person.Assistant {
		m.subscribeTeam()
		cmds = append(cmds, waitTeam(m.Ctx, m.teamChanges))
	}
	cmds = append(cmds, m.selector.setWorkspaces(me, ""), m.armExpiry())
	if len(me.Workspaces) == 1 {
		cmds = append(cmds, m.enter(me.Workspaces[0].ID))
	}
	return tea.Batch(cmds...)
}

// enter opens workspace id, or returns to it if it is the open one.
func (m *root) enter(id string) tea.Cmd {
	m.showHelp, m.pick = false, picker{}
	if m.ws != nil && m.ws.ctx.Who.Workspace == id {
		m.state = stWorkspace
		return nil
	}
	who := domain.Who{Person: m.person, Workspace: id}
	a, err := m.Svc.Access(who)
	if err == nil && a.Workspace.ID != id {
		err = &domain.Error{Kind: domain.KindDenied, Msg: "that workspace is no longer yours"}
	}
	if err != nil {
		// Gone between the list and the choice: say so, show the fresh list.
		m.state = stSelect
		return tea.Batch(Failed(err), m.refreshList())
	}
	m.leave()
	wctx, cancel := context.WithCancel(m.Ctx)
	c := Context{Common: m.Common, Who: who, snap: &snapshot{access: a}}
	c.Ctx = wctx
	ws := &workspace{ctx: c, cancel: cancel}
	ws.tabs, ws.not = offer(m.registry[a.Workspace.Kind], c, nil)
	if len(ws.tabs) == 0 {
		cancel()
		return Status("there is nothing to show in %s", clean(a.Workspace.Title()))
	}
	m.ws = ws
	m.state = stWorkspace
	m.selector.current = id
	return tea.Batch(m.show(0), m.followPractice())
}

// leave drops the open workspace and everything its screens hold.
func (m *root) leave() {
	if m.ws == nil {
		return
	}
	m.ws.cancel()
	m.ws = nil
	m.selector.current = ""
	m.showHelp, m.pick = false, picker{}
}

// show makes tab i active, building its screen the first time.
func (m *root) show(i int) tea.Cmd {
	ws := m.ws
	if ws == nil || i < 0 || i >= len(ws.tabs) {
		return nil
	}
	ws.active = i
	t := &ws.tabs[i]
	if t.screen != nil {
		if !t.stale {
			return nil
		}
		t.stale = false
		return t.send(RefreshMsg{})
	}
	t.screen = t.spec.New(ws.ctx)
	t.setSize(m.contentSize())
	cmd := t.screen.Init()
	t.gen++
	return cmd
}

// screen is the active screen, or nil outside a workspace.
func (m *root) screen() Screen {
	if m.ws == nil || m.ws.active >= len(m.ws.tabs) {
		return nil
	}
	return m.ws.tabs[m.ws.active].screen
}

func (m *root) currentID() string {
	if m.ws == nil {
		return ""
	}
	return m.ws.ctx.Who.Workspace
}

// goneWith ends what the session can do: the account is deactivated or
// deleted (R6). Nothing of any workspace stays on screen.
func (m *root) goneWith(why string) {
	m.leave()
	m.me.Workspaces = nil
	m.selector.setWorkspaces(domain.Me{}, "")
	m.stopExpiry()
	m.state = stGone
	m.gone = why
}

func (m *root) quit() tea.Cmd {
	m.stopExpiry()
	m.cancel() // ends every waiting command of this session
	return tea.Quit
}

// toSelector shows the selector with a fresh list; the open workspace
// stays behind it until another is chosen.
func (m *root) toSelector() tea.Cmd {
	m.state = stSelect
	m.showHelp, m.pick = false, picker{}
	return m.recheck()
}

func (m *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyMsg:
		return m, m.handleKeys(msg)
	case changeMsg:
		return m, tea.Batch(waitChange(m.Ctx, m.changes), m.recheck())
	case teamChangeMsg:
		return m, tea.Batch(waitTeam(m.Ctx, m.teamChanges), m.recheck())
	case practiceChangeMsg:
		if m.ws == nil || m.ws.practice.ch != msg.ch {
			return m, nil // from a workspace left since, or a subscription ended
		}
		return m, m.ws.practice.settle()
	case practiceSettledMsg:
		if m.ws == nil || m.ws.practice.ch != msg.ch {
			return m, nil
		}
		return m, tea.Batch(m.ws.practice.wait(), m.recheck())
	case expiryMsg:
		return m, m.onExpiry(msg)
	case backgroundMsg:
		m.bg.known, m.bg.dark = true, msg.dark
		m.applyTheme()
		return m, nil
	case StatusMsg:
		m.status = msg
		return m, nil
	case enterMsg:
		return m, m.enter(msg.id)
	case GotoMsg:
		return m, m.gotoTab(msg)
	case termsAcceptedMsg:
		m.terms = nil
		cmd := m.welcome()
		if m.state != stGone && m.state != stTerms {
			m.status = StatusMsg{Text: "Thank you: you accepted the terms."}
		}
		return m, cmd
	case redeemedMsg:
		m.invite = nil
		cmd := m.signIn(msg.person.ID)
		if m.state != stGone {
			m.status = StatusMsg{Text: "Welcome, " + clean(msg.person.Name) + ". This key now signs you in."}
		}
		return m, cmd
	}
	return m, m.forward(msg)
}

// forward hands any other message to the components that may wait for
// it: the invitation screen, the selector (filter results) and every
// screen of the open workspace (their own messages).
func (m *root) forward(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if m.invite != nil {
		_, cmd := m.invite.Update(msg)
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, m.selector.Update(msg), m.broadcast(msg))
	return tea.Batch(cmds...)
}

// gotoTab makes the tab with the message's screen id active (building it
// if needed) and hands it the message's payload, so one screen can open
// another on a subject (the clients list opening a client's file).
func (m *root) gotoTab(g GotoMsg) tea.Cmd {
	if m.ws == nil {
		return nil
	}
	for i := range m.ws.tabs {
		if m.ws.tabs[i].spec.ID != g.Screen {
			continue
		}
		cmd := m.show(i)
		if g.Payload == nil {
			return cmd
		}
		return tea.Batch(cmd, m.ws.tabs[i].send(g.Payload))
	}
	return Status("that screen is not available in this workspace")
}

// refresh tells the open workspace's screens that what they show may have
// changed: the active one reloads now, the others when next shown.
func (m *root) refresh() tea.Cmd {
	if m.ws == nil {
		return nil
	}
	for i := range m.ws.tabs {
		m.ws.tabs[i].stale = m.ws.tabs[i].screen != nil && i != m.ws.active
	}
	if m.screen() == nil {
		return nil
	}
	return m.ws.tabs[m.ws.active].send(RefreshMsg{})
}

// broadcast sends msg to every built screen of the open workspace.
func (m *root) broadcast(msg tea.Msg) tea.Cmd {
	if m.ws == nil {
		return nil
	}
	var cmds []tea.Cmd
	for i := range m.ws.tabs {
		if m.ws.tabs[i].screen != nil {
			cmds = append(cmds, m.ws.tabs[i].send(msg))
		}
	}
	return tea.Batch(cmds...)
}

// handleKeys handles a key message as the keys a person pressed. Bubble
// Tea v1 hands runes that arrive in one read as one message ("jjjj", "2a"),
// which would match no binding: each rune is handled as its own key, in
// order, so a burst moves the cursor four rows and "2a" opens screen 2 and
// adds there. A text input takes them one by one, as typed; a bracketed
// paste stays one message. This is the one place keys are split.
func (m *root) handleKeys(k tea.KeyMsg) tea.Cmd {
	if k.Type != tea.KeyRunes || k.Paste || len(k.Runes) < 2 {
		return m.handleKey(k)
	}
	cmds := make([]tea.Cmd, 0, len(k.Runes))
	for _, r := range k.Runes {
		cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}))
		if m.Ctx.Err() != nil {
			break // q ended the session: the rest of the burst is not for anyone
		}
	}
	return tea.Batch(cmds...)
}

func (m *root) handleKey(k tea.KeyMsg) tea.Cmd {
	keys := m.Keys
	if key.Matches(k, keys.ForceQuit) {
		return m.quit()
	}
	m.status = StatusMsg{} // a message stays until the next key
	switch m.state {
	case stGone:
		if key.Matches(k, keys.Quit, keys.Back, keys.Select) {
			return m.quit()
		}
		return nil
	case stInvite:
		if key.Matches(k, keys.Back) {
			return m.quit()
		}
		_, cmd := m.invite.Update(k)
		return cmd
	case stTerms:
		if key.Matches(k, m.terms.leave) {
			return m.quit()
		}
		return m.terms.Update(k)
	case stSelect:
		if m.selector.filtering() {
			return m.selector.Update(k)
		}
		if cmd, done := m.globalKey(k); done {
			return cmd
		}
		if key.Matches(k, keys.Back) && m.selector.backable() {
			m.state = stWorkspace
			return nil
		}
		return m.selector.Update(k)
	}
	// stWorkspace
	s := m.screen()
	if s != nil && s.Capturing() {
		return m.ws.tabs[m.ws.active].send(k)
	}
	if m.pick.open {
		if cmd, done := m.pickerKey(k); done {
			return cmd
		}
	}
	if cmd, done := m.globalKey(k); done {
		return cmd
	}
	if m.pick.open {
		return nil // other keys wait until the picker closes
	}
	n := len(m.ws.tabs)
	switch {
	case key.Matches(k, keys.Screens) && n > 1:
		m.openPicker()
		return nil
	case key.Matches(k, keys.NextTab):
		return m.show((m.ws.active + 1) % n)
	case key.Matches(k, keys.PrevTab):
		return m.show((m.ws.active + n - 1) % n)
	case key.Matches(k, keys.GoTab):
		return m.show(int(k.Runes[0] - '1'))
	}
	if s == nil {
		return nil
	}
	return m.ws.tabs[m.ws.active].send(k)
}

// globalKey handles q, ?, w and the full help; done reports it did.
func (m *root) globalKey(k tea.KeyMsg) (cmd tea.Cmd, done bool) {
	keys := m.Keys
	switch {
	case key.Matches(k, keys.Quit):
		return m.quit(), true
	case key.Matches(k, keys.Help):
		m.showHelp, m.helpTop = !m.showHelp, 0
		return nil, true
	case m.showHelp && key.Matches(k, keys.Back):
		m.showHelp = false
		return nil, true
	case key.Matches(k, keys.Switch):
		if m.state == stSelect {
			return nil, true
		}
		return m.toSelector(), true
	case m.showHelp:
		// The help is open: it scrolls when longer than the screen; other keys wait.
		_, h := m.contentSize()
		switch {
		case key.Matches(k, keys.Down):
			m.helpTop++
		case key.Matches(k, keys.Up):
			m.helpTop--
		case key.Matches(k, keys.PageDown):
			m.helpTop += max(h-1, 1)
		case key.Matches(k, keys.PageUp):
			m.helpTop -= max(h-1, 1)
		}
		return nil, true
	}
	return nil, false
}

// resize records the terminal's size (within sane bounds) and lays out.
func (m *root) resize(w, h int) {
	w, h = clampSize(w, h)
	m.Common.SetSize(w, h)
	m.layout()
}

func (m *root) contentSize() (int, int) {
	return m.Width, max(m.Height-chromeLines, 0)
}

// layout pushes the content size to every component.
func (m *root) layout() {
	w, h := m.contentSize()
	m.selector.SetSize(w, h)
	if m.invite != nil {
		m.invite.SetSize(w, h)
	}
	if m.terms != nil {
		m.terms.SetSize(w, h)
	}
	if m.ws != nil {
		for i := range m.ws.tabs {
			if m.ws.tabs[i].screen != nil {
				m.ws.tabs[i].setSize(w, h)
			}
		}
	}
}
