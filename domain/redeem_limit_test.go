package domain_test

import (
	"fmt"
	"testing"

	"behalf/domain"
)

// R34: redemption attempts from one address are counted as connections
// are (package ratelimit): an IPv4 address whatever the port, an IPv6
// client by its /64, so fresh keys and fresh low address bits do not buy
// more guesses.
func testRedeemLimitCountsAddressesLikeConnections(t *testing.T, newDemo opener) {
	t.Parallel()
	d, _ := newDemo(t)
	try := func(i int, addr string) error {
		_, err := d.svc.Redeem(domain.SSHKey{Fingerprint: fmt.Sprintf("SHA256:fresh-%d", i)}, addr, "AAAA-BBBB-CCCC")
		return err
	}
	limited := func(err error) bool {
		return domain.KindOf(err) == domain.KindConflict
	}
	for i := range 20 { // the address's burst, each from a fresh key and port
		if err := try(i, fmt.Sprintf("198.51.100.9:%d", 1000+i)); limited(err) {
			t.Fatalf("attempt %d of the burst was limited: %v", i+1, err)
		}
	}
	if err := try(20, "198.51.100.9:9999"); !limited(err) {
		t.Fatalf("the 21st attempt from one address with a fresh key and port: %v", err)
	}
	for i := range 20 {
		if err := try(100+i, fmt.Sprintf("[2001:db8:7:7::%x]:22", i+1)); limited(err) {
			t.Fatalf("IPv6 attempt %d of the burst was limited: %v", i+1, err)
		}
	}
	if err := try(200, "[2001:db8:7:7:ffff:ffff:ffff:1]:22"); !limited(err) {
		t.Fatalf("another address in the same /64 was not counted with it: %v", err)
	}
	if err := try(201, "[2001:db8:7:8::1]:22"); limited(err) {
		t.Fatalf("another /64 was limited: %v", err)
	}
}
