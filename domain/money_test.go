package domain_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// R52: amounts are parsed exactly into integer minor units.
func TestParseAmount(t *testing.T) {
	t.Parallel()
	good := map[string]int64{
		"150": 15000, "150.00": 15000, "150.5": 15050, "0.1": 10, "0.01": 1, "0": 0,
		"007": 700, " 5 ": 500, "1000000": 100000000, "1000000.00": 100000000, "999999.99": 99999999,
	}
	for in, want := range good {
		got, err := domain.ParseAmount(in, "USD")
		if err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := []string{"-5", "12.345", "1e3", "abc", "+5", "", "  ", "1,000", "1 000", "1000000.01", "99999999999999999999999", ".5", "5.",
		"5..0", "0x10", "NaN", "Inf", "１２", "5\x00", "\t5", "1_000", "--5", "5-"}
	for _, in := range bad {
		if got, err := domain.ParseAmount(in, "USD"); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("ParseAmount(%q) = %d, %v; want refused as invalid", in, got, err)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseAmount(%q): message spans lines: %q", in, err)
		}
	}
	// The currency's exponent decides the decimals.
	if n, err := domain.ParseAmount("1500", "JPY"); err != nil || n != 1500 {
		t.Errorf("JPY 1500: %d %v", n, err)
	}
	if _, err := domain.ParseAmount("15.5", "JPY"); err == nil {
		t.Error("JPY has no decimals")
	}
	if n, err := domain.ParseAmount("1.234", "KWD"); err != nil || n != 1234 {
		t.Errorf("KWD 1.234: %d %v", n, err)
	}
}

// R52: no float drift — 0.1 + 0.2 is 30 cents exactly, and ten dimes a dollar.
func TestAmountsAddExactly(t *testing.T) {
	t.Parallel()
	a, _ := domain.ParseAmount("0.1", "USD")
	b, _ := domain.ParseAmount("0.2", "USD")
	if a+b != 30 || domain.FormatAmount(a+b, "USD") != "0.30" {
		t.Fatalf("0.1 + 0.2 = %d cents (%s)", a+b, domain.FormatAmount(a+b, "USD"))
	}
	var sum int64
	for i := 0; i < 10; i++ {
		n, _ := domain.ParseAmount("0.10", "USD")
		sum += n
	}
	if sum != 100 {
		t.Fatalf("ten times 0.10 = %d cents", sum)
	}
}

// R52: format → parse is the identity over the whole range, for every
// exponent; and parse → format gives the canonical text.
func TestAmountRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, cur := range []string{"USD", "JPY", "KWD"} {
		max := domain.MaxAmount(cur)
		for i := 0; i < 20000; i++ {
			n := r.Int64N(max + 1)
			if i < 3 {
				n = []int64{0, 1, max}[i]
			}
			s := domain.FormatAmount(n, cur)
			back, err := domain.ParseAmount(s, cur)
			if err != nil || back != n {
				t.Fatalf("%s: %d → %q → %d, %v", cur, n, s, back, err)
			}
		}
	}
	for in, want := range map[string]string{"5": "5.00", "5.5": "5.50", "0005.05": "5.05", "0": "0.00"} {
		n, err := domain.ParseAmount(in, "USD")
		if err != nil || domain.FormatAmount(n, "USD") != want {
			t.Errorf("%q → %d → %q, want %q", in, n, domain.FormatAmount(n, "USD"), want)
		}
	}
	if got := domain.FormatAmount(-15050, "USD"); got != "-150.50" {
		t.Errorf("negative: %q", got)
	}
}

// FuzzParseAmount: whatever the text, the parser never panics, and what it
// accepts is within bounds and formats back to the same value (R52).
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"150", "150.00", "0.1", "-5", "12.345", "1e3", "abc", "+5", " 5 ", "1000000.01", "", "9999999", "0.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := domain.ParseAmount(s, "USD")
		if err != nil {
			if domain.KindOf(err) != domain.KindInvalid {
				t.Fatalf("%q: error of kind %v", s, domain.KindOf(err))
			}
			return
		}
		if n < 0 || n > domain.MaxAmount("USD") {
			t.Fatalf("%q parsed out of bounds: %d", s, n)
		}
		back, err := domain.ParseAmount(domain.FormatAmount(n, "USD"), "USD")
		if err != nil || back != n {
			t.Fatalf("%q: %d does not round-trip: %d %v", s, n, back, err)
		}
	})
}

// FuzzParseLocalTime: an accepted time shows the same wall clock in the
// organisation's zone; nothing panics (R50).
func FuzzParseLocalTime(f *testing.F) {
	for _, s := range []string{"2026-11-01T01:30", "2027-03-14T02:30", "2027-03-14T03:00", "2026-12-31T23:59", "2026-02-30T10:00", "2026-1-1T1:1", "garbage", " 2026-11-24T10:00 "} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Skip("no tz database")
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := domain.ParseLocalTime(s, loc)
		if err != nil {
			if domain.KindOf(err) != domain.KindInvalid {
				t.Fatalf("%q: error of kind %v", s, domain.KindOf(err))
			}
			return
		}
		if got := tm.In(loc).Format(domain.TimeLayout); got != strings.TrimSpace(s) {
			t.Fatalf("%q parsed to %s, which shows as %q", s, tm, got)
		}
	})
}

// R50: a time the clocks skip is refused; a time that happens twice is
// its first occurrence.
func TestParseLocalTimeDST(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	must(t, err)
	_, err = domain.ParseLocalTime("2027-03-14T02:30", ny)
	wantKind(t, err, domain.KindInvalid)
	if !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("gap message: %v", err)
	}
	tm, err := domain.ParseLocalTime("2026-11-01T01:30", ny)
	must(t, err)
	if want := time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC); !tm.Equal(want) {
		t.Fatalf("ambiguous 01:30 = %s, want the first occurrence %s (EDT)", tm.UTC(), want)
	}
	for s, utc := range map[string]string{"2027-03-14T01:59": "06:59", "2027-03-14T03:00": "07:00", "2026-11-01T00:59": "04:59", "2026-11-01T02:00": "07:00"} {
		tm, err := domain.ParseLocalTime(s, ny)
		must(t, err)
		if tm.UTC().Format("15:04") != utc {
			t.Errorf("%s = %s UTC, want %s", s, tm.UTC().Format("15:04"), utc)
		}
	}
	for _, s := range []string{"2026-11-01_01:30", "2026-11-1T01:30", "2026-11-01T1:30", "2026-13-01T10:00", "2026-02-30T10:00", "tomorrow"} {
		if _, err := domain.ParseLocalTime(s, ny); domain.KindOf(err) != domain.KindInvalid {
			t.Errorf("%q: %v", s, err)
		}
	}
}
