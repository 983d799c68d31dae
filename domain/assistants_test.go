package domain_test

import (
	"slices"
	"strings"
	"testing"

	"behalf/domain"
)

func wsIDs(t *testing.T, d *demo, handle string) []string {
	t.Helper()
	ws, err := d.svc.Workspaces(d.ids[handle])
	must(t, err)
	var out []string
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}

// addAssistant adds a new assistant (admin role or not) as olivia.
func (d *demo) addAssistant(handle string, admin bool) domain.ID {
	d.t.Helper()
	added, err := d.svc.AddPerson(d.as("olivia", "team"), domain.NewPerson{
		Handle: handle, Name: strings.ToUpper(handle[:1]) + handle[1:] + " Assistant", Email: handle + "@northwind.example",
		As: domain.AsAssistant, AssistantAdmin: admin,
	})
	must(d.t, err)
	d.ids[handle] = added.Person.ID
	return added.Person.ID
}

// denied fails unless err is a refusal for permission (exit 77).
func denied(t *testing.T, err error) {
	t.Helper()
	wantKind(t, err, domain.KindDenied)
}

// The assistant rules R40–R44, one row each, named by the rule they prove.
func TestAssistantRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T, d *demo)
	}{
		{"R40", "a link to a practitioner is one assistant workspace", func(t *testing.T, d *demo) {
			d.addAssistant("ava", false)
			if got := wsIDs(t, d, "ava"); len(got) != 0 {
				t.Fatalf("an unlinked assistant has workspaces %v", got)
			}
			v, err := d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "mira")
			must(t, err)
			if v.Assistant.Handle != "ava" || v.Practitioner.Handle != "mira" || v.AdminLevel {
				t.Fatalf("link: %+v", v)
			}
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "rob")
			must(t, err)
			if got := wsIDs(t, d, "ava"); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"assistant:mira", "assistant:rob"}) {
				t.Fatalf("ava's workspaces %v", got)
			}
			links, err := d.svc.ListAssistants(d.as("mira", "team"))
			must(t, err)
			var pairs []string
			for _, l := range links {
				pairs = append(pairs, l.Assistant.Handle+">"+l.Practitioner.Handle)
			}
			if !slices.Equal(pairs, []string{"asa>olivia", "asa>rob", "ava>mira", "ava>rob"}) {
				t.Fatalf("assistants list: %v", pairs)
			}
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "mira")
			wantKind(t, err, domain.KindConflict)
		}},
		{"R40", "only an assistant is linked, only to an active team member", func(t *testing.T, d *demo) {
			d.addAssistant("ava", false)
			_, err := d.svc.LinkAssistant(d.as("olivia", "team"), "john", "mira")
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "jane")
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.SetStatus(d.as("olivia", "team"), "john", false)
			must(t, err)
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "john")
			wantKind(t, err, domain.KindConflict)
		}},
		{"R40", "linking needs manage_coaches; nobody links themself", func(t *testing.T, d *demo) {
			d.addAssistant("ava", false)
			_, err := d.svc.LinkAssistant(d.as("rob", "team"), "ava", "mira")
			denied(t, err)
			_, err = d.svc.LinkAssistant(d.as("asa", "assistant:rob"), "ava", "mira")
			denied(t, err)
			_, err = d.svc.LinkAssistant(d.as("asa", "assistant:olivia"), "asa", "mira")
			denied(t, err)
			// asa acting for olivia holds olivia's manage_coaches (R43)
			_, err = d.svc.LinkAssistant(d.as("asa", "assistant:olivia"), "ava", "mira")
			must(t, err)
		}},
		{"R43", "an admin-level link needs manage_admins", func(t *testing.T, d *demo) {
			_, err := d.svc.ChangePerms(d.as("olivia", "team"), "mira", true, []string{"manage_coaches"})
			must(t, err)
			d.addAssistant("ava", false)
			_, err = d.svc.LinkAssistant(d.as("mira", "team"), "asa", "adam") // asa has the admin role, adam is an admin
			denied(t, err)
			_, err = d.svc.LinkAssistant(d.as("mira", "team"), "ava", "adam")
			must(t, err)
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "asa", "adam")
			must(t, err)
		}},
		{"R40", "unlinking ends the workspace at once", func(t *testing.T, d *demo) {
			feed, stop := d.svc.Watch(d.ids["asa"])
			defer stop()
			must(t, d.svc.UnlinkAssistant(d.as("olivia", "team"), "asa", "rob"))
			select {
			case <-feed:
			default:
				t.Fatal("asa's open sessions were not told")
			}
			if got := wsIDs(t, d, "asa"); !slices.Equal(got, []string{"assistant:olivia"}) {
				t.Fatalf("asa's workspaces after unlink: %v", got)
			}
			_, err := d.svc.Access(d.as("asa", "assistant:rob"))
			denied(t, err)
			_, err = d.svc.Comments(d.as("asa", "assistant:rob"), "jane", domain.PageQuery{})
			denied(t, err)
			wantKind(t, d.svc.UnlinkAssistant(d.as("olivia", "team"), "asa", "rob"), domain.KindNotFound)
			denied(t, d.svc.UnlinkAssistant(d.as("rob", "team"), "asa", "olivia"))
		}},
		{"R41", "an assistant has no workspace of their own", func(t *testing.T, d *demo) {
			for _, ws := range []string{"team", "me"} {
				_, err := d.svc.Access(d.as("asa", ws))
				denied(t, err)
				_, err = d.svc.Tasks(d.as("asa", ws), domain.TaskQuery{})
				denied(t, err)
			}
			d.addAssistant("ava", false)
			_, err := d.svc.Access(d.as("ava", ""))
			denied(t, err) // no links: nothing to enter
			_, err = d.svc.Comments(d.as("ava", ""), "jane", domain.PageQuery{})
			denied(t, err)
		}},
		{"R41", "tasks assigned to an assistant are theirs", func(t *testing.T, d *demo) {
			task, err := d.svc.AddTask(d.as("rob", "team"), domain.NewTask{Title: "Confirm Jane's room", Assign: "asa", Client: "jane"})
			must(t, err)
			if task.AssigneeName != "Asa Ahmed" || task.AssigneeHandle != "asa" {
				t.Fatalf("the task record should show the assistant's name: %+v", task)
			}
			for _, ws := range []string{"assistant:rob", "assistant:olivia"} {
				list, err := d.svc.Tasks(d.as("asa", ws), domain.TaskQuery{Mine: true})
				must(t, err)
				if len(list) != 1 || list[0].ID != task.ID {
					t.Fatalf("asa's tasks in %s: %+v", ws, list)
				}
			}
			done, err := d.svc.CompleteTask(d.as("asa", "assistant:olivia"), task.ID)
			must(t, err)
			if !done.Done || done.DoneBy != "Asa Ahmed for Olivia Owens" {
				t.Fatalf("done: %+v", done)
			}
		}},
		{"R42", "the assistant acts with the practitioner's access", func(t *testing.T, d *demo) {
			_, err := d.svc.AddComment(d.as("asa", "assistant:rob"), "jane", "Jane asked to move Tuesday.")
			must(t, err) // rob is jane's primary
			_, err = d.svc.AddComment(d.as("asa", "assistant:rob"), "alex", "x")
			wantKind(t, err, domain.KindNotFound) // rob has no access to alex: out of sight
			_, err = d.svc.AddComment(d.as("asa", "assistant:rob"), "casey", "x")
			denied(t, err) // rob is view-only for casey (R14)
			if _, err := d.svc.Comments(d.as("asa", "assistant:rob"), "casey", domain.PageQuery{}); err != nil {
				t.Fatalf("view-only reads the file: %v", err)
			}
			_, err = d.svc.SendMessage(d.as("asa", "assistant:rob"), "jane", "See you Tuesday.")
			must(t, err)
		}},
		{"R42", "private notes are never shown to assistants, even for an admin", func(t *testing.T, d *demo) {
			jane := d.client("jane")
			for _, ws := range []string{"assistant:rob", "assistant:olivia"} {
				for _, act := range []domain.Action{domain.ActNotesList, domain.ActNotesAdd} {
					if dec := d.decide("asa", ws, act, domain.Target{Client: jane}); dec.Allowed || !strings.Contains(dec.Reason, "never shown to assistants") {
						t.Fatalf("asa in %s: %s %+v", ws, act, dec)
					}
				}
			}
			if !d.decide("olivia", "team", domain.ActNotesList, domain.Target{Client: jane}).Allowed {
				t.Fatal("olivia herself reads jane's notes")
			}
		}},
		{"R43", "admin-level only while managing an admin", func(t *testing.T, d *demo) {
			for _, c := range []struct {
				act domain.Action
				t   domain.Target
			}{
				{domain.ActPeopleAdd, domain.Target{Capacity: domain.AsClient}},
				{domain.ActPairingSet, domain.Target{Client: d.client("alex"), Coach: d.client("mira")}},
				{domain.ActPermsGrant, domain.Target{Person: d.client("john"), Perm: domain.PermScheduleOwn}},
			} {
				if !d.decide("asa", "assistant:olivia", c.act, c.t).Allowed {
					t.Errorf("asa for olivia (admin-level) cannot %s", c.act)
				}
				if d.decide("asa", "assistant:rob", c.act, c.t).Allowed {
					t.Errorf("asa for rob (not an admin) may %s", c.act)
				}
			}
			_, err := d.svc.AddPerson(d.as("asa", "assistant:olivia"), domain.NewPerson{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", As: domain.AsClient, Primary: "mira"})
			must(t, err)
			_, err = d.svc.AddPerson(d.as("asa", "assistant:rob"), domain.NewPerson{Handle: "lee", Name: "Lee Lane", Email: "lee@example.com", As: domain.AsClient, Primary: "mira"})
			denied(t, err)
		}},
		{"R43", "no admin-level access without the admin role", func(t *testing.T, d *demo) {
			d.addAssistant("ava", false)
			_, err := d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "olivia")
			must(t, err)
			a, err := d.svc.Access(d.as("ava", "assistant:olivia"))
			must(t, err)
			if a.Workspace.AdminLevel || a.Has(domain.PermManageClients) || a.Has(domain.PermManageCoaches) {
				t.Fatalf("ava (no admin role) for olivia: %+v", a.Workspace)
			}
			if d.decide("ava", "assistant:olivia", domain.ActPairingSet, domain.Target{Client: d.client("alex"), Coach: d.client("mira")}).Allowed {
				t.Fatal("ava may change pairings")
			}
			if !a.Has(domain.PermScheduleOwn) || !a.Has(domain.PermManageOwnClients) {
				t.Fatal("ava should keep olivia's coaching permissions (R42)")
			}
		}},
		{"R43", "never the owner's account page", func(t *testing.T, d *demo) {
			_, err := d.svc.AccountPlan(d.as("asa", "assistant:olivia"))
			denied(t, err)
			if !strings.Contains(err.Error(), "assistants never see it") {
				t.Fatalf("the refusal should say assistants never see it: %v", err)
			}
			_, err = d.svc.SetPlan(d.as("asa", "assistant:olivia"), domain.PlanChange{Plan: ptr("Enterprise")})
			denied(t, err)
			_, err = d.svc.AccountPlan(d.as("adam", "team"))
			denied(t, err)
			v, err := d.svc.AccountPlan(d.as("olivia", "team"))
			must(t, err)
			if v.Org.Plan == "" {
				t.Fatal("the owner sees the plan")
			}
			_, err = d.svc.SetPlan(d.as("olivia", "team"), domain.PlanChange{Plan: ptr("Enterprise")})
			must(t, err)
		}},
		{"R44", "comments, tasks and messages name the assistant for the practitioner", func(t *testing.T, d *demo) {
			_, err := d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{Signature: ptr("A. Ahmed")})
			must(t, err)
			c, err := d.svc.AddComment(d.as("asa", "assistant:rob"), "jane", "Called about the invoice.")
			must(t, err)
			task, err := d.svc.AddTask(d.as("asa", "assistant:rob"), domain.NewTask{Title: "Send Jane the worksheet", Assign: "rob", Due: "2026-11-30", Client: "jane"})
			must(t, err)
			_, err = d.svc.CompleteTask(d.as("rob", "team"), task.ID)
			must(t, err)
			m, err := d.svc.SendMessage(d.as("asa", "assistant:rob"), "jane", "Your worksheet is ready.")
			must(t, err)
			if c.By != "Asa Ahmed for Rob Reyes" || task.By != "Asa Ahmed for Rob Reyes" {
				t.Fatalf("attribution: comment %q, task %q", c.By, task.By)
			}
			// the client sees the assistant's name as the sender, and their signature
			msgs, err := d.svc.Messages(d.as("jane", "me"), "", domain.PageQuery{})
			must(t, err)
			if len(msgs) != 1 || msgs[0].Sender != "Asa Ahmed" || msgs[0].OnBehalfOf != "Rob Reyes" || msgs[0].Signature != "A. Ahmed" || msgs[0].ID != m.ID {
				t.Fatalf("jane's messages: %+v", msgs)
			}
			// the comments list shows it too, to the team, and never to the client
			cs, err := d.svc.Comments(d.as("mira", "team"), "jane", domain.PageQuery{})
			must(t, err)
			if len(cs) != 1 || cs[0].By != "Asa Ahmed for Rob Reyes" {
				t.Fatalf("jane's comments for mira: %+v", cs)
			}
			_, err = d.svc.Comments(d.as("jane", "me"), "", domain.PageQuery{})
			denied(t, err)
			_, err = d.svc.Comments(d.as("eve", "contact:jane"), "", domain.PageQuery{})
			denied(t, err)
			// the audit log: actor asa, on behalf of rob, in assistant:rob (R60)
			log, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{})
			must(t, err)
			seen := map[domain.Action]bool{}
			for _, e := range log {
				if e.ActorHandle != "asa" {
					continue
				}
				switch e.Action {
				case domain.ActCommentsAdd, domain.ActTasksAdd, domain.ActMessagesSend:
					if e.BehalfHandle != "rob" || e.Workspace != "assistant:rob" {
						t.Errorf("%s: behalf %q workspace %q", e.Action, e.BehalfHandle, e.Workspace)
					}
					seen[e.Action] = true
				}
			}
			if len(seen) != 3 {
				t.Fatalf("audit entries by asa: %v", seen)
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

func ptr[T any](v T) *T { return &v }
