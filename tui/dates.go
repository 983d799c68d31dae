package tui

import "behalf/domain"

// How screens write dates: always as YYYY-MM-DD, with the weekday where a
// person plans by it, and times as 24-hour HH:MM in the organisation's zone.
const (
	dayLayout     = "Mon " + domain.DateLayout            // Tue 2026-11-24
	dayTimeLayout = "Mon " + domain.DateLayout + " 15:04" // Tue 2026-11-24 15:00
)
