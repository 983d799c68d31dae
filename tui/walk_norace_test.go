//go:build !race

package tui

// walkPeople are whose screens the exhaustive walks visit: every demo
// person (see walk_race_test.go).
var walkPeople = []string{"olivia", "adam", "rob", "mira", "john", "asa", "jane", "alex", "casey", "eve", "pat", "sam"}
