package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

func setting(t *testing.T, d *demo, who domain.Who, e domain.Event, c domain.Channel) bool {
	t.Helper()
	rows, err := d.svc.NotificationSettings(who)
	must(t, err)
	if len(rows) != len(domain.Events)*len(domain.Channels) {
		t.Fatalf("%d setting rows", len(rows))
	}
	for _, r := range rows {
		if r.Event == e && r.Channel == c {
			return r.On
		}
	}
	t.Fatalf("no setting %s/%s", e, c)
	return false
}

func inbox(t *testing.T, d *demo, who domain.Who) []domain.InboxView {
	t.Helper()
	items, err := d.svc.Inbox(who, domain.InboxQuery{})
	must(t, err)
	return items
}

// R45: notification settings, their sharing between a practitioner's
// assistants, and delivery to inboxes and the outbox.
func TestNotificationRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T, d *demo)
	}{
		{"R45", "defaults: portal and email on, sms off", func(t *testing.T, d *demo) {
			for _, e := range domain.Events {
				if !setting(t, d, d.as("rob", "team"), e, domain.ChannelPortal) || !setting(t, d, d.as("rob", "team"), e, domain.ChannelEmail) || setting(t, d, d.as("rob", "team"), e, domain.ChannelSMS) {
					t.Fatalf("defaults for %s", e)
				}
			}
		}},
		{"R45", "an assistant edits the practitioner's settings, shared with their other assistants", func(t *testing.T, d *demo) {
			_, err := d.svc.SetNotification(d.as("asa", "assistant:olivia"), domain.EventSessionBooked, domain.ChannelEmail, false)
			must(t, err)
			if setting(t, d, d.as("olivia", "team"), domain.EventSessionBooked, domain.ChannelEmail) {
				t.Fatal("olivia does not see asa's change")
			}
			if setting(t, d, d.as("asa", "assistant:olivia"), domain.EventSessionBooked, domain.ChannelEmail) {
				t.Fatal("asa does not see his own change")
			}
			if !setting(t, d, d.as("asa", "assistant:rob"), domain.EventSessionBooked, domain.ChannelEmail) {
				t.Fatal("asa's change for olivia leaked into rob's settings")
			}
			d.addAssistant("ava", false)
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "ava", "olivia")
			must(t, err)
			if setting(t, d, d.as("ava", "assistant:olivia"), domain.EventSessionBooked, domain.ChannelEmail) {
				t.Fatal("another assistant of olivia does not share the settings")
			}
			_, err = d.svc.SetNotification(d.as("ava", "assistant:olivia"), domain.EventSessionBooked, domain.ChannelEmail, true)
			must(t, err)
			if !setting(t, d, d.as("asa", "assistant:olivia"), domain.EventSessionBooked, domain.ChannelEmail) {
				t.Fatal("asa does not see ava's change")
			}
			log, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
			must(t, err)
			if e := log[0]; e.Action != domain.ActNotificationsSet || e.ActorHandle != "ava" || e.BehalfHandle != "olivia" {
				t.Fatalf("audit: %+v", e)
			}
		}},
		{"R45", "assistants cannot turn SMS on; the practitioner can", func(t *testing.T, d *demo) {
			_, err := d.svc.SetNotification(d.as("asa", "assistant:rob"), domain.EventSessionBooked, domain.ChannelSMS, true)
			denied(t, err)
			if !strings.Contains(err.Error(), "not available to assistants") {
				t.Fatalf("reason: %v", err)
			}
			_, err = d.svc.SetNotification(d.as("rob", "team"), domain.EventSessionBooked, domain.ChannelSMS, true)
			must(t, err)
			// nor off: SMS is not theirs to touch at all
			_, err = d.svc.SetNotification(d.as("asa", "assistant:rob"), domain.EventSessionBooked, domain.ChannelSMS, false)
			denied(t, err)
			if !setting(t, d, d.as("asa", "assistant:rob"), domain.EventSessionBooked, domain.ChannelSMS) {
				t.Fatal("asa should see rob's SMS setting")
			}
			_, err = d.svc.SetNotification(d.as("rob", "team"), domain.EventSessionBooked, domain.ChannelSMS, true)
			wantKind(t, err, domain.KindConflict)
		}},
		{"R45", "delivery: inbox, the practitioner's assistants, and the outbox", func(t *testing.T, d *demo) {
			jane := d.ids["jane"]
			must(t, d.svc.NotifyForTest(d.as("adam", "team"), domain.EventSessionBooked, jane, []domain.ID{d.ids["rob"], d.ids["jane"]}, "Session booked for Jane Smith, Tue 10:00."))
			robs := inbox(t, d, d.as("rob", "team"))
			if len(robs) != 1 || robs[0].Item.By != "Adam Alvarez (staff)" || robs[0].About == nil || robs[0].About.Handle != "jane" {
				t.Fatalf("rob's inbox: %+v", robs)
			}
			asas := inbox(t, d, d.as("asa", "assistant:rob"))
			if len(asas) != 1 || asas[0].For == nil || asas[0].For.Handle != "rob" {
				t.Fatalf("asa's inbox for rob: %+v", asas)
			}
			if got := inbox(t, d, d.as("asa", "assistant:olivia")); len(got) != 0 {
				t.Fatalf("rob's notification shows in asa's olivia workspace: %+v", got)
			}
			if got := inbox(t, d, d.as("jane", "me")); len(got) != 1 {
				t.Fatalf("jane's inbox: %+v", got)
			}
			out, err := d.svc.Outbox(d.as("olivia", "team"), domain.OutboxQuery{})
			must(t, err)
			if len(out) != 2 || out[0].Channel != domain.ChannelEmail {
				t.Fatalf("outbox: %+v", out)
			}
			_, err = d.svc.Outbox(d.as("asa", "assistant:olivia"), domain.OutboxQuery{})
			denied(t, err)
			// sms for a practitioner who turned it on; portal off stops the inbox copies
			_, err = d.svc.SetNotification(d.as("rob", "team"), domain.EventSessionChanged, domain.ChannelSMS, true)
			must(t, err)
			_, err = d.svc.SetNotification(d.as("asa", "assistant:rob"), domain.EventSessionChanged, domain.ChannelPortal, false)
			must(t, err)
			must(t, d.svc.NotifyForTest(d.as("adam", "team"), domain.EventSessionChanged, jane, []domain.ID{d.ids["rob"]}, "Moved."))
			if len(inbox(t, d, d.as("rob", "team"))) != 1 || len(inbox(t, d, d.as("asa", "assistant:rob"))) != 1 {
				t.Fatal("portal off still delivered")
			}
			out, err = d.svc.Outbox(d.as("olivia", "team"), domain.OutboxQuery{})
			must(t, err)
			if len(out) != 4 || out[0].Channel != domain.ChannelSMS || out[0].Handle != "rob" {
				t.Fatalf("outbox after sms on: %+v", out)
			}
		}},
		{"R44", "an assistant acting is not told of it; the practitioner is", func(t *testing.T, d *demo) {
			must(t, d.svc.NotifyForTest(d.as("asa", "assistant:rob"), domain.EventInvoiceIssued, d.ids["jane"], []domain.ID{d.ids["rob"]}, "Invoice issued."))
			robs := inbox(t, d, d.as("rob", "team"))
			if len(robs) != 1 || robs[0].Item.By != "Asa Ahmed (assistant) for Rob Reyes (coach)" {
				t.Fatalf("rob's inbox: %+v", robs)
			}
			if got := inbox(t, d, d.as("asa", "assistant:rob")); len(got) != 0 {
				t.Fatalf("asa was told of his own action: %+v", got)
			}
		}},
		{"R45", "reading the inbox; texts are sanitised; unlinking clears the assistant's copies", func(t *testing.T, d *demo) {
			must(t, d.svc.NotifyForTest(d.as("adam", "team"), domain.EventInvoicePaid, d.ids["jane"], []domain.ID{d.ids["rob"]}, "Paid \x1b]52;c;AAAA\x07in full"))
			must(t, d.svc.NotifyForTest(d.as("adam", "team"), domain.EventInvoicePaid, d.ids["jane"], []domain.ID{d.ids["rob"]}, "Paid again"))
			items := inbox(t, d, d.as("rob", "team"))
			if len(items) != 2 || strings.ContainsAny(items[1].Item.Text, "\x1b\x07") || items[0].Item.Text != "Paid again" {
				t.Fatalf("rob's inbox: %+v", items)
			}
			if n, err := d.svc.UnreadCount(d.as("rob", "team")); err != nil || n != 2 {
				t.Fatalf("unread %d %v", n, err)
			}
			n, err := d.svc.MarkRead(d.as("rob", "team"), items[0].Item.ID)
			must(t, err)
			_, err = d.svc.MarkRead(d.as("mira", "team"), items[1].Item.ID)
			wantKind(t, err, domain.KindNotFound) // not mira's
			unread, err := d.svc.Inbox(d.as("rob", "team"), domain.InboxQuery{Unread: true})
			must(t, err)
			if n != 1 || len(unread) != 1 || unread[0].Item.ID != items[1].Item.ID {
				t.Fatalf("unread after one read: %+v", unread)
			}
			n, err = d.svc.MarkRead(d.as("asa", "assistant:rob"), 0)
			must(t, err)
			if n != 2 {
				t.Fatalf("asa marked %d read", n)
			}
			must(t, d.svc.UnlinkAssistant(d.as("olivia", "team"), "asa", "rob"))
			_, err = d.svc.LinkAssistant(d.as("olivia", "team"), "asa", "rob")
			must(t, err)
			if got := inbox(t, d, d.as("asa", "assistant:rob")); len(got) != 0 {
				t.Fatalf("asa kept rob's notifications after unlinking: %+v", got)
			}
		}},
		{"R36", "adding a contact tells the client and the other contacts", func(t *testing.T, d *demo) {
			_, err := d.svc.AddContact(d.as("olivia", "team"), domain.AddContactIn{Client: "jane", Notify: true,
				Contact: domain.NewContact{Handle: "kim", Name: "Kim Kline", Email: "kim@example.com", Perms: "schedule"}})
			must(t, err)
			if got := inbox(t, d, d.as("jane", "me")); len(got) != 1 || got[0].Item.Event != domain.EventContactAdded {
				t.Fatalf("jane's inbox: %+v", got)
			}
			if got := inbox(t, d, d.as("eve", "contact:jane")); len(got) != 1 {
				t.Fatalf("eve's inbox: %+v", got)
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

// R6, R19: deleting someone removes the outbox items addressed to them and
// those about them; everyone else's stay.
func TestDeletingSomeoneEmptiesTheirOutbox(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam := d.as("adam", "team")
	jane, alex := d.ids["jane"], d.ids["alex"]
	must(t, d.svc.NotifyForTest(adam, domain.EventSessionChanged, jane, []domain.ID{jane, d.ids["eve"]}, "Jane's session moved."))
	must(t, d.svc.NotifyForTest(adam, domain.EventSessionChanged, alex, []domain.ID{alex, d.ids["pat"]}, "Alex's session moved."))
	owner := d.as("olivia", "team")
	before, err := d.svc.Outbox(owner, domain.OutboxQuery{})
	must(t, err)
	mentions := func(items []domain.OutboxItem, id domain.ID) int {
		n := 0
		for _, it := range items {
			if it.Person == id || it.About == id {
				n++
			}
		}
		return n
	}
	// each told the client, one contact and the client's primary coach (R12)
	if mentions(before, jane) != 3 || mentions(before, alex) != 3 {
		t.Fatalf("the outbox before: %+v", before)
	}
	must(t, d.svc.DeletePerson(owner, "jane", "jane"))
	after, err := d.svc.Outbox(owner, domain.OutboxQuery{})
	must(t, err)
	if n := mentions(after, jane); n != 0 {
		t.Errorf("%d outbox items to or about deleted jane remain: %+v", n, after)
	}
	if mentions(after, alex) != 3 || len(after) != len(before)-3 {
		t.Errorf("other people's outbox items went too: before %d, after %+v", len(before), after)
	}
	if err := d.db.Check(); err != nil {
		t.Fatal(err)
	}
}

// Deleting someone finds their outbox items in a read transaction before
// the deletion's write, so that walking the whole outbox holds no other
// write back. What lands between the two is found too (R6): an item sent
// about them meanwhile goes, and one the read found that is gone by the
// write (deleted with someone else it was about) is no error.
func TestDeletingSomeoneFindsWhatWasSentMeanwhile(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	adam, owner := d.as("adam", "team"), d.as("olivia", "team")
	jane, alex, eve := d.ids["jane"], d.ids["alex"], d.ids["eve"]
	must(t, d.svc.NotifyForTest(adam, domain.EventSessionChanged, jane, []domain.ID{jane, eve}, "Jane's session moved."))
	must(t, d.svc.NotifyForTest(adam, domain.EventSessionChanged, alex, []domain.ID{alex, d.ids["pat"]}, "Alex's session moved."))
	hooked := false
	d.svc.AfterOutboxScanForTest(func() {
		if hooked {
			return // the deletion of eve below runs it too
		}
		hooked = true
		// After the read found jane's items: more about her, and eve
		// deleted with the item she had about jane.
		must(t, d.svc.NotifyForTest(adam, domain.EventSessionChanged, jane, []domain.ID{jane, d.ids["pat"]}, "Jane's session moved again."))
		must(t, d.svc.DeletePerson(owner, "eve", "eve"))
	})
	mentions := func(id domain.ID) (n, all int) {
		items, err := d.svc.Outbox(owner, domain.OutboxQuery{})
		must(t, err)
		for _, it := range items {
			if it.Person == id || it.About == id {
				n++
			}
		}
		return n, len(items)
	}
	alexBefore, _ := mentions(alex)
	must(t, d.svc.DeletePerson(owner, "jane", "jane"))
	if !hooked {
		t.Fatal("the deletion did not read the outbox before its write")
	}
	if n, items := mentions(jane); n != 0 {
		t.Errorf("%d of %d outbox items to or about deleted jane remain", n, items)
	}
	if n, _ := mentions(alex); n != alexBefore || alexBefore == 0 {
		t.Errorf("alex's outbox items: %d before jane's deletion, %d after", alexBefore, n)
	}
	if err := d.db.Check(); err != nil {
		t.Fatal(err)
	}
}

// A notification writes one entry in its recipient's box — under unread
// until it is read, then under box — so a use case that tells three
// people touches three places in the index, not six. An item stored
// under both (as every unread item was before) shows and counts once, and
// reading it leaves one entry.
func TestInboxItemHasOneBoxEntry(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	jane, me := d.ids["jane"], d.as("jane", "me")
	entries := func(id domain.ID) (box, unread int) {
		t.Helper()
		b, u, err := d.svc.InboxEntriesForTest(jane)
		must(t, err)
		for _, x := range b {
			box += btoi(x == id)
		}
		for _, x := range u {
			unread += btoi(x == id)
		}
		return box, unread
	}
	shown := func(id domain.ID, q domain.InboxQuery) int {
		t.Helper()
		items, err := d.svc.Inbox(me, q)
		must(t, err)
		n := 0
		for _, it := range items {
			n += btoi(it.Item.ID == id)
		}
		return n
	}
	unreadCount := func() int {
		t.Helper()
		n, err := d.svc.UnreadCount(me)
		must(t, err)
		return n
	}

	before := unreadCount()
	must(t, d.svc.NotifyForTest(d.as("adam", "team"), domain.EventSessionBooked, jane, []domain.ID{jane}, "Session booked."))
	items := inbox(t, d, me)
	id := items[0].Item.ID
	if box, unread := entries(id); box != 0 || unread != 1 {
		t.Fatalf("a new item is under box %d times and unread %d times, want 0 and 1", box, unread)
	}
	if shown(id, domain.InboxQuery{}) != 1 || shown(id, domain.InboxQuery{Unread: true}) != 1 || unreadCount() != before+1 {
		t.Fatalf("a new item is not listed and counted once")
	}
	_, err := d.svc.MarkRead(me, id)
	must(t, err)
	if box, unread := entries(id); box != 1 || unread != 0 {
		t.Fatalf("a read item is under box %d times and unread %d times, want 1 and 0", box, unread)
	}
	if shown(id, domain.InboxQuery{}) != 1 || shown(id, domain.InboxQuery{Unread: true}) != 0 || unreadCount() != before {
		t.Fatalf("a read item is not listed once, or still counted unread")
	}

	old, err := d.svc.OldInboxItemForTest(jane, "Stored before.")
	must(t, err)
	if box, unread := entries(old); box != 1 || unread != 1 {
		t.Fatalf("the old item is under box %d times and unread %d times", box, unread)
	}
	if shown(old, domain.InboxQuery{}) != 1 || shown(old, domain.InboxQuery{Unread: true}) != 1 || unreadCount() != before+1 {
		t.Fatalf("an item under both indexes is not listed and counted once")
	}
	_, err = d.svc.MarkRead(me, old)
	must(t, err)
	if box, unread := entries(old); box != 1 || unread != 0 {
		t.Fatalf("the old item, read, is under box %d times and unread %d times, want 1 and 0", box, unread)
	}
	if shown(old, domain.InboxQuery{}) != 1 || unreadCount() != before {
		t.Fatalf("the old item, read, is not listed once, or still counted unread")
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
