package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R60: with manage_admins the owner reads the whole log, newest first,
// with actor, on behalf of, workspace, action and target, a page at a
// time; a coach reads only what they did.
func TestAuditLog(t *testing.T) {
	d := newDemo(t, nil)
	_, err := d.svc.SetLink(d.as("adam", "team"), domain.LinkChange{Client: "jane", Contact: "eve", Perms: "schedule"})
	mustNot(t, err)
	_, err = d.svc.AddTask(d.as("asa", "assistant:rob"), domain.NewTask{Title: "Prepare"})
	mustNot(t, err)

	x := openIn(d, "olivia", "", "audit", "Audit log")
	x.waitText("You hold manage_admins and read the whole log", // R60
		"asa added task 1, assigned to asa", "as rob's assistant",
		"adam changed eve's link to jane: schedule", "in the team")
	s := x.screen()
	if strings.Index(s, "asa added task") > strings.Index(s, "adam changed eve's link") {
		t.Errorf("not newest first:\n%s", s)
	}

	r := d.model("rob")
	_, cmd := r.Update(GotoMsg{Screen: "audit"})
	drain(r, cmd)
	if v := r.View(); strings.Contains(v, "eve's link") || !strings.Contains(v, "You read the entries that concern you") {
		t.Fatalf("rob's log:\n%s", v)
	}

	// More than a page: → goes to older entries, ← back.
	for i := range idPageSize + 5 {
		_, err := d.svc.SetNotification(d.as("adam", "team"), domain.EventInvoicePaid, domain.ChannelSMS, i%2 == 0)
		mustNot(t, err)
	}
	m := d.model("olivia")
	_, cmd = m.Update(GotoMsg{Screen: "audit"})
	drain(m, cmd)
	if v := m.View(); !strings.Contains(v, "page 1 · → older") || strings.Contains(v, "created the organisation") {
		t.Fatalf("page 1:\n%s", v)
	}
	drive(m, "right", "G")
	if v := m.View(); !strings.Contains(v, "page 2 · ← newer") || !strings.Contains(v, "created the organisation") {
		t.Fatalf("page 2, at its end:\n%s", v)
	}
	drive(m, "left")
	if v := m.View(); !strings.Contains(v, "page 1 · → older") {
		t.Fatalf("back to page 1:\n%s", m.View())
	}
	checkFits(t, m.View(), 80, 24)
}
