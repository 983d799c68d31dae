package domain_test

import (
	"encoding/base64"
	"encoding/binary"
	"testing"
	"time"

	"behalf/domain"
	"behalf/sshkey"
)

// keyLine makes a well-framed ssh-ed25519 authorized_keys line from a seed byte.
func keyLine(seed byte, comment string) string {
	typ := "ssh-ed25519"
	blob := binary.BigEndian.AppendUint32(nil, uint32(len(typ)))
	blob = append(blob, typ...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	for i := 0; i < 32; i++ {
		blob = append(blob, seed+byte(i))
	}
	return typ + " " + base64.StdEncoding.EncodeToString(blob) + " " + comment
}

// parsed is a key line read the way the faces read it (package sshkey).
func parsed(t *testing.T, line string) domain.SSHKey {
	t.Helper()
	k, err := sshkey.Parse(line)
	must(t, err)
	return k
}

// R46: everyone, assistants too, edits their own name, email, keys and
// signature — in any workspace, never on anyone's behalf.
func TestOwnAccountRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule string
		name string
		fn   func(t *testing.T, d *demo)
	}{
		{"R46", "an assistant edits their own name, email and signature", func(t *testing.T, d *demo) {
			p, err := d.svc.SetProfile(d.as("asa", "assistant:rob"), domain.ProfileChange{Name: ptr("Asa A. Ahmed"), Email: ptr("Asa@Example.com"), Signature: ptr("Asa Ahmed")})
			must(t, err)
			if p.Name != "Asa A. Ahmed" || p.Email != "asa@example.com" || p.Signature != "Asa Ahmed" {
				t.Fatalf("profile: %+v", p)
			}
			v, err := d.svc.Account(d.as("asa", ""), "SHA256:asa")
			must(t, err)
			if v.Person.Name != "Asa A. Ahmed" || len(v.Keys) != 1 || !v.Keys[0].InUse || len(v.Workspaces) != 2 {
				t.Fatalf("account: %+v", v)
			}
			// recorded as their own change, not on rob's behalf (R60)
			log, err := d.svc.Audit(d.as("olivia", "team"), domain.AuditFilter{Limit: 1})
			must(t, err)
			if e := log[0]; e.Action != domain.ActProfileEdit || e.ActorHandle != "asa" || e.BehalfHandle != "" || e.Workspace != domain.AccountWorkspace {
				t.Fatalf("audit: %+v", e)
			}
			// the new name shows where the assistant acts (R44)
			c, err := d.svc.AddComment(d.as("asa", "assistant:rob"), "jane", "Noted.")
			must(t, err)
			if c.By != "Asa A. Ahmed for Rob Reyes" {
				t.Fatalf("by: %q", c.By)
			}
		}},
		{"R46", "names and emails are validated; an email belongs to one person", func(t *testing.T, d *demo) {
			_, err := d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{Email: ptr("olivia@northwind.example")})
			wantKind(t, err, domain.KindConflict)
			_, err = d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{Email: ptr("not an email")})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{Name: ptr("")})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{Signature: ptr("A\x1b[2Jhmed")})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.SetProfile(d.as("asa", ""), domain.ProfileChange{})
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.SetProfile(d.as("asa", "team"), domain.ProfileChange{Name: ptr("X")})
			denied(t, err) // a workspace named must still be theirs
			// clients and contacts too
			_, err = d.svc.SetProfile(d.as("eve", "contact:jane"), domain.ProfileChange{Name: ptr("Eve E. Evans")})
			must(t, err)
		}},
		{"R46", "keys: add, list, remove — never the key in use, never the last", func(t *testing.T, d *demo) {
			asa := d.as("asa", "")
			err := d.svc.RemoveKey(asa, "SHA256:asa", "SHA256:other")
			wantKind(t, err, domain.KindConflict) // the last key
			k := d.bindKey(asa, keyLine(1, "asa@laptop"))
			if k.Comment != "asa@laptop" {
				t.Fatalf("key: %+v", k)
			}
			_, err = d.svc.AddKey(asa, parsed(t, keyLine(1, "again")))
			wantKind(t, err, domain.KindConflict) // already hers
			err = d.svc.RemoveKey(asa, "SHA256:asa", "SHA256:asa")
			wantKind(t, err, domain.KindConflict) // the key in use
			err = d.svc.RemoveKey(asa, "SHA256:nope", "SHA256:asa")
			wantKind(t, err, domain.KindNotFound)
			must(t, d.svc.RemoveKey(asa, "SHA256:asa", k.Fingerprint))
			if _, err := d.svc.Identify("SHA256:asa"); domain.KindOf(err) != domain.KindNotFound {
				t.Fatalf("a removed key still signs in: %v", err)
			}
			if p, err := d.svc.Identify(k.Fingerprint); err != nil || p.Handle != "asa" {
				t.Fatalf("the new key does not sign asa in: %v", err)
			}
			keys, err := d.svc.Keys(asa, k.Fingerprint)
			must(t, err)
			if len(keys) != 1 || !keys[0].InUse {
				t.Fatalf("keys: %+v", keys)
			}
			err = d.svc.RemoveKey(asa, k.Fingerprint, "SHA256:elsewhere")
			wantKind(t, err, domain.KindConflict) // the last one
		}},
		{"R46", "a key registered to anyone else is refused", func(t *testing.T, d *demo) {
			line := keyLine(7, "olivia@desk")
			d.bindKey(d.as("olivia", "team"), line)
			_, err := d.svc.AddKey(d.as("asa", ""), parsed(t, line))
			wantKind(t, err, domain.KindConflict)
			_, err = sshkey.Parse("ssh-ed25519 AAAAnotakey")
			wantKind(t, err, domain.KindInvalid)
			// The comment is text a person typed: the domain checks it too.
			k := parsed(t, keyLine(8, ""))
			k.Comment = "laptop\x1b]52;c;AAAA\x07"
			_, err = d.svc.AddKey(d.as("asa", ""), k)
			wantKind(t, err, domain.KindInvalid)
			_, err = d.svc.AddKey(d.as("asa", ""), domain.SSHKey{Fingerprint: "made up"})
			wantKind(t, err, domain.KindInvalid)
		}},
		{"R46", "at most MaxKeys keys", func(t *testing.T, d *demo) {
			for i := 1; i < domain.MaxKeys; i++ {
				d.bindKey(d.as("rob", "team"), keyLine(byte(10+i), ""))
			}
			_, err := d.svc.AddKey(d.as("rob", "team"), parsed(t, keyLine(99, "")))
			wantKind(t, err, domain.KindConflict)
		}},
	}
	for _, c := range cases {
		t.Run(c.rule+" "+c.name, func(t *testing.T) {
			d, _ := newDemo(t)
			d.t = t
			c.fn(t, d)
		})
	}
}

// bindKey pastes a key and proves it by redeeming its code from a
// connection signed by that key, as `invite redeem` would.
func (d *demo) bindKey(who domain.Who, line string) domain.SSHKey {
	d.t.Helper()
	k := parsed(d.t, line)
	pk, err := d.svc.AddKey(who, k)
	must(d.t, err)
	p, err := d.svc.Redeem(k, "192.0.2.1", pk.Code)
	must(d.t, err)
	for _, have := range p.Keys {
		if have.Fingerprint == k.Fingerprint {
			return have
		}
	}
	d.t.Fatalf("the proved key is not among %s's keys", p.Handle)
	return domain.SSHKey{}
}

// R46: a pasted key signs nobody in until a connection signed by it proves
// it; someone else's public key can be pasted but never bound.
func TestPastedKeyNeedsProof(t *testing.T) {
	t.Parallel()
	d, clk := newDemo(t)
	line := keyLine(42, "jane@laptop")
	k := parsed(t, line)
	pk, err := d.svc.AddKey(d.as("asa", ""), k) // asa pastes jane's published key
	must(t, err)
	if _, err := d.svc.Identify(k.Fingerprint); domain.KindOf(err) != domain.KindNotFound {
		t.Fatal("a pasted key signs in before it was proved")
	}
	_, err = d.svc.Redeem(domain.SSHKey{Fingerprint: "SHA256:asa-other"}, "192.0.2.1", pk.Code)
	wantKind(t, err, domain.KindConflict) // signed by another key
	clk.t = clk.t.Add(domain.KeyProofTTL + time.Second)
	_, err = d.svc.Redeem(k, "192.0.2.2", pk.Code)
	wantKind(t, err, domain.KindConflict) // too late
	// jane, who holds the private key, may still make it hers
	again, err := d.svc.AddKey(d.as("jane", "me"), k)
	must(t, err)
	p, err := d.svc.Redeem(k, "192.0.2.3", again.Code)
	must(t, err)
	if p.Handle != "jane" {
		t.Fatalf("the key went to %s", p.Handle)
	}
}
