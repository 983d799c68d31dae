package domain

import (
	"cmp"
	"slices"
	"time"
)

// Note is a coach's private working note on a client (R31, R42, R53):
// read by coaches paired with the client and view_all_clients holders,
// never by assistants, contacts or the client.
type Note struct {
	ID     ID        `json:"id"`
	Client ID        `json:"client"`
	Author ID        `json:"author"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// Progress is a progress update on a client, shared with the client; the
// client approves which ones their contacts see (R53).
type Progress struct {
	ID     ID `json:"id"`
	Client ID `json:"client"`
	Author ID `json:"author"`
	// Behalf is the practitioner an assistant wrote it for (R44).
	Behalf     ID        `json:"behalf,omitempty"`
	Body       string    `json:"body"`
	At         time.Time `json:"at"`
	Approved   bool      `json:"approved_for_contacts"`
	ApprovedAt time.Time `json:"approved_at,omitempty"`
}

func saveNote(tx Tx, n *Note) error {
	if err := newID(tx, colNotes, &n.ID); err != nil {
		return err
	}
	return tx.Put(colNotes, n.ID, n, Index{Name: "client", Key: pairKey(n.Client, n.ID)})
}

func saveProgress(tx Tx, p *Progress) error {
	if err := newID(tx, colProgress, &p.ID); err != nil {
		return err
	}
	return tx.Put(colProgress, p.ID, p, Index{Name: "client", Key: pairKey(p.Client, p.ID)})
}

// AddNote writes a private note on a client: coaching-level coaches only
// (R13, R31, R42).
func (s *Service) AddNote(who Who, client, body string) (NoteView, error) {
	var out NoteView
	err := s.write(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActNotesAdd, Target{Client: &c}); err != nil {
			return err
		}
		out, err = o.addNote(c, body)
		return err
	})
	return out, err
}

// addNote writes an authorised private note on c.
func (o *op) addNote(c Person, body string) (NoteView, error) {
	text, err := cleanText("the note", body, MaxTextLen)
	if err != nil {
		return NoteView{}, err
	}
	n := Note{Client: c.ID, Author: o.a.Actor.ID, Body: text, At: o.now}
	if err := saveNote(o.tx, &n); err != nil {
		return NoteView{}, err
	}
	o.touchCoaches(c.ID)
	// The audit names the note, never its text, and is not filed under
	// the client: a client reads the entries concerning them (R54), and
	// private notes are not theirs to know of (R31).
	return o.newViewer().note(n), o.audit(ActNotesAdd, record{Target: "note " + n.ID.String() + " on " + c.Handle, Detail: "private note"})
}

// NoteFilter selects one client's notes, newest first.
type NoteFilter struct {
	Client string
	Before ID
	Limit  int
}

// ListNotes lists a client's private notes for paired coaches and
// view_all_clients holders (R31, R42).
func (s *Service) ListNotes(who Who, f NoteFilter) ([]NoteView, error) {
	var out []NoteView
	err := s.read(who, func(o *op) error {
		c, err := o.client(f.Client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActNotesList, Target{Client: &c}); err != nil {
			return err
		}
		q := Query{Index: "client", Prefix: c.ID.Key() + "/", Reverse: true}
		if f.Before != 0 {
			q.After = pairKey(c.ID, f.Before)
		}
		v, limit := o.newViewer(), pageSize(f.Limit)
		return each(o.tx, colNotes, q, func(n Note) (bool, error) {
			out = append(out, v.note(n))
			return len(out) < limit, nil
		})
	})
	return out, err
}

// AddProgress writes a progress update, shared with the client: coaching
// level team only (R13, R53). An assistant writes for their practitioner.
func (s *Service) AddProgress(who Who, client, body string) (ProgressView, error) {
	var out ProgressView
	err := s.write(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActProgressAdd, Target{Client: &c}); err != nil {
			return err
		}
		text, err := cleanText("the progress update", body, MaxTextLen)
		if err != nil {
			return err
		}
		p := Progress{Client: c.ID, Author: o.a.Actor.ID, Behalf: o.a.OnBehalfOf(), Body: text, At: o.now}
		if err := saveProgress(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().progress(p)
		if err := o.practiceNotify("progress_shared", c.ID, say("New progress update from ", o.me(), "."), c.ID); err != nil {
			return err
		}
		return o.audit(ActProgressAdd, record{Target: "progress " + p.ID.String(), Client: c.ID, Detail: "shared with " + c.Handle})
	})
	return out, err
}

// ProgressFilter selects progress updates, newest first.
type ProgressFilter struct {
	Client string
	Before ID
	Limit  int
}

// ListProgress lists progress updates: all of them for the team with
// access and for the client; only the approved ones for a contact with
// `progress` (R53).
func (s *Service) ListProgress(who Who, f ProgressFilter) ([]ProgressView, error) {
	var out []ProgressView
	err := s.read(who, func(o *op) error {
		v := o.newViewer()
		contact := o.a.Workspace.Kind == WSContact
		var got []Progress
		limit := pageSize(f.Limit)
		err := o.scanClientRecords(colProgress, ActProgressList, "", f.Client, f.Before, limit, func(id ID) (bool, error) {
			p, err := get[Progress](o.tx, colProgress, id)
			if err != nil || (contact && !p.Approved) || !v.may(ActProgressList, p.Client) {
				return false, err
			}
			got = append(got, p)
			return true, nil
		})
		slices.SortStableFunc(got, func(a, b Progress) int { return cmp.Compare(b.ID, a.ID) })
		for _, p := range got[:min(len(got), limit)] {
			out = append(out, v.progress(p))
		}
		return err
	})
	return out, err
}

// ApproveProgress lets the client decide whether their contacts (with
// `progress`) see an update (R53); approve false withdraws it.
func (s *Service) ApproveProgress(who Who, id ID, approve bool) (ProgressView, error) {
	var out ProgressView
	err := s.write(who, func(o *op) error {
		p, err := get[Progress](o.tx, colProgress, id)
		missing := notFoundf("no progress update %s", id)
		if KindOf(err) == KindNotFound {
			return missing
		}
		if err == nil {
			err = o.inSight(p.Client, missing)
		}
		if err != nil {
			return err
		}
		c := o.newViewer().person(p.Client)
		if err := o.authorize(ActProgressApprove, Target{Client: &c}); err != nil {
			return err
		}
		if p.Approved == approve {
			if approve {
				return conflictf("progress update %s is already shared with your contacts", id)
			}
			return conflictf("progress update %s is not shared with your contacts", id)
		}
		p.Approved, p.ApprovedAt = approve, o.now
		if err := saveProgress(o.tx, &p); err != nil {
			return err
		}
		o.touchPractice(c.ID)
		out = o.newViewer().progress(p)
		detail := "approved for contacts"
		if !approve {
			detail = "withdrawn from contacts"
		} else if err := o.practiceNotify("progress_shared", c.ID, say(c, " shared a progress update with their contacts."), o.clientSide(c.ID, ContactProgress)[1:]...); err != nil {
			return err
		}
		return o.audit(ActProgressApprove, record{Target: "progress " + id.String(), Client: c.ID, Detail: detail})
	})
	return out, err
}
