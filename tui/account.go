package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
	"behalf/sshkey"
)

// The account screen: one's own name, email, adopted signature and SSH
// keys, in every workspace and for everyone, assistants too (R46). The
// organisation's subscription shows only to the owner in the team
// workspace — never to an assistant, whatever their role (R18, R43).

func init() {
	register(110, accountSpec, domain.WSTeam, domain.WSMe, domain.WSContact, domain.WSAssistant)
}

func accountSpec() ScreenSpec {
	return ScreenSpec{ID: "account", Title: "Account", Needs: domain.ActProfileShow, New: newAccountScreen}
}

type accountKeys struct {
	edit, addKey, removeKey, plan key.Binding
	twoFactor                     key.Binding
	// the owner's page (R18, R56)
	payment, cancel, reopen key.Binding
}

type accountScreen struct {
	Context
	modalHost // the profile, key and plan forms; "remove this key?"
	acct      domain.AccountView
	plan      *domain.PlanView // the owner's subscription page, when it is theirs to see
	tf        domain.TwoFactorView
	keys      selCursor
	refused   refusalNote
	err       error
	k         accountKeys
}

func newAccountScreen(c Context) Screen {
	s := &accountScreen{Context: c}
	s.k = accountKeys{
		edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit name/email/signature/colours")),
		addKey:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add key")),
		removeKey: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove key")),
		plan:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "change plan")),
		twoFactor: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "two-factor sign-in")),
		payment:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "payment method")),
		cancel:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "cancel the account")),
		reopen:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reopen the account")),
	}
	s.onClose = s.load
	s.load()
	return s
}

func (s *accountScreen) Init() tea.Cmd   { return nil }
func (s *accountScreen) Title() string   { return "Account" }
func (s *accountScreen) Capturing() bool { return s.modalOpen() }

func (s *accountScreen) SetSize(width, height int) {
	s.Common.SetSize(width, height)
	s.sizeModal(width, height)
}

// load reads the account with the key this session signed in with, so the
// domain marks it in use.
func (s *accountScreen) load() {
	s.acct, s.err = s.Svc.Account(s.Who, s.KeyFingerprint)
	s.keys.setLen(len(s.acct.Keys))
	if s.err == nil {
		s.tf, s.err = s.Svc.TwoFactor(s.Who)
	}
	s.plan = nil
	if d := s.Decide(domain.ActAccount, domain.Target{}); d.Allowed {
		if pv, err := s.Svc.AccountPlan(s.Who); err == nil {
			s.plan = &pv
		}
	}
}

func (s *accountScreen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case RefreshMsg:
		s.load()
	case tea.KeyMsg:
		return s, s.handleKey(msg)
	}
	return s, nil
}

func (s *accountScreen) handleKey(k tea.KeyMsg) tea.Cmd {
	s.refused.clear()
	if cmd, ok := s.handleModal(k); ok {
		return cmd
	}
	switch {
	case key.Matches(k, s.k.edit):
		s.openPane(s.profileForm())
	case key.Matches(k, s.k.addKey):
		s.openPane(s.keyForm())
	case key.Matches(k, s.k.twoFactor):
		if s.tf.On {
			s.openPane(newTwoFactorPane(s.Common, s.Who, nil))
			return nil
		}
		setup, err := s.Svc.EnableTwoFactor(s.Who)
		if err != nil {
			return s.refused.show(err)
		}
		s.openPane(newTwoFactorPane(s.Common, s.Who, &setup))
	case key.Matches(k, s.k.removeKey):
		if len(s.acct.Keys) == 0 {
			return nil
		}
		kv := s.acct.Keys[s.keys.sel]
		fp := kv.Fingerprint
		s.confirm.ask("Remove the key "+clean(fp)+"? It will no longer sign you in.", "remove it", "", func() tea.Cmd {
			// The domain refuses the key in use and the last key, and
			// says why (R46); the screen does not guess.
			if err := s.Svc.RemoveKey(s.Who, fp, s.KeyFingerprint); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("Key %s removed", clean(fp))
		})
	case key.Matches(k, s.k.plan) && s.plan != nil:
		s.openPane(s.planForm())
	case key.Matches(k, s.k.payment) && s.plan != nil:
		s.openPane(s.paymentForm())
	case key.Matches(k, s.k.cancel) && s.plan != nil && s.plan.Status() == "active":
		s.openPane(s.cancelForm())
	case key.Matches(k, s.k.reopen) && s.plan != nil && s.plan.Status() == "cancelled":
		s.confirm.ask("Reopen the account of "+clean(s.plan.Org.Name)+"? Everyone can change things again.", "reopen it", "", func() tea.Cmd {
			if _, err := s.Svc.ReopenAccount(s.Who); err != nil {
				return s.refused.show(err)
			}
			s.load()
			return Status("The account is open again")
		})
	default:
		s.keys.move(k, s.Keys, 3)
	}
	return nil
}

// themeChoices are the screens' colour settings (domain.Theme), as the
// account's form offers them.
var themeChoices = []choiceOpt{
	{"auto: as the terminal says", domain.ThemeAuto.String()},
	{"for a dark background", domain.ThemeDark.String()},
	{"for a light background", domain.ThemeLight.String()},
}

func themeLabel(t domain.Theme) string {
	for _, c := range themeChoices {
		if c.value == t.String() {
			return c.label
		}
	}
	return t.String()
}

func (s *accountScreen) profileForm() modalPane {
	p := s.acct.Person
	f := newForm(s.Common, "Your name, email, signature and colours")
	f.note("Yours alone: the same in every workspace.") // R46
	f.text("name", "Name", p.Name, "", domain.MaxNameLen)
	f.text("email", "Email", p.Email, "you@example.com", domain.MaxEmailLen).help = "one email belongs to one person" // R35
	f.text("signature", "Signature", p.Signature, "", domain.MaxNameLen).help =
		"your adopted signature, as it appears where you sign; empty removes it" // R44
	theme := f.choice("theme", "Colours", themeChoices)
	theme.choose(p.Theme.String())
	theme.help = "for a light or a dark terminal; auto follows what the terminal says, dark when it says nothing"
	f.button("save", "Save")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		var ch domain.ProfileChange
		for _, x := range []struct {
			id, was string
			to      **string
		}{{"name", p.Name, &ch.Name}, {"email", p.Email, &ch.Email}, {"signature", p.Signature, &ch.Signature}, {"theme", p.Theme.String(), &ch.Theme}} {
			if v := strings.TrimSpace(f.value(x.id)); v != x.was {
				*x.to = &v
			}
		}
		if ch.Name == nil && ch.Email == nil && ch.Signature == nil && ch.Theme == nil {
			return nil, Status("Nothing changed"), nil
		}
		if _, err := s.Svc.SetProfile(who, ch); err != nil {
			return nil, nil, err
		}
		return nil, Status("Saved"), nil
	}
	return f
}

func (s *accountScreen) keyForm() modalPane {
	f := newForm(s.Common, "Add an SSH key")
	f.note("Paste one line of your public key file (~/.ssh/id_ed25519.pub): ssh-ed25519 AAAA… comment. You then get a code: sign in once with that key and run `invite redeem CODE` (or type it on the invitation screen) to prove you hold it.")
	f.text("line", "Key", "", "ssh-ed25519 AAAA… comment", 8<<10)
	f.button("save", "Add key")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		key, err := sshkey.Parse(f.value("line"))
		if err != nil {
			return nil, nil, err
		}
		pk, err := s.Svc.AddKey(who, key)
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("To prove the key, sign in with it and run: invite redeem %s (1 hour)", pk.Code), nil
	}
	return f
}

func (s *accountScreen) planForm() modalPane {
	f := newForm(s.Common, "The account's subscription")
	f.note("As the account owner you alone change the subscription.") // R18
	f.text("plan", "Plan", s.plan.Org.Plan, "", domain.MaxNameLen)
	f.text("seats", "Client seats", strconv.Itoa(s.plan.Org.Seats), "", 7).help = "active clients the plan allows; 0 for no limit" // R56
	f.button("save", "Save")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		plan := f.value("plan")
		ch := domain.PlanChange{Plan: &plan}
		if t := strings.TrimSpace(f.value("seats")); t != strconv.Itoa(s.plan.Org.Seats) {
			n, err := strconv.Atoi(t)
			if err != nil {
				return nil, nil, &domain.Error{Kind: domain.KindInvalid, Msg: "write the client seats as a whole number, 0 for no limit"}
			}
			ch.Seats = &n
		}
		v, err := s.Svc.SetPlan(who, ch)
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("The plan is now %s", clean(v.Org.Plan)), nil
	}
	return f
}

func (s *accountScreen) View() string {
	if v, ok := s.modalView(); ok {
		return v
	}
	st := s.Styles
	p := s.acct.Person
	row := func(label, value string) string {
		return st.Label.Render(fmt.Sprintf("%-12s ", label)) + value
	}
	head := []string{st.Title.Render("Your account") + st.Subtle.Render(" · the same in every workspace")} // R46
	if s.err != nil {
		head = append(head, st.StatusError.Render(errText(s.err)))
	}
	sig := clean(p.Signature)
	if sig == "" {
		sig = st.Subtle.Render("none adopted")
	}
	head = append(head,
		row("Name", clean(p.Name)),
		row("Email", clean(p.Email)),
		row("Signature", sig),
		row("Colours", themeLabel(p.Theme)),
		row("Two-factor", twoFactorLine(s.tf)),
		"",
		st.Title.Render(fmt.Sprintf("SSH keys · %d", len(s.acct.Keys)))+st.Subtle.Render(fmt.Sprintf(" (at most %d)", domain.MaxKeys)),
	)
	var foot []string
	if s.plan != nil {
		plan := clean(s.plan.Org.Plan)
		if plan == "" {
			plan = st.Subtle.Render("none set")
		}
		foot = append(foot, "", st.Title.Render("The account's plan")+st.Subtle.Render(" · the owner's alone"), row("Plan", plan)) // R18
		foot = append(foot, s.planLines(row)...)
	}
	foot = append(foot, s.refused.lines(st, s.Width)...)
	foot = append(foot, s.confirmLines(st, s.Width)...)
	loc := s.Access().Org.Location()
	lv := selList{head: head, foot: foot, rowH: 2, empty: "  no keys"}
	return lv.render(st, s.Width, s.Height, &s.keys, func(i int, sel bool) []string {
		kv := s.acct.Keys[i]
		line := selMark(st, sel) + clean(kv.Fingerprint)
		if kv.InUse {
			line += "  " + st.Accent.Render("in use now")
		}
		typ, _, _ := strings.Cut(kv.Line, " ")
		about := []string{clean(typ)}
		if kv.Comment != "" {
			about = append(about, clean(kv.Comment))
		}
		if !kv.Added.IsZero() {
			about = append(about, "added "+orgWhen(loc, kv.Added))
		}
		return []string{line, "    " + st.Subtle.Render(strings.Join(about, " · "))}
	})
}

func (s *accountScreen) ShortHelp() []key.Binding {
	if b, ok := s.modalHelp(); ok {
		return b
	}
	b := []key.Binding{s.k.edit, s.k.addKey, s.k.twoFactor}
	if len(s.acct.Keys) > 0 {
		b = append(b, s.k.removeKey)
	}
	if s.plan != nil {
		b = append(b, s.k.plan, s.k.payment)
		if s.plan.Status() == "cancelled" {
			b = append(b, s.k.reopen)
		} else {
			b = append(b, s.k.cancel)
		}
	}
	return b
}

func (s *accountScreen) FullHelp() [][]key.Binding {
	if s.modalOpen() {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{s.Keys.Up, s.Keys.Down}, s.ShortHelp()}
}

// planLines are the owner's page below the plan's name: the client seats
// used as a bar (R56), the payment method's reference, and whether the
// account is open.
func (s *accountScreen) planLines(row func(label, value string) string) []string {
	st, v := s.Styles, s.plan
	seats := domain.Plural(v.SeatsUsed, "active client", "active clients") + " · no limit"
	if v.Org.Seats > 0 {
		seats = usageBar(st, v.SeatsUsed, v.Org.Seats, max(s.Width-40, 10)) + " " + fmt.Sprintf("%d of %s used", v.SeatsUsed, domain.Plural(v.Org.Seats, "client seat", "client seats"))
	}
	pm := clean(v.Org.PaymentMethod)
	if pm == "" {
		pm = st.Subtle.Render("none on file")
	}
	status := "open"
	if v.Status() == "cancelled" {
		status = st.Warn.Render("cancelled: read-only for everyone; you can reopen it until " + v.ReopenUntil)
	}
	return []string{row("Client seats", seats), row("Payment", pm), row("Account", status)}
}

func (s *accountScreen) paymentForm() modalPane {
	f := newForm(s.Common, "The payment method on file")
	f.note("A reference only: the card's brand, last four digits and expiry, e.g. Visa 4242 12/28. Never type a full card number.") // R18
	f.text("set", "Payment method", s.plan.Org.PaymentMethod, "", 40).help = "BRAND LAST4 MM/YY; empty removes it"
	f.button("save", "Save")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		v, err := s.Svc.SetPaymentMethod(who, f.value("set"))
		if err != nil {
			return nil, nil, err
		}
		if v.Org.PaymentMethod == "" {
			return nil, Status("No payment method on file"), nil
		}
		return nil, Status("Payment method on file: %s", clean(v.Org.PaymentMethod)), nil
	}
	return f
}

func (s *accountScreen) cancelForm() modalPane {
	name := s.plan.Org.Name
	f := newForm(s.Common, "Cancel the account")
	f.note("Everything becomes read-only for everyone: people can still sign in and read, and you can take backups, but nobody can change anything until you reopen it, within 30 days.") // R56
	f.text("confirm", "Organisation", "", "", domain.MaxNameLen).help = "type " + clean(name) + " to confirm"
	f.button("save", "Cancel the account")
	who := s.Who
	f.submit = func(f *form) (modalPane, tea.Cmd, error) {
		v, err := s.Svc.CancelAccount(who, f.value("confirm"))
		if err != nil {
			return nil, nil, err
		}
		return nil, Status("Cancelled: the account is read-only; you can reopen it until %s", v.ReopenUntil), nil
	}
	return f
}
