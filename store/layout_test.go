package store

import (
	"bytes"
	"testing"

	"behalf/domain"
)

// A record's frame gives back exactly the refs and JSON it was made of,
// and no input, however broken, makes the readers panic or read past it.
func FuzzRecordFrame(f *testing.F) {
	f.Add("client", "0000000000000001/2026-11-23T19:00:00Z", true, []byte(`{"id":"1"}`))
	f.Add("", "", false, []byte(``))
	f.Add("n\x00", "k\xff", false, []byte{recordTag, 200, 1})
	f.Fuzz(func(t *testing.T, name, key string, unique bool, data []byte) {
		raw := data
		// keys that share their ends in every way: none, some, all
		refs := []ref{{Name: name, Key: key, Unique: unique}, {Name: "start", Key: key + "/x"},
			{Name: "coach", Key: "c/" + key + "/x"}, {Name: "busy", Key: "c/" + key + "/x"}, {Name: "start", Key: key}}
		if len(data) > 0 && data[0] == recordTag {
			data = data[1:] // a record's JSON never starts with the tag
		}
		stored := encodeRecord(refs, data)
		gotRefs, gotData, err := splitRecord(stored)
		if err != nil || !bytes.Equal(gotData, data) {
			t.Fatalf("split: %q %v, want %q", gotData, err, data)
		}
		idx := make([]domain.Index, len(refs))
		for i, r := range refs {
			idx[i] = domain.Index{Name: r.Name, Key: r.Key, Unique: r.Unique}
		}
		if same, err := sameRefs(gotRefs, idx); err != nil || !same {
			t.Fatalf("refs: %v %v", same, err)
		}
		if again, err := WithJSON(stored, []byte(`{}`)); err != nil || !bytes.HasSuffix(again, []byte(`{}`)) {
			t.Fatalf("WithJSON: %q %v", again, err)
		}
		// Arbitrary bytes as a stored value: an error or a result, never a panic.
		r, d, err := splitRecord(raw)
		if err == nil {
			_ = eachRef(r, func(ref) bool { return true })
			if len(r)+len(d) > len(raw) {
				t.Fatalf("read past the value")
			}
		}
	})
}
