package domain

import (
	"crypto/rand"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"behalf/blobs"
	"behalf/ratelimit"
)

// Service is the one backend both faces share: the TUI and the SSH commands
// call its use cases, and nothing else reaches the store.
type Service struct {
	store  Store
	now    func() time.Time
	random io.Reader
	// holder names this server in workers' claims (claims.go).
	holder     string
	holderOnce sync.Once
	// Redemption attempts (R34), per key and per address (ratelimit.Addr).
	redeemKey, redeemAddr Limiter
	// Two-factor code attempts, per person and per address (twofactor.go).
	codePerson, codeAddr Limiter
	// Email (mail.go): whether emails are queued for a mail server, and
	// the address people reach this server at, for the ssh line in them.
	sendsMail  bool
	sshAddress string
	// Library files (library.go): where contents live, the limits, and
	// the bytes of uploads in flight, counted against the quota.
	files       *blobs.Store
	libLimits   LibraryLimits
	libInflight atomic.Int64
	// afterOutboxScan, if set (tests), runs between a deletion's read of
	// the outbox and its write (people.go).
	afterOutboxScan func()
}

// Options configure a Service; the zero value is what a server wants.
type Options struct {
	Now    func() time.Time // clock, for tests
	Random io.Reader        // source of invitation codes
	// SendsMail queues emails for the mail worker; without it the outbox
	// only keeps them (a server without --smtp).
	SendsMail bool
	// SSHAddress is host:port as people reach the server, for the ssh
	// line emails carry (default localhost:23234).
	SSHAddress string
	// Files keeps library files' contents; nil: this server keeps none.
	Files   *blobs.Store
	Library LibraryLimits // zero fields: the defaults
	// Budgets, if set, makes the limits on guessing (invitation codes,
	// two-factor codes) that every server of the store shares: burst
	// attempts at once per key, then one more every every. Nil: each
	// server counts on its own (ratelimit), as a bbolt file's one
	// server does.
	Budgets func(name string, every time.Duration, burst int) Limiter
	// Holder names this server in workers' claims (claims.go); "" makes
	// a name at random. A server that alone holds its store (a bbolt
	// file's lock) passes a fixed one, so that after a restart it takes
	// back its own claims at once.
	Holder string
}

func NewService(st Store, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Random == nil {
		opt.Random = rand.Reader
	}
	if opt.SSHAddress == "" {
		opt.SSHAddress = "localhost:23234"
	}
	budget := opt.Budgets
	if budget == nil {
		budget = func(_ string, every time.Duration, burst int) Limiter {
			return ratelimit.New(every, burst, redeemTracked)
		}
	}
	s := &Service{holder: opt.Holder, store: st, now: opt.Now, random: opt.Random, sendsMail: opt.SendsMail, sshAddress: opt.SSHAddress,
		redeemKey:  budget("redeem-key", redeemEveryKey, redeemBurstKey),
		redeemAddr: budget("redeem-addr", redeemEveryAddr, redeemBurstAddr),
		codePerson: budget("code-person", codeEveryPerson, codeBurstPerson),
		codeAddr:   budget("code-addr", codeEveryAddr, codeBurstAddr),
		files:      opt.Files, libLimits: opt.Library.orDefaults(),
	}
	return s
}

// Limiter takes one attempt for key at now if the key's budget allows it:
// ratelimit.Limiter counts in one process (the default); a store several
// servers share gives budgets they all count against (Options.Budgets).
type Limiter interface {
	Allow(key string, now time.Time) bool
}

// Now is the service's clock, in UTC.
func (s *Service) Now() time.Time { return s.now().UTC() }

// Watch tells when something about person changed (the change feed).
func (s *Service) Watch(person ID) (<-chan struct{}, func()) {
	return s.store.Watch(PersonFeed(person))
}

// changed marks people for the change feed (their own sessions reload).
func (o *op) changed(people ...ID) {
	for _, id := range people {
		if id != 0 {
			o.tx.Changed(PersonFeed(id))
		}
	}
}

// touchTeam tells every team screen that the team's shape changed
// (people, pairings, permissions, links, groups): a rare kind of change,
// so waking every team session for it costs little. Frequent ones
// (bookings, payments) reach only the people they concern.
func (o *op) touchTeam() { o.tx.Changed(TeamFeed) }

// op is one use case in flight: its transaction, the actor's access and
// the moment it runs at.
type op struct {
	s   *Service
	tx  Tx
	a   *Access
	now time.Time
	// people, when set (by a read-only use case), remembers the people
	// loadPerson has read in this transaction.
	people map[ID]Person
	// emailWords fill a notification email's template placeholders
	// ({{client}}, {{start}}, …), worded for each recipient (reminders.go).
	emailWords map[string][]Word
	// templatesTo: deleting a person, who receives the templates they own
	// (templates.go).
	templatesTo string
	// outboxSeen: deleting a person, what a read transaction before found
	// of their outbox items (inbox.go, deleteOutboxOf).
	outboxSeen *outboxScan
	// err is the first failure of a helper that has no error to return
	// (telling screens what changed, finding whom to notify); a write
	// with one fails whole instead of committing a change half-told.
	err error
}

// fail records err (the first one) for the use case to fail with.
func (o *op) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

// loadPerson loads someone by id, once per transaction when o.people is set.
func (o *op) loadPerson(id ID) (Person, error) {
	if p, ok := o.people[id]; ok {
		return p, nil
	}
	p, err := loadPerson(o.tx, id)
	if err == nil && o.people != nil {
		o.people[id] = p
	}
	return p, err
}

// read runs fn in a read-only transaction with who's access.
func (s *Service) read(who Who, fn func(*op) error) error {
	return s.store.View(func(tx Tx) error {
		o, err := s.begin(withMemo(tx), who)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
		return o.err
	})
}

// write runs fn in one read-write transaction with who's access: load,
// authorise, validate, change and audit all commit together or not at all.
// Nothing is written while the account is cancelled (R56, writable).
func (s *Service) write(who Who, fn func(*op) error) error {
	return s.writeIf(who, true, fn)
}

// writeIf is write; gated false lets the one use case that ends a
// cancellation (ReopenAccount) through.
func (s *Service) writeIf(who Who, gated bool, fn func(*op) error) error {
	return s.store.Update(func(tx Tx) error {
		o, err := s.begin(withMemo(tx), who)
		if err != nil {
			return err
		}
		if gated {
			if err := o.writable(); err != nil {
				return err
			}
		}
		if err := fn(o); err != nil {
			return err
		}
		return o.err
	})
}

func (s *Service) begin(tx Tx, who Who) (*op, error) {
	now := s.Now()
	a, err := resolveAccess(tx, who, now)
	if err != nil {
		return nil, err
	}
	return &op{s: s, tx: tx, a: a, now: now}, nil
}

// authorize decides act for this workspace and refuses with the reason —
// unless the target lies outside what the workspace may see: then the
// refusal names nobody and reads as not found (sight.go). Handles and ids
// are resolved in sight before this, so that is only a safety net.
func (o *op) authorize(act Action, t Target) error {
	d := decide(o.tx, o.a, act, t)
	if !d.Allowed && o.unseen(t) {
		return notFoundf("there is nothing by that name here")
	}
	return d.Err()
}

// allowed is authorize as a yes/no, for filtering rows.
func (o *op) allowed(act Action, t Target) bool {
	return decide(o.tx, o.a, act, t).Allowed
}

func (o *op) judge() judge { return judge{o.tx, o.a} }

// person loads someone by handle — only someone this workspace may see;
// anyone else answers exactly as a handle no one has (sight.go).
func (o *op) person(handle string) (Person, error) {
	p, err := personByHandle(o.tx, handle)
	if err == nil && !o.judge().sees(p) {
		return Person{}, noOneHas(handle)
	}
	return p, err
}

// client loads a client by handle.
func (o *op) client(handle string) (Person, error) {
	if handle == "" {
		switch o.a.Workspace.Kind {
		case WSMe, WSContact:
			return o.a.Principal, nil // --client defaults to the workspace's client
		}
		return Person{}, invalidf("name the client with --client")
	}
	p, err := o.person(handle)
	if err != nil {
		return p, err
	}
	if !p.Client {
		return p, invalidf("%s is not a client", p.Handle)
	}
	return p, nil
}

// Access returns who's effective access now, for screens that reflect it.
func (s *Service) Access(who Who) (*Access, error) {
	var a *Access
	err := s.read(who, func(o *op) error {
		a = o.a
		return nil
	})
	return a, err
}

// Decide answers whether who may do act to t right now (screens use it to
// decide what to offer; the use case decides again when it runs).
func (s *Service) Decide(who Who, act Action, t Target) (Decision, error) {
	var d Decision
	err := s.read(who, func(o *op) error {
		d = decide(o.tx, o.a, act, t)
		return nil
	})
	return d, err
}

// DecideEach is Decide for several actions on one target, in one read with
// who's access resolved once: what offering a workspace's screens asks.
func (s *Service) DecideEach(who Who, acts []Action, t Target) ([]Decision, error) {
	asks := make([]Ask, len(acts))
	for i, act := range acts {
		asks[i] = Ask{Act: act, Target: t}
	}
	return s.DecideAll(who, asks)
}

// Ask is one question for DecideAll: may the person do Act to Target?
type Ask struct {
	Act    Action
	Target Target
}

// DecideAll is Decide for several actions, each on its own target, in one
// read with who's access resolved once: what a list screen asks about its
// selected row at every move (deactivate, delete, pair, invite this person).
// The answers are Decide's, from one snapshot.
func (s *Service) DecideAll(who Who, asks []Ask) ([]Decision, error) {
	out := make([]Decision, len(asks))
	err := s.read(who, func(o *op) error {
		for i, a := range asks {
			out[i] = decide(o.tx, o.a, a.Act, a.Target)
		}
		return nil
	})
	return out, err
}

// Org returns the organisation (name, zone, currency) for display.
func (s *Service) Org() (Org, error) {
	var org Org
	err := s.store.View(func(tx Tx) error {
		var err error
		org, err = loadOrg(tx)
		return err
	})
	return org, err
}
