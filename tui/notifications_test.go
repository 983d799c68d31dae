package tui

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R45: asa, managing rob, turns email off for session_booked. The screen
// says whose settings these are; the SMS column is locked with the
// domain's reason, and the cursor cannot reach it; rob sees the change.
func TestAssistantEditsPractitionersNotifications(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	x := openIn(d, "asa", "assistant:rob", "notifications", "Rob Reyes's notification settings")
	x.waitText("shared with every assistant of Rob's", "SMS cannot be changed here: SMS notifications are not available to assistants")
	x.keys("right", "right", "space") // email, then sms is out of reach: still email
	x.waitText("Session booked by email: off for Rob Reyes and their assistants")

	rows, err := d.svc.NotificationSettings(d.as("rob", "team"))
	mustNot(t, err)
	for _, r := range rows {
		if r.Event != domain.EventSessionBooked {
			continue
		}
		if want := r.Channel == domain.ChannelPortal; r.On != want {
			t.Errorf("rob's %s/%s is %v", r.Event, r.Channel, r.On)
		}
	}

	rob := openIn(d, "rob", "", "notifications", "Your notification settings")
	rob.waitText("Session booked")
	for _, l := range rob.lines() {
		if strings.Contains(l, "Session booked") && !strings.Contains(l, "[x]     [ ]     [ ]") {
			t.Errorf("rob's row: %q", l)
		}
	}
	if strings.Contains(rob.screen(), "cannot be changed here") {
		t.Errorf("rob's own SMS is locked:\n%s", rob.screen())
	}
}

// A team member turns SMS on for themself: nothing is locked for them.
func TestTeamTurnsSMSOn(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)
	m := d.model("rob")
	_, cmd := m.Update(GotoMsg{Screen: "notifications"})
	drain(m, cmd)
	drive(m, "jll ") // session_changed, sms
	if v := m.View(); !strings.Contains(v, "Session changed by sms: on") {
		t.Fatalf("after turning sms on:\n%s", v)
	}
	checkFits(t, m.View(), 80, 24)
}
