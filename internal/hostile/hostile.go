// Package hostile helps tests prove that text people store cannot reach
// another person's terminal as control sequences. Poison writes hostile
// text straight into a database file's records, past every validation, as
// a bug or an old version might have; the Check functions look at what a
// command or a screen then sends out.
package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"behalf/store"
)

// Payload is appended to every stored text. It carries an OSC 52 clipboard
// write, an OSC title, a DCS request, C1 controls (CSI, OSC, NEL, ST), a
// right-to-left override, a CSI colour, BEL, BS, CR and DEL. After
// sanitising, only Visible is left of it.
const Payload = "\x1b]52;c;UE9XTkVE\x07EVIL\x1bP+q544e\x1b\\\u009d0;PWNT1TL\u009c\u202eXO\u009b31337m\x1b[1;31337m\u0085\x07\x08\r\x7f"

// Visible is what sanitising leaves of Payload ("EVIL" and "XO" with
// nothing between): proof the poisoned text was shown at all.
const Visible = "EVILXO"

// Fragments are parts of Payload that only appear if a sequence got
// through (whole or cut): the clipboard data, the DCS request, the title
// and the CSI parameter.
var Fragments = []string{"UE9XTkVE", "+q544e", "PWNT1TL", "31337"}

// textKeys are the JSON fields of stored records that hold text people
// typed, or copies of it (author names kept on a comment, a task's
// assignee name, an audit detail).
var textKeys = map[string]bool{
	"name": true, "email": true, "signature": true, "comment": true, "plan": true,
	"body": true, "text": true, "title": true, "assignee_name": true, "done_by": true,
	"author_name": true, "behalf_name": true, "author_handle": true, "behalf_handle": true,
	"actor_handle": true, "by": true, "detail": true, "target": true, "to": true,
}

// Poison appends Payload to every text field of every record in the
// database file at path (which must not be open). Indexes are left alone,
// so lookups still work. It returns how many fields it changed.
func Poison(path string) (int, error) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	n := 0
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if bytes.Contains(name, []byte("/")) || string(name) == "meta" {
				return nil // indexes and the schema version
			}
			if string(name) == "library_files" || string(name) == "branding" {
				// A library file's name and the branding are checked when
				// the server starts (a tampered one is refused: it would
				// reach sftp clients' listings, or every header), so a
				// poisoned one never gets as far as a screen.
				return nil
			}
			type kv struct{ k, v []byte }
			var changed []kv
			err := b.ForEach(func(k, stored []byte) error {
				v, err := store.RecordJSON(stored)
				if err != nil {
					return err
				}
				var rec any
				if json.Unmarshal(v, &rec) != nil {
					return nil
				}
				c := poison(rec)
				if c == 0 {
					return nil
				}
				enc, err := json.Marshal(rec)
				if err == nil {
					enc, err = store.WithJSON(stored, enc)
				}
				if err != nil {
					return err
				}
				n += c
				changed = append(changed, kv{append([]byte(nil), k...), enc})
				return nil
			})
			if err != nil {
				return err
			}
			for _, x := range changed {
				if err := b.Put(x.k, x.v); err != nil {
					return err
				}
			}
			return nil
		})
	})
	return n, err
}

func poison(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && textKeys[k] && s != "" {
				x[k] = s + Payload
				n++
				continue
			}
			n += poison(val)
		}
	case []any:
		for _, val := range x {
			n += poison(val)
		}
	}
	return n
}

// CheckText finds what must never be in plain-text output: any control
// but newline (tabs are aligned into spaces), C1 controls, bidi controls,
// invalid UTF-8, or a fragment of the payload.
func CheckText(out []byte) error {
	if !utf8.Valid(out) {
		return fmt.Errorf("invalid UTF-8")
	}
	for i, r := range string(out) {
		if r < 0x20 && r != '\n' || badRune(r) {
			return fmt.Errorf("control %U at byte %d: %q", r, i, around(out, i))
		}
	}
	return checkFragments(out)
}

// CheckJSON finds raw controls in --json output (escapes are fine: the
// payload's fragments are data there and do appear, escaped).
func CheckJSON(out []byte) error { return CheckControls(out) }

// CheckControls finds any raw control but newline, C1 or bidi control, or
// invalid UTF-8.
func CheckControls(out []byte) error {
	if !utf8.Valid(out) {
		return fmt.Errorf("invalid UTF-8")
	}
	for i, r := range string(out) {
		if r < 0x20 && r != '\n' || badRune(r) {
			return fmt.Errorf("raw control %U at byte %d: %q", r, i, around(out, i))
		}
	}
	return nil
}

// ServerQuery is what the server itself asks a terminal first, before any
// screen: its background colour (an OSC 11 query) and its attributes
// (sshserver/background.go). It carries no text of anyone's.
const ServerQuery = "\x1b]11;?\x1b\\" + "\x1b[c"

// CheckTerminal finds what must never reach a terminal from a screen: a
// control string (OSC, DCS, SOS, PM, APC), a C1 control, a bidi control,
// BEL, DEL, or a payload fragment. A screen's own CSI sequences are fine,
// and so is ServerQuery at the very start.
func CheckTerminal(out []byte) error {
	out = bytes.TrimPrefix(out, []byte(ServerQuery))
	for _, intro := range []string{"\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_"} {
		if i := bytes.Index(out, []byte(intro)); i >= 0 {
			return fmt.Errorf("control string %q at byte %d: %q", intro, i, around(out, i))
		}
	}
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		if r == utf8.RuneError && size == 1 && out[i] >= 0x80 && out[i] < 0xa0 {
			return fmt.Errorf("raw C1 byte %#x at byte %d: %q", out[i], i, around(out, i))
		}
		if badRune(r) || r == 0x07 {
			return fmt.Errorf("control %U at byte %d: %q", r, i, around(out, i))
		}
		i += size
	}
	return checkFragments(out)
}

func badRune(r rune) bool {
	return r == 0x7f || r >= 0x80 && r < 0xa0 ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

func checkFragments(out []byte) error {
	for _, f := range Fragments {
		if i := bytes.Index(out, []byte(f)); i >= 0 {
			return fmt.Errorf("payload fragment %q got through: %q", f, around(out, i))
		}
	}
	return nil
}

func around(b []byte, i int) string {
	lo, hi := max(i-40, 0), min(i+40, len(b))
	return strings.ToValidUTF8(string(b[lo:hi]), "?")
}
