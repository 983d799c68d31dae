package demo_test

import (
	"path/filepath"
	"testing"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/internal/consistency"
	"behalf/internal/fixture"
)

// R24, R21: the demo as `make run` seeds it shows its branding, has terms
// every client and contact accepted but casey (who sees them first), its
// own session reminder email, and an agenda on jane's next session with
// rob; AcceptPendingTerms gives casey's acceptance.
func TestDemoBrandingTermsAndAgenda(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	db := fixture.Open(t, filepath.Join(t.TempDir(), "behalf.db"))
	svc := domain.NewService(db, domain.Options{Now: func() time.Time { return now }})
	keys := map[string]domain.SSHKey{}
	for _, p := range demo.People {
		keys[p.Handle] = domain.SSHKey{Fingerprint: "SHA256:" + p.Handle, Line: "ssh-ed25519 " + p.Handle}
	}
	if err := demo.Seed(svc, keys); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := consistency.Check(db, svc); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	who := func(h, ws string) domain.Who {
		p, err := svc.Identify("SHA256:" + h)
		if err != nil {
			t.Fatal(err)
		}
		return domain.Who{Person: p.ID, Workspace: ws}
	}
	b, err := svc.Brand()
	if err != nil || b.Accent == "" || b.Banner == "" || b.Shown != "Northwind Coaching" {
		t.Fatalf("branding %+v: %v", b, err)
	}
	for _, h := range []string{"jane", "alex", "casey", "eve", "pat", "sam"} {
		v, err := svc.TermsFor(who(h, ""))
		if err != nil || !v.Set || v.Due != (h == "casey") {
			t.Errorf("%s: terms %+v: %v", h, v, err)
		}
	}
	if e, err := svc.EmailTemplate(who("olivia", "team"), domain.EmailSessionReminder); err != nil || !e.Custom {
		t.Errorf("the reminder email: %+v: %v", e, err)
	}
	l, err := svc.ListSessions(who("rob", "team"), domain.SessionFilter{Client: "jane", From: "2026-11-23", To: "2026-12-07"})
	if err != nil {
		t.Fatal(err)
	}
	var next *domain.SessionView
	for i, s := range l.Sessions {
		if s.Session.Status == domain.SessionScheduled && s.Coach.Handle == "rob" && s.Start.After(now) {
			next = &l.Sessions[i]
			break
		}
	}
	if next == nil || next.Session.Agenda == nil || next.Session.Agenda.Name != "Executive check-in" || len(next.Session.Agenda.Headings) != 4 {
		t.Fatalf("jane's next session with rob: %+v", next)
	}
	if err := demo.AcceptPendingTerms(svc, keys); err != nil {
		t.Fatal(err)
	}
	if v, _ := svc.TermsFor(who("casey", "")); v.Due {
		t.Fatal("casey's terms are still due")
	}
}
