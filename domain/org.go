package domain

import (
	"sync"
	"time"
)

// Org is the one organisation a server holds (R1).
type Org struct {
	Name     string    `json:"name"`
	TimeZone string    `json:"time_zone"` // IANA name; times are shown in it
	Currency string    `json:"currency"`  // ISO 4217, one per organisation
	Owner    ID        `json:"owner"`
	Plan     string    `json:"plan"` // the account's subscription (owner only, R18)
	Created  time.Time `json:"created"`
	// The owner's account page (account_plan.go): client seats (0: no
	// limit, R56), the payment method on file as a reference only, and when
	// the account was cancelled (read-only until reopened, R56).
	Seats         int       `json:"seats,omitempty"`
	PaymentMethod string    `json:"payment_method,omitempty"`
	Cancelled     time.Time `json:"cancelled,omitzero"`
	CancelledBy   ID        `json:"cancelled_by,omitempty"`
}

// Location is the organisation's zone; UTC if the name is unknown.
func (o Org) Location() *time.Location {
	if loc, ok := zones.Load(o.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	zones.Store(o.TimeZone, loc)
	return loc
}

// zones caches Location by name: time.LoadLocation reads and parses the
// zone file on every call, and nearly every use case asks for the zone.
// A *time.Location is immutable, so sessions share them safely.
var zones sync.Map
