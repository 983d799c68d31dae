package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// --pprof is refused for any address a network could reach: the profiles
// show the program's memory and goroutines.
func TestPprofOnlyOnLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060", "[::]:6060", "example.com:6060", "127.0.0.1", "localhost"} {
		var out, errb bytes.Buffer
		code := run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--data", t.TempDir(), "--demo", "--pprof", addr}, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "--pprof") || !strings.Contains(errb.String(), "loopback") {
			t.Fatalf("--pprof %s: exit %d, want 2 with a word on loopback: %q", addr, code, errb.String())
		}
	}
	for _, addr := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060", "127.1.2.3:0"} {
		if err := checkPprofAddr(addr); err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
	}
}

var profilesAt = regexp.MustCompile(`msg="profiles served" addr=(\S+)`)

// With --pprof the profiles answer on that address; without it nothing
// serves them.
func TestPprofServesProfiles(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--data", filepath.Join(t.TempDir(), "data"), "--demo", "--pprof", "127.0.0.1:0")
	s.addr(t)
	// The profiles' listener logs its address by itself, in no set order
	// with the SSH server's.
	var m []string
	for end := time.Now().Add(deadline); m == nil; time.Sleep(10 * time.Millisecond) {
		if m = profilesAt.FindStringSubmatch(s.stderr.String()); m == nil && time.Now().After(end) {
			t.Fatalf("no profiles' address in the log:\n%s", s.stderr.String())
		}
	}
	client := &http.Client{Timeout: deadline}
	res, err := client.Get(m[1] + "heap?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "heap profile") {
		t.Fatalf("GET heap: %s\n%.200s", res.Status, body)
	}
	// Off by default: the server's log names no profiles.
	plain := startServe(t, "--data", filepath.Join(t.TempDir(), "data"), "--demo")
	plain.addr(t)
	if strings.Contains(plain.stderr.String(), "profiles") {
		t.Fatalf("profiles served without --pprof:\n%s", plain.stderr.String())
	}
	// The profiles stop with the server.
	if code := s.stop(t); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
	end := time.Now().Add(deadline)
	for {
		if _, err := client.Get(m[1]); err != nil {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the profiles still answer after the server stopped")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
