package domain

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Reading the records every list and every authorisation loads — people,
// pairings, contact links, sessions — is most of what a screen costs, and
// most of that was encoding/json's reflection. These UnmarshalJSON methods
// read the form json.Marshal writes (a flat object of known keys, plain
// strings, numbers, booleans, times) directly, and hand anything else —
// escapes, nulls, unknown or differently cased keys, nested objects — to
// encoding/json itself, so every input decodes exactly as before.

// flatObject calls field for each key and raw value of a flat JSON
// object; false if b is not one it reads (then nothing is decided). It is
// strict: what it accepts is valid JSON, so a caller may hand it bytes
// encoding/json has not checked. Keys are strings without escapes; values
// may be strings (escapes checked, not undone: jsonStr does that),
// integers, true/false, and arrays of such strings or of flat objects of
// them; anything else (null, floats, deeper nesting, an escaped key) makes
// it give up.
func flatObject(b []byte, field func(key, val []byte) bool) bool {
	i, n := 0, len(b)
	ws := func() {
		for i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	// str moves i past the string at b[i] == '"': a plain one (a key), or
	// one with valid escapes (a value).
	str := func(escapes bool) bool {
		if i >= n || b[i] != '"' {
			return false
		}
		for i++; i < n; i++ {
			switch c := b[i]; {
			case c == '"':
				i++
				return true
			case c < 0x20:
				return false
			case c == '\\':
				if !escapes || i+1 >= n {
					return false
				}
				i++
				switch b[i] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				case 'u':
					if i+4 >= n {
						return false
					}
					for _, h := range b[i+1 : i+5] {
						if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
							return false
						}
					}
					i += 4
				default:
					return false
				}
			}
		}
		return false
	}
	// integer moves i past -?(0|[1-9][0-9]*), not followed by . e E.
	integer := func() bool {
		if i < n && b[i] == '-' {
			i++
		}
		switch {
		case i < n && b[i] == '0':
			i++
		case i < n && b[i] >= '1' && b[i] <= '9':
			for i < n && b[i] >= '0' && b[i] <= '9' {
				i++
			}
		default:
			return false
		}
		return i == n || b[i] != '.' && b[i] != 'e' && b[i] != 'E' && !(b[i] >= '0' && b[i] <= '9')
	}
	word := func(w string) bool {
		if n-i < len(w) || string(b[i:i+len(w)]) != w {
			return false
		}
		i += len(w)
		return true
	}
	scalar := func() bool {
		if i >= n {
			return false
		}
		switch c := b[i]; {
		case c == '"':
			return str(true)
		case c == 't':
			return word("true")
		case c == 'f':
			return word("false")
		case c == '-' || c >= '0' && c <= '9':
			return integer()
		}
		return false
	}
	// inner moves i past a flat object of scalars (an array element).
	inner := func() bool {
		i++ // {
		ws()
		if i < n && b[i] == '}' {
			i++
			return true
		}
		for {
			if !str(false) {
				return false
			}
			ws()
			if i >= n || b[i] != ':' {
				return false
			}
			i++
			ws()
			if !scalar() {
				return false
			}
			ws()
			if i >= n {
				return false
			}
			if b[i] == '}' {
				i++
				return true
			}
			if b[i] != ',' {
				return false
			}
			i++
			ws()
		}
	}
	ws()
	if i >= n || b[i] != '{' {
		return false
	}
	i++
	ws()
	if i < n && b[i] == '}' {
		i++
		ws()
		return i == n
	}
	for {
		start := i
		if !str(false) {
			return false
		}
		key := b[start+1 : i-1]
		ws()
		if i >= n || b[i] != ':' {
			return false
		}
		i++
		ws()
		if i >= n {
			return false
		}
		start = i
		ok := false
		switch b[i] {
		default:
			ok = scalar()
		case '[':
			i++
			ws()
			if i < n && b[i] == ']' {
				i++
				ok = true
				break
			}
			for {
				if i < n && b[i] == '{' {
					if !inner() {
						return false
					}
				} else if !str(true) {
					return false
				}
				ws()
				if i < n && b[i] == ']' {
					i++
					ok = true
					break
				}
				if i >= n || b[i] != ',' {
					return false
				}
				i++
				ws()
			}
		}
		if !ok || !field(key, b[start:i]) {
			return false
		}
		ws()
		if i >= n {
			return false
		}
		if b[i] == '}' {
			i++
			ws()
			return i == n
		}
		if b[i] != ',' {
			return false
		}
		i++
		ws()
	}
}

// The value readers: each refuses (false) what it does not read exactly
// as encoding/json would.

func jsonStr(v []byte, dst *string) bool {
	if len(v) < 2 || v[0] != '"' || !utf8.Valid(v) { // invalid UTF-8 is replaced by encoding/json
		return false
	}
	if bytes.IndexByte(v, '\\') >= 0 {
		// Escapes are undone by encoding/json itself, for this string only
		// (flatObject checked them): a notification's text or an email's
		// body is rarely without a newline or a quotation mark.
		var s string
		if json.Unmarshal(v, &s) != nil {
			return false
		}
		*dst = s
		return true
	}
	*dst = string(v[1 : len(v)-1])
	return true
}

func jsonBool(v []byte, dst *bool) bool {
	switch string(v) {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		return false
	}
	return true
}

func jsonInt(v []byte, dst *int) bool {
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return false
	}
	*dst = n
	return true
}

func jsonInt64(v []byte, dst *int64) bool {
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return false
	}
	*dst = n
	return true
}

func jsonID(v []byte, dst *ID) bool {
	if len(v) < 3 || v[0] != '"' {
		return false
	}
	n, ok := parseDigits(v[1 : len(v)-1])
	if ok {
		*dst = ID(n)
	}
	return ok
}

func jsonTime(v []byte, dst *time.Time) bool {
	if len(v) < 2 || v[0] != '"' {
		return false
	}
	var t time.Time
	if t.UnmarshalJSON(v) != nil {
		return false
	}
	*dst = t
	return true
}

// jsonStrs reads an array of plain strings into a fresh slice.
func jsonStrs[S ~string](v []byte, dst *[]S) bool {
	if len(v) < 2 || v[0] != '[' || bytes.IndexByte(v, '{') >= 0 || bytes.IndexByte(v, '\\') >= 0 || !utf8.Valid(v) {
		return false
	}
	out := make([]S, 0, bytes.Count(v, []byte{'"'})/2)
	for i := 1; i < len(v)-1; i++ {
		if v[i] != '"' {
			continue
		}
		j := bytes.IndexByte(v[i+1:], '"')
		if j < 0 {
			return false
		}
		out = append(out, S(v[i+1:i+1+j]))
		i += j + 1
	}
	*dst = out
	return true
}

// jsonKeys reads a person's keys: an array of flat objects.
func jsonKeys(v []byte, dst *[]SSHKey) bool {
	return jsonObjects(v, dst, func(k *SSHKey, f string, x []byte) bool {
		switch f {
		case "fingerprint":
			return jsonStr(x, &k.Fingerprint)
		case "line":
			return jsonStr(x, &k.Line)
		case "comment":
			return jsonStr(x, &k.Comment)
		case "added":
			return jsonTime(x, &k.Added)
		}
		return false
	})
}

func jsonWords(v []byte, dst *[]Word) bool {
	return jsonObjects(v, dst, func(w *Word, f string, x []byte) bool {
		switch f {
		case "t":
			return jsonStr(x, &w.Text)
		case "p":
			return jsonID(x, &w.Person)
		case "b":
			return jsonID(x, &w.Behalf)
		case "a":
			return jsonBool(x, &w.Acted)
		}
		return false
	})
}

// objectEnd is the index of the brace that closes the flat object b opens,
// past braces inside its strings; -1 if there is none.
func objectEnd(b []byte) int {
	in := false
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case in && c == '\\':
			i++ // the escaped character, a quotation mark perhaps
		case c == '"':
			in = !in
		case !in && c == '}':
			return i
		}
	}
	return -1
}

// jsonObjects reads an array of flat objects (as flatObject passed it)
// into a fresh slice for *dst, each object's fields through field; false
// (and *dst as it was) for anything else, a string among them included.
func jsonObjects[T any](v []byte, dst *[]T, field func(q *T, key string, val []byte) bool) bool {
	if len(v) < 2 || v[0] != '[' || !utf8.Valid(v) {
		return false
	}
	out := []T{}
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '"':
			return false // a string where an object belongs
		case '{':
			j := objectEnd(v[i:])
			if j < 0 {
				return false
			}
			var q T
			if !flatObject(v[i:i+j+1], func(f, x []byte) bool { return field(&q, string(f), x) }) {
				return false
			}
			out = append(out, q)
			i += j
		}
	}
	*dst = out
	return true
}

// readFlat decodes b with field, one call per key, into a copy of *dst
// that replaces it only when flatObject read all of b (so a half-read record
// never shows); anything else goes to slow, which hands b to encoding/json.
func readFlat[T any](dst *T, b []byte, field func(q *T, k string, v []byte) bool, slow func() error) error {
	q := *dst
	if flatObject(b, func(k, v []byte) bool { return field(&q, string(k), v) }) {
		*dst = q
		return nil
	}
	slowDecodes.Add(1)
	return slow()
}

// slowDecodes counts the records handed to encoding/json: a test checks
// that a record holding every field it has is not one of them.
var slowDecodes atomic.Int64

type (
	personJSON      Person
	pairingJSON     Pairing
	contactLinkJSON ContactLink
	sessionJSON     Session
	sessionSpanJSON sessionSpan
	outboxHeadJSON  outboxHead
	inboxItemJSON   InboxItem
	outboxItemJSON  OutboxItem
	orgJSON         Org
	paymentJSON     Payment
	auditEntryJSON  AuditEntry
)

func (p *Person) UnmarshalJSON(b []byte) error {
	return readFlat(p, b, func(q *Person, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "handle":
			return jsonStr(v, &q.Handle)
		case "name":
			return jsonStr(v, &q.Name)
		case "email":
			return jsonStr(v, &q.Email)
		case "status":
			return jsonStr(v, (*string)(&q.Status))
		case "team_role":
			return jsonStr(v, (*string)(&q.TeamRole))
		case "in_pool":
			return jsonBool(v, &q.InPool)
		case "perms":
			return jsonStrs(v, (*[]Perm)(&q.Perms))
		case "client":
			return jsonBool(v, &q.Client)
		case "contact":
			return jsonBool(v, &q.Contact)
		case "assistant":
			return jsonBool(v, &q.Assistant)
		case "assistant_admin":
			return jsonBool(v, &q.AssistantAdmin)
		case "keys":
			return jsonKeys(v, &q.Keys)
		case "signature":
			return jsonStr(v, &q.Signature)
		case "theme":
			return jsonStr(v, (*string)(&q.Theme))
		case "created":
			return jsonTime(v, &q.Created)
		case "created_by":
			return jsonID(v, &q.CreatedBy)
		}
		return false // anything unknown
	}, func() error {
		type Person personJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*Person)(p))
	})
}

func (p *Pairing) UnmarshalJSON(b []byte) error {
	return readFlat(p, b, func(q *Pairing, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "client":
			return jsonID(v, &q.Client)
		case "coach":
			return jsonID(v, &q.Coach)
		case "level":
			return jsonInt(v, (*int)(&q.Level))
		case "since":
			return jsonTime(v, &q.Since)
		}
		return false
	}, func() error {
		type Pairing pairingJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*Pairing)(p))
	})
}

func (l *ContactLink) UnmarshalJSON(b []byte) error {
	return readFlat(l, b, func(q *ContactLink, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "client":
			return jsonID(v, &q.Client)
		case "contact":
			return jsonID(v, &q.Contact)
		case "perms":
			return jsonStrs(v, (*[]ContactPerm)(&q.Perms))
		case "expires":
			return jsonStr(v, &q.Expires)
		case "created":
			return jsonTime(v, &q.Created)
		case "created_by":
			return jsonID(v, &q.CreatedBy)
		}
		return false
	}, func() error {
		type ContactLink contactLinkJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*ContactLink)(l))
	})
}

func (s *Session) UnmarshalJSON(b []byte) error {
	return readFlat(s, b, func(q *Session, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "client":
			return jsonID(v, &q.Client)
		case "coach":
			return jsonID(v, &q.Coach)
		case "start":
			return jsonTime(v, &q.Start)
		case "minutes":
			return jsonInt(v, &q.Minutes)
		case "status":
			return jsonStr(v, (*string)(&q.Status))
		case "package":
			return jsonID(v, &q.Package)
		case "credit_returned":
			return jsonBool(v, &q.CreditReturned)
		case "booked_by":
			return jsonID(v, &q.BookedBy)
		case "booked_for":
			return jsonID(v, &q.BookedFor)
		case "booked":
			return jsonTime(v, &q.Booked)
		case "changed_by":
			return jsonID(v, &q.ChangedBy)
		case "changed":
			return jsonTime(v, &q.Changed)
		case "group":
			return jsonID(v, &q.Group)
		case "occasion":
			return jsonID(v, &q.Occasion)
		}
		return false
	}, func() error {
		type Session sessionJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*Session)(s))
	})
}

// A session's span reads the four fields it has and passes over the
// others (encoding/json ignores what a struct has no field for); a key
// that is another spelling of one of its own (encoding/json matches keys
// regardless of case) is left to encoding/json.
func (s *sessionSpan) UnmarshalJSON(b []byte) error {
	return readFlat(s, b, func(q *sessionSpan, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "start":
			return jsonTime(v, &q.Start)
		case "minutes":
			return jsonInt(v, &q.Minutes)
		case "status":
			return jsonStr(v, (*string)(&q.Status))
		}
		return passedOver(k, "id", "start", "minutes", "status")
	}, func() error {
		type sessionSpan sessionSpanJSON
		return json.Unmarshal(b, (*sessionSpan)(s))
	})
}

// passedOver reports whether a decoder that reads only the fields own
// passes over key k: any key but another spelling of one of them
// (encoding/json matches keys regardless of case), which it leaves to
// encoding/json.
func passedOver(k string, own ...string) bool {
	for _, o := range own {
		if strings.EqualFold(k, o) {
			return false
		}
	}
	return true
}

// An outbox item's head, as a session's span: the four fields it
// has, the others passed over, another spelling of its own left to
// encoding/json.
func (p *outboxHead) UnmarshalJSON(b []byte) error {
	return readFlat(p, b, func(q *outboxHead, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "person":
			return jsonID(v, &q.Person)
		case "about":
			return jsonID(v, &q.About)
		case "status":
			return jsonStr(v, (*string)(&q.Status))
		}
		return passedOver(k, "id", "person", "about", "status")
	}, func() error {
		type outboxHead outboxHeadJSON
		return json.Unmarshal(b, (*outboxHead)(p))
	})
}

func (it *InboxItem) UnmarshalJSON(b []byte) error {
	return readFlat(it, b, func(q *InboxItem, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "person":
			return jsonID(v, &q.Person)
		case "event":
			return jsonStr(v, (*string)(&q.Event))
		case "about":
			return jsonID(v, &q.About)
		case "words":
			return jsonWords(v, &q.Words)
		case "text":
			return jsonStr(v, &q.Text)
		case "at":
			return jsonTime(v, &q.At)
		case "read":
			return jsonBool(v, &q.Read)
		case "actor":
			return jsonID(v, &q.Actor)
		case "behalf":
			return jsonID(v, &q.Behalf)
		case "by":
			return jsonStr(v, &q.By)
		case "for":
			return jsonID(v, &q.For)
		case "scope":
			return jsonStr(v, &q.Scope)
		}
		return false
	}, func() error {
		type InboxItem inboxItemJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*InboxItem)(it))
	})
}

func (it *OutboxItem) UnmarshalJSON(b []byte) error {
	return readFlat(it, b, func(q *OutboxItem, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "person":
			return jsonID(v, &q.Person)
		case "handle":
			return jsonStr(v, &q.Handle)
		case "to":
			return jsonStr(v, &q.To)
		case "channel":
			return jsonStr(v, (*string)(&q.Channel))
		case "event":
			return jsonStr(v, (*string)(&q.Event))
		case "about":
			return jsonID(v, &q.About)
		case "text":
			return jsonStr(v, &q.Text)
		case "at":
			return jsonTime(v, &q.At)
		case "subject":
			return jsonStr(v, &q.Subject)
		case "body":
			return jsonStr(v, &q.Body)
		case "message_id":
			return jsonStr(v, &q.MessageID)
		case "status":
			return jsonStr(v, (*string)(&q.Status))
		case "attempts":
			return jsonInt(v, &q.Attempts)
		case "next_at":
			return jsonTime(v, &q.NextAt)
		case "sent_at":
			return jsonTime(v, &q.SentAt)
		case "reply":
			return jsonStr(v, &q.Reply)
		case "last_error":
			return jsonStr(v, &q.LastError)
		case "secret":
			return jsonStr(v, &q.Secret)
		}
		return false
	}, func() error {
		type OutboxItem outboxItemJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*OutboxItem)(it))
	})
}

func (o *Org) UnmarshalJSON(b []byte) error {
	return readFlat(o, b, func(q *Org, k string, v []byte) bool {
		switch k {
		case "name":
			return jsonStr(v, &q.Name)
		case "time_zone":
			return jsonStr(v, &q.TimeZone)
		case "currency":
			return jsonStr(v, &q.Currency)
		case "owner":
			return jsonID(v, &q.Owner)
		case "plan":
			return jsonStr(v, &q.Plan)
		case "created":
			return jsonTime(v, &q.Created)
		case "seats":
			return jsonInt(v, &q.Seats)
		case "payment_method":
			return jsonStr(v, &q.PaymentMethod)
		case "cancelled":
			return jsonTime(v, &q.Cancelled)
		case "cancelled_by":
			return jsonID(v, &q.CancelledBy)
		}
		return false
	}, func() error {
		type Org orgJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*Org)(o))
	})
}

func (p *Payment) UnmarshalJSON(b []byte) error {
	return readFlat(p, b, func(q *Payment, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "invoice":
			return jsonID(v, &q.Invoice)
		case "client":
			return jsonID(v, &q.Client)
		case "payer":
			return jsonID(v, &q.Payer)
		case "amount_cents":
			return jsonInt64(v, &q.AmountCents)
		case "currency":
			return jsonStr(v, &q.Currency)
		case "at":
			return jsonTime(v, &q.At)
		}
		return false
	}, func() error {
		type Payment paymentJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*Payment)(p))
	})
}

func (e *AuditEntry) UnmarshalJSON(b []byte) error {
	return readFlat(e, b, func(q *AuditEntry, k string, v []byte) bool {
		switch k {
		case "id":
			return jsonID(v, &q.ID)
		case "at":
			return jsonTime(v, &q.At)
		case "actor":
			return jsonID(v, &q.Actor)
		case "actor_handle":
			return jsonStr(v, &q.ActorHandle)
		case "behalf":
			return jsonID(v, &q.Behalf)
		case "behalf_handle":
			return jsonStr(v, &q.BehalfHandle)
		case "workspace":
			return jsonStr(v, &q.Workspace)
		case "action":
			return jsonStr(v, (*string)(&q.Action))
		case "target":
			return jsonStr(v, &q.Target)
		case "client":
			return jsonID(v, &q.Client)
		case "person":
			return jsonID(v, &q.Person)
		case "detail":
			return jsonStr(v, &q.Detail)
		}
		return false
	}, func() error {
		type AuditEntry auditEntryJSON // the same name in encoding/json's messages, without this method
		return json.Unmarshal(b, (*AuditEntry)(e))
	})
}
