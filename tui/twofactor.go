package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"behalf/domain"
	"behalf/totp"
)

// Two-factor sign-in on the account screen (issue 19): t starts it — the
// secret as a QR code beside it as text, and the first code to confirm —
// or, once on, takes it off with a code. Recovery codes show once, on the
// pane that confirmed.

// twoFactorPane is one step: setting up (setup set), showing the recovery
// codes (codes set), or turning off (neither).
type twoFactorPane struct {
	Common
	who   domain.Who
	setup *domain.TwoFactorSetup
	codes []string
	in    textinput.Model
	err   string
	ok    key.Binding
	back  key.Binding
}

func newTwoFactorPane(c Common, who domain.Who, setup *domain.TwoFactorSetup) *twoFactorPane {
	p := &twoFactorPane{Common: c, who: who, setup: setup,
		in:   newInput(c.Styles, "Code: ", "123456", 24),
		ok:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
	p.in.Focus()
	return p
}

func (p *twoFactorPane) setSize(w, h int) { p.Width, p.Height = w, h }

func (p *twoFactorPane) update(k tea.KeyMsg) (modalPane, tea.Cmd) {
	if p.codes != nil { // seen once: any of enter or esc closes
		if key.Matches(k, p.ok, p.back) {
			return nil, Status("Two-factor sign-in is on")
		}
		return p, nil
	}
	switch {
	case key.Matches(k, p.back):
		return nil, nil
	case key.Matches(k, p.ok):
		code := strings.TrimSpace(p.in.Value())
		if p.setup == nil {
			if err := p.Svc.DisableTwoFactor(p.who, code, p.Addr); err != nil {
				p.err, p.in = errText(err), clearInput(p.in)
				return p, nil
			}
			return nil, Status("Two-factor sign-in is off")
		}
		codes, err := p.Svc.ConfirmTwoFactor(p.who, code, p.Addr)
		if err != nil {
			p.err, p.in = errText(err), clearInput(p.in)
			return p, nil
		}
		p.codes, p.err = codes, ""
		return p, nil
	}
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(k)
	return p, cmd
}

func clearInput(in textinput.Model) textinput.Model { in.SetValue(""); return in }

func (p *twoFactorPane) shortHelp() []key.Binding { return []key.Binding{p.ok, p.back} }

func (p *twoFactorPane) view() string {
	st := p.Styles
	wrap := func(s string, w int) string { return ansi.Wrap(s, max(w, 10), "") }
	switch {
	case p.codes != nil:
		lines := []string{st.Title.Render("Two-factor sign-in is on"), "",
			wrap("Recovery codes: each signs you in once without your phone. They show only now — write them down or keep them in a password manager.", p.Width), ""}
		for _, c := range p.codes {
			lines = append(lines, "  "+st.Accent.Render(c))
		}
		return strings.Join(append(lines, "", st.Subtle.Render("enter or esc closes.")), "\n")
	case p.setup == nil:
		lines := []string{st.Title.Render("Turn two-factor sign-in off"), "",
			wrap("Type a code from your authenticator app, or one of your recovery codes. Afterwards your key alone signs you in.", p.Width), "", p.in.View()}
		if p.err != "" {
			lines = append(lines, "", st.StatusError.Render(wrap(p.err, p.Width)))
		}
		return strings.Join(lines, "\n")
	}
	text := []string{st.Title.Render("Turn on two-factor sign-in"), "",
		"Scan the code with an authenticator app, or type this secret into it:", "",
		st.Accent.Render(totp.Grouped(p.setup.Secret)), "",
		"Then type the six digits it shows. Until then sign-in asks for no code.", "", p.in.View()}
	if p.err != "" {
		text = append(text, "", st.StatusError.Render(p.err))
	}
	qr := p.qr()
	if qr == "" {
		note := st.Subtle.Render("(A larger window shows a QR code to scan.)")
		return wrap(strings.Join(append(text, "", note), "\n"), p.Width)
	}
	side := max(p.Width-lipgloss.Width(qr)-2, 10)
	return lipgloss.JoinHorizontal(lipgloss.Top, qr, "  ", wrap(strings.Join(text, "\n"), side))
}

// qr draws the setup's address black on white, whatever the terminal's
// colours, in the quiet border that fits (two modules, else one), with
// at least 30 columns beside it for the words; "" when it cannot fit.
func (p *twoFactorPane) qr() string {
	for _, quiet := range []int{totp.Quiet, 1} {
		lines, err := totp.QR(p.setup.URL, quiet)
		if err != nil {
			return ""
		}
		if len(lines) > p.Height || lipgloss.Width(lines[0])+32 > p.Width {
			continue
		}
		st := p.Renderer.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#ffffff"))
		for i, l := range lines {
			lines[i] = st.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	return ""
}

// twoFactorLine is the account screen's row about it.
func twoFactorLine(v domain.TwoFactorView) string {
	switch {
	case v.On:
		return "on · " + domain.Plural(v.RecoveryLeft, "recovery code", "recovery codes") + " left"
	case v.Pending:
		return "being set up: press t to finish"
	}
	return "off: press t to ask for a code after your key"
}
