package sshserver

import (
	"net"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func tcp(ip string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 5000} }

// The bucket: Burst at once, then Rate per second; addresses apart; IPv6
// per /64; loopback free unless asked for; one log line per ten seconds.
// (The limiter itself is package ratelimit's, tested there.)
func TestConnLimiterRate(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	l := newConnLimiter(2, 3, 0, false)
	l.now = clk.now
	ok := func(addr string) bool { v, _, _, _ := l.admit(tcp(addr)); return v == admitted }
	a, b := "203.0.113.7", "203.0.113.8"
	for i := 0; i < 3; i++ {
		if !ok(a) {
			t.Fatalf("connection %d of the burst refused", i+1)
		}
	}
	v, _, report, refused := l.admit(tcp(a))
	if v != tooFast || !report || refused != 1 {
		t.Fatalf("4th: %v report=%v refused=%d", v, report, refused)
	}
	if v, _, report, _ := l.admit(tcp(a)); v != tooFast || report {
		t.Fatalf("5th: %v report=%v (logged again too soon)", v, report)
	}
	if !ok(b) {
		t.Fatal("another address was refused")
	}
	clk.t = clk.t.Add(500 * time.Millisecond) // one token back
	if !ok(a) {
		t.Fatal("refill did not come")
	}
	if ok(a) {
		t.Fatal("refill gave more than one")
	}

	for i := 0; i < 3; i++ {
		ok("2001:db8:1:2::1")
	}
	if ok("2001:db8:1:2:ffff::9") {
		t.Fatal("another address in the same /64 was not counted with it")
	}
	if !ok("2001:db8:1:3::1") {
		t.Fatal("another /64 was refused")
	}
	if ok("::ffff:203.0.113.7") {
		t.Fatal("an IPv4-mapped address escaped its IPv4 bucket")
	}

	for i := 0; i < 100; i++ {
		if !ok("127.0.0.1") || !ok("::1") {
			t.Fatal("loopback was limited")
		}
	}
	strict := newConnLimiter(2, 3, 0, true)
	strict.now = clk.now
	for i := 0; i < 3; i++ {
		strict.admit(tcp("127.0.0.1"))
	}
	if v, _, _, _ := strict.admit(tcp("127.0.0.1")); v != tooFast {
		t.Fatal("loopback was not limited when asked")
	}
}

// At most ConnMax open at once per address; closing one frees a place.
func TestConnLimiterOpen(t *testing.T) {
	l := newConnLimiter(-1, 1, 2, false)
	_, r1, _, _ := l.admit(tcp("198.51.100.1"))
	_, r2, _, _ := l.admit(tcp("198.51.100.1"))
	if v, _, report, _ := l.admit(tcp("198.51.100.1")); v != tooMany || !report {
		t.Fatalf("third open connection: %v", v)
	}
	if v, _, _, _ := l.admit(tcp("198.51.100.2")); v != admitted {
		t.Fatal("another address was refused")
	}
	r1()
	r1() // twice is once
	if v, _, _, _ := l.admit(tcp("198.51.100.1")); v != admitted {
		t.Fatal("a closed connection did not free its place")
	}
	if v, _, _, _ := l.admit(tcp("198.51.100.1")); v != tooMany {
		t.Fatal("a double release freed two places")
	}
	r2()
}

// What the limiter remembers follows the addresses knocking now, not
// every address ever seen: a full bucket is forgotten, and an address is
// counted open only while it holds a connection.
func TestConnLimiterForgets(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	l := newConnLimiter(10, 20, 100, false)
	l.now = clk.now
	var keep func()
	for i := 0; i < 500; i++ {
		_, release, _, _ := l.admit(tcp(net.IPv4(198, 51, byte(i>>8), byte(i)).String()))
		if i == 0 {
			keep = release
		} else {
			release()
		}
	}
	clk.t = clk.t.Add(3 * time.Second)
	_, release, _, _ := l.admit(tcp("192.0.2.1"))
	if n := l.rate.Len(); n != 1 {
		t.Fatalf("%d rate buckets kept, want only the new one", n)
	}
	if n := l.open.keys(); n != 2 {
		t.Fatalf("%d addresses counted open, want the open one and the new one", n)
	}
	keep()
	release()
	if n := l.open.keys(); n != 0 {
		t.Fatalf("%d addresses counted open after every connection closed", n)
	}
}
