package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"behalf/domain"
)

// Staff comments, messages and tasks: who may, and what the records say.
func TestCommentsMessagesTasks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T, d *demo)
	}{
		{"R14", "view-only reads staff comments but does not write them", func(t *testing.T, d *demo) {
			_, err := d.svc.AddComment(d.as("mira", "team"), "jane", "First session went well.")
			must(t, err)
			cs, err := d.svc.Comments(d.as("john", "team"), "jane", domain.PageQuery{})
			must(t, err)
			if len(cs) != 1 || cs[0].By != "Mira Moss" {
				t.Fatalf("john reads: %+v", cs)
			}
			_, err = d.svc.AddComment(d.as("john", "team"), "jane", "x")
			denied(t, err)
			_, err = d.svc.Comments(d.as("john", "team"), "alex", domain.PageQuery{})
			wantKind(t, err, domain.KindNotFound) // no access at all: alex is out of sight
			_, err = d.svc.AddComment(d.as("adam", "team"), "alex", "Mother called about billing.")
			must(t, err) // manage_clients: admin staff look after client files
			_, err = d.svc.AddComment(d.as("mira", "team"), "jane", "  ")
			wantKind(t, err, domain.KindInvalid)
		}},
		{"R31", "messages are never shown to contacts", func(t *testing.T, d *demo) {
			_, err := d.svc.SendMessage(d.as("rob", "team"), "jane", "Hello Jane")
			must(t, err)
			_, err = d.svc.Messages(d.as("eve", "contact:jane"), "", domain.PageQuery{})
			denied(t, err)
			_, err = d.svc.SendMessage(d.as("eve", "contact:jane"), "", "hi")
			denied(t, err)
		}},
		{"R14", "a view-only coach cannot message the client and stays invisible", func(t *testing.T, d *demo) {
			_, err := d.svc.SendMessage(d.as("john", "team"), "jane", "hi")
			denied(t, err)
			_, err = d.svc.SetProfile(d.as("mira", "team"), domain.ProfileChange{Signature: ptr("Mira, your coach")})
			must(t, err)
			_, err = d.svc.SendMessage(d.as("mira", "team"), "jane", "See you on Tuesday.")
			must(t, err)
			_, err = d.svc.SetPairing(d.as("olivia", "team"), domain.PairingChange{Coach: "mira", Client: "jane", Level: domain.LevelView,
				Sessions: domain.SessionsPlan{Do: domain.SessionsCancel}})
			must(t, err)
			// The message stays in jane's conversation, from the organisation.
			ms, err := d.svc.Messages(d.as("jane", "me"), "", domain.PageQuery{})
			must(t, err)
			if len(ms) != 1 || !ms[0].From.Hidden() || ms[0].From.Label() != "Northwind Coaching" || ms[0].Sender != "Northwind Coaching" {
				t.Fatalf("jane's conversation: %+v", ms)
			}
			if s := fmt.Sprintf("%+v", ms); strings.Contains(strings.ToLower(s), "mira") || strings.Contains(s, "team") {
				t.Fatalf("jane meets the now view-only coach: %s", s)
			}
			ms, err = d.svc.Messages(d.as("mira", "team"), "jane", domain.PageQuery{})
			must(t, err)
			if len(ms) != 1 {
				t.Fatalf("the team still reads the conversation: %+v", ms)
			}
		}},
		{"R12", "a client's message reaches their primary coach", func(t *testing.T, d *demo) {
			m, err := d.svc.SendMessage(d.as("jane", "me"), "", "Can we move Tuesday?")
			must(t, err)
			if !m.FromClient || m.Sender != "Jane Smith" {
				t.Fatalf("message: %+v", m)
			}
			if got := inbox(t, d, d.as("rob", "team")); len(got) != 1 || got[0].Item.Event != domain.KindMessage {
				t.Fatalf("rob's inbox: %+v", got)
			}
			_, err = d.svc.SendMessage(d.as("jane", "me"), "alex", "x")
			wantKind(t, err, domain.KindNotFound) // another client is out of her sight
		}},
		{"R44", "tasks: assignee, author, on-behalf-of; who sees them", func(t *testing.T, d *demo) {
			t1, err := d.svc.AddTask(d.as("asa", "assistant:rob"), domain.NewTask{Title: "Book the room", Assign: "mira"})
			must(t, err)
			if t1.AssigneeName != "Mira Moss" || t1.AuthorHandle != "asa" || t1.BehalfHandle != "rob" || t1.By != "Asa Ahmed for Rob Reyes" {
				t.Fatalf("task: %+v", t1)
			}
			// mira (assignee), rob (practitioner) see it; john does not
			for _, h := range []string{"mira", "rob"} {
				list, err := d.svc.Tasks(d.as(h, "team"), domain.TaskQuery{})
				must(t, err)
				if len(list) != 1 || list[0].ID != t1.ID {
					t.Fatalf("%s's tasks: %+v", h, list)
				}
			}
			list, err := d.svc.Tasks(d.as("john", "team"), domain.TaskQuery{})
			must(t, err)
			if len(list) != 0 {
				t.Fatalf("john's tasks: %+v", list)
			}
			_, err = d.svc.CompleteTask(d.as("john", "team"), t1.ID)
			wantKind(t, err, domain.KindNotFound)
			_, err = d.svc.Tasks(d.as("john", "team"), domain.TaskQuery{All: true})
			denied(t, err)
			all, err := d.svc.Tasks(d.as("olivia", "team"), domain.TaskQuery{All: true})
			must(t, err)
			if len(all) != 1 {
				t.Fatalf("all tasks: %+v", all)
			}
			// mira is told in her inbox
			if got := inbox(t, d, d.as("mira", "team")); len(got) != 1 || got[0].Item.By != "Asa Ahmed (assistant) for Rob Reyes (coach)" {
				t.Fatalf("mira's inbox: %+v", got)
			}
			_, err = d.svc.CompleteTask(d.as("mira", "team"), t1.ID)
			must(t, err)
			_, err = d.svc.CompleteTask(d.as("mira", "team"), t1.ID)
			wantKind(t, err, domain.KindConflict)
			open, err := d.svc.Tasks(d.as("mira", "team"), domain.TaskQuery{Open: true})
			must(t, err)
			if len(open) != 0 {
				t.Fatalf("open tasks: %+v", open)
			}
		}},
		{"R41", "tasks go to team members and assistants only, with a sensible due date", func(t *testing.T, d *demo) {
			_, err := d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "x", Assign: "jane"})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "x", Due: "2020-01-01"})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "x", Due: "tomorrow"})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: ""})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "x", Client: "alex"})
			wantKind(t, err, domain.KindNotFound) // rob has no access to alex: out of sight
			_, err = d.svc.AddTask(d.as("jane", "me"), domain.NewTask{Title: "x"})
			denied(t, err)
			v, err := d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "Prep", Due: "2026-11-23"})
			must(t, err)
			if v.AssigneeHandle != "rob" || v.Overdue {
				t.Fatalf("default assignee is the author: %+v", v)
			}
		}},
		{"R19", "deleting a client removes their comments, messages and tasks", func(t *testing.T, d *demo) {
			_, err := d.svc.AddComment(d.as("mira", "team"), "alex", "c")
			must(t, err)
			_, err = d.svc.SendMessage(d.as("mira", "team"), "alex", "m")
			must(t, err)
			_, err = d.svc.AddTask(d.as("mira", "team"), domain.NewTask{Title: "t", Client: "alex", Assign: "john"})
			must(t, err)
			if got := inbox(t, d, d.as("john", "team")); len(got) != 1 {
				t.Fatalf("john's inbox: %+v", got)
			}
			must(t, d.svc.DeletePerson(d.as("olivia", "team"), "alex", "alex"))
			list, err := d.svc.Tasks(d.as("mira", "team"), domain.TaskQuery{})
			must(t, err)
			if len(list) != 0 {
				t.Fatalf("tasks about a deleted client remain: %+v", list)
			}
			if got := inbox(t, d, d.as("john", "team")); len(got) != 0 {
				t.Fatalf("inbox items about a deleted client remain: %+v", got)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.name, func(t *testing.T) {
			d, _ := newDemo(t)
			d.t = t
			c.fn(t, d)
		})
	}
}
