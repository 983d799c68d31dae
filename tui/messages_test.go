package tui

import (
	"strings"
	"testing"
)

// Issue 14.2: the Messages part of a client's file and of the client's
// own portal, over a terminal: a coach writes from the file; the client
// reads on their home, under the sender's name as the domain gives it,
// and answers from there; an assistant's message carries their own name
// for the practitioner (R44); a contact never has the conversation (R31),
// and a view-only coach reads but cannot write (R14).
func TestMessagesPart(t *testing.T) {
	t.Parallel()
	d := newDemo(t, nil)

	x := openIn(d, "rob", "", "clients", "Clients")
	x.tm.Send(GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: "jane"}})
	x.waitText("Jane Smith (jane)", "Sessions")
	x.keys("right", "right", "right", "right", "right", "right", "right")
	x.waitText("no messages yet", "n write message")
	x.keys("n")
	x.waitText("Message to Jane Smith (jane)", "Jane Smith reads it in their portal; their contacts never do.")
	x.keys("Tuesday at 10 suits me.", "ctrl+s")
	x.waitText("Message sent to Jane Smith", "Rob Reyes (coach)", "Tuesday at 10 suits me.")

	_, err := d.svc.SendMessage(d.as("asa", "assistant:rob"), "jane", "Rob asked me to confirm the room.")
	mustNot(t, err)

	j := d.open("jane")
	j.waitText("Messages", "Asa Ahmed (assistant) for Rob Reyes (coach)", "Rob asked me to confirm the room.",
		"Rob Reyes (coach)", "Tuesday at 10 suits me.", "m: write to your coaches")
	j.keys("m")
	j.waitText("Message to your coaches", "the people who act for you never do")
	j.keys("Thank you, see you then.", "ctrl+s")
	j.waitText("Message sent to your coaches", "Jane Smith (client)", "Thank you, see you then.")
	if s := j.screen(); strings.Index(s, "Thank you") > strings.Index(s, "Tuesday at 10") {
		t.Errorf("the home shows the newest message last:\n%s", s)
	}

	// rob's open file hears of jane's answer.
	x.waitText("Jane Smith (client)", "Thank you, see you then.")

	// john, view-only for jane, reads the conversation but writes nothing.
	m := practiceFile(t, d, "john", "", "jane")
	practicePress(m, "right", "right", "right", "right", "right", "right", "right")
	v := practiceView(t, m)
	if !strings.Contains(v, "Thank you, see you then.") || strings.Contains(v, "write message") {
		t.Errorf("john's Messages part:\n%s", v)
	}
	practicePress(m, "n")
	if v := practiceView(t, m); strings.Contains(v, "Message to") {
		t.Errorf("john could start a message:\n%s", v)
	}
	// eve acts for jane and never sees the conversation.
	e := practiceFile(t, d, "eve", "", "")
	for range 4 {
		practicePress(e, "right")
		if v := practiceView(t, e); strings.Contains(v, "Messages") || strings.Contains(v, "Tuesday at 10") {
			t.Errorf("eve sees the conversation:\n%s", v)
		}
	}
}
