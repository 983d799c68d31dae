package domain_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"behalf/domain"
	"behalf/sanitize"
)

// FuzzValidHandle: a handle that passes is 2–32 lower-case letters, digits
// and '-', starts with a letter, does not end with '-', and is safe to
// print anywhere; a refusal is an invalid-value error on one clean line.
func FuzzValidHandle(f *testing.F) {
	for _, s := range []string{"jane", "kim-k", "a", "ab", "-ab", "ab-", "Jane", "j4ne", "4jane", "me", "admin", "a_b",
		strings.Repeat("a", 32), strings.Repeat("a", 33), "jané", "jane\x1b[2J", "jane\u202e", "", " jane", "ja ne", "ja\x00ne"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		err := domain.ValidHandle(h)
		if err != nil {
			if domain.KindOf(err) != domain.KindInvalid {
				t.Fatalf("%q: error of kind %v", h, domain.KindOf(err))
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !sanitize.Clean(msg) || utf8.RuneCountInString(msg) > 200 {
				t.Fatalf("%q: message %q is not one clean short line", h, msg)
			}
			return
		}
		if len(h) < 2 || len(h) > domain.MaxHandleLen || h[0] < 'a' || h[0] > 'z' || strings.HasSuffix(h, "-") {
			t.Fatalf("%q passed", h)
		}
		for _, c := range h {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				t.Fatalf("%q passed with %q", h, c)
			}
		}
	})
}

// FuzzCleanEmail: an accepted address is trimmed, lower-cased, within
// bounds, has one '@' with a dotted domain, carries nothing a terminal or
// a mail header would act on, and cleans to itself.
func FuzzCleanEmail(f *testing.F) {
	for _, s := range []string{"jane@example.com", "Jane@Example.COM", " jane@example.com ", "jane@localhost", "jane", "@example.com",
		"jane@@example.com", "Jane <jane@example.com>", "\"j a\"@example.com", "jane@example.com\r\nBcc: x@y.z", "jane\x1b]52@example.com",
		"jané@exämple.com", "a@b.c", strings.Repeat("a", 250) + "@example.com", "jane@example.com\u202e", "j+tag@example.co.uk", "(c)j@example.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := domain.CleanEmail(s)
		if err != nil {
			if domain.KindOf(err) != domain.KindInvalid {
				t.Fatalf("%q: error of kind %v", s, domain.KindOf(err))
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !sanitize.Clean(msg) {
				t.Fatalf("%q: message %q is not one clean line", s, msg)
			}
			return
		}
		if e != strings.ToLower(e) || e != strings.TrimSpace(e) || len(e) > domain.MaxEmailLen || !sanitize.Clean(e) {
			t.Fatalf("%q → %q", s, e)
		}
		if strings.Count(e, "@") != 1 || strings.ContainsAny(e, " \"'<>\r\n\t,;") {
			t.Fatalf("%q → %q is not a plain address", s, e)
		}
		if at := strings.LastIndexByte(e, '@'); at < 1 || !strings.Contains(e[at:], ".") {
			t.Fatalf("%q → %q has no dotted domain", s, e)
		}
		if again, err := domain.CleanEmail(e); err != nil || again != e {
			t.Fatalf("%q → %q → %q, %v", s, e, again, err)
		}
	})
}
