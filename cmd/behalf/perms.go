package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// warnIfLoose warns at start when other users of the machine may read,
// write or enter path: the data folder (0700), the database and the host
// key (0600), the demo keys folder and its private keys. The server still
// starts — the owner may have reasons — but the log says what to run.
// A path that does not exist is not checked.
func warnIfLoose(path string, log *slog.Logger) {
	fi, err := os.Stat(path)
	if err != nil {
		return
	}
	perm := fi.Mode().Perm()
	if perm&0o077 == 0 {
		return
	}
	want := "600"
	if fi.IsDir() {
		want = "700"
	}
	log.Warn(fmt.Sprintf("%s is open to other users of this machine (mode %04o); run: chmod %s %s", describePath(path, fi.IsDir()), perm, want, path),
		"path", path, "mode", fmt.Sprintf("%04o", perm), "want", "0"+want)
}

// describePath names what a file in the data folder is, for the warning.
func describePath(path string, dir bool) string {
	base, parent := filepath.Base(path), filepath.Base(filepath.Dir(path))
	switch {
	case dir && base == "demo-keys":
		return "the demo keys folder"
	case dir:
		return "the data folder"
	case base == "behalf.db":
		return "the database"
	case base == "host_ed25519":
		return "the SSH host key"
	case parent == "demo-keys":
		return "the demo private key " + base
	}
	return path
}
