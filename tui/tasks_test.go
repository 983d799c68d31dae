package tui

import (
	"strings"
	"testing"
)

// R44: asa, managing rob, adds a task; it is recorded and shown as "Asa
// Ahmed for Rob Reyes", to asa and to rob, who marks it done.
func TestAssistantAddsTask(t *testing.T) {
	d := newDemo(t, nil)
	x := openIn(d, "asa", "assistant:rob", "tasks", "Yours and Rob's")
	x.keys("a")
	x.waitText("Add a task", "It is recorded as Asa Ahmed for Rob Reyes") // R44
	x.keys("Send Jane the agenda", "tab", "rob", "tab", "2026-12-01", "tab", "jane", "ctrl+s")
	x.waitText("Task added for Rob Reyes", "[ ] Send Jane the agenda  due 2026-12-01",
		"to Rob Reyes · about jane · by Asa Ahmed for Rob Reyes")

	m := d.model("rob")
	_, cmd := m.Update(GotoMsg{Screen: "tasks"})
	drain(m, cmd)
	if v := m.View(); !strings.Contains(v, "by Asa Ahmed for Rob Reyes") {
		t.Fatalf("rob's tasks:\n%s", v)
	}
	drive(m, "d")
	if v := m.View(); !strings.Contains(v, "Done: Send Jane the agenda") || strings.Contains(v, "Send Jane the agenda  due") {
		t.Fatalf("after done (open tasks only):\n%s", v)
	}
	drive(m, "o")
	if v := m.View(); !strings.Contains(v, "[x] Send Jane the agenda") || !strings.Contains(v, "done by Rob Reyes") {
		t.Fatalf("with done tasks shown:\n%s", v)
	}
	checkFits(t, m.View(), 80, 24)
}

// A refused task stays in the form with the domain's reason; seeing
// everyone's tasks is offered only with manage_coaches.
func TestTaskRefusalAndScopes(t *testing.T) {
	d := newDemo(t, nil)
	m := d.model("rob")
	_, cmd := m.Update(GotoMsg{Screen: "tasks"})
	drain(m, cmd)
	drive(m, "a", "Old", "tab", "tab", "2020-01-01", "ctrl+s")
	if v := m.View(); !strings.Contains(v, "the due date 2020-01-01 is in the past") || !strings.Contains(v, "Add a task") {
		t.Fatalf("after a past due date:\n%s", v)
	}
	drive(m, "esc", "v")
	if v := m.View(); !strings.Contains(v, "Assigned to you") {
		t.Fatalf("v should show rob's own:\n%s", v)
	}
	drive(m, "v")
	if v := m.View(); strings.Contains(v, "Everyone's tasks") {
		t.Fatalf("rob lacks manage_coaches but sees everyone's tasks:\n%s", v)
	}
	o := d.model("olivia")
	_, cmd = o.Update(GotoMsg{Screen: "tasks"})
	drain(o, cmd)
	drive(o, "v", "v")
	if v := o.View(); !strings.Contains(v, "Everyone's tasks") {
		t.Fatalf("the owner's everyone view:\n%s", v)
	}
}
