package domain_test

import (
	"strings"
	"testing"
	"time"

	"behalf/domain"
)

// A time is typed in one form everywhere — "2026-03-14 09:30" — and the
// commands' "2026-03-14T09:30" is the same time; anything else is refused
// with the form to use (R50: in the organisation's zone).
func TestOneFormForTimesAndDates(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 14, 9, 30, 0, 0, ny)
	for _, s := range []string{"2026-03-14 09:30", "2026-03-14T09:30", " 2026-03-14 09:30 "} {
		got, err := domain.ParseLocalTime(s, ny)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseLocalTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"2026-03-14 9:30", "2026-03-14  09:30", "14/03/2026 09:30", "2026-03-14", "2026-03-14T09:30:00", "2026-03-14X09:30"} {
		if _, err := domain.ParseLocalTime(s, ny); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD HH:MM") {
			t.Errorf("ParseLocalTime(%q): %v; want a refusal naming YYYY-MM-DD HH:MM", s, err)
		}
	}
	if d, err := domain.ParseDay("2026-03-14"); err != nil || d.Format(domain.DateLayout) != "2026-03-14" {
		t.Errorf("ParseDay: %v %v", d, err)
	}
	for _, s := range []string{"2026-3-14", "14.03.2026", "2026-03-14 09:30"} {
		if _, err := domain.ParseDay(s); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDay(%q): %v", s, err)
		}
	}
}

// Booking, a link's expiry and a task's due date take the same forms.
func TestTypedDatesAcrossUseCases(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	if _, err := d.svc.BookSession(adam, domain.Booking{Client: "alex", Coach: "mira", Start: "2026-12-09 11:00", Minutes: 45}); err != nil {
		t.Fatalf("booking with a space: %v", err)
	}
	_, err := d.svc.SetLink(adam, domain.LinkChange{Client: "alex", Contact: "sam", Perms: "progress", Expires: "31/12/2026"})
	if err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("a link expiry in another form: %v", err)
	}
}
