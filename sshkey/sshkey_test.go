package sshkey

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

func pub(t *testing.T, key any) gossh.PublicKey {
	t.Helper()
	p, err := gossh.NewPublicKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func line(pk gossh.PublicKey) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
}

var rsaKeys = struct {
	once       sync.Once
	small, ok  *rsa.PrivateKey
	err1, err2 error
}{}

// rsaPair is a 1024-bit and a 2048-bit RSA key, made once.
func rsaPair(t *testing.T) (small, ok *rsa.PrivateKey) {
	t.Helper()
	rsaKeys.once.Do(func() {
		rsaKeys.small, rsaKeys.err1 = rsa.GenerateKey(rand.Reader, 1024)
		rsaKeys.ok, rsaKeys.err2 = rsa.GenerateKey(rand.Reader, 2048)
	})
	if rsaKeys.err1 != nil || rsaKeys.err2 != nil {
		t.Fatal(rsaKeys.err1, rsaKeys.err2)
	}
	return rsaKeys.small, rsaKeys.ok
}

// A key line reads as OpenSSH writes it: the fingerprint OpenSSH shows,
// the line without its comment, the comment apart; options before the key
// and comment lines around it are fine.
func TestParseReadsAuthorizedKeys(t *testing.T) {
	t.Parallel()
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk := pub(t, edPub)
	want := gossh.FingerprintSHA256(pk)
	for _, text := range []string{
		line(pk) + " ada@laptop",
		"  " + line(pk) + "   ada@laptop  \n",
		"# my keys\n\n" + `from="10.0.0.0/8",no-pty ` + line(pk) + " ada@laptop\n" + line(pub(t, edPub)) + " second\n",
		`command="echo hi",restrict ` + line(pk) + " ada@laptop",
	} {
		k, err := Parse(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if k.Fingerprint != want || k.Line != line(pk) || k.Comment != "ada@laptop" {
			t.Fatalf("%q: %+v", text, k)
		}
	}
	k, err := Parse(line(pk))
	if err != nil || k.Comment != "" {
		t.Fatalf("no comment: %+v %v", k, err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := Parse(line(pub(t, &ec.PublicKey))); err != nil || !strings.HasPrefix(k.Line, "ecdsa-sha2-nistp256 ") {
		t.Fatalf("ecdsa: %+v %v", k, err)
	}
	_, rsaOK := rsaPair(t)
	if _, err := Parse(line(pub(t, &rsaOK.PublicKey))); err != nil {
		t.Fatalf("rsa 2048: %v", err)
	}
}

// What is not an acceptable public key is refused where it enters, with a
// line that says what to give instead: not only at sign-in.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	small, _ := rsaPair(t)
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// A certificate for the ed25519 key, signed by itself.
	signer, err := gossh.NewSignerFromKey(edPriv)
	if err != nil {
		t.Fatal(err)
	}
	cert := &gossh.Certificate{Key: pub(t, edPub), CertType: gossh.UserCert, ValidPrincipals: []string{"ada"}, ValidBefore: gossh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, signer); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"":                                    "no key given",
		"  \n# only a comment\n":              "that is not an SSH public key",
		"ssh-ed25519 AAAAnotakey":             "that is not an SSH public key",
		"ssh-ed25519":                         "that is not an SSH public key",
		"hello world":                         "that is not an SSH public key",
		line(pub(t, &small.PublicKey)):        "this RSA key has 1024 bits, fewer than 2048",
		line(cert):                            "certificates are not accepted",
		"-----BEGIN OPENSSH PRIVATE KEY-----": "that is a private key",
		line(pub(t, edPub)) + strings.Repeat(" x", 40<<10): "too long",
	} {
		_, err := Parse(text)
		if domain.KindOf(err) != domain.KindInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: %v, want %q", text, err, want)
		}
	}
}

// Sign-in checks the same rules on the key a client offers.
func TestCheckIsTheSignInRule(t *testing.T) {
	t.Parallel()
	small, ok := rsaPair(t)
	if Check(pub(t, &small.PublicKey)) == nil {
		t.Fatal("a 1024-bit RSA key was accepted")
	}
	if err := Check(pub(t, &ok.PublicKey)); err != nil {
		t.Fatalf("a 2048-bit RSA key: %v", err)
	}
	k, err := FromPublicKey(pub(t, &ok.PublicKey))
	if err != nil || k.Fingerprint != gossh.FingerprintSHA256(pub(t, &ok.PublicKey)) || !strings.HasPrefix(k.Line, "ssh-rsa AAAA") {
		t.Fatalf("%+v %v", k, err)
	}
}
