package cli

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R45 over the command face.
func TestNotificationsCommands(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	type row struct {
		Event, Channel string
		On             bool
	}
	rows := decode[[]row](t, o.ok("rob", "notifications", "show", "--json"))
	if len(rows) != 3*len(domain.Events) || rows[0] != (row{"session_booked", "portal", true}) || rows[2] != (row{"session_booked", "sms", false}) {
		t.Fatalf("defaults: %+v", rows)
	}
	// SMS refused to assistants, while the practitioner can turn it on
	if e := o.code(ExitDenied, "asa", "notifications", "set", "--event", "session_booked", "--channel", "sms", "--on", "--ws", "assistant:olivia"); !strings.Contains(e, "not available to assistants") { // R45
		t.Fatalf("reason: %s", e)
	}
	o.ok("olivia", "notifications", "set", "--event", "session_booked", "--channel", "sms", "--on")
	// settings asa edits are olivia's
	o.ok("asa", "notifications", "set", "--event", "invoice_paid", "--channel", "email", "--off", "--ws", "assistant:olivia")
	if out := o.ok("olivia", "notifications", "show"); !strings.Contains(out, "invoice_paid") {
		t.Fatalf("show: %s", out)
	}
	for _, r := range decode[[]row](t, o.ok("olivia", "notifications", "show", "--json")) {
		if r.Event == "invoice_paid" && r.Channel == "email" && r.On {
			t.Fatal("olivia does not see asa's change")
		}
		if r.Event == "session_booked" && r.Channel == "sms" && !r.On {
			t.Fatal("olivia's sms setting did not stick")
		}
	}
	o.code(ExitUsage, "olivia", "notifications", "set", "--event", "invoice_paid", "--channel", "email")
	o.code(ExitUsage, "olivia", "notifications", "set", "--event", "invoice_paid", "--channel", "email", "--on", "--off")
	o.code(ExitRefused, "olivia", "notifications", "set", "--event", "party", "--channel", "email", "--on")
	o.code(ExitRefused, "olivia", "notifications", "set", "--event", "invoice_paid", "--channel", "pigeon", "--on")
	o.code(ExitRefused, "olivia", "notifications", "set", "--event", "session_booked", "--channel", "sms", "--on")
	// the outbox is the owner's
	o.ok("olivia", "notifications", "outbox")
	o.code(ExitDenied, "asa", "notifications", "outbox", "--ws", "assistant:olivia")
	o.code(ExitDenied, "adam", "notifications", "outbox")
}
