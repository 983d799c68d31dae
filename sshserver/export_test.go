package sshserver

// RawFrames is rawFrames for the package's outside tests.
func RawFrames() int64 { return rawFrames.Load() }
