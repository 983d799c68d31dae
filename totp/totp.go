// Package totp is behalf's one door to time-based one-time passwords
// (RFC 6238, on github.com/pquerna/otp): it makes secrets, writes the
// otpauth:// address authenticator apps read, and finds which time step a
// typed code belongs to, so the domain can refuse a code used before. The
// domain reads no OTP formats itself, as it reads no key formats (sshkey).
package totp

import (
	"crypto/subtle"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The parameters every authenticator app assumes when an address leaves
// them out: 30-second steps, six digits, HMAC-SHA1.
const (
	Period = 30
	Digits = 6
)

// Skew is how many steps either side of now a code may come from: a phone
// clock a little off, or a code typed just as it changed.
const Skew = 1

var opts = totp.ValidateOpts{Period: Period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewSecret draws a 160-bit secret (RFC 4226's recommended size) from r
// and returns it in base32 without padding, as apps take it typed.
func NewSecret(r io.Reader) (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "behalf", AccountName: "x", SecretSize: 20, Rand: r})
	if err != nil {
		return "", err
	}
	return k.Secret(), nil
}

// URL is the otpauth:// address of secret for issuer's account. It leaves
// out the period, digits and algorithm (the defaults every app assumes)
// and the label's issuer prefix, so the QR code drawn from it stays small
// enough for an 80×24 terminal.
func URL(issuer, account, secret string) string {
	q := url.Values{}
	q.Set("secret", secret)
	if issuer != "" {
		q.Set("issuer", issuer)
	}
	return (&url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + account, RawQuery: q.Encode()}).String()
}

// Step is the time step t falls in.
func Step(t time.Time) int64 { return t.Unix() / Period }

// Code is the code of secret at step (for tests and for showing nothing
// else: the domain only ever compares).
func Code(secret string, step int64) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Unix(step*Period, 0).UTC(), opts)
}

// Match finds the step within Skew of now whose code is code, taking only
// steps after after (the last one used: a code is good once). It compares
// in constant time and reports the step it matched.
func Match(secret, code string, now time.Time, after int64) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != Digits {
		return 0, false
	}
	cur := Step(now)
	for d := int64(-Skew); d <= Skew; d++ {
		step := cur + d
		if step <= after {
			continue
		}
		want, err := Code(secret, step)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// Grouped spaces a secret in fours, as apps accept it typed.
func Grouped(secret string) string {
	var parts []string
	for len(secret) > 4 {
		parts, secret = append(parts, secret[:4]), secret[4:]
	}
	return strings.Join(append(parts, secret), " ")
}
