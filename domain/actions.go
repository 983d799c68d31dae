package domain

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Actions (R23): commitments a coach assigns to a client — a title,
// optional details, an optional due date — which the client marks done,
// with a note if they like. Coaching access assigns, edits and reopens
// them (R13; an assistant for their practitioner, R42, attributed to the
// assistant, R44); view-only coaches and view_all_clients read them (R14,
// R17); no contact ever sees them: they are coaching work (R23, R31).

const colActions Collection = "actions"

const (
	ActActionsList   Action = "actions.list"
	ActActionsAdd    Action = "actions.add"
	ActActionsEdit   Action = "actions.edit"
	ActActionsDone   Action = "actions.done"
	ActActionsReopen Action = "actions.reopen"
)

// ActionItem is one action assigned to a client. People are kept by id
// and named when read (parties.go).
type ActionItem struct {
	ID      ID     `json:"id"`
	Client  ID     `json:"client"`
	Title   string `json:"title"`
	Details string `json:"details,omitempty"`
	Due     string `json:"due,omitempty"` // 2006-01-02 in the org's zone
	// Author assigned it; Behalf is the practitioner an assistant acted for (R44).
	Author   ID        `json:"author"`
	Behalf   ID        `json:"behalf,omitempty"`
	Created  time.Time `json:"created"`
	Done     bool      `json:"done,omitempty"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	DoneNote string    `json:"done_note,omitempty"`
}

// Status is "open" or "done".
func (a ActionItem) Status() string {
	if a.Done {
		return "done"
	}
	return "open"
}

// overdueOn: open, with a due day before today (a day in DateLayout).
func (a ActionItem) overdueOn(today string) bool {
	return !a.Done && a.Due != "" && a.Due < today
}

// Indexes: by client, newest first (lists), and — while open with a due
// date — by client and due day, so overdue actions are found without
// reading a client's whole list (homes, agendas).
func actionIndexes(a *ActionItem) []Index {
	idx := []Index{{Name: "client", Key: pairKey(a.Client, a.ID)}}
	if !a.Done && a.Due != "" {
		idx = append(idx, Index{Name: "due", Key: a.Client.Key() + "/" + a.Due + "/" + a.ID.Key()},
			Index{Name: "due_day", Key: a.Due + "/" + a.ID.Key()}) // the due-day alerts (reminders.go)
	}
	return idx
}

func saveAction(tx Tx, a *ActionItem) error {
	if err := newID(tx, colActions, &a.ID); err != nil {
		return err
	}
	return tx.Put(colActions, a.ID, a, actionIndexes(a)...)
}

// noAction is the answer for an action that does not exist, or that this
// workspace may not see.
func noAction(id ID) error { return notFoundf("no action %s", id) }

// --- rules

// ruleCoachingWork: reading a client's actions or metrics (R23). The team
// reads with view access (a pairing, view_all_clients or
// coach_all_clients, R17); an assistant with their practitioner's (R42);
// the client reads their own; a contact never (R31).
func ruleCoachingWork(what string) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSContact:
			return deny("%s are coaching work, never shown to contacts", what) // R23, R31
		case WSMe:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			return allow("these are your own %s", what)
		}
		if t.Client == nil {
			return allow("the team sees the %s of the clients it has access to", what)
		}
		if lvl := j.level(t.Client); lvl >= LevelView {
			return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
		}
		return deny("%s have no access to %s's %s", j.whose(), t.Client.Name, what)
	}
}

// ruleActionsDone: the client marks their own actions done (the
// commitment is theirs); reopening is theirs too, and coaching access's.
func ruleActionsDone(reopen bool) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSContact:
			return deny("actions are coaching work, never shown to contacts") // R23, R31
		case WSMe:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			return allow("these are your own actions")
		}
		if !reopen {
			return deny("the client marks their actions done; the team reopens or edits them")
		}
		return ruleCoachLevel(LevelCoaching, "reopen actions")(j, t)
	}
}

// --- views

// ActionView is an action as this workspace sees it: who assigned it by
// the one rule of who is seen (parties.go), whether it is overdue, and
// what may be done with it here.
type ActionView struct {
	Item       ActionItem
	Client     Person
	AssignedBy Party
	Created    time.Time // in the organisation's zone
	Overdue    bool
	CanEdit    bool
	CanDone    bool
	CanReopen  bool
}

func (v *practiceView) action(a ActionItem) ActionView {
	c := v.person(a.Client)
	av := ActionView{Item: a, Client: c, AssignedBy: v.party(a.Author, a.Behalf, a.Client), Created: a.Created.In(v.loc)}
	av.Overdue = a.overdueOn(v.o.now.In(v.loc).Format(DateLayout))
	t := Target{Client: &c}
	if a.Done {
		av.CanReopen = v.o.allowed(ActActionsReopen, t)
	} else {
		av.CanDone = v.o.allowed(ActActionsDone, t)
		av.CanEdit = v.o.allowed(ActActionsEdit, t)
	}
	return av
}

// --- use cases

// NewAction is what `actions add` and the action form collect.
type NewAction struct {
	Client  string // handle; in the client's portal, the client
	Title   string
	Details string
	Due     string // 2006-01-02, optional
}

// AddAction assigns an action to a client (R23) and tells the client
// (and, by default, their primary coach, R12).
func (s *Service) AddAction(who Who, in NewAction) (ActionView, error) {
	var out ActionView
	err := s.write(who, func(o *op) error {
		c, err := o.client(in.Client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActActionsAdd, Target{Client: &c}); err != nil {
			return err
		}
		title, err := cleanLine("the title", in.Title, MaxLineLen, true)
		if err != nil {
			return inField("title", err)
		}
		details, err := cleanDetails(in.Details)
		if err != nil {
			return inField("details", err)
		}
		due, err := o.parseDue(in.Due)
		if err != nil {
			return inField("due", err)
		}
		a := ActionItem{Client: c.ID, Title: title, Details: details, Due: due, Author: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Created: o.now}
		if err := saveAction(o.tx, &a); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().action(a)
		w := say(o.me(), " assigned you an action: "+title+dueWords(due)+".")
		if err := o.practiceNotify(string(EventActionAssigned), c.ID, w, c.ID); err != nil {
			return err
		}
		detail := ""
		if due != "" {
			detail = "due " + due
		}
		return o.audit(ActActionsAdd, record{Target: "action " + a.ID.String() + " for " + c.Handle, Client: c.ID, Detail: detail})
	})
	return out, err
}

func dueWords(due string) string {
	if due == "" {
		return ""
	}
	return ", due " + due
}

// cleanDetails: an action's details are optional multi-line text.
func cleanDetails(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return cleanText("the details", s, MaxTextLen)
}

// loadActionFor loads an action this workspace may see and authorises act
// on it; one out of sight answers as one that does not exist.
func (o *op) loadActionFor(id ID, act Action) (ActionItem, Person, error) {
	a, err := get[ActionItem](o.tx, colActions, id)
	if KindOf(err) == KindNotFound {
		return a, Person{}, noAction(id)
	}
	if err != nil {
		return a, Person{}, err
	}
	if err := o.inSight(a.Client, noAction(id)); err != nil {
		return a, Person{}, err
	}
	c, err := o.loadPerson(a.Client)
	if err != nil {
		return a, c, err
	}
	return a, c, o.authorize(act, Target{Client: &c})
}

// ActionEdit changes an action; nil fields stay as they are.
type ActionEdit struct {
	Title, Details, Due *string
}

// EditAction changes an open action's title, details or due date
// (coaching access, R13).
func (s *Service) EditAction(who Who, id ID, in ActionEdit) (ActionView, error) {
	var out ActionView
	err := s.write(who, func(o *op) error {
		a, c, err := o.loadActionFor(id, ActActionsEdit)
		if err != nil {
			return err
		}
		if in.Title == nil && in.Details == nil && in.Due == nil {
			return invalidf("say what to change: a title, details or a due date")
		}
		if a.Done {
			return conflictf("action %s is done; reopen it to change it", id)
		}
		var changed []string
		if in.Title != nil {
			t, err := cleanLine("the title", *in.Title, MaxLineLen, true)
			if err != nil {
				return inField("title", err)
			}
			if t != a.Title {
				a.Title, changed = t, append(changed, "title")
			}
		}
		if in.Details != nil {
			d, err := cleanDetails(*in.Details)
			if err != nil {
				return inField("details", err)
			}
			if d != a.Details {
				a.Details, changed = d, append(changed, "details")
			}
		}
		if in.Due != nil {
			d, err := o.parseDue(*in.Due)
			if err != nil {
				return inField("due", err)
			}
			if d != a.Due {
				a.Due, changed = d, append(changed, "due date")
			}
		}
		if len(changed) == 0 {
			return conflictf("action %s already reads so; nothing changed", id)
		}
		if err := saveAction(o.tx, &a); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().action(a)
		w := say(o.me(), " changed your action: "+a.Title+dueWords(a.Due)+".")
		if err := o.practiceNotify(string(EventActionAssigned), c.ID, w, c.ID); err != nil {
			return err
		}
		return o.audit(ActActionsEdit, record{Target: "action " + id.String() + " for " + c.Handle, Client: c.ID, Detail: "changed " + list(strings.Join(changed, ","))})
	})
	return out, err
}

// CompleteAction marks an action done, with an optional note from the
// client; whoever assigned it and the primary coach are told (R12).
func (s *Service) CompleteAction(who Who, id ID, note string) (ActionView, error) {
	var out ActionView
	err := s.write(who, func(o *op) error {
		a, c, err := o.loadActionFor(id, ActActionsDone)
		if err != nil {
			return err
		}
		if a.Done {
			return conflictf("action %s is already done", id)
		}
		n := ""
		if strings.TrimSpace(note) != "" {
			if n, err = cleanText("the note", note, MaxTextLen); err != nil {
				return inField("note", err)
			}
		}
		a.Done, a.DoneAt, a.DoneNote = true, o.now, n
		if err := saveAction(o.tx, &a); err != nil {
			return err
		}
		o.touchPractice(c.ID, a.Author, a.Behalf)
		out = o.newViewer().action(a)
		w := say(o.me(), " did an action: "+a.Title+".")
		if err := o.practiceNotify(string(EventActionDone), c.ID, w, a.Author, a.Behalf); err != nil {
			return err
		}
		detail := ""
		if n != "" {
			detail = "with a note"
		}
		return o.audit(ActActionsDone, record{Target: "action " + id.String() + " for " + c.Handle, Client: c.ID, Detail: detail})
	})
	return out, err
}

// ReopenAction opens a done action again (the client, or coaching
// access); its note stays until it is done again.
func (s *Service) ReopenAction(who Who, id ID) (ActionView, error) {
	var out ActionView
	err := s.write(who, func(o *op) error {
		a, c, err := o.loadActionFor(id, ActActionsReopen)
		if err != nil {
			return err
		}
		if !a.Done {
			return conflictf("action %s is open already", id)
		}
		a.Done, a.DoneAt = false, time.Time{}
		if err := saveAction(o.tx, &a); err != nil {
			return err
		}
		o.touchPractice(c.ID, a.Author, a.Behalf)
		out = o.newViewer().action(a)
		w := say(o.me(), " reopened an action: "+a.Title+".")
		to := []ID{c.ID, a.Author, a.Behalf}
		if err := o.practiceNotify(string(EventActionAssigned), c.ID, w, to...); err != nil {
			return err
		}
		return o.audit(ActActionsReopen, record{Target: "action " + id.String() + " for " + c.Handle, Client: c.ID})
	})
	return out, err
}

// ActionFilter selects actions, newest first.
type ActionFilter struct {
	Client string // one client; in the client's portal, the client
	Status string // "", open or done
	Before ID
	Limit  int
}

// ParseActionStatus reads open|done ("" for both).
func ParseActionStatus(s string) (string, error) {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "", "open", "done":
		return s, nil
	}
	return "", invalidf("%q is not a status: use open or done", clip(s, 20))
}

// ListActions lists actions newest first: one client's, or for the team
// every client's it may read (R23).
func (s *Service) ListActions(who Who, f ActionFilter) ([]ActionView, error) {
	var out []ActionView
	err := s.read(who, func(o *op) error {
		status, err := ParseActionStatus(f.Status)
		if err != nil {
			return err
		}
		v := o.newViewer()
		var got []ActionItem
		limit := pageSize(f.Limit)
		err = o.scanClientRecords(colActions, ActActionsList, "", f.Client, f.Before, limit, func(id ID) (bool, error) {
			a, err := get[ActionItem](o.tx, colActions, id)
			if err != nil || status != "" && a.Status() != status || !v.may(ActActionsList, a.Client) {
				return false, err
			}
			got = append(got, a)
			return true, nil
		})
		slices.SortStableFunc(got, func(a, b ActionItem) int { return cmp.Compare(b.ID, a.ID) })
		for _, a := range got[:min(len(got), limit)] {
			out = append(out, v.action(a))
		}
		return err
	})
	return out, err
}

// OverdueActions are a client's open actions whose due day has passed,
// the longest overdue first, at most limit (the client's home, the file).
func (s *Service) OverdueActions(who Who, client string, limit int) ([]ActionView, error) {
	var out []ActionView
	err := s.read(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActActionsList, Target{Client: &c}); err != nil {
			return err
		}
		got, err := o.overdueOf(c.ID, pageSize(limit))
		v := o.newViewer()
		for _, a := range got {
			out = append(out, v.action(a))
		}
		return err
	})
	return out, err
}

// overdueOf reads, through the due index, up to limit of client's open
// actions due before today.
func (o *op) overdueOf(client ID, limit int) ([]ActionItem, error) {
	prefix := client.Key() + "/"
	stop := prefix + o.now.In(o.a.Org.Location()).Format(DateLayout)
	var out []ActionItem
	err := o.tx.Scan(colActions, Query{Index: "due", Prefix: prefix}, func(key string, id ID) (bool, error) {
		if key >= stop {
			return false, nil
		}
		a, err := get[ActionItem](o.tx, colActions, id)
		if err != nil {
			return false, err
		}
		out = append(out, a)
		return len(out) < limit, nil
	})
	return out, err
}

// A deleted client's actions go with them (R19).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		ids, err := idsUnder(o.tx, colActions, "client", p.ID.Key()+"/")
		if err != nil {
			return err
		}
		return deleteAll(o.tx, colActions, ids)
	})
}

// verifyActions: an action belongs to a client who exists, has a title
// and who assigned it, a due day if any, and is done exactly when it
// records when.
func verifyActions(v *verification) error {
	return each(v.tx, colActions, Query{}, func(a ActionItem) (bool, error) {
		if !v.isClient(a.Client) {
			v.add("action %s belongs to a client who does not exist", a.ID)
		}
		if a.Title == "" || a.Author == 0 || a.Created.IsZero() {
			v.add("action %s is incomplete", a.ID)
		}
		if a.Due != "" {
			if _, err := time.Parse(DateLayout, a.Due); err != nil {
				v.add("action %s has a due day %q", a.ID, a.Due)
			}
		}
		if a.Done != !a.DoneAt.IsZero() {
			v.add("action %s is done=%v with no matching time", a.ID, a.Done)
		}
		return true, nil
	})
}

// CoachOverdue lists, for a coach's agenda, the overdue actions of the
// clients the workspace's principal coaches (primary or coaching access by
// pairing), the longest overdue first, at most limit.
func (s *Service) CoachOverdue(who Who, limit int) ([]ActionView, error) {
	var out []ActionView
	err := s.read(who, func(o *op) error {
		if !o.a.Teamish() {
			return nil
		}
		limit = pageSize(limit)
		ps, err := pairingsOfCoach(o.tx, o.a.Principal.ID)
		if err != nil {
			return err
		}
		var got []ActionItem
		for _, p := range ps {
			if p.Level < LevelCoaching {
				continue
			}
			some, err := o.overdueOf(p.Client, limit)
			if err != nil {
				return err
			}
			got = append(got, some...)
		}
		slices.SortStableFunc(got, func(a, b ActionItem) int { return cmp.Or(strings.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID)) })
		v := o.newViewer()
		for _, a := range got[:min(len(got), limit)] {
			if v.may(ActActionsList, a.Client) {
				out = append(out, v.action(a))
			}
		}
		return nil
	})
	return out, err
}
