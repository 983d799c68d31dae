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
