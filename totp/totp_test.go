package totp

import (
	"crypto/rand"
	"image/color"
	"net/url"
	"testing"
	"time"

	"github.com/boombuler/barcode/qr"
	"github.com/pquerna/otp"
)

func TestMatchOnceAndWithinSkew(t *testing.T) {
	secret, err := NewSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 {
		t.Fatalf("a 160-bit secret is 32 base32 letters, got %d", len(secret))
	}
	now := time.Date(2026, 11, 23, 15, 0, 10, 0, time.UTC)
	cur := Step(now)
	for _, d := range []int64{-1, 0, 1} {
		code, _ := Code(secret, cur+d)
		step, ok := Match(secret, code, now, 0)
		if !ok || step != cur+d {
			t.Errorf("a code %d steps off was refused (ok=%v step=%d)", d, ok, step)
		}
		if _, ok := Match(secret, code, now, cur+d); ok {
			t.Errorf("a code of a step already used was taken again")
		}
	}
	far, _ := Code(secret, cur+2)
	if _, ok := Match(secret, far, now, 0); ok {
		t.Error("a code two steps ahead was taken")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := Match(secret, bad, now, 0); ok {
			t.Errorf("%q was taken", bad)
		}
	}
}

func TestURLReadsBack(t *testing.T) {
	u := URL("Northwind Coaching", "olivia", "JBSWY3DPEHPK3PXP")
	k, err := otp.NewKeyFromURL(u)
	if err != nil {
		t.Fatal(err)
	}
	if k.Issuer() != "Northwind Coaching" || k.AccountName() != "olivia" || k.Secret() != "JBSWY3DPEHPK3PXP" || k.Type() != "totp" {
		t.Errorf("%s reads back as issuer %q account %q secret %q type %q", u, k.Issuer(), k.AccountName(), k.Secret(), k.Type())
	}
	if _, err := url.Parse(u); err != nil {
		t.Error(err)
	}
}

// The drawing holds exactly the encoder's modules, and the address of a
// 32-letter secret for a name like the demo's fits an 80×24 terminal with
// room beside it for the secret as text.
func TestQRFitsAndDrawsTheModules(t *testing.T) {
	secret, _ := NewSecret(rand.Reader)
	u := URL("Northwind Coaching", "olivia-owens", secret)
	lines, err := QR(u, Quiet)
	if err != nil {
		t.Fatal(err)
	}
	width := len([]rune(lines[0]))
	if len(lines) > 21 || width > 41 {
		t.Fatalf("the code is %d×%d characters; it must fit 21 rows and 41 columns", width, len(lines))
	}
	code, _ := qr.Encode(u, qr.L, qr.Auto)
	n := code.Bounds().Dx()
	for y := -Quiet; y < n+Quiet; y++ {
		for x := -Quiet; x < n+Quiet; x++ {
			r := []rune(lines[(y+Quiet)/2])[x+Quiet]
			top := (y+Quiet)%2 == 0
			drawn := r == '█' || top && r == '▀' || !top && r == '▄'
			want := x >= 0 && y >= 0 && x < n && y < n && code.At(x, y) == color.Black
			if drawn != want {
				t.Fatalf("module (%d,%d) drawn dark=%v, encoded dark=%v", x, y, drawn, want)
			}
		}
	}
}
