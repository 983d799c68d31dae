//go:build race

package sshserver_test

// raceEnabled: the race detector is on (leak_test.go opens fewer sessions).
const raceEnabled = true
