package domain

import (
	"strconv"
	"strings"
)

// Decimal is an exact decimal number of a metric (a weight, a revenue, hours
// of sleep), held as an integer count of millionths: what a person types
// is what is stored and shown, with no binary floating point on the way
// ("72.5" stays 72.5, never 72.499999).
type Decimal int64

const (
	// DecimalPlaces is how many decimals a value may have.
	DecimalPlaces = 6
	decimalScale  = 1_000_000
	// MaxDecimal bounds a value: at most a billion either way.
	MaxDecimal Decimal = 1_000_000_000 * decimalScale
	// MaxDecimalLen is the longest value text accepted: a sign, ten digits,
	// the point and six decimals, and spaces around them.
	MaxDecimalLen = 24
)

// ParseDecimal reads a number a person typed: an optional minus sign,
// digits, and optionally a point with 1 to 6 digits ("72.5", "-3",
// "0.25"). Surrounding spaces are ignored; plus signs, exponents,
// separators, ".5" and "5." are refused, as is anything beyond a billion
// either way.
func ParseDecimal(s string) (Decimal, error) {
	text := strings.TrimSpace(s)
	bad := func(why string) error {
		if text == "" {
			return invalidf("a value is required: write it like 72.5")
		}
		return invalidf("%q is not a number: %s; write it like 72.5 or -3", clip(text, MaxDecimalLen), why)
	}
	if text == "" {
		return 0, bad("")
	}
	digits, neg := strings.CutPrefix(text, "-")
	whole, frac, dotted := strings.Cut(digits, ".")
	switch {
	case strings.HasPrefix(text, "+"):
		return 0, bad("leave out the plus sign")
	case whole == "":
		return 0, bad("it needs a digit before the point")
	case dotted && frac == "":
		return 0, bad("it needs a digit after the point")
	case !allDigits(whole) || !allDigits(frac):
		return 0, bad("use digits, a minus sign and at most one decimal point, no letters or separators")
	case len(frac) > DecimalPlaces:
		return 0, bad(strconv.Itoa(DecimalPlaces) + " decimals at most")
	}
	whole = strings.TrimLeft(whole, "0")
	tooLarge := invalidf("%q is too large: values are at most %s either way", clip(text, MaxDecimalLen), MaxDecimal)
	if len(whole) > 10 {
		return 0, tooLarge
	}
	var n int64
	for _, c := range whole + frac + strings.Repeat("0", DecimalPlaces-len(frac)) {
		n = n*10 + int64(c-'0')
	}
	if Decimal(n) > MaxDecimal {
		return 0, tooLarge
	}
	if neg {
		n = -n
	}
	return Decimal(n), nil
}

// String writes d with as many decimals as it needs: 72.5, -3, 0.25.
// ParseDecimal reads it back to the same value.
func (d Decimal) String() string {
	sign := ""
	u := int64(d)
	if u < 0 {
		sign, u = "-", -u // |d| ≤ MaxDecimal, far from the smallest int64
	}
	whole, frac := u/decimalScale, u%decimalScale
	if frac == 0 {
		return sign + strconv.FormatInt(whole, 10)
	}
	f := strings.TrimRight(strconv.FormatInt(frac+decimalScale, 10)[1:], "0")
	return sign + strconv.FormatInt(whole, 10) + "." + f
}

// Float64 is d for drawing (a chart's scale), never for storing.
func (d Decimal) Float64() float64 { return float64(d) / decimalScale }

// MarshalJSON writes d as a decimal string, so no reader takes it as a
// binary float ("72.5").
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(d.String())), nil }

// UnmarshalJSON reads what MarshalJSON wrote.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
