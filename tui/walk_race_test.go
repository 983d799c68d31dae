//go:build race

package tui

// walkPeople are whose screens the exhaustive walks (every key on every
// screen, every word on every screen) visit. The race detector makes the
// screens ten times slower and looks for races, which one person of each
// kind of workspace shows as well as all twelve; `make test` runs the
// walks again without it, for everyone (the Makefile's WALKS).
var walkPeople = []string{"olivia", "asa", "jane", "pat"}
