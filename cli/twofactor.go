package cli

import (
	"fmt"
	"strings"
	"time"

	"behalf/domain"
	"behalf/totp"
)

func init() {
	register(
		&command{noun: "account", verb: "2fa", args: "status|enable|confirm CODE|disable CODE", minArgs: 1, maxArgs: 2,
			summary: "your two-factor sign-in: a code from an authenticator app asked after your key", run: runAccount2FA},
		&command{noun: "people", verb: "2fa-reset", args: "H", minArgs: 1, maxArgs: 1,
			summary: "(owner only) take someone's two-factor sign-in off, for one who lost their phone and recovery codes", run: runPeople2FAReset},
	)
}

type twoFactorJSON struct {
	On           bool   `json:"on"`
	Pending      bool   `json:"pending"`
	Since        string `json:"since,omitempty"`
	RecoveryLeft int    `json:"recovery_codes_left"`
}

func runAccount2FA(c *call) error {
	verb := strings.ToLower(c.args[0])
	code := ""
	if len(c.args) > 1 {
		code = c.args[1]
	}
	needsCode := verb == "confirm" || verb == "disable"
	switch {
	case verb != "status" && verb != "enable" && !needsCode:
		return usagef(c.cmd, "%q is not one of status, enable, confirm, disable", clip(verb))
	case needsCode && code == "":
		return usagef(c.cmd, "account 2fa %s needs the CODE your app shows", verb)
	case !needsCode && code != "":
		return usagef(c.cmd, "unexpected %q", clip(code))
	}
	svc := c.env.Service
	switch verb {
	case "enable":
		setup, err := svc.EnableTwoFactor(c.who)
		if err != nil {
			return err
		}
		return c.emit(struct {
			Secret string `json:"secret"`
			URL    string `json:"url"`
		}{setup.Secret, setup.URL}, func(w *textOut) {
			w.line("Scan this code with an authenticator app, or type the secret into it:")
			w.flush()
			writeQR(c, setup.URL)
			w.line("secret: " + totp.Grouped(setup.Secret))
			w.line("Then run `account 2fa confirm CODE` with the six digits the app shows. Until then sign-in asks for no code.")
		})
	case "confirm":
		codes, err := svc.ConfirmTwoFactor(c.who, code, c.env.Addr)
		if err != nil {
			return err
		}
		return c.emit(struct {
			On    bool     `json:"on"`
			Codes []string `json:"recovery_codes"`
		}{true, codes}, func(w *textOut) {
			w.line("Two-factor sign-in is on: from now on behalf asks for a code after your key.")
			w.line("Recovery codes — each signs you in once without your phone. They are shown only now; keep them somewhere safe:")
			for _, rc := range codes {
				w.line("  " + rc)
			}
		})
	case "disable":
		if err := svc.DisableTwoFactor(c.who, code, c.env.Addr); err != nil {
			return err
		}
		return c.emit(twoFactorJSON{}, func(w *textOut) {
			w.line("Two-factor sign-in is off: your key alone signs you in.")
		})
	}
	v, err := svc.TwoFactor(c.who)
	if err != nil {
		return err
	}
	out := twoFactorJSON{On: v.On, Pending: v.Pending, RecoveryLeft: v.RecoveryLeft}
	if v.On {
		out.Since = v.Since.In(c.loc()).Format(time.RFC3339)
	}
	return c.emit(out, func(w *textOut) {
		switch {
		case v.On:
			w.line(fmt.Sprintf("Two-factor sign-in is on since %s; %s left.", out.Since[:10], domain.Plural(v.RecoveryLeft, "recovery code", "recovery codes")))
		case v.Pending:
			w.line("Two-factor sign-in is being set up: run `account 2fa confirm CODE` with a code from your app.")
		default:
			w.line("Two-factor sign-in is off. `account 2fa enable` turns it on.")
		}
	})
}

// writeQR draws the address as a QR code, dark on light whatever the
// terminal's own colours (these escapes are ours, not typed text).
func writeQR(c *call, url string) {
	lines, err := totp.QR(url, totp.Quiet)
	if err != nil {
		return // the secret as text follows
	}
	for _, l := range lines {
		fmt.Fprintf(c.env.Stdout, "\x1b[30;107m%s\x1b[0m\n", l)
	}
}

func runPeople2FAReset(c *call) error {
	p, err := c.env.Service.ResetTwoFactor(c.who, c.args[0])
	if err != nil {
		return err
	}
	return c.emit(struct {
		Handle string `json:"handle"`
		On     bool   `json:"on"`
	}{p.Handle, false}, func(w *textOut) {
		w.line("Two-factor sign-in of " + p.Name + " (" + p.Handle + ") is off: their key alone signs them in. They were told.")
	})
}
