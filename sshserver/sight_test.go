package sshserver_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/cli"
	"behalf/domain"
)

// Refusals leak nothing (R5, R14, R32): every command that takes a handle
// or an id, walked from the command registry, as a client, a contact and
// a coach paired with no one, with the handles and ids of things they may
// not see and of things that do not exist. Both must answer alike — the
// same words (with the value typed in its place), the same exit code, the
// same output where a command ignores the value — and no refusal may name
// anyone out of sight.

// notLookups are the handle and id slots that name no existing thing to
// look up, with the reason.
var notLookups = map[string]string{
	"people add":                  "the handle is a new one; handles are unique, so a taken one must be told",
	"people delete.confirm":       "repeats the handle being deleted",
	"people list.after":           "a place in the list, not a target: the list shows only what is in sight",
	"audit list.before":           "a place in the list",
	"comments list.before":        "a place in the list",
	"inbox list.before":           "a place in the list",
	"invoices list.before":        "a place in the list",
	"notes list.before":           "a place in the list",
	"progress list.before":        "a place in the list",
	"tasks list.before":           "a place in the list",
	"actions list.before":         "a place in the list",
	"metrics list.before":         "a place in the list",
	"groups posts.before":         "a place in the list",
	"messages list.before":        "a place in the list",
	"notifications outbox.before": "a place in the list",
	"payments list.before":        "a place in the list",
	"packages assign.package":     "a catalogue entry: the catalogue is open to every workspace",
	"worksheets list.before":      "a place in the list",
	"forms list.before":           "a place in the list",
	"packages buy.package":        "a catalogue entry: the catalogue is open to every workspace",
	"people add.package":          "a catalogue entry: the catalogue is open to every workspace",
	"people add.bought-by":        "one of the contacts added in the same step, not someone looked up",
}

// companions are optional flags a slot needs beside it to be looked up at all.
var companions = map[string]string{
	"pairing set.to":    "--sessions move",
	"notes add.session": "--from-agenda", // the note starts from the session's agenda
}

// swapWord replaces v where it stands as a whole handle or id in text.
func swapWord(text, v, with string) string {
	word := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }
	var b strings.Builder
	for i := 0; i < len(text); {
		if !word(text[i]) {
			b.WriteByte(text[i])
			i++
			continue
		}
		j := i
		for j < len(text) && word(text[j]) {
			j++
		}
		if text[i:j] == v {
			b.WriteString(with)
		} else {
			b.WriteString(text[i:j])
		}
		i = j
	}
	return b.String()
}

// fill is the value a required parameter gets when it is not the one
// under test, by flag name ("" for a positional argument, by placeholder).
func (p sightPersona) fill(c string, param cli.Param) (string, bool) {
	switch param.Flag {
	case "client":
		if p.client == "" {
			return "nobody", true // a coach with no clients names none
		}
		return p.client, true
	case "coach", "practitioner", "assign", "primary":
		return p.coach, true
	case "person", "contact":
		return p.self, true
	case "assistant":
		return "asa", true
	case "package":
		return p.catalog, true
	case "start":
		return "2027-03-01T10:00", true
	case "minutes":
		return "45", true
	case "body":
		return "hello", true
	case "level":
		return "coaching", true
	case "name":
		return "Kim", true
	case "email":
		return "kim@example.com", true
	case "as":
		return "client", true
	case "perm":
		return "schedule", true
	case "item":
		return "'Session=10'", true
	case "title":
		return "call", true
	case "action":
		return "sessions.book", true
	case "event":
		return "session_booked", true
	case "channel":
		return "email", true
	case "unit":
		return "kg", true
	case "value", "question", "lesson":
		return "1", true
	case "kind":
		return "form", true
	case "to":
		return p.coach, true
	case "template":
		if id, ok := p.own["template"]; ok {
			return id.String(), true
		}
		return "1", true
	case "":
		switch param.Arg {
		case "PERM...":
			return "schedule_own", true
		case "coach|staff":
			return "staff", true
		case "H":
			return "kim", true // people add: a new handle
		case "G":
			return "leaders", true // a group every persona's client is in, or none for una
		case "ID":
			if id, ok := p.own[idKind(c, "")]; ok {
				return id.String(), true
			}
			return "1", true
		}
	}
	return "", false
}

// sightPersona is someone walking the commands, with what they may not see.
type sightPersona struct {
	name, ws string
	signer   gossh.Signer
	self     string
	client   string // their own client, "" for a coach with none
	coach    string // a team member they see
	handles  []string
	ids      map[string][]domain.ID // by kind
	names    []string               // names of people out of sight
	catalog  string                 // a catalogue entry's id
	own      map[string]domain.ID   // records of their own client, by kind
}

// idKind is what an id slot names, by command.
func idKind(cmd, flag string) string {
	if flag == "package" || strings.HasPrefix(cmd, "packages ") {
		return "package"
	}
	if flag == "template" {
		return "template"
	}
	if flag == "session" {
		return "session"
	}
	switch strings.Fields(cmd)[0] {
	case "sessions":
		return "session"
	case "invoices":
		return "invoice"
	case "progress":
		return "progress"
	case "tasks":
		return "task"
	case "actions":
		return "action"
	case "metrics":
		return "metric"
	case "inbox":
		return "inbox"
	case "templates":
		return "template"
	case "worksheets":
		return "worksheet"
	case "forms":
		return "form"
	case "subscriptions":
		return "subscription"
	case "library":
		return "file" // library.go: another's file answers as none
	case "courses":
		return "course"
	}
	return ""
}

func TestRefusalsOutOfSightAnswerAsNotFound(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	olivia := domain.Who{Person: ts.ids["olivia"], Workspace: "team"}
	adam := domain.Who{Person: ts.ids["adam"], Workspace: "team"}

	// una: a coach paired with no one, with the own-client permissions
	if _, err := ts.svc.AddPerson(olivia, domain.NewPerson{Handle: "una", Name: "Una Usher", Email: "una@northwind.example", As: domain.AsCoach}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.svc.ChangePerms(olivia, "una", true, []string{"schedule_own", "invoice_own", "manage_own_clients", "delete_own_clients"}); err != nil {
		t.Fatal(err)
	}
	una := newSigner(t)
	inv, err := ts.svc.InvitePerson(olivia, "una")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.svc.Redeem(mustKey(t, una.PublicKey()), "192.0.2.9", inv.Code); err != nil {
		t.Fatal(err)
	}

	// One record of each kind for every demo client.
	recs := map[string]map[string]domain.ID{"session": {}, "invoice": {}, "progress": {}, "package": {}, "action": {}, "metric": {}, "subscription": {},
		"template": {}, "worksheet": {}, "form": {}}
	cat, err := ts.svc.Catalog(adam)
	if err != nil || len(cat) == 0 {
		t.Fatalf("catalogue: %v", err)
	}
	for day, client := range []string{"jane", "alex", "casey"} {
		s, err := ts.svc.BookSession(adam, domain.Booking{Client: client, Start: fmt.Sprintf("2027-01-%02dT09:00", 11+day), Minutes: 45})
		if err != nil {
			t.Fatal(err)
		}
		recs["session"][client] = s.Session.ID
		iv, err := ts.svc.IssueInvoice(adam, domain.NewInvoice{Client: client, Items: []domain.ItemInput{{Text: "Session", Amount: "100.00"}}})
		if err != nil {
			t.Fatal(err)
		}
		recs["invoice"][client] = iv.Invoice.ID
		coach := map[string]string{"jane": "rob", "alex": "mira", "casey": "mira"}[client]
		pr, err := ts.svc.AddProgress(domain.Who{Person: ts.ids[coach], Workspace: "team"}, client, "Good week.")
		if err != nil {
			t.Fatal(err)
		}
		recs["progress"][client] = pr.Progress.ID
		act, err := ts.svc.AddAction(domain.Who{Person: ts.ids[coach], Workspace: "team"}, domain.NewAction{Client: client, Title: "Walk daily"})
		if err != nil {
			t.Fatal(err)
		}
		recs["action"][client] = act.Item.ID
		m, err := ts.svc.DefineMetric(domain.Who{Person: ts.ids[coach], Workspace: "team"}, domain.NewMetric{Client: client, Name: "Sleep", Unit: "hours"})
		if err != nil {
			t.Fatal(err)
		}
		recs["metric"][client] = m.Metric.ID
		// a form template of the coach's own (unshared), a worksheet and a form from it
		cw := domain.Who{Person: ts.ids[coach], Workspace: "team"}
		ft, err := ts.svc.AddTemplate(cw, domain.NewTemplate{Kind: "form", Name: "Consent " + client, Questions: "text: Name\nsignature: Sign"})
		if err != nil {
			t.Fatal(err)
		}
		recs["template"][client] = ft.Template.ID
		wt, err := ts.svc.AddTemplate(cw, domain.NewTemplate{Kind: "worksheet", Name: "Review " + client, Questions: "text: How was it?"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := ts.svc.AssignWorksheet(cw, domain.NewPaper{Client: client, Template: wt.Template.ID})
		if err != nil {
			t.Fatal(err)
		}
		recs["worksheet"][client] = w.Paper.ID
		fm, err := ts.svc.SendForm(cw, domain.NewPaper{Client: client, Template: ft.Template.ID})
		if err != nil {
			t.Fatal(err)
		}
		recs["form"][client] = fm.Paper.ID
		pk, err := ts.svc.AssignPackage(adam, domain.PackageAssignment{Client: client, Package: cat[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		recs["package"][client] = pk.Package.ID
		sub, err := ts.svc.BuyPackage(domain.Who{Person: ts.ids[client], Workspace: "me"}, "", 4) // the monthly check-in
		if err != nil {
			t.Fatal(err)
		}
		recs["subscription"][client] = sub.Subscription.Sub.ID
	}
	if _, err := ts.svc.AddGroup(domain.Who{Person: ts.ids["mira"], Workspace: "team"}, domain.NewGroup{Handle: "leaders", Name: "Leaders", Members: []string{"jane", "alex"}}); err != nil {
		t.Fatal(err)
	}
	task, err := ts.svc.AddTask(olivia, domain.NewTask{Title: "Call the bank", Assign: "rob"})
	if err != nil {
		t.Fatal(err)
	}
	robInbox, err := ts.svc.Inbox(domain.Who{Person: ts.ids["rob"], Workspace: "team"}, domain.InboxQuery{})
	if err != nil || len(robInbox) == 0 {
		t.Fatalf("rob's inbox: %v", err)
	}
	others := func(clients ...string) map[string][]domain.ID {
		ids := map[string][]domain.ID{"task": {task.ID}, "inbox": {robInbox[0].Item.ID}}
		for kind, byClient := range recs {
			for _, c := range clients {
				ids[kind] = append(ids[kind], byClient[c])
			}
		}
		return ids
	}
	personas := []sightPersona{
		{name: "the client jane", ws: "me", signer: ts.keys["jane"], self: "jane", client: "jane", coach: "rob",
			// john is view-only for her (R14); adam is staff who does not coach her
			handles: []string{"alex", "pat", "john", "adam"}, ids: others("alex", "casey"),
			names: []string{"Alex Johnson", "Pat Johnson", "John Jensen", "Adam Alvarez", "Casey Johnson"}},
		{name: "the contact pat", ws: "contact:alex", signer: ts.keys["pat"], self: "pat", client: "alex", coach: "mira",
			// casey is pat's other client, but not in this workspace (R32)
			handles: []string{"jane", "casey", "eve", "rob"}, ids: others("jane", "casey"),
			names: []string{"Jane Smith", "Casey Johnson", "Eve Evans", "Rob Reyes"}},
		{name: "the unpaired coach una", ws: "team", signer: una, self: "una", client: "", coach: "una",
			handles: []string{"jane", "alex", "pat", "eve"}, ids: others("jane", "alex", "casey"),
			names: []string{"Jane Smith", "Alex Johnson", "Pat Johnson", "Eve Evans", "Casey Johnson"}},
	}

	const missingHandle = "nosuch"
	const missingID = domain.ID(987654)
	checked := 0
	for _, p := range personas {
		p.catalog, p.own = cat[0].ID.String(), map[string]domain.ID{}
		for kind, byClient := range recs {
			if id, ok := byClient[p.client]; ok {
				p.own[kind] = id
			}
		}
		c := ts.client(t, p.signer)
		for _, cmd := range cli.Commands() {
			params := cli.Params(cmd)
			for i, slot := range params {
				if slot.Arg != "H" && slot.Arg != "ID" {
					continue
				}
				key := cmd
				if slot.Flag != "" {
					key += "." + slot.Flag
				}
				if _, skip := notLookups[key]; skip {
					continue
				}
				// the rest of the line: every other required parameter filled
				line := func(v string) string {
					parts := []string{cmd}
					for j, q := range params {
						val := v
						if j != i {
							if !q.Required {
								continue
							}
							var ok bool
							if val, ok = p.fill(cmd, q); !ok && q.Flag != "confirm" {
								t.Fatalf("%s: no value to give the required %q (%s): add one to fill", cmd, q.Flag, q.Arg)
							}
							if q.Flag == "confirm" {
								val = v // the handle again
							}
						}
						if q.Flag != "" {
							parts = append(parts, "--"+q.Flag)
						}
						if val != "" {
							parts = append(parts, val)
						}
					}
					if extra, ok := companions[key]; ok {
						parts = append(parts, extra)
					}
					return strings.Join(append(parts, "--ws", p.ws), " ")
				}
				var values []string
				missing := missingHandle
				if slot.Arg == "H" {
					values = p.handles
				} else {
					kind := idKind(cmd, slot.Flag)
					if kind == "" {
						t.Fatalf("%s takes an id of a kind this test does not know: add it to idKind", key)
					}
					for _, id := range p.ids[kind] {
						values = append(values, id.String())
					}
					missing = missingID.String()
				}
				wantOut, wantErr, wantCode := runOn(t, c, line(missing))
				want := swapWord(wantOut+wantErr, missing, "VALUE")
				for _, v := range values {
					gotOut, gotErr, gotCode := runOn(t, c, line(v))
					got := swapWord(gotOut+gotErr, v, "VALUE")
					if gotCode != wantCode || got != want {
						t.Errorf("%s: %q answers exit %d %q; with %s, exit %d %q", p.name, line(v), gotCode, strings.TrimSpace(gotErr), missing, wantCode, strings.TrimSpace(wantErr))
					}
					if i := slices.IndexFunc(p.names, func(n string) bool { return strings.Contains(gotErr, n) }); i >= 0 {
						t.Errorf("%s: %q names %s: %q", p.name, line(v), p.names[i], strings.TrimSpace(gotErr))
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d cases ran: the walk lost its commands", checked)
	}
}

// `sessions list --coach` probed as a client (R14): a view-only coach, a
// coach who is not hers and a handle no one has answer alike.
func TestSessionsListCoachProbe(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	jane := ts.client(t, ts.keys["jane"])
	_, want, code := runOn(t, jane, "sessions list --coach nosuch --ws me")
	if code != 1 || want != "error: no one has the handle \"nosuch\"\n" {
		t.Fatalf("a handle no one has: exit %d %q", code, want)
	}
	for _, h := range []string{"john", "adam"} {
		_, got, code := runOn(t, jane, "sessions list --coach "+h+" --ws me")
		if code != 1 || got != strings.ReplaceAll(want, "nosuch", h) {
			t.Errorf("--coach %s: exit %d %q", h, code, got)
		}
	}
	if out, errs, code := runOn(t, jane, "sessions list --coach rob --ws me"); code != 0 {
		t.Fatalf("her own coach: exit %d %q %q", code, out, errs)
	}
}
