//go:build !race

package sshserver_test

const raceEnabled = false
