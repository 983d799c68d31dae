package domain

import (
	"encoding/json"
	"strconv"
)

// ID names a stored record. Store keys are the 8-byte big-endian form, so
// cursor order is creation order; outside, an ID is its decimal text.
type ID uint64

func (id ID) String() string { return strconv.FormatUint(uint64(id), 10) }

// Key is the fixed-width form used inside index keys, so that text order
// equals numeric order.
func (id ID) Key() string {
	const digits = "0123456789abcdef"
	var b [16]byte
	v := uint64(id)
	for i := 15; i >= 0; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b[:])
}

func (id ID) MarshalJSON() ([]byte, error) { return json.Marshal(id.String()) }

func (id *ID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		// Accept a bare number too: older records and hand-written JSON.
		var n uint64
		if err2 := json.Unmarshal(b, &n); err2 != nil {
			return err
		}
		*id = ID(n)
		return nil
	}
	if s == "" {
		*id = 0
		return nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return err
	}
	*id = ID(n)
	return nil
}

// ParseID reads an ID typed by a person.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, invalidf("%q is not an id: ids are positive whole numbers", clip(s, 20))
	}
	return ID(n), nil
}
