package totp

import (
	"image/color"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// The QR code is drawn with github.com/boombuler/barcode's encoder, which
// github.com/pquerna/otp already brings (its Key.Image uses it): no new
// dependency, and it returns the modules themselves, which is what a
// terminal drawing needs.

// Quiet is the blank border drawn around the code, in modules. The QR
// standard asks for four; phone cameras read two well, and two keep a
// code for a 32-letter secret within 21 rows. The screens, which have 20
// rows on an 80×24 terminal, draw one when two do not fit.
const Quiet = 2

// QR draws text as a QR code (error correction L, the smallest) in half
// blocks: each line is one row of characters holding two rows of modules,
// "▀" a dark module above a light one, "▄" the other way, "█" two dark,
// " " two light. The lines are meant to be shown dark-on-light whatever
// the terminal's colours (the caller sets them), with the quiet border
// included, quiet modules wide.
func QR(text string, quiet int) ([]string, error) {
	quiet = max(quiet, 1)
	code, err := qr.Encode(text, qr.L, qr.Auto)
	if err != nil {
		return nil, err
	}
	b := code.Bounds()
	n := b.Dx() + 2*quiet
	dark := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		if x < 0 || y < 0 || x >= b.Dx() || y >= b.Dy() {
			return false
		}
		return code.At(b.Min.X+x, b.Min.Y+y) == color.Black
	}
	lines := make([]string, 0, (n+1)/2)
	for y := 0; y < n; y += 2 {
		var l strings.Builder
		for x := range n {
			switch top, bottom := dark(x, y), y+1 < n && dark(x, y+1); {
			case top && bottom:
				l.WriteString("█")
			case top:
				l.WriteString("▀")
			case bottom:
				l.WriteString("▄")
			default:
				l.WriteByte(' ')
			}
		}
		lines = append(lines, l.String())
	}
	return lines, nil
}
