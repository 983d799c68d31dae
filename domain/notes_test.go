package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

// R31, R42, R53, R14: private notes are read by coaches paired with the
// client (any level) and view_all_clients holders; written with coaching
// access; never reached by assistants, contacts or the client.
func TestPrivateNotesScope(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	read := map[domain.Who]bool{
		d.as("olivia", "team"):          true,  // owner: view_all_clients
		d.as("rob", "team"):             true,  // primary
		d.as("mira", "team"):            true,  // coaching
		d.as("john", "team"):            true,  // view-only reads
		d.as("adam", "team"):            false, // admin without view_all_clients, not paired
		d.as("asa", "assistant:olivia"): false, // R42, even for an admin-level assistant
		d.as("asa", "assistant:rob"):    false, // R42
		d.as("jane", "me"):              false,
		d.as("alex", "me"):              false,
		d.as("eve", "contact:jane"):     false, // R31
		d.as("pat", "contact:alex"):     false,
		d.as("pat", "contact:casey"):    false,
		d.as("sam", "contact:alex"):     false,
	}
	for who, want := range read {
		ns, err := d.svc.ListNotes(who, domain.NoteFilter{Client: "jane"})
		if want {
			must(t, err)
			if len(ns) != 2 {
				t.Fatalf("%v: %d notes", who, len(ns))
			}
			continue
		}
		if who.Workspace == "me" && who.Person != d.ids["jane"] || strings.HasPrefix(who.Workspace, "contact") && who.Workspace != "contact:jane" {
			wantKind(t, err, domain.KindNotFound) // jane is out of their sight
		} else {
			wantKind(t, err, domain.KindDenied)
		}
		// and with the workspace's default client: denied for the client side,
		// a question for the team ("which client?")
		_, err = d.svc.ListNotes(who, domain.NoteFilter{})
		if strings.HasPrefix(who.Workspace, "contact") || who.Workspace == "me" {
			wantKind(t, err, domain.KindDenied)
		} else {
			wantKind(t, err, domain.KindInvalid)
		}
	}
	// view_all_clients granted to adam opens them; revoked, closes them at once (R5)
	_, err := d.svc.ChangePerms(d.as("olivia", "team"), "adam", true, []string{"view_all_clients"})
	must(t, err)
	_, err = d.svc.ListNotes(d.as("adam", "team"), domain.NoteFilter{Client: "jane"})
	must(t, err)
	_, err = d.svc.AddNote(d.as("adam", "team"), "jane", "view-only access writes nothing")
	wantKind(t, err, domain.KindDenied)
	_, err = d.svc.ChangePerms(d.as("olivia", "team"), "adam", false, []string{"view_all_clients"})
	must(t, err)
	_, err = d.svc.ListNotes(d.as("adam", "team"), domain.NoteFilter{Client: "jane"})
	wantKind(t, err, domain.KindDenied)

	write := map[domain.Who]bool{
		d.as("rob", "team"):             true,
		d.as("mira", "team"):            true,
		d.as("olivia", "team"):          true, // coach_all_clients
		d.as("john", "team"):            false,
		d.as("asa", "assistant:rob"):    false,
		d.as("eve", "contact:jane"):     false,
		d.as("jane", "me"):              false,
		d.as("asa", "assistant:olivia"): false,
	}
	for who, want := range write {
		_, err := d.svc.AddNote(who, "jane", "Line one.\nLine two.")
		if want {
			must(t, err)
		} else {
			wantKind(t, err, domain.KindDenied)
		}
	}
	for _, bad := range []string{"", "   ", strings.Repeat("n", domain.MaxTextLen+1), "ok\x1b]52;c;AAAA\x07", "nul\x00"} {
		_, err := d.svc.AddNote(d.as("rob", "team"), "jane", bad)
		wantKind(t, err, domain.KindInvalid)
	}
	// the audit names the note, never its text (R31)
	n, err := d.svc.AddNote(d.as("rob", "team"), "jane", "secret: the merger")
	must(t, err)
	es, err := d.svc.Audit(d.as("jane", "me"), domain.AuditFilter{})
	must(t, err)
	for _, e := range es {
		if strings.Contains(e.Detail+e.Target, "merger") || e.Action == domain.ActNotesAdd {
			t.Fatalf("jane's audit tells of a private note: %+v", e)
		}
	}
	es, err = d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
	must(t, err)
	if es[0].Action != domain.ActNotesAdd || es[0].ActorHandle != "rob" || es[0].Target != "note "+n.Note.ID.String()+" on jane" || strings.Contains(es[0].Detail, "merger") {
		t.Fatalf("the note is not audited for the admins: %+v", es[0])
	}
	if n.Author.Handle != "rob" || n.Note.Body != "secret: the merger" {
		t.Fatalf("note %+v", n)
	}
}

// R53: progress updates are shared with the client; the client approves
// which ones contacts with `progress` see; contacts see only those.
func TestProgressApproval(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	bodies := func(who domain.Who, client string) []string {
		t.Helper()
		ps, err := d.svc.ListProgress(who, domain.ProgressFilter{Client: client})
		must(t, err)
		var out []string
		for _, p := range ps {
			out = append(out, p.Progress.Body)
		}
		return out
	}
	p, err := d.svc.AddProgress(d.as("mira", "team"), "alex", "New: fractions mastered.")
	must(t, err)
	if n := len(bodies(d.as("alex", "me"), "")); n != 4 {
		t.Fatalf("alex sees %d of his 4 updates", n)
	}
	samSees := bodies(d.as("sam", "contact:alex"), "")
	if len(samSees) != 2 {
		t.Fatalf("sam sees %d updates, want the 2 approved", len(samSees))
	}
	for who, want := range map[domain.Who]domain.Kind{d.as("mira", "team"): domain.KindDenied, d.as("pat", "contact:alex"): domain.KindDenied,
		d.as("jane", "me"): domain.KindNotFound, d.as("adam", "team"): domain.KindDenied} {
		_, err := d.svc.ApproveProgress(who, p.Progress.ID, true)
		wantKind(t, err, want) // jane does not see alex's update at all
	}
	_, err = d.svc.ApproveProgress(d.as("alex", "me"), p.Progress.ID, true)
	must(t, err)
	if got := bodies(d.as("sam", "contact:alex"), ""); len(got) != 3 || got[0] != "New: fractions mastered." {
		t.Fatalf("after approval sam sees %v", got)
	}
	_, err = d.svc.ApproveProgress(d.as("alex", "me"), p.Progress.ID, true)
	wantKind(t, err, domain.KindConflict)
	_, err = d.svc.ApproveProgress(d.as("alex", "me"), p.Progress.ID, false)
	must(t, err)
	if got := bodies(d.as("pat", "contact:alex"), ""); len(got) != 2 {
		t.Fatalf("after withdrawal pat sees %v", got)
	}
	// contacts without `progress` see none; a contact never sees another client's
	for _, who := range []domain.Who{d.as("eve", "contact:jane"), d.as("pat", "contact:casey")} {
		_, err := d.svc.ListProgress(who, domain.ProgressFilter{})
		wantKind(t, err, domain.KindDenied)
	}
	_, err = d.svc.ListProgress(d.as("sam", "contact:alex"), domain.ProgressFilter{Client: "casey"})
	wantKind(t, err, domain.KindNotFound) // casey is out of sam's sight
	// who writes: coaching-level team; an assistant for their practitioner (R44)
	for who, want := range map[domain.Who]domain.Kind{
		d.as("john", "team"):         domain.KindDenied, // view-only (R14)
		d.as("jane", "me"):           domain.KindDenied,
		d.as("eve", "contact:jane"):  domain.KindDenied,
		d.as("adam", "team"):         domain.KindDenied,
		d.as("asa", "assistant:rob"): 0,
		d.as("rob", "team"):          0,
	} {
		_, err := d.svc.AddProgress(who, "jane", "Update.")
		if domain.KindOf(err) != want || (want == 0 && err != nil) {
			t.Fatalf("%v adds progress: %v", who, err)
		}
	}
	ps, err := d.svc.ListProgress(d.as("jane", "me"), domain.ProgressFilter{Limit: 2})
	must(t, err)
	var byAsa *domain.ProgressView
	for i := range ps {
		if ps[i].Author.Handle == "asa" {
			byAsa = &ps[i]
		}
	}
	if byAsa == nil || byAsa.Author.For == nil || byAsa.Author.For.Handle != "rob" || byAsa.Author.Label() != "Asa Ahmed (assistant) for Rob Reyes (coach)" {
		t.Fatalf("asa's update is not attributed to asa for rob: %+v", ps)
	}
}
