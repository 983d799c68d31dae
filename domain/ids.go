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

// MarshalJSON writes the id as a JSON string of its decimal digits.
func (id ID) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 22)
	b = append(b, '"')
	b = strconv.AppendUint(b, uint64(id), 10)
	return append(b, '"'), nil
}

func (id *ID) UnmarshalJSON(b []byte) error {
	// The common case, a quoted run of digits, is read in place: records
	// hold several ids each and lists decode many records.
	if n := len(b); n >= 3 && n <= 22 && b[0] == '"' && b[n-1] == '"' {
		if v, ok := parseDigits(b[1 : n-1]); ok {
			*id = ID(v)
			return nil
		}
	}
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

// parseDigits reads a plain decimal number, refusing anything else
// (signs, spaces, escapes, overflow), which then takes the general path.
func parseDigits(b []byte) (uint64, bool) {
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' || v > (1<<64-1-9)/10 {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// ParseID reads an ID typed by a person.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, invalidf("%q is not an id: ids are positive whole numbers", clip(s, 20))
	}
	return ID(n), nil
}
