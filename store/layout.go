package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"behalf/domain"
)

// The layout of schema 2, per collection c:
//
//	bucket c       id (8 bytes, big-endian) -> record: the record's index
//	               entries (its refs), then its JSON
//	bucket c/~idx  every index entry of c's records, one tree for all of
//	               c's indexes: name 0 key -> id for a unique entry, and
//	               name 0 key 0 id -> nothing for the others
//
// A record carries its own refs so that a Put can remove stale entries and
// a Delete all of them, without a second tree to read and write; and one
// index tree per collection shares its upper pages between the entries a
// record has. A booking's commit writes fewer pages either way (schema 1
// kept each index and the refs in trees of their own).

// recordTag starts every stored record: a record's JSON starts with '{',
// so a byte that cannot start JSON says the refs come first.
const recordTag = 0x01

type ref struct {
	Name   string
	Key    string
	Unique bool
}

// encodeRecord frames data (a record's JSON) with its refs: the tag, the
// refs' length, then each ref as flags, name and key, lengths as uvarints.
// A key is written as the part it does not share with the previous ref's
// key and the length of the end they share: a record's keys mostly end
// alike (a session's client, coach and start entries all end in its start
// time), and that saves an eighth of a session record.
// encodeJSON is v as JSON. A record that writes itself (the domain's most
// written records do, byte for byte as encoding/json would write them) is
// asked directly: encoding/json would only check and copy what it wrote.
func encodeJSON(v any) ([]byte, error) {
	if m, ok := v.(json.Marshaler); ok {
		if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || !rv.IsNil() {
			return m.MarshalJSON()
		}
	}
	return json.Marshal(v)
}

func encodeRecord(refs []ref, data []byte) []byte {
	n := 0
	for _, r := range refs {
		n += 1 + 3*binary.MaxVarintLen64 + len(r.Name) + len(r.Key)
	}
	body := make([]byte, 0, n)
	prev := ""
	for _, r := range refs {
		var flags byte
		if r.Unique {
			flags = 1
		}
		shared := sharedSuffix(prev, r.Key)
		body = append(body, flags)
		body = binary.AppendUvarint(body, uint64(len(r.Name)))
		body = append(body, r.Name...)
		body = binary.AppendUvarint(body, uint64(shared))
		body = binary.AppendUvarint(body, uint64(len(r.Key)-shared))
		body = append(body, r.Key[:len(r.Key)-shared]...)
		prev = r.Key
	}
	out := make([]byte, 0, 1+binary.MaxVarintLen64+len(body)+len(data))
	out = append(out, recordTag)
	out = binary.AppendUvarint(out, uint64(len(body)))
	out = append(out, body...)
	return append(out, data...)
}

// sharedSuffix is how many bytes a and b end alike.
func sharedSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

var errBadRecord = errors.New("malformed record frame")

// splitRecord returns a stored record's refs section and its JSON. A bare
// JSON value (no frame) has no refs.
func splitRecord(v []byte) (refs, data []byte, err error) {
	if len(v) == 0 || v[0] != recordTag {
		return nil, v, nil
	}
	n, w := binary.Uvarint(v[1:])
	if w <= 0 || n > uint64(len(v)-1-w) {
		return nil, nil, errBadRecord
	}
	start := 1 + w
	return v[start : start+int(n)], v[start+int(n):], nil
}

// RecordJSON is the JSON of a record as a collection's bucket holds it,
// for tools that read a file directly (the tests' hostile.Poison).
func RecordJSON(stored []byte) ([]byte, error) {
	_, data, err := splitRecord(stored)
	return data, err
}

// WithJSON is a stored record with its JSON replaced by data and its index
// entries kept, for tools that write a file directly.
func WithJSON(stored, data []byte) ([]byte, error) {
	_, old, err := splitRecord(stored)
	if err != nil {
		return nil, err
	}
	return reframe(stored, old, data), nil
}

// reframe is stored, whose JSON is old, with data in old's place: the
// frame (the record's index entries) is kept as it is.
func reframe(stored, old, data []byte) []byte {
	frame := stored[:len(stored)-len(old)]
	return append(append(make([]byte, 0, len(frame)+len(data)), frame...), data...)
}

// eachRef visits the refs of a refs section; it stops at fn's first false.
func eachRef(refs []byte, fn func(r ref) bool) error {
	prev := ""
	for len(refs) > 0 {
		flags := refs[0]
		name, rest, ok := lenPrefixed(refs[1:])
		if !ok {
			return errBadRecord
		}
		shared, w := binary.Uvarint(rest)
		if w <= 0 || shared > uint64(len(prev)) {
			return errBadRecord
		}
		head, rest, ok := lenPrefixed(rest[w:])
		if !ok {
			return errBadRecord
		}
		refs = rest
		key := string(head) + prev[len(prev)-int(shared):]
		prev = key
		if !fn(ref{Name: string(name), Key: key, Unique: flags&1 != 0}) {
			return nil
		}
	}
	return nil
}

func lenPrefixed(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}

// sameRefs reports whether a refs section lists exactly idx, in order.
func sameRefs(refs []byte, idx []domain.Index) (bool, error) {
	i := 0
	same := true
	err := eachRef(refs, func(r ref) bool {
		if i >= len(idx) || r.Name != idx[i].Name || r.Key != idx[i].Key || r.Unique != idx[i].Unique {
			same = false
			return false
		}
		i++
		return true
	})
	return same && i == len(idx), err
}

// idxName is the bucket of collection c's index entries.
func idxName(c domain.Collection) []byte { return []byte(string(c) + idxSuffix) }

// idxSuffix ends the name of a collection's index tree.
const idxSuffix = "/~idx"

// entryKey is the key of an index entry: name 0 key, and for an entry
// that is not unique 0 id after it.
func entryKey(name, key string, unique bool, id []byte) []byte {
	k := make([]byte, 0, len(name)+len(key)+10)
	k = append(k, name...)
	k = append(k, 0)
	k = append(k, key...)
	if !unique {
		k = append(k, 0)
		k = append(k, id...)
	}
	return k
}

// hasEntry reports whether index bucket ib holds the entry r of record id:
// a unique entry pointing at id, or the record's own entry.
func hasEntry(ib kv, r ref, id []byte) bool {
	if ib == nil {
		return false
	}
	k := entryKey(r.Name, r.Key, r.Unique, id)
	if r.Unique {
		return bytes.Equal(ib.Get(k), id)
	}
	got, _ := ib.cursor().Seek(k)
	return bytes.Equal(got, k)
}

// parseEntry splits an index entry into index name, key and record id.
func parseEntry(k, v []byte) (name, key string, id []byte, unique bool, err error) {
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return "", "", nil, false, fmt.Errorf("malformed index entry %q", k)
	}
	name, rest := string(k[:i]), k[i+1:]
	if len(v) == 8 {
		return name, string(rest), v, true, nil
	}
	n := len(rest) - 9
	if n < 0 || rest[n] != 0 {
		return "", "", nil, false, fmt.Errorf("malformed index entry %q", k)
	}
	return name, string(rest[:n]), rest[n+1:], false, nil
}
