package sshserver_test

import (
	"encoding/json"
	"strings"
	"testing"
)

type agendaSSH struct {
	Agenda *struct {
		Template        string   `json:"template"`
		Name            string   `json:"name"`
		TemplateVersion int      `json:"template_version"`
		Headings        []string `json:"headings"`
	} `json:"agenda"`
}

func agendaFrom(t *testing.T, out string) agendaSSH {
	t.Helper()
	var a agendaSSH
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	return a
}

// R21, R23, R31: a session booked with a session template keeps the
// agenda as it stood (a later edit changes nothing booked); the coach and
// the client see it, a contact does not; the coach's private note starts
// from its headings; clients and other coaches' unshared templates cannot
// be attached.
func TestSessionAgendaOverSSH(t *testing.T) {
	t.Parallel()
	_, do := templatesServer(t)
	tid := idFrom(t, do.must(t, "rob", "templates add --kind session --name 'Weekly check-in' --json --ws team", "# Wins\n# Obstacles\n# Next steps\n"))
	wid := idFrom(t, do.must(t, "rob", "templates add --kind worksheet --name Reading --json --ws team", "text: What did you read?\n"))
	book := "sessions book --client jane --start '2027-03-17 06:35' --minutes 30 --ws team --json --template "
	sid := idFrom(t, do.must(t, "rob", book+tid))

	do.must(t, "rob", "templates edit "+tid+" --ws team", "# Something else\n")
	a := agendaFrom(t, do.must(t, "rob", "sessions show "+sid+" --json --ws team"))
	if a.Agenda == nil || a.Agenda.Name != "Weekly check-in" || a.Agenda.TemplateVersion != 1 || strings.Join(a.Agenda.Headings, "|") != "Wins|Obstacles|Next steps" {
		t.Fatalf("the booked agenda changed with the template: %+v", a.Agenda)
	}
	if out := do.must(t, "jane", "sessions show "+sid); !strings.Contains(out, "Agenda (Weekly check-in):") || !strings.Contains(out, "  - Obstacles") {
		t.Fatalf("jane's session:\n%s", out)
	}
	if a := agendaFrom(t, do.must(t, "eve", "sessions show "+sid+" --json --ws contact:jane")); a.Agenda != nil {
		t.Fatalf("a contact reads the agenda: %+v", a.Agenda) // R31
	}

	// Only the team attaches templates, each its own or the team's.
	do.refused(t, 77, "jane", "sessions book --start '2027-03-18 06:35' --minutes 30 --template "+tid)
	do.refused(t, 1, "mira", "sessions book --client jane --coach mira --start '2027-03-18 06:35' --minutes 30 --ws team --template "+tid)
	if errs := do.refused(t, 1, "rob", book+wid); !strings.Contains(errs, "worksheet template") {
		t.Fatalf("a worksheet as agenda: %s", errs)
	}

	// The private note starts from the agenda's headings (R31: never a
	// contact's or an assistant's, R42).
	do.refused(t, 2, "rob", "notes add --session "+sid+" --ws team")
	do.refused(t, 77, "asa", "notes add --session "+sid+" --from-agenda --ws assistant:rob")
	do.refused(t, 77, "eve", "notes add --session "+sid+" --from-agenda --ws contact:jane")
	do.must(t, "rob", "notes add --session "+sid+" --from-agenda --body 'Went well.' --ws team")
	notes := do.must(t, "rob", "notes list --client jane --limit 1 --ws team")
	for _, want := range []string{"Session 2027-03-17 06:35 — Weekly check-in", "Wins", "Next steps", "Went well."} {
		if !strings.Contains(notes, want) {
			t.Fatalf("the note lacks %q:\n%s", want, notes)
		}
	}
	plain := idFrom(t, do.must(t, "rob", "sessions book --client jane --start '2027-03-19 06:35' --minutes 30 --ws team --json"))
	if errs := do.refused(t, 1, "rob", "notes add --session "+plain+" --from-agenda --ws team"); !strings.Contains(errs, "no agenda") {
		t.Fatalf("a note from no agenda: %s", errs)
	}
}
