package domain

import "strings"

// Who a reader sees beside what people did: the author of a progress
// update, the sender of a message, who issued an invoice or paid it, who
// caused a notification or an activity line. One rule, decided here for
// every view, when the view is read (R14, R44, R54):
//
//   - A client, and the contacts acting for them, see a team member by
//     name only while that person coaches the client: primary or coaching
//     access (R11, R13), through a pairing or coach_all_clients. Everyone
//     else on the team — a view-only coach (R14), admin staff, a coach no
//     longer paired — appears as the organisation, with no name, handle or
//     id, also on what they did before and what they did with
//     organisation-wide permissions (schedule_all, invoice_all).
//   - An assistant appears by name with the practitioner they acted for
//     (R44), and only while that practitioner is seen.
//   - The team sees everyone.
//   - Everyone appears with the role they acted in, which a display name
//     cannot forge: "Rob Reyes (coach)" beside "Rob Reyes (client)".
//
// Because it is decided at read time, items made before someone became
// invisible follow: records keep people by id, never their names.

// AsOrganisation is how someone the reader may not see appears.
const AsOrganisation Capacity = "organisation"

// Party is a person as one workspace sees them beside something they did.
type Party struct {
	ID     ID     // 0 when shown as the organisation
	Handle string // "" when shown as the organisation
	Name   string // the organisation's name when not seen
	// As is the role they acted in: client, contact, coach, staff,
	// assistant — or AsOrganisation.
	As Capacity
	// For is the practitioner an assistant acted for (R44).
	For *Party
}

// Hidden reports whether the person is shown as the organisation.
func (p Party) Hidden() bool { return p.As == AsOrganisation }

// Label is how the party reads in a sentence: "Rob Reyes (coach)",
// "Asa Ahmed (assistant) for Rob Reyes (coach)", or the organisation's
// name.
func (p Party) Label() string {
	if p.Hidden() || p.As == "" {
		return p.Name
	}
	s := p.Name + " (" + string(p.As) + ")"
	if p.For != nil {
		s += " for " + p.For.Label()
	}
	return s
}

// clientSight is the client whose eyes the view is for (a me or contact
// workspace), or 0 for the team's.
func (o *op) clientSight() ID {
	if o.a.Teamish() {
		return 0
	}
	return o.a.Principal.ID
}

// party is how person id appears in this view beside what they did about
// client; behalf is whom they acted for (an assistant's practitioner, a
// contact's client), 0 if nobody.
func (v *practiceView) party(id, behalf, client ID) Party {
	if id == 0 {
		return v.organisation() // the practice itself: its scheduler
	}
	p, ok := v.load(id)
	if !ok {
		if v.sight != 0 {
			return v.organisation()
		}
		return Party{ID: id, Handle: "(deleted)", Name: "(deleted person)"}
	}
	pt := Party{ID: p.ID, Handle: p.Handle, Name: p.Name, As: v.capacity(p, behalf, client)}
	if pt.As == AsAssistant && behalf != 0 {
		f := v.party(behalf, 0, client)
		if f.Hidden() {
			return f // acting for someone unseen is unseen too
		}
		pt.For = &f
	}
	if v.sight != 0 && !v.sees(p, pt) {
		return v.organisation()
	}
	return pt
}

// capacity is the role p acted in about client.
func (v *practiceView) capacity(p Person, behalf, client ID) Capacity {
	if behalf != 0 {
		if b, ok := v.load(behalf); ok && b.IsTeam() || !ok && p.Assistant {
			return AsAssistant
		}
		return AsContact
	}
	switch {
	case p.ID == client && p.Client:
		return AsClient
	case p.IsCoach():
		return AsCoach
	case p.IsTeam():
		return AsStaff
	case p.Assistant:
		return AsAssistant
	case p.Contact || !p.Client:
		return AsContact
	}
	return AsClient
}

// sees decides, for a client's sight, whether pt — p in the role they
// acted in — is seen by name (the rule above).
func (v *practiceView) sees(p Person, pt Party) bool {
	switch pt.As {
	case AsClient:
		return p.ID == v.sight
	case AsContact:
		return true
	case AsAssistant:
		return pt.For != nil // seen only beside a practitioner who is
	}
	seen, done := v.coaching[p.ID]
	if !done {
		seen = coachAccess(v.o.tx, p, v.sight) >= LevelCoaching
		v.coaching[p.ID] = seen
	}
	return seen
}

// organisation is how anyone unseen appears: the organisation's name.
func (v *practiceView) organisation() Party {
	return Party{Name: v.o.a.Org.Name, As: AsOrganisation}
}

// load is person id, once per view; false if they are gone.
func (v *practiceView) load(id ID) (Person, bool) {
	if id == 0 {
		return Person{}, false
	}
	if p, ok := v.people[id]; ok {
		return p, p.ID != 0
	}
	p, err := loadPerson(v.o.tx, id)
	if err != nil {
		p = Person{}
	}
	v.people[id] = p
	return p, p.ID != 0
}

// unseenHandle reports whether h is the handle of a team member or an
// assistant this view's client does not see, as text written for the
// team names them ("with rob at …", "coach rob → mira").
func (v *practiceView) unseenHandle(h string) bool {
	if hidden, done := v.handles[h]; done {
		return hidden
	}
	hidden := false
	if p, err := personByHandle(v.o.tx, h); err == nil && (p.IsTeam() || p.Assistant) {
		v.people[p.ID] = p
		hidden = v.party(p.ID, 0, v.sight).Hidden()
	}
	v.handles[h] = hidden
	return hidden
}

// maskHandles replaces, in text written for the team (an audit entry's
// target or detail), each handle hidden says a reader may not see with
// the organisation's name. Handles are lower-case letters, digits and
// '-', so a handle is a whole run of those.
func maskHandles(text string, hidden func(string) bool, org string) string {
	word := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }
	var b strings.Builder
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && word(text[j]) {
			j++
		}
		switch {
		case j == i:
			b.WriteByte(text[i])
			j++
		case j-i >= 2 && text[i] >= 'a' && hidden(text[i:j]):
			b.WriteString(org)
		default:
			b.WriteString(text[i:j])
		}
		i = j
	}
	return b.String()
}
