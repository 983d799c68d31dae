package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// AuditEntry records one change (R60): when, who acted, on whose behalf, in
// which workspace, and what changed. Names are copied in, so the entry
// survives the people it mentions (a deleted person's tombstone, R6).
type AuditEntry struct {
	ID           ID        `json:"id"`
	At           time.Time `json:"at"`
	Actor        ID        `json:"actor"`
	ActorHandle  string    `json:"actor_handle"`
	Behalf       ID        `json:"behalf,omitempty"`
	BehalfHandle string    `json:"behalf_handle,omitempty"`
	Workspace    string    `json:"workspace"`
	Action       Action    `json:"action"`
	Target       string    `json:"target"`
	Client       ID        `json:"client,omitempty"` // the client the change concerns
	Person       ID        `json:"person,omitempty"` // the person the change concerns
	Detail       string    `json:"detail,omitempty"`
}

func auditIndexes(e *AuditEntry) []Index {
	idx := []Index{{Name: "actor", Key: pairKey(e.Actor, e.ID)}}
	if e.Client != 0 {
		idx = append(idx, Index{Name: "client", Key: pairKey(e.Client, e.ID)})
	}
	// The person an entry concerns, unless it is the actor: a coach's own
	// booking concerns the coach, and "by or about" lists read both indexes.
	if e.Person != 0 && e.Person != e.Actor {
		idx = append(idx, Index{Name: "person", Key: pairKey(e.Person, e.ID)})
	}
	// Whom an entry was on behalf of is in the record; no list reads the
	// log by it, so no index entry costs the commit for it.
	return idx
}

// record is what a use case says about its change.
type record struct {
	Target string // how the thing changed is named: a handle, "invoice 12"
	Client ID
	Person ID
	Detail string
}

// audit writes the entry for this use case, in its transaction, and marks
// the people concerned for the change feed.
func (o *op) audit(act Action, r record) error {
	e := AuditEntry{
		At: o.now, Actor: o.a.Actor.ID, ActorHandle: o.a.Actor.Handle,
		Workspace: o.a.Workspace.ID, Action: act, Target: r.Target,
		Client: r.Client, Person: r.Person, Detail: r.Detail,
	}
	if b := o.a.OnBehalfOf(); b != 0 {
		e.Behalf, e.BehalfHandle = b, o.a.Principal.Handle
	}
	o.changed(o.a.Actor.ID, r.Person)
	return appendAudit(o.tx, &e)
}

// WatchTeam tells when the team's shape changed: people, pairings,
// permissions, links, groups (for screens that show the whole team).
func (s *Service) WatchTeam() (<-chan struct{}, func()) { return s.store.Watch(TeamFeed) }

// WatchPractice tells when any client's practice data changed (sessions,
// packages, invoices, payments, notes, progress), for the views that show
// every client's: the people a change concerns hear of it on their own
// feeds, but someone who sees the whole practice through schedule_all,
// invoice_all or view_all_clients is none of them.
func (s *Service) WatchPractice() (<-chan struct{}, func()) { return s.store.Watch(PracticeFeed) }

// SeesWholePractice reports whether a holds a permission whose views show
// every client's practice data (and so listen to WatchPractice).
func (a Access) SeesWholePractice() bool {
	return a.Has(PermScheduleAll) || a.Has(PermInvoiceAll) || a.Has(PermViewAllClients) || a.Has(PermCoachAllClients)
}

func appendAudit(tx Tx, e *AuditEntry) error {
	if err := newID(tx, colAudit, &e.ID); err != nil {
		return err
	}
	return tx.Put(colAudit, e.ID, e, auditIndexes(e)...)
}

// AuditFilter narrows the audit list.
type AuditFilter struct {
	Person string // entries by or about this handle
	Client string // entries concerning this client
	Before ID     // page: entries older than this id
	Limit  int
}

const (
	DefaultPage = 50
	MaxPage     = 500
)

func pageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultPage
	case n > MaxPage:
		return MaxPage
	}
	return n
}

// Audit lists entries newest first (R60): the whole log for manage_admins
// in the team workspace; otherwise what concerns the reader — their own
// actions, and for a client what was done on their behalf (R54).
//
// Each entry comes with who acted as this workspace sees them (AuditView).
func (s *Service) Audit(who Who, f AuditFilter) ([]AuditView, error) {
	var out []AuditView
	err := s.read(who, func(o *op) error {
		entries, err := o.auditEntries(f)
		v := o.newViewer()
		for _, e := range entries {
			out = append(out, v.auditEntry(e))
		}
		return err
	})
	return out, err
}

// AuditView is an entry as one workspace reads it: By is who acted, as
// the reader sees them (parties.go). For a client's eyes someone they do
// not see acted as the organisation — no handle, on-behalf-of or
// workspace — and the handles of people they do not see give way to the
// organisation's name in the target and detail (R14).
type AuditView struct {
	AuditEntry
	By Party
}

func (v *practiceView) auditEntry(e AuditEntry) AuditView {
	av := AuditView{AuditEntry: e, By: v.party(e.Actor, e.Behalf, e.Client)}
	if v.sight == 0 {
		return av
	}
	if av.By.Hidden() {
		av.Actor, av.ActorHandle, av.Behalf, av.BehalfHandle, av.Workspace = 0, "", 0, "", ""
	}
	org := v.organisation().Name
	av.Target, av.Detail = maskHandles(e.Target, v.unseenHandle, org), maskHandles(e.Detail, v.unseenHandle, org)
	return av
}

// auditEntries is what Audit lists, before it is worded for the reader.
func (o *op) auditEntries(f AuditFilter) ([]AuditEntry, error) {
	var out []AuditEntry
	err := func() error {
		if err := o.authorize(ActAuditList, Target{}); err != nil {
			return err
		}
		whole := o.a.Workspace.Kind == WSTeam && o.a.Has(PermManageAdmins)
		q := Query{Reverse: true}
		var scope ID // restrict to entries under this index prefix
		switch {
		case f.Client != "":
			c, err := o.person(f.Client)
			if err != nil {
				return err
			}
			if !whole && !(o.a.Workspace.Kind == WSMe && c.ID == o.a.Actor.ID) {
				if err := o.authorize(ActContactsList, Target{Client: &c}); err != nil {
					return err
				}
			}
			q.Index, scope = "client", c.ID
		case f.Person != "":
			p, err := o.person(f.Person)
			if err != nil {
				return err
			}
			if !whole && p.ID != o.a.Actor.ID {
				return deniedf("reading what others did needs manage_admins")
			}
			q.Index, scope = "actor", p.ID // your own: what you did
			if whole {
				// what they did and what concerned them
				return o.auditByOrAbout(p.ID, f, &out)
			}
		case whole:
		case o.a.Workspace.Kind == WSMe:
			q.Index, scope = "client", o.a.Actor.ID
		default:
			q.Index, scope = "actor", o.a.Actor.ID
		}
		if scope != 0 {
			q.Prefix = scope.Key() + "/"
			if f.Before != 0 {
				q.After = pairKey(scope, f.Before)
			}
		} else if f.Before != 0 {
			q.After = f.Before.Key()
		}
		limit := pageSize(f.Limit)
		clientView := o.a.Workspace.Kind == WSMe && !whole
		return each(o.tx, colAudit, q, func(e AuditEntry) (bool, error) {
			if clientView && !visibleToClient(e, o.a.Actor.ID) {
				return true, nil
			}
			out = append(out, e)
			return len(out) < limit, nil
		})
	}()
	return out, err
}

// auditByOrAbout lists, newest first, the entries person acted in or that
// concern them (R60, for those who read the whole log).
func (o *op) auditByOrAbout(person ID, f AuditFilter, out *[]AuditEntry) error {
	prefix := person.Key() + "/"
	ids, err := mergeNewest(o.tx, colAudit, []Query{newestFirst("actor", prefix, f.Before), newestFirst("person", prefix, f.Before)}, pageSize(f.Limit), nil)
	if err == nil {
		*out, err = getAll[AuditEntry](o.tx, colAudit, ids)
	}
	return err
}

// visibleToClient is what a client reads of the log filed under them
// (R54): what they did themselves, what their contacts did on their behalf,
// and what assistants did — and of that only what their own file shows
// them (clientFacing). Staff work stays internal: comments, tasks, private
// notes (R31), pairing changes, which would reveal view-only coaches (R14).
func visibleToClient(e AuditEntry, client ID) bool {
	if !clientFacing(e.Action) {
		return false
	}
	return e.Actor == client || e.Behalf == client || strings.HasPrefix(e.Workspace, string(WSAssistant)+":")
}

// clientFacingNouns are the parts of a client's file the client reads:
// their sessions, packages, invoices and payments, progress updates, who
// acts for them, their messages, actions and metrics. Anything else done
// on the file is the team's own work; a new kind of client-facing record
// joins this list.
var clientFacingNouns = []string{"sessions", "packages", "invoices", "payments", "progress", "contacts", "messages", "actions", "metrics", "subscriptions"}

func clientFacing(act Action) bool {
	noun, _, _ := strings.Cut(string(act), ".")
	return slices.Contains(clientFacingNouns, noun)
}

func (e AuditEntry) String() string {
	s := fmt.Sprintf("%s %s %s %s", e.At.Format(time.RFC3339), e.ActorHandle, e.Action, e.Target)
	if e.BehalfHandle != "" {
		s += " (for " + e.BehalfHandle + ")"
	}
	return s
}
