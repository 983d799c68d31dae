package tui

import (
	"regexp"
	"strings"
	"testing"

	"behalf/totp"
)

// Two-factor sign-in from the account screen: the secret as a QR code in
// half blocks beside it as text, all within 80×24; one valid code turns
// it on and shows the recovery codes once; a wrong code is refused.
func TestAccountTwoFactorSetup(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "mira", "", "account", "Your account")
	x.waitText("Two-factor", "off: press t")
	x.keys("t")
	x.waitText("Turn on two-factor sign-in", "Code:")
	screen := x.screen()
	lines := strings.Split(screen, "\n")
	if len(lines) > 24 {
		t.Fatalf("%d lines", len(lines))
	}
	qrRows := 0
	for _, l := range lines {
		if strings.ContainsAny(l, "▀▄█") {
			qrRows++
		}
	}
	if qrRows < 15 {
		t.Fatalf("no QR code on the screen (%d rows of half blocks):\n%s", qrRows, screen)
	}
	m := regexp.MustCompile(`([A-Z2-7]{4}(?: [A-Z2-7]{4}){7})`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no secret as text:\n%s", screen)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	x.typ("000000")
	x.keys("enter")
	x.waitText("not the one your app shows")
	code, _ := totp.Code(secret, totp.Step(fixedClock()))
	x.typ(code)
	x.keys("enter")
	x.waitText("Recovery codes", "They show only now")
	if n := len(regexp.MustCompile(`[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}`).FindAllString(x.screen(), -1)); n != 10 {
		t.Fatalf("%d recovery codes shown:\n%s", n, x.screen())
	}
	x.keys("enter")
	x.waitText("on · 10 recovery codes left")
	if strings.Contains(x.screen(), "Recovery codes") {
		t.Fatal("the recovery codes stayed on screen")
	}
}
