package domain_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"behalf/domain"
	"behalf/internal/fixture"
)

// alphabet is the invitation codes' alphabet: no 0/O, 1/I/L, U.
const alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789"

// bytesReader hands out its bytes in order, then starts again.
type bytesReader struct {
	b []byte
	i int
}

func (r *bytesReader) Read(p []byte) (int, error) {
	for n := range p {
		p[n] = r.b[r.i%len(r.b)]
		r.i++
	}
	return len(p), nil
}

// inviteWith makes a demo organisation whose codes come from random, and
// returns n codes for people who never signed in.
func inviteWith(t *testing.T, random *bytesReader, n int) []string {
	t.Helper()
	_, svc := fixture.Demo(t, filepath.Join(t.TempDir(), "behalf.db"), map[string]domain.SSHKey{"olivia": {Fingerprint: "SHA256:olivia", Line: "ssh-ed25519 olivia"}},
		domain.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) }, Random: random})
	owner, err := svc.Identify("SHA256:olivia")
	must(t, err)
	who := domain.Who{Person: owner.ID, Workspace: "team"}
	var codes []string
	for i := range n {
		h := "new" + string(rune('a'+i))
		_, err := svc.AddPerson(who, domain.NewPerson{Handle: h, Name: "New Person", Email: h + "@example.com", As: domain.AsCoach})
		must(t, err)
		inv, err := svc.InvitePerson(who, h)
		must(t, err)
		codes = append(codes, inv.Code)
	}
	return codes
}

// R34: a code is three groups of four letters of the alphabet, and every
// letter is drawn without bias: out-of-range draws are thrown away, not
// folded in with a modulo.
func TestInvitationCodesUseTheWholeAlphabetWithoutBias(t *testing.T) {
	t.Parallel()
	// Draws come in five bits (the alphabet has 30 letters): 30 and 31
	// are out of range and must be skipped, never mapped onto A and B.
	var seq []byte
	for i := range len(alphabet) {
		seq = append(seq, 30, 31, byte(i))
	}
	codes := inviteWith(t, &bytesReader{b: seq}, 3)
	joined := strings.ReplaceAll(strings.Join(codes, ""), "-", "")
	want := strings.Repeat(alphabet, 2)[:len(joined)]
	if joined != want {
		t.Fatalf("codes %v drew %q, want %q: an out-of-range draw was used", codes, joined, want)
	}
	seen := map[rune]bool{}
	for _, r := range joined {
		seen[r] = true
	}
	if len(seen) != len(alphabet) {
		t.Fatalf("three codes from a source that visits every value used %d of %d letters", len(seen), len(alphabet))
	}
}

func TestInvitationCodeShape(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	_, err := d.svc.AddPerson(olivia, domain.NewPerson{Handle: "kim", Name: "Kim", Email: "kim@example.com", As: domain.AsCoach})
	must(t, err)
	shape := regexp.MustCompile(`^[` + alphabet + `]{4}-[` + alphabet + `]{4}-[` + alphabet + `]{4}$`)
	seen := map[string]bool{}
	for range 20 {
		inv, err := d.svc.InvitePerson(olivia, "kim")
		must(t, err)
		if !shape.MatchString(inv.Code) {
			t.Fatalf("code %q is not three groups of four letters of the alphabet", inv.Code)
		}
		if seen[inv.Code] {
			t.Fatalf("code %q came twice", inv.Code)
		}
		seen[inv.Code] = true
	}
}

// Recovery tells the person by every channel they have: SMS too, once
// they turned it on for anything, whatever their settings say of it.
func TestRecoveryToldByEveryChannel(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.SetNotification(d.as("jane", "me"), domain.EventSessionBooked, domain.ChannelSMS, true)
	must(t, err)
	for _, e := range domain.Events {
		_, err := d.svc.SetNotification(d.as("jane", "me"), e, domain.ChannelEmail, false)
		must(t, err)
	}
	r, err := d.svc.RecoverAccount(d.as("olivia", "team"), "jane")
	must(t, err)
	if got := fmt.Sprint(r.Told); got != "[portal email sms]" {
		t.Fatalf("jane was told by %s", got)
	}
	out, err := d.svc.Outbox(d.as("olivia", "team"), domain.OutboxQuery{})
	must(t, err)
	var to []string
	for _, it := range out {
		if it.Event == domain.KindAccount {
			to = append(to, it.To)
		}
	}
	if strings.Join(to, ",") != "sms:jane,jane@example.com" && strings.Join(to, ",") != "jane@example.com,sms:jane" {
		t.Fatalf("the outbox holds %v for jane's recovery", to)
	}
}
