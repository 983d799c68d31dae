package domain

import (
	"regexp"
	"strings"
)

// Word is a piece of a notification: text, or a person kept by id and
// named when the notification is read, as the reader sees them then
// (parties.go, R14). The one who acted (Acted) is named with their role
// and whom they acted for (Behalf, R44): "Asa Ahmed (assistant) for Rob
// Reyes (coach)"; others by name.
type Word struct {
	Text   string `json:"t,omitempty"`
	Person ID     `json:"p,omitempty"`
	Behalf ID     `json:"b,omitempty"`
	Acted  bool   `json:"a,omitempty"`
}

// acting is the one acting in this use case, with whom they act for.
type acting struct{ id, behalf ID }

func (o *op) me() acting { return acting{o.a.Actor.ID, o.a.OnBehalfOf()} }

// say builds a notification from text (string), people (ID, Person) and
// the one acting (o.me()).
func say(parts ...any) []Word {
	w := make([]Word, 0, len(parts))
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			w = append(w, Word{Text: p})
		case ID:
			w = append(w, Word{Person: p})
		case Person:
			w = append(w, Word{Person: p.ID})
		case acting:
			w = append(w, Word{Person: p.id, Behalf: p.behalf, Acted: true})
		default:
			panic("say: a notification is made of text and people")
		}
	}
	return w
}

// words is w as this view reads it, about client.
func (v *practiceView) words(w []Word, client ID) string {
	var b strings.Builder
	for _, x := range w {
		switch {
		case x.Person == 0:
			b.WriteString(x.Text)
		case x.Acted:
			b.WriteString(v.party(x.Person, x.Behalf, client).Label())
		default:
			b.WriteString(v.party(x.Person, x.Behalf, client).Name)
		}
	}
	return notifyText(b.String())
}

// sightOf is whose eyes an item in scope is for: a client's (the client
// in a me or contact workspace, or what a person outside the team reads
// about a client) or the team's (0).
func sightOf(scope string, reader Person, about ID) ID {
	switch {
	case scope == string(WSMe):
		return reader.ID
	case strings.HasPrefix(scope, string(WSContact)+":"):
		return about
	case scope == "" && !reader.IsTeam():
		if about != 0 {
			return about
		}
		return reader.ID
	}
	return 0
}

// inboxItem is it as this view shows it.
func (v *practiceView) inboxItem(it InboxItem) InboxView {
	iv := InboxView{Item: it}
	if it.Words != nil {
		iv.Item.Text = v.words(it.Words, it.About)
		iv.Item.By = ""
		if it.Actor != 0 {
			by := v.party(it.Actor, it.Behalf, it.About)
			iv.By, iv.Item.By = &by, notifyText(by.Label())
		}
		return iv
	}
	if _, older := whatHappened[it.Event]; older && v.sight != 0 {
		iv.Item.Text, iv.Item.By = v.olderWords(it)
	}
	return iv
}

// Items written before words kept people by id hold their text as it was
// written, in one of these forms; each even group is a person's name.
var olderForms = []*regexp.Regexp{
	regexp.MustCompile(`^(Session (?:booked|cancelled): )(.+?)( with )(.+)(, \d{4}-\d\d-\d\d \d\d:\d\d .*)$`),
	regexp.MustCompile(`^(Session moved: )(.+?)( with )(.+)(, from \d{4}-\d\d-\d\d .*)$`),
	regexp.MustCompile(`^(Invoice \d+ for )(.+)(: .*)$`),
	regexp.MustCompile(`^()(.+)( paid .+ on invoice \d+ for )(.+)(; balance .*)$`),
	regexp.MustCompile(`^(New progress update from )(.+)(\.)$`),
	regexp.MustCompile(`^()(.+)( shared a progress update with you\.)$`),
	regexp.MustCompile(`^()(.+)( can now act for )(.+)(\.)$`),
	regexp.MustCompile(`^(New message from )(.+)(\.)$`),
}

// olderWords reads an item written before words kept people by id, for a
// client's eyes: each name in it is checked against who they see now
// (parties.go), and one they do not see gives way to the organisation.
// Text in no known form keeps only what happened.
func (v *practiceView) olderWords(it InboxItem) (text, by string) {
	seen := v.seenNames()
	org := v.organisation().Name
	text = it.Text
	matched := false
	for _, re := range olderForms {
		m := re.FindStringSubmatch(it.Text)
		if m == nil {
			continue
		}
		var b strings.Builder
		for i := 1; i < len(m); i++ {
			if i%2 == 0 && !seen[m[i]] {
				b.WriteString(org)
			} else {
				b.WriteString(m[i])
			}
		}
		text, matched = b.String(), true
		break
	}
	if !matched {
		if what, ok := whatHappened[it.Event]; ok {
			text = what
		}
	}
	by = it.By
	if name, practitioner, ok := strings.Cut(by, " for "); by != "" && !seen[by] && !(ok && seen[practitioner] && name != "") {
		by = org
	}
	return notifyText(text), by
}

// whatHappened words, without naming anyone, each kind of item that was
// written with names in its text before words kept people by id. Items
// of other kinds (notices about one's own account) are written as text
// and read as written.
var whatHappened = map[Event]string{
	EventSessionBooked: "A session was booked.", EventSessionChanged: "A session changed.",
	EventInvoiceIssued: "An invoice was issued.", EventInvoicePaid: "An invoice was paid.",
	EventContactAdded: "A contact was added.", EventProgressShared: "A progress update was shared.",
	KindMessage: "A new message.",
}

// seenNames are the names of the people this view's client sees now: the
// client, their contacts, and the coaches who coach them.
func (v *practiceView) seenNames() map[string]bool {
	if v.names != nil {
		return v.names
	}
	v.names = map[string]bool{}
	if c, ok := v.load(v.sight); ok {
		v.names[c.Name] = true
	}
	if links, err := linksOfClient(v.o.tx, v.sight); err == nil {
		for _, l := range links {
			if p, ok := v.load(l.Contact); ok {
				v.names[p.Name] = true
			}
		}
	}
	if ps, err := pairingsOfClient(v.o.tx, v.sight); err == nil {
		for _, pr := range ps {
			if p, ok := v.load(pr.Coach); ok && v.sees(p, Party{As: AsCoach}) {
				v.names[p.Name] = true
			}
		}
	}
	return v.names
}
