package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runMigrate runs `behalf migrate args…` in-process.
func runMigrate(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"migrate"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// Usage errors say what to pass, and change nothing.
func TestMigrateUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{},
		{"--from", "bolt:x"},
		{"--from", "bolt:x", "--to", "bolt:y"},
		{"--from", "mysql:x", "--to", "etcd:http://127.0.0.1:1"},
		{"--from", "bolt:x", "--to", "etcd:"},
	} {
		if code, _, errs := runMigrate(t, args...); code != 2 || !strings.HasPrefix(errs, "behalf migrate: ") {
			t.Errorf("migrate %v: exit %d, %q; want usage", args, code, errs)
		}
	}
}

// A source that is not there is a one-line refusal that creates nothing.
func TestMigrateNoSource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, _, errs := runMigrate(t, "--from", "bolt:"+filepath.Join(dir, "none"), "--to", "etcd:http://127.0.0.1:1")
	if code != 1 || !strings.Contains(errs, "there is no database at") {
		t.Fatalf("exit %d, %q", code, errs)
	}
}

// Front ends over etcd need one library files folder they all share.
func TestServeEtcdNeedsSharedFiles(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--data", t.TempDir(), "--store", "etcd", "--etcd", "http://127.0.0.1:1"}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "--store etcd needs --files DIR") {
		t.Fatalf("exit %d: %q", code, errb.String())
	}
}
