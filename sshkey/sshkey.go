// Package sshkey is where an SSH public key enters behalf: a pasted
// authorized_keys line (`account key-add`, the account screen), the
// owner's key file (`serve --owner-key`), and the key a connection was
// signed with (sign-in, invitations). Each is parsed and checked by
// golang.org/x/crypto/ssh and by the same rules — the key types behalf
// accepts, no certificates, RSA of at least 2048 bits — and becomes a
// domain.SSHKey. The domain itself reads no key formats.
package sshkey

import (
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
)

// MinRSABits is the smallest RSA key accepted.
const MinRSABits = 2048

// maxText bounds what Parse reads: an authorized_keys file with a few
// keys, options and comments. The largest RSA key line is under 3 KB.
const maxText = 64 << 10

// accepted are the key types behalf takes: DSA is not among them.
var accepted = map[string]bool{
	gossh.KeyAlgoED25519:    true,
	gossh.KeyAlgoECDSA256:   true,
	gossh.KeyAlgoECDSA384:   true,
	gossh.KeyAlgoECDSA521:   true,
	gossh.KeyAlgoRSA:        true,
	gossh.KeyAlgoSKED25519:  true,
	gossh.KeyAlgoSKECDSA256: true,
}

// Parse reads the first key of authorized_keys text: a line such as
// "ssh-ed25519 AAAA… laptop", options before the key allowed
// (`from="10.0.0.0/8" ssh-ed25519 AAAA…`), blank and # lines skipped. The
// comment after the key comes along for the domain to check as text.
func Parse(text string) (domain.SSHKey, error) {
	if len(text) > maxText {
		return domain.SSHKey{}, invalidf("that is too long to be a public key")
	}
	if strings.Contains(text, "PRIVATE KEY") {
		return domain.SSHKey{}, invalidf("that is a private key; give the public one (the .pub file)")
	}
	if strings.TrimSpace(text) == "" {
		return domain.SSHKey{}, invalidf("no key given: a key line looks like `ssh-ed25519 AAAA… comment`")
	}
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		return domain.SSHKey{}, invalidf("that is not an SSH public key: a key line looks like `ssh-ed25519 AAAA… comment`")
	}
	k, err := FromPublicKey(pk)
	if err != nil {
		return domain.SSHKey{}, err
	}
	k.Comment = strings.Join(strings.Fields(comment), " ")
	return k, nil
}

// FromPublicKey is the domain's form of a key x/crypto parsed or verified,
// if behalf accepts it (Check).
func FromPublicKey(pk gossh.PublicKey) (domain.SSHKey, error) {
	if err := Check(pk); err != nil {
		return domain.SSHKey{}, err
	}
	return domain.SSHKey{
		Fingerprint: gossh.FingerprintSHA256(pk),
		Line:        pk.Type() + " " + base64.StdEncoding.EncodeToString(pk.Marshal()),
	}, nil
}

// Check says whether behalf accepts a key: one of the accepted types, not
// a certificate (register the plain key), RSA of at least MinRSABits.
func Check(pk gossh.PublicKey) error {
	if _, ok := pk.(*gossh.Certificate); ok {
		return invalidf("SSH certificates are not accepted; give the plain public key")
	}
	if !accepted[pk.Type()] {
		return invalidf("%s keys are not accepted; use an ed25519, ecdsa or rsa key", pk.Type())
	}
	if ck, ok := pk.(gossh.CryptoPublicKey); ok {
		if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < MinRSABits {
			return invalidf("this RSA key has %d bits, fewer than %d; make a new one (ssh-keygen -t ed25519)", rk.N.BitLen(), MinRSABits)
		}
	}
	return nil
}

func invalidf(format string, a ...any) error {
	return &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf(format, a...)}
}
