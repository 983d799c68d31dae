package domain

import "strconv"

// Plural is a count with its noun, right for one and for many: "1 coach",
// "3 coaches", "0 sessions". Every count a person reads goes through it.
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
