package domain

import (
	"strings"
	"time"
)

// Level is a coach's access to a client (R11). Levels are ordered, so that
// "at least coaching" is a comparison.
type Level int

const (
	LevelNone     Level = iota // no access
	LevelView                  // view-only: read the file, invisible to the client (R14)
	LevelCoaching              // take part in the coaching (R13)
	LevelPrimary               // the client's "My coach" (R12)
)

func (l Level) String() string {
	switch l {
	case LevelView:
		return "view"
	case LevelCoaching:
		return "coaching"
	case LevelPrimary:
		return "primary"
	}
	return "none"
}

// ParseLevel reads primary|coaching|view|none (view-only is accepted too).
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "primary":
		return LevelPrimary, nil
	case "coaching":
		return LevelCoaching, nil
	case "view", "view-only", "view_only":
		return LevelView, nil
	case "none":
		return LevelNone, nil
	}
	return 0, invalidf("%q is not a pairing level: use primary, coaching, view or none", clip(s, 20))
}

// Pairing gives one coach a level of access to one client (R11).
type Pairing struct {
	ID     ID        `json:"id"`
	Client ID        `json:"client"`
	Coach  ID        `json:"coach"`
	Level  Level     `json:"level"`
	Since  time.Time `json:"since"`
}

// ContactLink lets a contact act for a client within its permissions (R30,
// R32), until its expiry date if it has one (R38).
type ContactLink struct {
	ID      ID           `json:"id"`
	Client  ID           `json:"client"`
	Contact ID           `json:"contact"`
	Perms   ContactPerms `json:"perms"`
	// Expires is the last day (in the organisation's zone) the link grants
	// anything, as 2006-01-02; empty for no expiry.
	Expires   string    `json:"expires,omitempty"`
	Created   time.Time `json:"created"`
	CreatedBy ID        `json:"created_by"`
}

// EndsAt is the instant the link stops granting: the start of the day
// after Expires, in loc. Zero when there is no expiry.
func (l ContactLink) EndsAt(loc *time.Location) time.Time {
	if l.Expires == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(DateLayout, l.Expires, loc)
	if err != nil {
		return time.Time{}
	}
	return d.AddDate(0, 0, 1)
}

// Live reports whether the link grants anything at now (R38).
func (l ContactLink) Live(now time.Time, loc *time.Location) bool {
	end := l.EndsAt(loc)
	return end.IsZero() || now.Before(end)
}

// AssistantLink makes an assistant manage a practitioner (R40).
type AssistantLink struct {
	ID           ID        `json:"id"`
	Assistant    ID        `json:"assistant"`
	Practitioner ID        `json:"practitioner"`
	Created      time.Time `json:"created"`
	CreatedBy    ID        `json:"created_by"`
}

// Layouts for dates and times as people type them (in the org's zone):
// a date is DateLayout; a time is WallLayout, or TimeLayout, the form the
// commands have always taken. Screens and commands show WallLayout.
const (
	DateLayout = "2006-01-02"
	TimeLayout = "2006-01-02T15:04"
	WallLayout = "2006-01-02 15:04"
	// DateHint and TimeHint are how hints and errors name the forms.
	DateHint = "YYYY-MM-DD"
	TimeHint = "YYYY-MM-DD HH:MM"
)
