//go:build race

package tui_test

// raceBuild: the race detector slows the screens tenfold; long walks take
// fewer people there (the walk finds rendering bugs, not races).
const raceBuild = true
