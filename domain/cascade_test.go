package domain_test

import (
	"bytes"
	"testing"

	"behalf/domain"
	"behalf/internal/fixture"
	"behalf/internal/hostile"
)

// reopen closes the demo's database, lets damage change the file, and
// opens it again under a new service on the same clock.
func (d *demo) reopen(clk *clock, damage func(path string)) {
	d.t.Helper()
	if err := d.db.Close(); err != nil {
		d.t.Fatal(err)
	}
	damage(d.path)
	db := fixture.Open(d.t, d.path)
	d.db, d.svc = db, domain.NewService(db, domain.Options{Now: clk.now})
}

// A deletion whose cascade cannot read what it must remove fails whole:
// the person is not reported deleted and nothing in the file changes
// (R19, one use case = one transaction). Before, unreadable contact links
// were skipped and left behind naming someone who was gone.
func TestDeleteWithUnreadableLinksChangesNothing(t *testing.T) {
	for _, who := range []string{"jane", "eve"} { // a client, a contact
		t.Run(who, func(t *testing.T) {
			t.Parallel()
			d, clk := newDemo(t)
			d.reopen(clk, func(path string) {
				n, err := hostile.Unreadable(path, "contact_links", nil)
				if err != nil || n == 0 {
					t.Fatalf("breaking links: %d, %v", n, err)
				}
			})
			d.skipChecks() // the file is damaged on purpose
			before := d.snapshot()
			err := d.svc.DeletePerson(d.as("olivia", "team"), who, who)
			if err == nil {
				t.Fatalf("deleting %s with unreadable links succeeded", who)
			}
			if !bytes.Equal(before, d.snapshot()) {
				t.Fatal("the failed deletion changed the file")
			}
			if _, err := d.svc.Identify("SHA256:" + who); err != nil {
				t.Fatalf("%s is gone after a failed deletion: %v", who, err)
			}
		})
	}
}

// A notice nobody could be sure reached its people is no notice: booking
// for a client whose contact links cannot be read fails whole, rather
// than booking and leaving the contacts untold.
func TestBookingWithUnreadableLinksChangesNothing(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	d.reopen(clk, func(path string) {
		if _, err := hostile.Unreadable(path, "contact_links", nil); err != nil {
			t.Fatal(err)
		}
	})
	d.skipChecks() // the file is damaged on purpose
	before := d.snapshot()
	_, err := d.svc.BookSession(d.as("adam", "team"), domain.Booking{Client: "jane", Coach: "rob", Start: "2026-12-10T10:00", Minutes: 60})
	if err == nil {
		t.Fatal("booking with unreadable links succeeded")
	}
	if !bytes.Equal(before, d.snapshot()) {
		t.Fatal("the failed booking changed the file")
	}
}
