package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The hand-written record decoders (records_json.go) give exactly what
// encoding/json gives — value and error — for what the store holds and for
// anything else a file might contain: both are run on each input and
// compared.

func jsonSamples() []any {
	at := time.Date(2026, 11, 23, 15, 4, 5, 123456789, time.UTC)
	ny, _ := time.LoadLocation("America/New_York")
	return []any{
		Person{ID: 7, Handle: "jane", Name: "Jane Smith", Email: "jane@example.com", Status: StatusActive, Client: true, Created: at, CreatedBy: 1},
		Person{ID: 1, Handle: "olivia", Name: "Olivia « Owens » 🌱", Status: StatusDeactivated, TeamRole: RoleOwner, InPool: true,
			Perms: AllPerms(), Assistant: true, AssistantAdmin: true, Contact: true, Signature: "— O.", Created: at.In(ny)},
		Person{ID: 2, Handle: "k", Keys: []SSHKey{{Fingerprint: "SHA256:x", Line: "ssh-ed25519 AAAA", Added: at}}, Perms: PermSet{}},
		Person{ID: 3, Handle: "two", Keys: []SSHKey{{Fingerprint: "SHA256:a", Line: "ssh-ed25519 A", Comment: "laptop {work}", Added: at},
			{Fingerprint: "SHA256:b", Line: "ssh-rsa B"}}, Created: at},
		Person{Keys: []SSHKey{}},
		Person{},
		Pairing{ID: 3, Client: 7, Coach: 1, Level: LevelPrimary, Since: at},
		Pairing{Level: LevelView},
		ContactLink{ID: 4, Client: 7, Contact: 9, Perms: ContactPerms{ContactBilling, ContactSchedule}, Expires: "2027-01-31", Created: at, CreatedBy: 1},
		ContactLink{Perms: ContactPerms{}},
		Session{ID: 5, Client: 7, Coach: 1, Start: at, Minutes: 60, Status: SessionCompleted, Package: 8, CreditReturned: true,
			BookedBy: 9, BookedFor: 7, Booked: at, ChangedBy: 1, Changed: at},
		Session{Start: at, Minutes: 45, Status: SessionScheduled},
		Org{Name: "Northwind Coaching", TimeZone: "America/New_York", Currency: "USD", Owner: 1, Plan: "Team", Created: at},
		Payment{ID: 6, Invoice: 5, Client: 7, Payer: 9, AmountCents: 250000, Currency: "USD", At: at},
		Payment{AmountCents: -1},
		InboxItem{ID: 9, Person: 7, Event: EventSessionBooked, About: 7, Words: []Word{{Text: "Session booked: "}, {Person: 7}, {Text: " with "}, {Person: 1, Behalf: 7, Acted: true}},
			Text: "Session booked.", At: at, Read: true, Actor: 1, Behalf: 7, By: "Olivia Owens (coach)", For: 1, Scope: "contact:jane"},
		InboxItem{Words: []Word{}},
		InboxItem{Words: []Word{{}, {Text: "a {b} c"}}, Text: "line\nbreak"},
		OutboxItem{ID: 10, Person: 7, Handle: "jane", To: "jane@example.com", Channel: ChannelEmail, Event: EventSessionBooked, About: 7,
			Text: "Session booked.", At: at, Subject: "Session booked <Northwind>", Body: "Hello Jane,\n\nSession booked: \"Tue 10:00\".\n\n-- \nNorthwind",
			MessageID: "abc@behalf.invalid", Status: MailQueued, Attempts: 2, NextAt: at, SentAt: at, Reply: "250 OK", LastError: "421 busy", Secret: "ABCD"},
		OutboxItem{Channel: ChannelSMS, To: "sms:jane"},
		AuditEntry{ID: 8, At: at, Actor: 1, ActorHandle: "olivia", Behalf: 7, BehalfHandle: "jane", Workspace: "contact:jane",
			Action: ActInvoicesPay, Target: "invoice 5", Client: 7, Person: 9, Detail: `payment 6 of "$2,500.00"`},
	}
}

// edits turn a record's JSON into the inputs a hand-edited or older file
// might hold; valid or not, both decoders must agree on each.
var jsonEdits = []func(string) string{
	func(s string) string { return s },
	func(s string) string { return " " + strings.ReplaceAll(s, ",", " ,\n\t") + " " },
	func(s string) string { return strings.Replace(s, `"handle"`, `"Handle"`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"`, `"id":"0`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"`, `"id":"-`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"`, `"id":"1`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"`, `"i\u0064":"`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"7"`, `"id":7`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"7"`, `"id":""`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"7"`, `"id":null`, 1) },
	func(s string) string { return strings.Replace(s, `"id":"7"`, `"id":"99999999999999999999999"`, 1) },
	func(s string) string { return strings.Replace(s, `"name":"`, `"name":"\u00e9\n`, 1) },
	func(s string) string { return strings.Replace(s, `"name":"`, "\"name\":\"\xff", 1) },
	func(s string) string { return strings.Replace(s, `"client":true`, `"client":1`, 1) },
	func(s string) string { return strings.Replace(s, `"level":3`, `"level":3.0`, 1) },
	func(s string) string { return strings.Replace(s, `"level":3`, `"level":"3"`, 1) },
	func(s string) string { return strings.Replace(s, `"minutes":60`, `"minutes":6e1`, 1) },
	func(s string) string { return strings.Replace(s, `"minutes":60`, `"minutes":-0`, 1) },
	func(s string) string {
		return strings.Replace(s, `"amount_cents":250000`, `"amount_cents":9223372036854775808`, 1)
	},
	func(s string) string { return strings.Replace(s, `"amount_cents":250000`, `"amount_cents":+1`, 1) },
	func(s string) string { return strings.Replace(s, `"amount_cents":250000`, `"amount_cents":01`, 1) },
	func(s string) string { return strings.Replace(s, `"detail":"`, "\"detail\":\"\x01", 1) },
	func(s string) string { return strings.Replace(s, `{`, `{"unknown":[1,2],`, 1) },
	func(s string) string { return strings.Replace(s, `{`, `{"status":"x",`, 1) },
	func(s string) string { return strings.Replace(s, `"perms":[`, `"perms":[ "a" , `, 1) },
	func(s string) string { return strings.Replace(s, `"perms":[`, `"perms":null,"x":[`, 1) },
	func(s string) string { return strings.Replace(s, `"start":"`, `"start":"x`, 1) },
	func(s string) string { return strings.Replace(s, `"since":"`, `"since":null,"y":"`, 1) },
	func(s string) string { return strings.Replace(s, `"keys":[{`, `"keys":[{"x":{"y":1},`, 1) },
	func(s string) string { return strings.Replace(s, `"keys":[{`, `"keys":["s",{`, 1) },
	func(s string) string { return strings.Replace(s, `"keys":[{`, `"keys":[{},{`, 1) },
	func(s string) string { return strings.Replace(s, `"keys":[{`, `"keys":[{"comment":null},{`, 1) },
	func(s string) string { return strings.Replace(s, `"keys":[{`, `"keys":[ { "line" : "x" } , {`, 1) },
	func(s string) string { return strings.Replace(s, `"},{"`, `"}{"`, 1) },
	func(s string) string { return strings.Replace(s, `"}]`, `"},]`, 1) },
	func(s string) string { return strings.Replace(s, `"words":[{`, `"words":[{"t":{"x":1}},{`, 1) },
	func(s string) string { return strings.Replace(s, `"words":[{`, `"words":["s",{`, 1) },
	func(s string) string { return strings.Replace(s, `"words":[{`, `"words":null,"w":[{`, 1) },
	func(s string) string { return strings.Replace(s, `"words":[{`, `"Words":[{`, 1) },
	func(s string) string { return strings.Replace(s, `"a":true`, `"a":1`, 1) },
	func(s string) string { return strings.Replace(s, `"read":true`, `"read":"true"`, 1) },
	func(s string) string {
		return strings.Replace(s, `"name":"`, `"name":"\ud83d\ude00 \ud800 \udc00x \/ \" \\`, 1)
	},
	func(s string) string { return strings.Replace(s, `"name":"`, `"name":"\u00J`, 1) },
	func(s string) string { return strings.Replace(s, `"name":"`, `"name":"\q`, 1) },
	func(s string) string { return strings.Replace(s, `"name":"`, `"name":"\`, 1) },
	func(s string) string { return strings.Replace(s, `"text":"`, `"text":"a\nb\"c}\\`, 1) },
	func(s string) string { return strings.Replace(s, `"t":"`, `"t":"\"}{\u0041`, 1) },
	func(s string) string { return strings.Replace(s, `"perms":["`, `"perms":["\u0061`, 1) },
	func(s string) string { return strings.Replace(s, `"comment":"`, `"comment":"\t`, 1) },
	func(s string) string { return s + s },
	func(s string) string { return s[:len(s)/2] },
	func(s string) string { return "[" + s + "]" },
	func(s string) string { return "{}" },
	func(s string) string { return "null" },
}

func decodeBoth(data []byte, proto any) (fast, std any, fastErr, stdErr error) {
	t := reflect.TypeOf(proto)
	f := reflect.New(t)
	// As the store decodes: straight into the record's own decoder, with no
	// check of the bytes first.
	fastErr = f.Interface().(json.Unmarshaler).UnmarshalJSON(data)
	if f2 := reflect.New(t); true { // and as encoding/json does when a record is inside something else
		if err := json.Unmarshal(data, f2.Interface()); (err == nil) != (fastErr == nil) || err == nil && !reflect.DeepEqual(f2.Elem().Interface(), f.Elem().Interface()) {
			panic(fmt.Sprintf("%T from %q: direct %v, through encoding/json %v", proto, data, fastErr, err))
		}
	}
	s := reflect.New(t)
	alias := jsonAlias(s)
	stdErr = json.Unmarshal(data, alias)
	return f.Elem().Interface(), s.Elem().Interface(), fastErr, stdErr
}

// jsonAlias is the record s points to as its alias type without a
// decoder of its own: what encoding/json alone makes of the input.
func jsonAlias(s reflect.Value) any {
	switch v := s.Interface().(type) {
	case *Person:
		return (*personJSON)(v)
	case *Pairing:
		return (*pairingJSON)(v)
	case *ContactLink:
		return (*contactLinkJSON)(v)
	case *Session:
		return (*sessionJSON)(v)
	case *sessionSpan:
		return (*sessionSpanJSON)(v)
	case *outboxHead:
		return (*outboxHeadJSON)(v)
	case *InboxItem:
		return (*inboxItemJSON)(v)
	case *OutboxItem:
		return (*outboxItemJSON)(v)
	case *Org:
		return (*orgJSON)(v)
	case *Payment:
		return (*paymentJSON)(v)
	case *AuditEntry:
		return (*auditEntryJSON)(v)
	}
	panic(fmt.Sprintf("no alias for %s", s.Type()))
}

func sameDecoding(t *testing.T, data []byte, proto any) {
	t.Helper()
	fast, std, fe, se := decodeBoth(data, proto)
	if se != nil { // the reference decodes into the alias type; the real one names the record
		msg := strings.NewReplacer("personJSON", "Person", "pairingJSON", "Pairing", "contactLinkJSON", "ContactLink", "sessionSpanJSON", "sessionSpan", "sessionJSON", "Session", "outboxHeadJSON", "outboxHead",
			"orgJSON", "Org", "paymentJSON", "Payment", "auditEntryJSON", "AuditEntry", "inboxItemJSON", "InboxItem", "outboxItemJSON", "OutboxItem").Replace(se.Error())
		se = fmt.Errorf("%s", msg)
	}
	if (fe == nil) != (se == nil) || fe != nil && fe.Error() != se.Error() {
		t.Fatalf("%T from %q: error %v, encoding/json %v", proto, data, fe, se)
	}
	if fe == nil && !reflect.DeepEqual(fast, std) {
		t.Fatalf("%T from %q:\n got %#v\nwant %#v", proto, data, fast, std)
	}
}

func TestRecordDecodersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	n := 0
	for _, rec := range jsonSamples() {
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		for _, edit := range jsonEdits {
			sameDecoding(t, []byte(edit(string(b))), rec)
			n++
			if _, ok := rec.(Session); ok { // and as an overlap check reads it
				sameDecoding(t, []byte(edit(string(b))), sessionSpan{})
				n++
			}
			if _, ok := rec.(OutboxItem); ok { // and as a walk of the outbox reads it
				sameDecoding(t, []byte(edit(string(b))), outboxHead{})
				n++
			}
		}
	}
	// Decoding into a record that already holds values keeps what the
	// input does not mention, as encoding/json does.
	p := Person{Handle: "kept", Perms: PermSet{PermInvoiceAll}}
	if err := json.Unmarshal([]byte(`{"name":"N"}`), &p); err != nil || p.Handle != "kept" || p.Name != "N" || !p.Perms.Has(PermInvoiceAll) {
		t.Errorf("decoding over a record: %+v %v", p, err)
	}
	t.Logf("%d inputs", n)
}

func FuzzRecordDecoders(f *testing.F) {
	for _, rec := range jsonSamples() {
		b, _ := json.Marshal(rec)
		for _, edit := range jsonEdits[:8] {
			f.Add(edit(string(b)))
		}
	}
	protos := []any{Person{}, Pairing{}, ContactLink{}, Session{}, sessionSpan{}, Org{}, Payment{}, AuditEntry{}, InboxItem{}, OutboxItem{}, outboxHead{}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range protos {
			sameDecoding(t, []byte(s), p)
		}
	})
}

func BenchmarkRecordDecode(b *testing.B) {
	for i, rec := range jsonSamples() {
		switch rec.(type) {
		case InboxItem, OutboxItem, AuditEntry:
		default:
			if i > 0 {
				continue // a person, as sign-in and every list reads one; notifications; the log
			}
		}
		data, _ := json.Marshal(rec)
		t := reflect.TypeOf(rec)
		b.Run(fmt.Sprintf("%T/%d/direct", rec, i), func(b *testing.B) { // as the store decodes
			for b.Loop() {
				_ = reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(data)
			}
		})
		b.Run(fmt.Sprintf("%T/%d/encoding-json", rec, i), func(b *testing.B) {
			for b.Loop() {
				_ = json.Unmarshal(data, jsonAlias(reflect.New(t)))
			}
		})
	}
}

// filled is a value of t with every field set (one element in each slice,
// a pointer to a filled value):
// what a record that uses everything it has looks like.
func filled(t reflect.Type, at time.Time) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(at))
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				v.Field(i).Set(filled(t.Field(i).Type, at))
			}
		}
	case t.Kind() == reflect.Slice:
		v.Set(reflect.Append(v, filled(t.Elem(), at)))
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		p.Elem().Set(filled(t.Elem(), at))
		v.Set(p)
	case t.Kind() == reflect.String:
		v.SetString("x")
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		v.SetInt(3)
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		v.SetUint(3)
	}
	return v
}

// A record that sets every field it has is read by its own decoder, not
// handed to encoding/json: a field the decoder forgets (the organisation's
// payment method once did) costs every use case that reads the record.
func TestRecordDecodersReadEveryField(t *testing.T) {
	at := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	for _, proto := range []any{Person{}, Pairing{}, ContactLink{}, Session{}, sessionSpan{}, Org{}, Payment{}, AuditEntry{}, InboxItem{}, OutboxItem{}, outboxHead{}} {
		rec := filled(reflect.TypeOf(proto), at).Interface()
		if s, ok := rec.(Session); ok {
			// An agenda is an object inside the session's: such a session
			// (booked from a template) is encoding/json's to read.
			s.Agenda = nil
			rec = s
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		before := slowDecodes.Load()
		sameDecoding(t, b, proto)
		if n := slowDecodes.Load() - before; n != 0 {
			t.Errorf("%T: %s went to encoding/json", proto, b)
		}
		if _, ok := rec.(Session); ok { // an overlap check reads whole sessions' records
			before := slowDecodes.Load()
			sameDecoding(t, b, sessionSpan{})
			if n := slowDecodes.Load() - before; n != 0 {
				t.Errorf("sessionSpan: %s went to encoding/json", b)
			}
		}
		if _, ok := rec.(OutboxItem); ok { // a walk of the outbox reads whole outbox items' records
			before := slowDecodes.Load()
			sameDecoding(t, b, outboxHead{})
			if n := slowDecodes.Load() - before; n != 0 {
				t.Errorf("outboxHead: %s went to encoding/json", b)
			}
		}
	}
}

// jsonStrings are texts whose quoting has rules: escapes, HTML's
// characters, control characters, text beyond ASCII, invalid UTF-8, the
// line separators.
var jsonStrings = []string{"", "plain text", `say "hi" \ there`, "<b>&amp;</b>", "line\nbreak\r\ttab\b\f",
	"\x00\x01\x1b[31m\x7f", "Olivia « Owens » 🌱", "bad \xff\xfe utf-8", "sep\u2028\u2029", "é"}

// The hand-written record encoders (records_json_out.go) write exactly
// what encoding/json writes for the record: every field set, none set,
// and texts with every quoting rule in each text field.
func TestRecordEncodersMatchEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 23, 15, 4, 5, 123456789, time.FixedZone("x", -5*3600))
	alias := func(v any) any {
		switch v := v.(type) {
		case Session:
			return sessionJSON(v)
		case AuditEntry:
			return auditEntryJSON(v)
		case InboxItem:
			return inboxItemJSON(v)
		case OutboxItem:
			return outboxItemJSON(v)
		}
		panic(fmt.Sprintf("%T", v))
	}
	var recs []any
	for _, proto := range []any{Session{}, AuditEntry{}, InboxItem{}, OutboxItem{}} {
		typ := reflect.TypeOf(proto)
		full := filled(typ, at)
		recs = append(recs, proto, full.Interface())
		// Each text field with each awkward text, the others full.
		for i := range typ.NumField() {
			if typ.Field(i).Type.Kind() != reflect.String || !typ.Field(i).IsExported() {
				continue
			}
			for _, s := range jsonStrings {
				v := reflect.New(typ).Elem()
				v.Set(full)
				v.Field(i).SetString(s)
				recs = append(recs, v.Interface())
			}
		}
	}
	s := filled(reflect.TypeFor[Session](), at).Interface().(Session)
	s.Agenda.Headings = nil
	recs = append(recs, s)
	s.Agenda = &Agenda{Headings: []string{}}
	recs = append(recs, s)
	s.Agenda = &Agenda{Name: "<Intake>", Headings: jsonStrings}
	recs = append(recs, s)
	it := filled(reflect.TypeFor[InboxItem](), at).Interface().(InboxItem)
	it.Words = []Word{{}, {Text: "a\nb"}, {Person: 3}, {Behalf: 4, Acted: true}}
	recs = append(recs, it)
	for _, w := range jsonStrings {
		it.Words = []Word{{Text: w, Person: 2}}
		recs = append(recs, it)
	}
	for _, rec := range recs {
		want, err := json.Marshal(alias(rec))
		if err != nil {
			t.Fatal(err)
		}
		got, err := rec.(json.Marshaler).MarshalJSON()
		if err != nil || string(got) != string(want) {
			t.Fatalf("%T:\n got %s (%v)\nwant %s", rec, got, err, want)
		}
		if through, err := json.Marshal(rec); err != nil || string(through) != string(want) {
			t.Fatalf("%T through encoding/json:\n got %s (%v)\nwant %s", rec, through, err, want)
		}
	}
	// A time encoding/json cannot write fails here too.
	if _, err := (Session{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}).MarshalJSON(); err == nil {
		t.Error("a session in the year 10000 encoded")
	}
	t.Logf("%d records", len(recs))
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("%q: got %s, want %s", s, got[1:], want)
		}
	})
}
