package domain

import (
	"slices"
	"strings"
)

// Session agendas (R21): booking a session with a session template copies
// the template's headings into the session, as they stand then, so a
// later edit, reassignment or deletion of the template changes nothing
// already booked. The coach and the client see the agenda; contacts do
// not (it is coaching work, R23, R31). The coach's private note for the
// session may start from its headings.

// agendaFor is the agenda a booking attaches: none for 0, else a copy of
// a session template this workspace may use (the team's own or a team
// template, R21; clients and contacts use none).
func (o *op) agendaFor(id ID) (*Agenda, error) {
	if id == 0 {
		return nil, nil
	}
	t, err := o.loadTemplateFor(id, ActTemplatesUse)
	if err != nil {
		return nil, err
	}
	if t.Kind != KindSession {
		return nil, invalidf("template %s is a %s template; a session takes a session template (its agenda)", t.ID, t.Kind)
	}
	a := &Agenda{Template: t.ID, Name: t.Name, Version: t.Version}
	for _, q := range t.Questions {
		a.Headings = append(a.Headings, q.Text)
	}
	return a, nil
}

// clone gives each session of a series its own copy.
func (a *Agenda) clone() *Agenda {
	if a == nil {
		return nil
	}
	c := *a
	c.Headings = slices.Clone(a.Headings)
	return &c
}

// agendaSeen is the session's agenda for this reader: contacts never see
// it (coaching work, R23, R31).
func (v *practiceView) agendaSeen(s Session) *Agenda {
	if s.Agenda == nil || v.o.a.Workspace.Kind == WSContact {
		return nil
	}
	return s.Agenda
}

// agendaNote is the start of a private note for the session: a line
// naming the session and its agenda, then each heading with room under it.
func (o *op) agendaNote(ses Session) (string, error) {
	if ses.Agenda == nil || len(ses.Agenda.Headings) == 0 {
		return "", conflictf("session %s has no agenda; book it with a session template, or write the note with --client", ses.ID)
	}
	var b strings.Builder
	b.WriteString("Session " + ses.Start.In(o.a.Org.Location()).Format(WallLayout) + " — " + ses.Agenda.Name + "\n")
	for _, h := range ses.Agenda.Headings {
		b.WriteString("\n" + h + "\n")
	}
	return b.String(), nil
}

// agendaNoteFor is the session's client and the text a note from its
// agenda starts with, for someone who may write the client's notes.
func (o *op) agendaNoteFor(session ID) (Person, string, error) {
	ses, client, _, err := o.loadSessionFor(session, ActNotesAdd)
	if err != nil {
		return Person{}, "", err
	}
	text, err := o.agendaNote(ses)
	return client, text, err
}

// NoteStart is a private note that starts from a session's agenda.
type NoteStart struct {
	Client Person // the session's client, whose note it is
	Text   string // the session line and the agenda's headings
}

// AgendaNoteStart is the text a private note for the session starts from
// (the note screen offers it), for those who may write the client's
// notes (R31, R42).
func (s *Service) AgendaNoteStart(who Who, session ID) (NoteStart, error) {
	var out NoteStart
	err := s.read(who, func(o *op) error {
		client, text, err := o.agendaNoteFor(session)
		out = NoteStart{Client: client, Text: text}
		return err
	})
	return out, err
}

// AddAgendaNote writes a private note on the session's client that starts
// from the session's agenda, followed by body (which may be empty).
func (s *Service) AddAgendaNote(who Who, session ID, body string) (NoteView, error) {
	var out NoteView
	err := s.write(who, func(o *op) error {
		client, text, err := o.agendaNoteFor(session)
		if err != nil {
			return err
		}
		if strings.TrimSpace(body) != "" {
			text += "\n" + body
		}
		out, err = o.addNote(client, text)
		return err
	})
	return out, err
}
