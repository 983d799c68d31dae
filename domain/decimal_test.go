package domain_test

import (
	"math/big"
	"strings"
	"testing"

	"behalf/domain"
)

// Metric values are exact decimals: what is typed is what is kept and
// shown, never a binary float's neighbour.
func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"72.5": "72.5", " 72.50 ": "72.5", "0.1": "0.1", "-3": "-3", "007": "7", "0.000001": "0.000001",
		"-0.25": "-0.25", "1000000000": "1000000000", "-1000000000.000000": "-1000000000", "0": "0", "-0": "0",
		"123456789.123456": "123456789.123456",
	} {
		d, err := domain.ParseDecimal(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDecimal(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	for in, why := range map[string]string{
		"": "required", "abc": "not a number", "+5": "plus sign", ".5": "before the point", "5.": "after the point",
		"1e3": "not a number", "1,000": "not a number", "1.2.3": "not a number", "0.0000001": "6 decimals",
		"1000000000.000001": "too large", "-1000000001": "too large", "99999999999999999999": "too large", "--1": "not a number",
	} {
		if _, err := domain.ParseDecimal(in); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseDecimal(%q): %v; want a refusal saying %q", in, err, why)
		}
	}
}

// Whatever ParseDecimal accepts, its text reads back to the same value,
// and equals the typed number exactly (as a rational).
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"72.5", "-0.000001", "1000000000", "12.340", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := domain.ParseDecimal(s)
		if err != nil {
			return
		}
		back, err := domain.ParseDecimal(d.String())
		if err != nil || back != d {
			t.Fatalf("%q → %s → %v, %v", s, d, back, err)
		}
		typed, ok := new(big.Rat).SetString(strings.TrimSpace(s))
		shown, _ := new(big.Rat).SetString(d.String())
		if !ok || typed.Cmp(shown) != 0 {
			t.Fatalf("%q is shown as %s", s, d)
		}
	})
}
