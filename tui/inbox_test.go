package tui

import (
	"fmt"
	"strings"
	"testing"

	"behalf/domain"
)

// rob's inbox: an unread item is marked and counted in the tab; r marks
// it read, R marks all; pages go back and forth.
func TestInboxReadAndPages(t *testing.T) {
	d := newDemo(t, nil)
	_, err := d.svc.AddTask(d.as("adam", "team"), domain.NewTask{Title: "Call Jane", Assign: "rob"})
	mustNot(t, err)
	x := openIn(d, "rob", "", "inbox", "Inbox")
	x.waitText("Inbox (1)", "● ", "Task Adam Alvarez (staff) assigned you a task: Call Jane", "by Adam Alvarez (staff)")
	x.keys("r")
	x.waitFor(wait, "read", func(s string) bool {
		return !strings.Contains(s, "Inbox (1)") && !strings.Contains(s, "●") && strings.Contains(s, "Call Jane")
	})

	for i := range idPageSize + 3 {
		_, err := d.svc.AddTask(d.as("adam", "team"), domain.NewTask{Title: fmt.Sprintf("Task %d", i), Assign: "rob"})
		mustNot(t, err)
	}
	m := d.model("rob")
	_, cmd := m.Update(GotoMsg{Screen: "inbox"})
	drain(m, cmd)
	v := m.View()
	if !strings.Contains(v, "Inbox (53)") || !strings.Contains(v, "page 1 · → older") || !strings.Contains(v, "Task 52") {
		t.Fatalf("page 1:\n%s", v)
	}
	drive(m, "right")
	v = m.View()
	if !strings.Contains(v, "page 2 · ← newer") || !strings.Contains(v, "Call Jane") || strings.Contains(v, "Task 52") {
		t.Fatalf("page 2:\n%s", v)
	}
	drive(m, "R")
	if v := m.View(); !strings.Contains(v, "53 marked read") || strings.Contains(strings.Split(v, "\n")[1], "Inbox (") {
		t.Fatalf("after R:\n%s", v)
	}
	drive(m, "left")
	if v := m.View(); !strings.Contains(v, "page 1") || !strings.Contains(v, "Task 52") {
		t.Fatalf("back on page 1:\n%s", v)
	}
	checkFits(t, m.View(), 80, 24)
}

// R32, R45: what reaches rob reaches his assistant in assistant:rob, and
// not in assistant:olivia.
func TestInboxPerWorkspace(t *testing.T) {
	d := newDemo(t, nil)
	_, err := d.svc.BookSession(d.as("eve", "contact:jane"), domain.Booking{Start: "2026-12-03T08:15", Minutes: 45})
	mustNot(t, err)
	m := d.model("asa")
	m.Update(enterMsg{id: "assistant:rob"})
	_, cmd := m.Update(GotoMsg{Screen: "inbox"})
	drain(m, cmd)
	if v := m.View(); !strings.Contains(v, "Session booked: Jane Smith with Rob Reyes") || !strings.Contains(v, "by Eve Evans (contact)") {
		t.Fatalf("asa for rob:\n%s", v)
	}
	m.Update(enterMsg{id: "assistant:olivia"})
	_, cmd = m.Update(GotoMsg{Screen: "inbox"})
	drain(m, cmd)
	if v := m.View(); strings.Contains(v, "Session booked") {
		t.Fatalf("asa for olivia sees rob's:\n%s", v)
	}
}
