package domain_test

import (
	"testing"
	"time"

	"behalf/domain"
)

// Workers' claims: of two servers on one organisation, one holds an item
// until it releases it or its time runs out; then the other may take it.
func TestClaimOneHolderPerItem(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	other := domain.NewService(d.db, domain.Options{Now: clk.now}) // a second server
	if d.svc.Holder() == other.Holder() {
		t.Fatal("two servers share a holder name")
	}
	claim := func(s *domain.Service, want bool) {
		t.Helper()
		got, err := s.Claim("mail/0000000000000007", time.Minute)
		if err != nil || got != want {
			t.Fatalf("claim: %v %v, want %v", got, err, want)
		}
	}
	claim(d.svc, true)
	claim(other, false)
	claim(d.svc, true) // the holder extends its own claim
	clk.t = clk.t.Add(2 * time.Minute)
	claim(other, true) // the first holder's time ran out (a server that died)
	claim(d.svc, false)
	if err := d.svc.Release("mail/0000000000000007"); err != nil { // not its claim: left alone
		t.Fatal(err)
	}
	claim(d.svc, false)
	if err := other.Release("mail/0000000000000007"); err != nil {
		t.Fatal(err)
	}
	claim(d.svc, true)
	if _, err := d.svc.Claim("", time.Minute); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("an empty item: %v", err)
	}
}
