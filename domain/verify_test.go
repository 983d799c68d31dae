package domain_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"behalf/domain"
)

// Verify has real checks for every collection: for each one, a record
// that breaks a rule, written past the use cases, is named. A collection
// without a case here fails the test, as one without checks in Verify
// fails consistency.Check after every test.
func TestVerifyChecksEveryCollection(t *testing.T) {
	t.Parallel()
	type bad struct {
		rec  func(d *demo, id domain.ID) map[string]any
		want string
	}
	gone := domain.ID(1 << 40) // nobody
	cases := map[domain.Collection]bad{
		"org": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"name": "", "time_zone": "UTC", "currency": "USD", "owner": d.ids["olivia"]}
		}, "no name or currency"},
		"people": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "handle": "No Handle", "name": "X", "status": "active"}
		}, "person "},
		"pairings": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "coach": d.ids["adam"], "level": 2}
		}, "not of a pool coach with a client"},
		"contact_links": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "contact": d.ids["rob"]}
		}, "does not join a client with a contact"},
		"assistant_links": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "assistant": d.ids["asa"], "practitioner": d.ids["jane"]}
		}, "does not join an assistant with a team member"},
		"invitations": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "person": gone, "code_hash": "x", "created": d.now, "expires": d.now.Add(1)}
		}, "for someone who does not exist"},
		"package_catalog": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "name": "Free", "sessions": 0, "currency": "USD", "validity_days": 30}
		}, "is incomplete"},
		"sessions": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "coach": d.ids["rob"], "start": d.now, "minutes": 60, "status": "postponed"}
		}, `status "postponed"`},
		"packages": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "name": "X", "sessions_total": 5, "sessions_used": 2, "expires": "2027-01-01"}
		}, "but 0 sessions took a credit"},
		"invoices": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "items": []map[string]any{{"text": "x", "amount_cents": 100}}, "total_cents": 200}
		}, "is not the sum"},
		"payments": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "invoice": gone, "client": d.ids["jane"], "amount_cents": 100}
		}, "for an invoice that does not exist"},
		"subscriptions": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "entry": 1, "name": "X", "every": "1m", "anchor": "2026-11-01", "status": "lapsed"}
		}, `status "lapsed"`},
		"notes":    {clientItem, "belongs to a client who does not exist"},
		"progress": {clientItem, "belongs to a client who does not exist"},
		"comments": {clientItem, "belongs to a client who does not exist"},
		"messages": {clientItem, "belongs to a client who does not exist"},
		"tasks": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "title": "x", "assignee": d.ids["rob"], "client": gone}
		}, "about a client who does not exist"},
		"actions": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "title": "x", "author": d.ids["rob"], "created": d.now, "done": true}
		}, "done=true with no matching time"},
		"metrics": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "client": d.ids["jane"], "name": "Weight", "unit": "", "author": d.ids["rob"]}
		}, "is incomplete"},
		"metric_points": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "metric": gone, "client": d.ids["jane"], "on": "2026-11-01", "value": "1"}
		}, "belongs to no metric"},
		"groups": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "handle": "leaders", "name": "Leaders", "coaches": []domain.ID{}, "members": []domain.ID{d.ids["jane"]}}
		}, "has no coach"},
		"group_posts": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "group": gone, "author": d.ids["rob"], "body": "hello", "at": d.now}
		}, "belongs to a group that does not exist"},
		// templates.go, forms.go
		"templates": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "kind": "worksheet", "name": "W", "owner": d.ids["jane"], "version": 1, "maker": d.ids["rob"], "created": d.now,
				"questions": []map[string]any{{"type": "text", "text": "Goal?"}}}
		}, "belongs to no team member"},
		"worksheets": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "kind": "worksheet", "client": d.ids["jane"], "template": 1, "name": "W", "template_version": 1,
				"sender": d.ids["rob"], "sent": d.now, "status": "sent", "questions": []map[string]any{{"type": "signature", "text": "Sign"}}}
		}, "has questions its kind refuses"},
		"forms": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "kind": "form", "client": d.ids["jane"], "template": 1, "name": "F", "template_version": 1,
				"sender": d.ids["rob"], "sent": d.now, "status": "sent", "questions": []map[string]any{{"type": "text", "text": "Name"}},
				"answers": []map[string]any{{"n": 2, "value": "x", "answered_by": d.ids["jane"], "at": d.now}}}
		}, "has an answer to question 2"},
		"library_files": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "name": "x.pdf", "size": 1, "sha256": strings.Repeat("ab", 32), "owner": d.ids["jane"], "uploader": d.ids["jane"], "at": d.now}
		}, "is not a team member"},
		"courses": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "name": "C", "owner": d.ids["jane"], "maker": d.ids["rob"], "created": d.now, "lessons": []map[string]any{{"n": 1, "title": "One"}}}
		}, "is not a team member"},
		"enrolments": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "course": 1, "name": "C", "client": d.ids["jane"], "enroller": d.ids["rob"], "at": d.now,
				"lessons": []map[string]any{{"n": 1, "title": "One"}}, "done": []map[string]any{{"n": 3, "title": "Three", "at": d.now}}}
		}, "lesson 3 is done but the course has 1"},
		"library_usage": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"bytes": 5, "files": 1}
		}, "library usage says 1 files of 5 bytes"},
		"notify_settings": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "person": d.ids["rob"], "values": map[string]bool{"pigeon/portal": true}}
		}, `"pigeon/portal"`},
		"inbox": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "person": gone, "event": "task", "text": "x"}
		}, "names someone who does not exist"},
		"outbox": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "person": d.ids["rob"], "channel": "pigeon", "event": "task", "text": "x"}
		}, "is incomplete"},
		"email_templates": {func(d *demo, id domain.ID) map[string]any { // email_settings.go
			return map[string]any{"id": id, "event": "invitation", "subject": "Hi", "body": "Your {{password}}"}
		}, "is damaged"},
		"reminders": {func(d *demo, id domain.ID) map[string]any { // reminders.go
			return map[string]any{"id": id, "hours": -3, "set": true}
		}, "are damaged"},
		"second_factors": {func(d *demo, id domain.ID) map[string]any { // not yet confirmed, yet with recovery codes
			return map[string]any{"id": id, "person": d.ids["rob"], "secret": "JBSWY3DPEHPK3PXP", "created": d.now, "recovery": []string{"x"}}
		}, "is incomplete"},
		"branding": {func(d *demo, id domain.ID) map[string]any { // a mid-grey, legible nowhere
			return map[string]any{"accent": "#808080"}
		}, "is not sound"},
		"terms": {func(d *demo, id domain.ID) map[string]any { // counts from a later version
			return map[string]any{"id": id, "text": "Be kind.", "counts": id + 1, "created": d.now}
		}, "is incomplete"},
		"terms_acceptances": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "person": d.ids["jane"], "version": gone, "at": d.now, "as": "client"}
		}, "names a version that does not exist"},
		"audit": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "at": d.now, "actor": d.ids["rob"], "actor_handle": "rob", "behalf": d.ids["olivia"]}
		}, "is incomplete"},
		// claims.go
		"claims": {func(d *demo, id domain.ID) map[string]any {
			return map[string]any{"id": id, "item": "mail/1", "until": d.now}
		}, "is incomplete"},
	}
	for _, c := range domain.Collections() {
		if _, ok := cases[c]; !ok {
			t.Errorf("collection %s has no case here: add a record Verify must refuse", c)
		}
	}
	for c, b := range cases {
		if !slices.Contains(domain.Collections(), c) {
			t.Errorf("Verify does not check collection %s", c)
			continue
		}
		t.Run(string(c), func(t *testing.T) {
			t.Parallel()
			d, _ := newDemo(t)
			d.skipChecks() // damaged on purpose
			var id domain.ID
			err := d.db.Update(func(tx domain.Tx) error {
				var err error
				if c == "org" {
					id = 1
				} else if id, err = tx.NextID(c); err != nil {
					return err
				}
				return tx.Put(c, id, b.rec(d, id))
			})
			if err != nil {
				t.Fatal(err)
			}
			err = d.svc.Verify()
			if err == nil || !strings.Contains(err.Error(), b.want) {
				t.Fatalf("Verify = %v; want it to name %q", err, b.want)
			}
			if c != "org" && !strings.Contains(err.Error(), fmt.Sprint(id)) {
				t.Fatalf("Verify = %v; want it to name record %s", err, id)
			}
		})
	}
}

func clientItem(d *demo, id domain.ID) map[string]any {
	return map[string]any{"id": id, "client": domain.ID(1 << 40), "author": d.ids["rob"], "body": "x"}
}
