package domain

import (
	"time"
)

// Two kinds of conversation live on a client file: staff comments, which
// only the team reads, and messages, which the client reads in their
// portal. Both name who wrote them — an assistant by their own name, on
// behalf of the practitioner they manage (R44).

const (
	colComments Collection = "comments"
	colMessages Collection = "messages"
)

const (
	ActMessagesList Action = "messages.list"
	ActMessagesSend Action = "messages.send"
)

// Authorship is who wrote something and for whom (R44), with the names as
// they were, so a record still reads right after someone leaves.
type Authorship struct {
	Author       ID     `json:"author"`
	AuthorHandle string `json:"author_handle"`
	AuthorName   string `json:"author_name"`
	Behalf       ID     `json:"behalf,omitempty"` // the practitioner an assistant acted for
	BehalfHandle string `json:"behalf_handle,omitempty"`
	BehalfName   string `json:"behalf_name,omitempty"`
	Workspace    string `json:"workspace"`
}

func (o *op) authorship() Authorship {
	a := Authorship{Author: o.a.Actor.ID, AuthorHandle: o.a.Actor.Handle, AuthorName: o.a.Actor.Name, Workspace: o.a.Workspace.ID}
	if o.a.Workspace.Kind == WSAssistant {
		a.Behalf, a.BehalfHandle, a.BehalfName = o.a.Principal.ID, o.a.Principal.Handle, o.a.Principal.Name
	}
	return a
}

// Label is how records show the author: "Asa Ahmed for Rob Reyes" for an
// assistant (R44), the name alone otherwise.
func (a Authorship) Label() string {
	if a.BehalfName != "" {
		return a.AuthorName + " for " + a.BehalfName
	}
	return a.AuthorName
}

// current refreshes the names from the people, where they still exist.
func (a Authorship) current(tx Tx) Authorship {
	if p, err := loadPerson(tx, a.Author); err == nil {
		a.AuthorName = p.Name
	}
	if a.Behalf != 0 {
		if p, err := loadPerson(tx, a.Behalf); err == nil {
			a.BehalfName = p.Name
		}
	}
	return a
}

// PageQuery pages a list newest first.
type PageQuery struct {
	Before ID // items older than this id
	Limit  int
}

// --- staff comments

// Comment is a staff comment on a client file. Never shown to the client
// or their contacts.
type Comment struct {
	ID     ID `json:"id"`
	Client ID `json:"client"`
	Authorship
	Body string    `json:"body"`
	At   time.Time `json:"at"`
}

// CommentView is a comment with its client's handle and names current.
type CommentView struct {
	Comment
	ClientHandle string
	By           string // "Asa Ahmed for Rob Reyes"
}

// ruleComments: staff comments are team-only. Reading needs view access to
// the client (or manage_clients: admin staff who look after clients);
// writing changes the file, so view-only is not enough (R14) — coaching
// access or manage_clients. An assistant has the practitioner's (R42).
func ruleComments(write bool) rule {
	return func(j judge, t Target) Decision {
		if !j.teamish() {
			return deny("staff comments are for the team; they are never shown to clients or contacts")
		}
		if t.Client == nil {
			return deny("name the client whose file you mean")
		}
		if j.a.Has(PermManageClients) {
			return allow("%s hold manage_clients", j.whose())
		}
		lvl := j.level(t.Client)
		min := LevelView
		if write {
			min = LevelCoaching
		}
		if lvl >= min {
			return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
		}
		if lvl == LevelView {
			return deny("view-only access to %s cannot comment on the file", t.Client.Name) // R14
		}
		return deny("%s have no access to %s's file", j.whose(), t.Client.Name)
	}
}

// Comments lists the staff comments on a client file, newest first.
func (s *Service) Comments(who Who, client string, q PageQuery) ([]CommentView, error) {
	var out []CommentView
	err := s.read(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActCommentsList, Target{Client: &c}); err != nil {
			return err
		}
		limit := pageSize(q.Limit)
		return each(o.tx, colComments, newestFirst("client", c.ID.Key()+"/", q.Before), func(cm Comment) (bool, error) {
			cm.Authorship = cm.current(o.tx)
			out = append(out, CommentView{Comment: cm, ClientHandle: c.Handle, By: cm.Label()})
			return len(out) < limit, nil
		})
	})
	return out, err
}

// AddComment writes a staff comment on a client file, attributed to the
// one who typed it (R44).
func (s *Service) AddComment(who Who, client, body string) (CommentView, error) {
	var out CommentView
	err := s.write(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActCommentsAdd, Target{Client: &c}); err != nil {
			return err
		}
		text, err := cleanText("the comment", body, MaxTextLen)
		if err != nil {
			return err
		}
		cm := Comment{Client: c.ID, Authorship: o.authorship(), Body: text, At: o.now}
		if err := newID(o.tx, colComments, &cm.ID); err != nil {
			return err
		}
		if err := o.tx.Put(colComments, cm.ID, cm, Index{Name: "client", Key: pairKey(c.ID, cm.ID)}); err != nil {
			return err
		}
		out = CommentView{Comment: cm, ClientHandle: c.Handle, By: cm.Label()}
		return o.audit(ActCommentsAdd, record{Target: "comment " + cm.ID.String() + " on " + c.Handle, Client: c.ID})
	})
	return out, err
}

// --- messages

// Message is one message between the team and a client in the client
// portal. The client sees the sender's own name — an assistant's when an
// assistant sent it (R44) — and the adopted signature they signed with (R46).
type Message struct {
	ID         ID   `json:"id"`
	Client     ID   `json:"client"`
	FromClient bool `json:"from_client,omitempty"`
	Authorship
	Signature string    `json:"signature,omitempty"`
	Body      string    `json:"body"`
	At        time.Time `json:"at"`
}

// MessageView is a message as the reader's workspace shows it: a sender
// the reader may not see as the organisation, without their handle or
// signature (parties.go).
type MessageView struct {
	Message
	ClientHandle string
	From         Party  // the sender, with the practitioner an assistant sent for
	Sender       string // the sender's name
	OnBehalfOf   string // the practitioner's name when an assistant sent it
}

// ruleMessages: the client and the team with access converse; contacts
// never see coaching conversations (R31); view-only coaches are invisible
// to the client, so they read but do not write (R14).
func ruleMessages(send bool) rule {
	return func(j judge, t Target) Decision {
		switch j.a.Workspace.Kind {
		case WSContact:
			return deny("messages are coaching conversations, never shown to contacts") // R31
		case WSMe:
			if ok, d := j.forOwnClient(t.Client); !ok {
				return d
			}
			return allow("these are your own messages")
		}
		if t.Client == nil {
			return deny("name the client")
		}
		lvl := j.level(t.Client)
		if !send && lvl >= LevelView {
			return allow("%s have %s access to %s", j.whose(), lvl, t.Client.Name)
		}
		if lvl >= LevelCoaching {
			return allow("%s coach %s", j.whose(), t.Client.Name)
		}
		if lvl == LevelView {
			return deny("view-only access to %s is invisible to them, so it cannot message them", t.Client.Name) // R14
		}
		return deny("%s have no access to %s", j.whose(), t.Client.Name)
	}
}

// Messages lists a client's conversation with the team, newest first.
func (s *Service) Messages(who Who, client string, q PageQuery) ([]MessageView, error) {
	var out []MessageView
	err := s.read(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActMessagesList, Target{Client: &c}); err != nil {
			return err
		}
		limit, v := pageSize(q.Limit), o.newViewer()
		return each(o.tx, colMessages, newestFirst("client", c.ID.Key()+"/", q.Before), func(m Message) (bool, error) {
			out = append(out, v.message(m, c))
			return len(out) < limit, nil
		})
	})
	return out, err
}

// message is m as this view shows it: the sender by the one rule of who
// is seen (parties.go) — a coach now view-only for the client, their past
// messages included, as the organisation (R14).
func (v *practiceView) message(m Message, c Person) MessageView {
	behalf := m.Behalf
	if m.FromClient {
		behalf = 0
	}
	from := v.party(m.Author, behalf, m.Client)
	if from.Hidden() {
		m.Authorship = Authorship{AuthorName: from.Name}
		m.Signature = ""
	} else {
		m.Authorship = m.current(v.o.tx)
	}
	mv := MessageView{Message: m, ClientHandle: c.Handle, From: from, Sender: m.AuthorName}
	if from.For != nil {
		mv.OnBehalfOf = m.BehalfName
	}
	return mv
}

// SendMessage sends a message in a client's conversation: from the team (an
// assistant under their own name, R44) or from the client themself. The
// other side is told in their inbox: the client, or the primary coach (R12).
func (s *Service) SendMessage(who Who, client, body string) (MessageView, error) {
	var out MessageView
	err := s.write(who, func(o *op) error {
		c, err := o.client(client)
		if err != nil {
			return err
		}
		if err := o.authorize(ActMessagesSend, Target{Client: &c}); err != nil {
			return err
		}
		text, err := cleanText("the message", body, MaxTextLen)
		if err != nil {
			return err
		}
		m := Message{Client: c.ID, FromClient: o.a.Workspace.Kind == WSMe, Authorship: o.authorship(), Signature: o.a.Actor.Signature, Body: text, At: o.now}
		if err := newID(o.tx, colMessages, &m.ID); err != nil {
			return err
		}
		if err := o.tx.Put(colMessages, m.ID, m, Index{Name: "client", Key: pairKey(c.ID, m.ID)}); err != nil {
			return err
		}
		if m.FromClient {
			if coach, ok := primaryOf(o.tx, c.ID); ok {
				if err := o.tell(KindMessage, coach, c.ID, string(WSTeam), say("New message from ", o.me(), ".")); err != nil {
					return err
				}
			}
		} else if err := o.tell(KindMessage, c, c.ID, string(WSMe), say("New message from ", o.me(), ".")); err != nil {
			return err
		}
		out = o.newViewer().message(m, c)
		return o.audit(ActMessagesSend, record{Target: "message " + m.ID.String() + " with " + c.Handle, Client: c.ID})
	})
	return out, err
}

// A deleted client's comments and messages go with them (R19).
func init() {
	onDelete = append(onDelete, func(o *op, p Person) error {
		if !p.Client {
			return nil
		}
		for _, col := range []Collection{colComments, colMessages} {
			ids, err := idsUnder(o.tx, col, "client", p.ID.Key()+"/")
			if err != nil {
				return err
			}
			if err := deleteAll(o.tx, col, ids); err != nil {
				return err
			}
		}
		return nil
	})
}
