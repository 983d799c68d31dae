package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"behalf/sanitize"
)

// Notifications (R12, R45): every person has settings per event and
// channel, an in-portal inbox, and an outbox that records what would go out
// by email or SMS (the owner reads it; behalf sends no mail itself).

// Collections of this part of the domain.
const (
	colNotifySettings Collection = "notify_settings"
	colInbox          Collection = "inbox"
	colOutbox         Collection = "outbox"
)

// Actions of the inbox and outbox (settings are ActNotificationsShow/Set).
const (
	ActInboxList           Action = "inbox.list"
	ActInboxRead           Action = "inbox.read"
	ActNotificationsOutbox Action = "notifications.outbox"
)

// ruleOwnInbox: everyone reads their own inbox, in every workspace; the
// use case shows only what belongs to the workspace.
func ruleOwnInbox(j judge, _ Target) Decision { return allow("everyone reads their own inbox") }

// Event is something people may be told about.
type Event string

const (
	EventSessionBooked  Event = "session_booked"
	EventSessionChanged Event = "session_changed"
	EventInvoiceIssued  Event = "invoice_issued"
	EventInvoicePaid    Event = "invoice_paid"
	EventContactAdded   Event = "contact_added"
	EventProgressShared Event = "progress_shared"
	EventActionAssigned Event = "action_assigned" // an action assigned, changed or reopened
	EventActionDone     Event = "action_done"     // a client did an action
	EventMetricRecorded Event = "metric_recorded" // a metric set up, or a value recorded
	EventGroupActivity  Event = "group_activity"  // a group's post, or joining a group
	// EventSubscriptionChanged: a subscription paused, resumed, renewed
	// or not, cancelled or ended (R55).
	EventSubscriptionChanged Event = "subscription_changed"
	// Reminders (reminders.go): before a session, and on an action's due day.
	EventSessionReminder Event = "session_reminder"
	EventActionDue       Event = "action_due"
)

// Events lists the events settings exist for, in the contract's order.
var Events = []Event{EventSessionBooked, EventSessionChanged, EventInvoiceIssued, EventInvoicePaid, EventContactAdded, EventProgressShared,
	EventActionAssigned, EventActionDone, EventMetricRecorded, EventGroupActivity, EventSubscriptionChanged}

// Inbox-only kinds: always delivered to the portal, not governed by settings.
const (
	KindTask    Event = "task"    // a task assigned to you, or one you made completed
	KindMessage Event = "message" // a new message in a client conversation
)

// Channel is how a notification reaches someone.
type Channel string

const (
	ChannelPortal Channel = "portal"
	ChannelEmail  Channel = "email"
	ChannelSMS    Channel = "sms"
)

// Channels lists every channel, in the contract's order.
var Channels = []Channel{ChannelPortal, ChannelEmail, ChannelSMS}

// ParseEvent reads an event name.
func ParseEvent(s string) (Event, error) {
	e := Event(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Events, e) {
		return e, nil
	}
	names := make([]string, len(Events))
	for i, e := range Events {
		names[i] = string(e)
	}
	return "", invalidf("%q is not an event: use %s", clip(s, 30), strings.Join(names, ", "))
}

// ParseChannel reads portal|email|sms.
func ParseChannel(s string) (Channel, error) {
	c := Channel(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Channels, c) {
		return c, nil
	}
	return "", invalidf("%q is not a channel: use portal, email or sms", clip(s, 20))
}

// defaultOn: portal and email on, SMS off until someone turns it on.
func defaultOn(c Channel) bool { return c != ChannelSMS }

// NotificationSetting is one row of `notifications show`.
type NotificationSetting struct {
	Event   Event   `json:"event"`
	Channel Channel `json:"channel"`
	On      bool    `json:"on"`
}

// notifySettings is one person's choices; what is not stored is the default.
type notifySettings struct {
	ID     ID              `json:"id"`
	Person ID              `json:"person"`
	Values map[string]bool `json:"values"` // "event/channel" -> on
}

func settingKey(e Event, c Channel) string { return string(e) + "/" + string(c) }

func (n notifySettings) on(e Event, c Channel) bool {
	if v, ok := n.Values[settingKey(e, c)]; ok {
		return v
	}
	return defaultOn(c)
}

func (n notifySettings) rows() []NotificationSetting {
	out := make([]NotificationSetting, 0, len(Events)*len(Channels))
	for _, e := range Events {
		for _, c := range Channels {
			out = append(out, NotificationSetting{Event: e, Channel: c, On: n.on(e, c)})
		}
	}
	return out
}

func loadNotifySettings(tx Tx, person ID) (notifySettings, error) {
	id, err := tx.Lookup(colNotifySettings, "person", person.Key())
	if KindOf(err) == KindNotFound {
		return notifySettings{Person: person}, nil
	}
	if err != nil {
		return notifySettings{}, err
	}
	return get[notifySettings](tx, colNotifySettings, id)
}

func saveNotifySettings(tx Tx, n *notifySettings) error {
	if err := newID(tx, colNotifySettings, &n.ID); err != nil {
		return err
	}
	return tx.Put(colNotifySettings, n.ID, n, Index{Name: "person", Key: n.Person.Key(), Unique: true})
}

// settingsOwner is whose settings this workspace edits: the managed
// practitioner's in an assistant workspace (R45), one's own elsewhere.
func (o *op) settingsOwner() Person {
	if o.a.Workspace.Kind == WSAssistant {
		return o.a.Principal
	}
	return o.a.Actor
}

// NotificationSettings returns the settings this workspace edits, one row
// per event and channel.
func (s *Service) NotificationSettings(who Who) ([]NotificationSetting, error) {
	var out []NotificationSetting
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActNotificationsShow, Target{}); err != nil {
			return err
		}
		n, err := loadNotifySettings(o.tx, o.settingsOwner().ID)
		out = n.rows()
		return err
	})
	return out, err
}

// SetNotification turns one event on one channel on or off. In an
// assistant workspace it changes the practitioner's settings, which every
// assistant of theirs shares (R45); assistants never touch SMS.
func (s *Service) SetNotification(who Who, e Event, c Channel, on bool) (NotificationSetting, error) {
	var out NotificationSetting
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActNotificationsSet, Target{Channel: string(c)}); err != nil {
			return err
		}
		if _, err := ParseEvent(string(e)); err != nil {
			return err
		}
		if _, err := ParseChannel(string(c)); err != nil {
			return err
		}
		owner := o.settingsOwner()
		n, err := loadNotifySettings(o.tx, owner.ID)
		if err != nil {
			return err
		}
		if n.on(e, c) == on {
			return conflictf("%s by %s is already %s", e, c, onOff(on))
		}
		if n.Values == nil {
			n.Values = map[string]bool{}
		}
		n.Values[settingKey(e, c)] = on
		if err := saveNotifySettings(o.tx, &n); err != nil {
			return err
		}
		// The practitioner and all their assistants share this record (R45).
		o.changed(owner.ID)
		links, err := assistantsOf(o.tx, owner.ID)
		if err != nil {
			return err
		}
		for _, l := range links {
			o.changed(l.Assistant)
		}
		out = NotificationSetting{Event: e, Channel: c, On: on}
		return o.audit(ActNotificationsSet, record{Target: owner.Handle, Person: owner.ID, Detail: settingKey(e, c) + " " + onOff(on)})
	})
	return out, err
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// --- delivery

// InboxItem is one notification in a person's in-portal inbox. Its words
// keep the people in them by id (Words, Actor), named when the item is
// read, so who the reader may see is decided then (parties.go, R14).
// Text and By hold what items written before that say, and what Inbox
// shows.
type InboxItem struct {
	ID     ID        `json:"id"`
	Person ID        `json:"person"` // the recipient
	Event  Event     `json:"event"`
	About  ID        `json:"about,omitempty"` // the client concerned
	Words  []Word    `json:"words,omitempty"`
	Text   string    `json:"text,omitempty"`
	At     time.Time `json:"at"`
	Read   bool      `json:"read,omitempty"`
	// Actor is who caused it; Behalf whom they acted for (R44).
	Actor  ID `json:"actor,omitempty"`
	Behalf ID `json:"behalf,omitempty"`
	// By is who caused it, as shown: "Asa Ahmed (assistant) for Rob Reyes (coach)".
	By string `json:"by,omitempty"`
	// For is the practitioner an assistant received it for.
	For ID `json:"for,omitempty"`
	// Scope is the workspace the item belongs to ("team", "me",
	// "contact:jane", "assistant:rob"); "" shows in every workspace.
	Scope string `json:"scope,omitempty"`
}

// OutboxItem records a notification for a channel outside the portal.
type OutboxItem struct {
	ID      ID        `json:"id"`
	Person  ID        `json:"person"`
	Handle  string    `json:"handle"`
	To      string    `json:"to"` // the address at the time
	Channel Channel   `json:"channel"`
	Event   Event     `json:"event"`
	About   ID        `json:"about,omitempty"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	// An email's queue state (mail.go): its subject and text as sent, the
	// Message-ID every attempt carries, the status, the failed attempts,
	// the next try, and the mail server's last reply.
	Subject   string     `json:"subject,omitempty"`
	Body      string     `json:"body,omitempty"`
	MessageID string     `json:"message_id,omitempty"`
	Status    MailStatus `json:"status,omitempty"`
	Attempts  int        `json:"attempts,omitempty"`
	NextAt    time.Time  `json:"next_at,omitzero"`
	SentAt    time.Time  `json:"sent_at,omitzero"`
	Reply     string     `json:"reply,omitempty"`
	LastError string     `json:"last_error,omitempty"`
	// Secret is an invitation code while its email waits (invite_email.go).
	Secret string `json:"secret,omitempty"`
	// fields fill the email template's placeholders beside the text (not
	// stored: the email is written out whole when queued).
	fields map[string]string
}

// MaxNotifyText bounds one notification's text.
const MaxNotifyText = 300

// An inbox item is under one of two indexes, by its box (person/scope/
// id): "unread" until it is read, then "box". A notification writes one
// entry in a person's box, not two: each is a leaf of a large tree, with
// its parent, in the commit of every use case that notifies (a booking
// tells three people or more). A box is read from both (inboxQueries);
// an item written before this rule may still be under both until it is
// read, and the merge shows it once.
func inboxIndexes(it *InboxItem) []Index {
	box := it.Person.Key() + "/" + it.Scope + "/" + it.ID.Key()
	name := "box"
	if !it.Read {
		name = "unread"
	}
	idx := []Index{{Name: name, Key: box}}
	if it.About != 0 {
		idx = append(idx, Index{Name: "about", Key: pairKey(it.About, it.ID)})
	}
	return idx
}

func saveInboxItem(tx Tx, it *InboxItem) error {
	if err := newID(tx, colInbox, &it.ID); err != nil {
		return err
	}
	return tx.Put(colInbox, it.ID, it, inboxIndexes(it)...)
}

// saveOutboxItem keeps one index only while an email waits to be sent
// (the queue, mail.go): the outbox is read whole, newest first, and only
// deleting someone looks for their items (deleteOutboxOf). Each index
// entry is a leaf and its parents in every commit that notifies, and a
// booking notifies three or more people.
func saveOutboxItem(tx Tx, it *OutboxItem) error {
	if err := newID(tx, colOutbox, &it.ID); err != nil {
		return err
	}
	return tx.Put(colOutbox, it.ID, it, queueIndexes(it)...)
}

// deleteOutboxOf removes the outbox items addressed to person or about
// them (R6: a deleted person is gone, their address and what was said
// about them too). The outbox keeps no index for it (deleting someone is
// rare, and an index would cost every notification), so the items are
// found by walking it: seen, if it is person's, is what a read
// transaction found before this one (scanOutboxOf), and only the items
// written since are walked here — the walk over the whole outbox, a
// second or more at a large practice, holds no other write back.
func deleteOutboxOf(tx Tx, person ID, seen *outboxScan) error {
	var found []ID
	q := Query{}
	if seen != nil && seen.person == person {
		found, q.After = seen.ids, seen.upTo.Key()
	}
	ids, _, err := outboxOf(tx, person, q)
	if err != nil {
		return err
	}
	// An item the read found may be gone since (deleted with someone it
	// was also about): deleting it again changes nothing.
	return deleteAll(tx, colOutbox, append(ids, found...))
}

// outboxOf walks the outbox items q selects for those to or about person,
// reading each item's head only; last is the last item it read.
func outboxOf(tx Tx, person ID, q Query) (ids []ID, last ID, err error) {
	err = each(tx, colOutbox, q, func(it outboxHead) (bool, error) {
		if it.Person == person || it.About == person {
			ids = append(ids, it.ID)
		}
		last = it.ID
		return true, nil
	})
	return ids, last, err
}

// outboxScan is what a read of the whole outbox found for person: the
// items to or about them, and the newest item it read. An outbox item
// never changes whom it went to or was about, and a new one takes an id
// above every stored one, so the items after upTo are all the write has
// to look at.
type outboxScan struct {
	person ID
	ids    []ID
	upTo   ID
}

// outboxHead is what a walk of the outbox reads of each item to pick
// the ones it wants: its id, whom it went to, whom it was about and its
// status — not its text.
type outboxHead struct {
	ID     ID         `json:"id"`
	Person ID         `json:"person"`
	About  ID         `json:"about,omitempty"`
	Status MailStatus `json:"status,omitempty"`
}

// scanOutboxOf walks the outbox for the items to or about the person
// handle names, in a read transaction of its own, before their deletion's
// write (DeletePersonPassing). It walks only for a deletion that would
// go ahead: a refusal (no such person, not allowed, not confirmed) is the
// write's to give, and it gives it before looking at the outbox.
func (s *Service) scanOutboxOf(who Who, handle, confirm string) (*outboxScan, error) {
	var seen *outboxScan
	err := s.read(who, func(o *op) error {
		p, err := o.person(handle)
		if err != nil || o.authorize(ActPeopleDelete, Target{Person: &p}) != nil || strings.TrimSpace(confirm) != p.Handle {
			return nil
		}
		ids, last, err := outboxOf(o.tx, p.ID, Query{})
		if err == nil {
			seen = &outboxScan{person: p.ID, ids: ids, upTo: last}
		}
		return err
	})
	return seen, err
}

func assistantScope(pr Person) string { return string(WSAssistant) + ":" + pr.Handle }

// byLabel names who acts as task records show it: the actor, and for an
// assistant "Asa Ahmed for Rob Reyes" (R44).
func (o *op) byLabel() string {
	if o.a.Workspace.Kind == WSAssistant {
		return o.a.Actor.Name + " for " + o.a.Principal.Name
	}
	return o.a.Actor.Name
}

// scopeFor is the workspace in which recipient r reads about client about.
func (o *op) scopeFor(r Person, about ID) string {
	if about != 0 && r.ID == about && r.Client {
		return string(WSMe)
	}
	if about != 0 && r.Contact {
		// A failure to read must not file the item where every workspace
		// shows it (R32): the use case fails instead.
		_, err := linkOf(o.tx, about, r.ID)
		if err == nil {
			c, err := loadPerson(o.tx, about)
			if err == nil {
				return string(WSContact) + ":" + c.Handle
			}
			o.fail(err)
		} else if KindOf(err) != KindNotFound {
			o.fail(err)
		}
	}
	return personalScope(r)
}

// personalScope: where someone reads what is addressed to them personally
// — the team workspace for a team member, every workspace otherwise.
func personalScope(p Person) string {
	if p.IsTeam() {
		return string(WSTeam)
	}
	return ""
}

func notifyText(text string) string {
	text = strings.TrimSpace(sanitize.Line(text))
	if utf8.RuneCountInString(text) > MaxNotifyText {
		text = string([]rune(text)[:MaxNotifyText-1]) + "…"
	}
	return text
}

// notify tells recipients that ev happened (about: the client concerned,
// or 0), each by the channels their own settings have on. Call it inside a
// use case's transaction, after authorising and changing. For a team
// member the portal copy also goes to each of their assistants, who manage
// their notifications (R45); email and SMS are recorded in the outbox,
// worded for the recipient's eyes as they are now (parties.go).
// The person who acted is not told of their own action; inactive and
// unknown recipients are skipped; duplicates are told once.
//
// This is the one place recipients are completed: whatever concerns a
// client also reaches the client's primary coach (R12), and so, through
// the portal copy, the primary's assistants (R45) — each by their own
// settings.
func (o *op) notify(ev Event, about ID, recipients []ID, w []Word) error {
	return o.notifyScoped(ev, about, recipients, w, nil)
}

// notifyScoped is notify with the workspace each recipient reads it in
// decided by scopeOf (nil: scopeFor), for what concerns no one client (a
// group's post reaches members in their portal, coaches in the team).
func (o *op) notifyScoped(ev Event, about ID, recipients []ID, w []Word, scopeOf func(Person) string) error {
	if len(w) == 0 {
		return nil
	}
	if about != 0 {
		if p := primaryCoachID(o.tx, about); p != 0 {
			recipients = append(recipients, p)
		}
	}
	viewers := map[ID]*practiceView{}
	seen := map[ID]bool{o.a.Actor.ID: true}
	for _, rid := range recipients {
		if seen[rid] {
			continue
		}
		seen[rid] = true
		r, err := loadPerson(o.tx, rid)
		if err != nil || !r.Active() {
			continue
		}
		n, err := loadNotifySettings(o.tx, r.ID)
		if err != nil {
			return err
		}
		var scope string
		if scopeOf != nil {
			scope = scopeOf(r)
		} else {
			scope = o.scopeFor(r, about)
		}
		if n.on(ev, ChannelPortal) {
			it := InboxItem{Person: r.ID, Event: ev, About: about, Words: w, At: o.now, Actor: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Scope: scope}
			if err := saveInboxItem(o.tx, &it); err != nil {
				return err
			}
			o.changed(r.ID)
			if r.IsTeam() {
				if err := o.copyToAssistants(r, it); err != nil {
					return err
				}
			}
		}
		var text string
		var fields map[string]string
		for _, ch := range []Channel{ChannelEmail, ChannelSMS} {
			if !n.on(ev, ch) || ch == ChannelEmail && r.Email == "" {
				continue
			}
			if text == "" {
				sight := sightOf(scope, r, about)
				if viewers[sight] == nil {
					viewers[sight] = o.viewerFor(sight)
				}
				text = viewers[sight].words(w, about)
				// The email template's own placeholders, worded for the
				// same eyes (reminders.go sets them).
				fields = map[string]string{}
				if about != 0 {
					fields["client"] = viewers[sight].words(say(about), about)
				}
				for k, fw := range o.emailWords {
					fields[k] = viewers[sight].words(fw, about)
				}
			}
			if err := o.s.sendOut(o.tx, o.a.Org, r, ch, OutboxItem{Event: ev, About: about, Text: text, At: o.now, fields: fields}); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyToAssistants gives every active assistant of practitioner pr (but
// the one acting) the portal copy of it, in their assistant:<pr> inbox.
func (o *op) copyToAssistants(pr Person, it InboxItem) error {
	links, err := assistantsOf(o.tx, pr.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Assistant == o.a.Actor.ID {
			continue
		}
		as, err := loadPerson(o.tx, l.Assistant)
		if err != nil || !as.Active() {
			continue
		}
		cp := it
		cp.ID, cp.Person, cp.For, cp.Scope = 0, as.ID, pr.ID, assistantScope(pr)
		if err := saveInboxItem(o.tx, &cp); err != nil {
			return err
		}
		o.changed(as.ID)
	}
	return nil
}

// tell puts an item in one person's inbox whatever their settings say
// (task assignments, messages); scope "" shows it in every workspace.
func (o *op) tell(kind Event, to Person, about ID, scope string, w []Word) error {
	if to.ID == o.a.Actor.ID || !to.Active() || len(w) == 0 {
		return nil
	}
	it := InboxItem{Person: to.ID, Event: kind, About: about, Words: w, At: o.now, Actor: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Scope: scope}
	if err := saveInboxItem(o.tx, &it); err != nil {
		return err
	}
	o.changed(to.ID)
	return nil
}

func init() {
	// contact_flows.go calls this when a contact is added (R36).
	notifyHook = func(o *op, event string, about ID, to []ID, w []Word) error {
		return o.notify(Event(event), about, to, w)
	}
}

// --- reading the inbox

// InboxQuery narrows `inbox list`.
type InboxQuery struct {
	Unread bool
	Before ID // page: items older than this id
	Limit  int
}

// InboxView is one inbox item as screens show it: Item.Text and Item.By
// worded for the reader's eyes now (parties.go).
type InboxView struct {
	Item  InboxItem
	By    *Party  // who caused it, when known
	About *Person // the client concerned, when still there
	For   *Person // the practitioner an assistant received it for
}

// inboxScopes are the boxes a workspace shows: its own and the
// every-workspace one.
func (o *op) inboxScopes() []string { return []string{o.a.Workspace.ID, ""} }

// Inbox lists the signed-in person's notifications in this workspace,
// newest first. What arrived for one workspace never shows in another
// (R32): an assistant reads each practitioner's notifications in that
// practitioner's workspace.
func (s *Service) Inbox(who Who, q InboxQuery) ([]InboxView, error) {
	var out []InboxView
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActInboxList, Target{}); err != nil {
			return err
		}
		var qs []Query
		for _, sc := range o.inboxScopes() {
			qs = append(qs, inboxQueries(o.a.Actor.ID, sc, q.Unread, q.Before)...)
		}
		ids, err := mergeNewest(o.tx, colInbox, qs, pageSize(q.Limit), nil)
		if err != nil {
			return err
		}
		items, err := getAll[InboxItem](o.tx, colInbox, ids)
		if err != nil {
			return err
		}
		viewers := map[ID]*practiceView{}
		for _, it := range items {
			sight := sightOf(it.Scope, o.a.Actor, it.About)
			if viewers[sight] == nil {
				viewers[sight] = o.viewerFor(sight)
			}
			v := viewers[sight].inboxItem(it)
			if it.About != 0 {
				if p, err := loadPerson(o.tx, it.About); err == nil {
					v.About = &p
				}
			}
			if it.For != 0 {
				if p, err := loadPerson(o.tx, it.For); err == nil {
					v.For = &p
				}
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// inboxQueries read person's box for scope newest first, before an id
// (0: from the newest): its unread items, or all of them.
func inboxQueries(person ID, scope string, unread bool, before ID) []Query {
	prefix := person.Key() + "/" + scope + "/"
	qs := []Query{newestFirst("unread", prefix, before)}
	if !unread {
		qs = append(qs, newestFirst("box", prefix, before))
	}
	return qs
}

// inboxIDs are the items under prefix (person/ or person/scope/), read or not.
func inboxIDs(tx Tx, prefix string) ([]ID, error) {
	ids, err := idsUnder(tx, colInbox, "box", prefix)
	if err != nil {
		return nil, err
	}
	unread, err := idsUnder(tx, colInbox, "unread", prefix)
	return append(ids, unread...), err
}

// MaxUnreadCount caps the unread counter (screens show "99+").
const MaxUnreadCount = 100

// UnreadCount is how many unread items this workspace's inbox holds, up to
// MaxUnreadCount.
func (s *Service) UnreadCount(who Who) (int, error) {
	n := 0
	err := s.read(who, func(o *op) error {
		for _, sc := range o.inboxScopes() {
			err := o.tx.Scan(colInbox, Query{Index: "unread", Prefix: o.a.Actor.ID.Key() + "/" + sc + "/"}, func(string, ID) (bool, error) {
				n++
				return n < MaxUnreadCount, nil
			})
			if err != nil || n >= MaxUnreadCount {
				return err
			}
		}
		return nil
	})
	return n, err
}

// MarkRead marks one inbox item read, or with id 0 every unread item of
// this workspace's inbox; it returns how many changed.
func (s *Service) MarkRead(who Who, id ID) (int, error) {
	n := 0
	err := s.write(who, func(o *op) error {
		if err := o.authorize(ActInboxRead, Target{}); err != nil {
			return err
		}
		var items []InboxItem
		if id != 0 {
			it, err := get[InboxItem](o.tx, colInbox, id)
			if err != nil || it.Person != o.a.Actor.ID || !slices.Contains(o.inboxScopes(), it.Scope) {
				return notFoundf("there is no item %s in this inbox", id)
			}
			if it.Read {
				return conflictf("item %s is already read", id)
			}
			items = append(items, it)
		} else {
			for _, sc := range o.inboxScopes() {
				some, err := all[InboxItem](o.tx, colInbox, Query{Index: "unread", Prefix: o.a.Actor.ID.Key() + "/" + sc + "/"})
				if err != nil {
					return err
				}
				items = append(items, some...)
			}
		}
		for i := range items {
			items[i].Read = true
			if err := saveInboxItem(o.tx, &items[i]); err != nil {
				return err
			}
		}
		n = len(items)
		if n == 0 {
			return nil
		}
		target := "inbox item " + id.String()
		if id == 0 {
			target = "inbox " + o.a.Workspace.ID
		}
		return o.audit(ActInboxRead, record{Target: target, Detail: strconv.Itoa(n) + " marked read"})
	})
	return n, err
}

// OutboxQuery pages the outbox, with only one status when Status is set.
type OutboxQuery struct {
	Before ID
	Limit  int
	Status MailStatus
}

// Outbox lists what would have gone out by email or SMS, newest first
// (owner only: it holds everyone's notifications).
func (s *Service) Outbox(who Who, q OutboxQuery) ([]OutboxItem, error) {
	var out []OutboxItem
	err := s.read(who, func(o *op) error {
		if err := o.authorize(ActNotificationsOutbox, Target{}); err != nil {
			return err
		}
		qq := Query{Reverse: true}
		if q.Before != 0 {
			qq.After = q.Before.Key()
		}
		limit := pageSize(q.Limit)
		show := func(it OutboxItem) (bool, error) {
			it.Status, it.Secret = it.StatusOf(), "" // an invitation code is its invitee's alone
			out = append(out, it)
			return len(out) < limit, nil
		}
		if q.Status == "" {
			return each(o.tx, colOutbox, qq, show)
		}
		// A status filter reads each item's head first, and the whole
		// item only if it is one to show: the failed emails of a year of
		// them lie among half a million.
		return each(o.tx, colOutbox, qq, func(h outboxHead) (bool, error) {
			if (OutboxItem{Status: h.Status}).StatusOf() != q.Status {
				return true, nil
			}
			it, err := get[OutboxItem](o.tx, colOutbox, h.ID)
			if err != nil {
				return false, err
			}
			return show(it)
		})
	})
	return out, err
}

// --- helpers shared by the lists of this part of the domain

// newestFirst scans an index whose keys end in an ID.Key(), under prefix,
// backwards from before (exclusive) or from the newest.
func newestFirst(index, prefix string, before ID) Query {
	q := Query{Index: index, Prefix: prefix, Reverse: true}
	if before != 0 {
		q.After = prefix + before.Key()
	}
	return q
}

// mergeNewest takes up to limit ids that keep accepts (nil: all) from
// each query (each newest first) and returns the newest limit of them all,
// without duplicates.
func mergeNewest(tx Tx, c Collection, qs []Query, limit int, keep func(ID) (bool, error)) ([]ID, error) {
	seen := map[ID]bool{}
	var ids []ID
	for _, q := range qs {
		n := 0
		err := tx.Scan(c, q, func(_ string, id ID) (bool, error) {
			if keep != nil {
				if ok, err := keep(id); err != nil || !ok {
					return err == nil, err
				}
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			n++
			return n < limit, nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(ids, func(a, b ID) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	if len(ids) > limit {
		ids = ids[:limit]
	}
	return ids, nil
}

// idsUnder collects the ids an index holds under prefix.
func idsUnder(tx Tx, c Collection, index, prefix string) ([]ID, error) {
	var ids []ID
	err := tx.Scan(c, Query{Index: index, Prefix: prefix}, func(_ string, id ID) (bool, error) {
		ids = append(ids, id)
		return true, nil
	})
	return ids, err
}

func deleteAll(tx Tx, c Collection, ids []ID) error {
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if err := tx.Delete(c, id); err != nil {
			return err
		}
	}
	return nil
}

// deleteInboxScope removes what person's inbox holds for one workspace
// (an assistant unlinked from a practitioner keeps nothing of theirs).
func deleteInboxScope(tx Tx, person ID, scope string) error {
	ids, err := inboxIDs(tx, person.Key()+"/"+scope+"/")
	if err != nil {
		return err
	}
	return deleteAll(tx, colInbox, ids)
}

// When someone is deleted (R6, R19): their inbox, outbox items and
// settings go, and every inbox and outbox item about them as a client.
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		mine, err := inboxIDs(o.tx, p.ID.Key()+"/")
		if err != nil {
			return err
		}
		about, err := idsUnder(o.tx, colInbox, "about", p.ID.Key()+"/")
		if err != nil {
			return err
		}
		if err := deleteAll(o.tx, colInbox, append(mine, about...)); err != nil {
			return err
		}
		if err := deleteOutboxOf(o.tx, p.ID, o.outboxSeen); err != nil {
			return err
		}
		n, err := loadNotifySettings(o.tx, p.ID)
		if err != nil || n.ID == 0 {
			return err
		}
		return o.tx.Delete(colNotifySettings, n.ID)
	})
}
