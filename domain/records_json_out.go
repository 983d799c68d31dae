package domain

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Writing the records every booking writes — the session, its audit
// entry, an inbox and an outbox item for each person told — was an eighth
// of a booking's time in the writer's turn, most of it encoding/json's
// reflection. These MarshalJSON methods write exactly the bytes
// json.Marshal writes for the record (records_json_test.go compares
// them), field by field.

// jsonOut appends one JSON object's fields.
type jsonOut struct {
	b   []byte
	n   int // fields so far
	err error
}

func newJSONOut(size int) *jsonOut { return &jsonOut{b: append(make([]byte, 0, size), '{')} }

func (w *jsonOut) end() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return append(w.b, '}'), nil
}

func (w *jsonOut) key(k string) {
	if w.n > 0 {
		w.b = append(w.b, ',')
	}
	w.n++
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *jsonOut) str(k, v string) {
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

func (w *jsonOut) strOmit(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *jsonOut) id(k string, v ID) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = strconv.AppendUint(w.b, uint64(v), 10)
	w.b = append(w.b, '"')
}

func (w *jsonOut) idOmit(k string, v ID) {
	if v != 0 {
		w.id(k, v)
	}
}

func (w *jsonOut) int(k string, v int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

func (w *jsonOut) intOmit(k string, v int) {
	if v != 0 {
		w.int(k, v)
	}
}

func (w *jsonOut) boolOmit(k string, v bool) {
	if v {
		w.key(k)
		w.b = append(w.b, "true"...)
	}
}

// time is written as time.Time's MarshalJSON writes it (and fails as it
// does, for a year it cannot write).
func (w *jsonOut) time(k string, t time.Time) {
	w.key(k)
	b, err := t.MarshalJSON()
	if err != nil && w.err == nil {
		w.err = err
	}
	w.b = append(w.b, b...)
}

func (w *jsonOut) timeOmitZero(k string, t time.Time) {
	if !t.IsZero() {
		w.time(k, t)
	}
}

// appendJSONString appends s quoted as json.Marshal quotes it: HTML's
// <, > and & escaped, control characters as \n, \u001b and the like,
// invalid UTF-8 as \ufffd, and the line separators U+2028 and U+2029
// escaped. Runs of bytes that need nothing are copied at once.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	run := 0 // start of the bytes not yet copied
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[run:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			run = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[run:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[run:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		run = i
	}
	b = append(b, s[run:]...)
	return append(b, '"')
}

// appendJSONStrings appends ss as a JSON array, or null for none (a nil
// slice, as encoding/json writes it).
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonPlain marks the ASCII bytes a JSON string holds as they are.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

func (s Session) MarshalJSON() ([]byte, error) {
	w := newJSONOut(256)
	w.id("id", s.ID)
	w.id("client", s.Client)
	w.id("coach", s.Coach)
	w.time("start", s.Start)
	w.int("minutes", s.Minutes)
	w.str("status", string(s.Status))
	w.idOmit("package", s.Package)
	w.boolOmit("credit_returned", s.CreditReturned)
	w.id("booked_by", s.BookedBy)
	w.idOmit("booked_for", s.BookedFor)
	w.time("booked", s.Booked)
	w.idOmit("changed_by", s.ChangedBy)
	w.time("changed", s.Changed) // omitempty does not leave out a time
	w.idOmit("group", s.Group)
	w.idOmit("occasion", s.Occasion)
	if a := s.Agenda; a != nil {
		w.key("agenda")
		aw := jsonOut{b: append(w.b, '{')}
		aw.id("template", a.Template)
		aw.str("name", a.Name)
		aw.int("version", a.Version)
		aw.key("headings")
		aw.b = appendJSONStrings(aw.b, a.Headings)
		w.b = append(aw.b, '}')
	}
	return w.end()
}

func (e AuditEntry) MarshalJSON() ([]byte, error) {
	w := newJSONOut(256)
	w.id("id", e.ID)
	w.time("at", e.At)
	w.id("actor", e.Actor)
	w.str("actor_handle", e.ActorHandle)
	w.idOmit("behalf", e.Behalf)
	w.strOmit("behalf_handle", e.BehalfHandle)
	w.str("workspace", e.Workspace)
	w.str("action", string(e.Action))
	w.str("target", e.Target)
	w.idOmit("client", e.Client)
	w.idOmit("person", e.Person)
	w.strOmit("detail", e.Detail)
	return w.end()
}

func (it InboxItem) MarshalJSON() ([]byte, error) {
	w := newJSONOut(256)
	w.id("id", it.ID)
	w.id("person", it.Person)
	w.str("event", string(it.Event))
	w.idOmit("about", it.About)
	if len(it.Words) > 0 {
		w.key("words")
		w.b = append(w.b, '[')
		for i, wd := range it.Words {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			ww := jsonOut{b: append(w.b, '{')}
			ww.strOmit("t", wd.Text)
			ww.idOmit("p", wd.Person)
			ww.idOmit("b", wd.Behalf)
			ww.boolOmit("a", wd.Acted)
			w.b = append(ww.b, '}')
		}
		w.b = append(w.b, ']')
	}
	w.strOmit("text", it.Text)
	w.time("at", it.At)
	w.boolOmit("read", it.Read)
	w.idOmit("actor", it.Actor)
	w.idOmit("behalf", it.Behalf)
	w.strOmit("by", it.By)
	w.idOmit("for", it.For)
	w.strOmit("scope", it.Scope)
	return w.end()
}

func (it OutboxItem) MarshalJSON() ([]byte, error) {
	w := newJSONOut(256 + len(it.Body))
	w.id("id", it.ID)
	w.id("person", it.Person)
	w.str("handle", it.Handle)
	w.str("to", it.To)
	w.str("channel", string(it.Channel))
	w.str("event", string(it.Event))
	w.idOmit("about", it.About)
	w.str("text", it.Text)
	w.time("at", it.At)
	w.strOmit("subject", it.Subject)
	w.strOmit("body", it.Body)
	w.strOmit("message_id", it.MessageID)
	w.strOmit("status", string(it.Status))
	w.intOmit("attempts", it.Attempts)
	w.timeOmitZero("next_at", it.NextAt)
	w.timeOmitZero("sent_at", it.SentAt)
	w.strOmit("reply", it.Reply)
	w.strOmit("last_error", it.LastError)
	w.strOmit("secret", it.Secret)
	return w.end()
}
