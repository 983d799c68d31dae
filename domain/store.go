package domain

import "io"

// The store is an ordered key/value database with collections of records,
// secondary indexes and serializable transactions. bbolt implements it in
// package store; an etcd-backed store can implement the same contract (one
// key prefix per collection and index, a transaction per use case, a watch on
// the change keys for the feed), which is why the domain speaks in these
// terms and nothing bbolt-specific.

// Feed names one channel of the change feed: what a transaction marks with
// Tx.Changed and what a screen watches with Store.Watch. There are these
// kinds, and no other meaning is encoded in ids or action names:
//   - PersonFeed(id): something about one person changed (their access,
//     their data, their inbox); that person's sessions reload.
//   - TeamFeed: the team's shape changed (people, pairings, permissions,
//     links, groups); every team screen that lists the team reloads.
//   - PracticeFeed: some client's practice data changed (sessions,
//     packages, invoices, payments, notes, progress), for the views that
//     show every client's and so belong to none of the people concerned.
//   - OutboxFeed and ScheduleFeed: an email was queued, a due time was
//     stored; the server's background workers wake (mail.go, schedule.go).
//
// A feed is a comparable value (a map key) and has a stable name, Key, for
// a store that keeps the feed outside the process (an etcd store writes
// one key per feed a transaction marked, in the same transaction, and
// watches those keys).
type Feed struct {
	Topic  Topic
	Person ID // the person, for TopicPerson; 0 otherwise
}

// Topic is a feed's kind.
type Topic uint8

const (
	TopicPerson Topic = iota + 1 // the zero Feed is no feed
	TopicTeam
	TopicPractice
	TopicOutbox
	TopicSchedule
)

// PersonFeed is the feed of one person's own sessions.
func PersonFeed(id ID) Feed { return Feed{Topic: TopicPerson, Person: id} }

var (
	// TeamFeed: the team's shape changed.
	TeamFeed = Feed{Topic: TopicTeam}
	// PracticeFeed: any client's practice data changed.
	PracticeFeed = Feed{Topic: TopicPractice}
	// OutboxFeed: an email was queued (the mail worker wakes).
	OutboxFeed = Feed{Topic: TopicOutbox}
	// ScheduleFeed: a due time was stored (the scheduler wakes).
	ScheduleFeed = Feed{Topic: TopicSchedule}
)

// Key names the feed as a key that sorts and never collides:
// "person/<ID.Key()>", "team", "practice", "outbox", "schedule".
func (f Feed) Key() string {
	switch f.Topic {
	case TopicPerson:
		return "person/" + f.Person.Key()
	case TopicTeam:
		return "team"
	case TopicPractice:
		return "practice"
	case TopicOutbox:
		return "outbox"
	case TopicSchedule:
		return "schedule"
	}
	return "none"
}

// Collection names a kind of record (a bucket).
type Collection string

// Index is one secondary-index entry of a record. Key is compared as bytes,
// so build it from fixed-width parts (ID.Key, UTC times in RFC 3339).
type Index struct {
	Name   string
	Key    string
	Unique bool // at most one record per key; Put refuses a second (ErrConflict)
}

// Query selects index entries: those whose key starts with Prefix, from
// From (inclusive) or after After (exclusive) onwards, in key order or, with
// Reverse, backwards from there. Index "" is the collection itself, keyed by
// ID.Key().
type Query struct {
	Index   string
	Prefix  string
	From    string
	After   string
	Reverse bool
}

// Tx is one transaction. A use case runs entirely inside one: everything it
// wrote commits together or not at all.
type Tx interface {
	// Get decodes the record id into v; KindNotFound if there is none.
	Get(c Collection, id ID, v any) error
	// Put stores v as record id and replaces the record's index entries with idx.
	Put(c Collection, id ID, v any, idx ...Index) error
	// Delete removes the record and its index entries.
	Delete(c Collection, id ID) error
	// NextID reserves a new id in c.
	NextID(c Collection) (ID, error)
	// Lookup finds the record under a unique index key; KindNotFound if none.
	Lookup(c Collection, index, key string) (ID, error)
	// Scan visits matching entries until fn returns false or an error.
	Scan(c Collection, q Query, fn func(key string, id ID) (bool, error)) error
	// Count is the number of records in c.
	Count(c Collection) (int, error)
	// Changed marks feeds this transaction changed (PersonFeed for people
	// whose access or data changed, TeamFeed, PracticeFeed); once it
	// commits, each feed's watchers are told, once. A transaction that
	// fails tells no one.
	Changed(feeds ...Feed)
	// Writable reports whether this is a read-write transaction.
	Writable() bool
}

// Store opens transactions and carries the change feed.
type Store interface {
	View(fn func(Tx) error) error
	// Update runs fn in a read-write transaction: all of fn's writes
	// commit, durably, before Update returns nil, or none do. A store may
	// run fn more than once (a transaction shared by concurrent writers
	// is rolled back and run again when one of them fails; etcd retries
	// on conflict): fn must change nothing outside the transaction but the
	// results it hands back, and set those afresh on every run — assign,
	// never append to what a run before may have left.
	Update(fn func(Tx) error) error
	// Watch returns a channel that receives a value after every committed
	// transaction that marked f (coalesced: one pending value at most, so a
	// burst wakes a watcher once and a slow reader never blocks a writer),
	// and a function that stops the watch (safe to call twice). The value
	// says only "look again": a watcher re-reads what it shows.
	Watch(f Feed) (<-chan struct{}, func())
	// Backup writes a consistent copy of the whole database to w.
	Backup(w io.Writer) (int64, error)
	Close() error
}
