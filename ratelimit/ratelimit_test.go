package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// Burst at once, then one more per interval; keys are apart.
func TestBurstThenRate(t *testing.T) {
	t.Parallel()
	l := New(10*time.Second, 3, 100)
	for i := range 3 {
		if !l.Allow("a", t0) {
			t.Fatalf("event %d of the burst was refused", i+1)
		}
	}
	if l.Allow("a", t0) || l.Allow("a", t0.Add(9*time.Second)) {
		t.Fatal("past the burst, an event came before its interval")
	}
	if !l.Allow("a", t0.Add(10*time.Second)) || l.Allow("a", t0.Add(11*time.Second)) {
		t.Fatal("one interval later, not exactly one more")
	}
	if !l.Allow("b", t0) {
		t.Fatal("another key shared the first one's bucket")
	}
}

// An address counts as its IPv4 address or its IPv6 /64, port or not.
func TestAddrKeys(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"198.51.100.7":               "198.51.100.7",
		"198.51.100.7:5000":          "198.51.100.7",
		"[2001:db8:1:2:3:4:5:6]:22":  "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:0:1": "2001:db8:1:2::/64",
		"[::ffff:198.51.100.7]:1":    "198.51.100.7",
		"fe80::1%eth0":               "fe80::/64",
		"not an address":             "not an address",
		"":                           "",
	} {
		if got := Addr(addr); got != want {
			t.Errorf("Addr(%q) = %q, want %q", addr, got, want)
		}
	}
	if Addr("2001:db8:1:2::1") == Addr("2001:db8:1:3::1") {
		t.Error("two /64s share a key")
	}
	for addr, want := range map[string]bool{"127.0.0.1:22": true, "::1": true, "[::ffff:127.0.0.2]:9": true, "198.51.100.7": false, "x": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) != %v", addr, want)
		}
	}
}

// Memory follows the keys knocking now: a refilled bucket is forgotten
// (at most once a second), one still in debt is kept, and past Max every
// new key shares one bucket.
func TestBoundedAndSwept(t *testing.T) {
	t.Parallel()
	l := New(time.Second, 2, 50)
	for i := range 500 {
		l.Allow(fmt.Sprint("k", i), t0)
	}
	if n := l.Len(); n > 51 {
		t.Fatalf("%d keys remembered, at most 50 and the overflow", n)
	}
	// The keys past Max share the overflow bucket: its burst is spent.
	if l.Allow("new", t0) {
		t.Fatal("a key past the bound got a bucket of its own")
	}
	l.Allow("debt", t0.Add(500*time.Millisecond)) // within the second: no sweep yet
	if n := l.Len(); n < 50 {
		t.Fatalf("swept within the same second: %d keys left", n)
	}
	// At 1.1 s the first sweep forgets the keys that spent one event (full
	// again after a second), not the overflow bucket, which spent two.
	l.Allow("debt", t0.Add(1100*time.Millisecond))
	if n := l.Len(); n != 2 {
		t.Fatalf("%d keys remembered after the first sweep, want the overflow and the one in debt", n)
	}
	// At 2.2 s the overflow has refilled too; the key in debt has not.
	l.Allow("debt", t0.Add(2200*time.Millisecond))
	if n := l.Len(); n != 1 {
		t.Fatalf("%d keys remembered after the second sweep, want only the one in debt", n)
	}
	if !l.Allow("new", t0.Add(2300*time.Millisecond)) {
		t.Fatal("a forgotten key is not as good as new")
	}
}
