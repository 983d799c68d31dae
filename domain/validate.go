package domain

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"behalf/sanitize"
)

// Limits on what a person may type. They keep records small, screens
// readable and hostile input cheap to refuse.
const (
	MaxHandleLen = 32
	MaxNameLen   = 80
	MaxEmailLen  = 254
	MaxTextLen   = 4000 // notes, progress updates, comments
	MaxLineLen   = 200  // one-line texts: line items, task titles
	MaxKeys      = 10   // SSH keys per person
	// What ParseDay, ParseLocalTime and ParseAmount read at most: a form
	// refuses longer typing with a line rather than cut it.
	MaxDateLen   = len(DateLayout)
	MaxTimeLen   = len(WallLayout)
	MaxAmountLen = 16 // the largest amount, 1000000.000, and spaces around it
)

// ValidHandle checks a handle: 2–32 lower-case letters, digits and '-',
// starting with a letter, not ending with '-'.
func ValidHandle(h string) error {
	if h == "" {
		return invalidf("a handle is required: lower-case letters, digits and '-'")
	}
	if len(h) > MaxHandleLen {
		return invalidf("handle %q is too long: at most %d characters", clip(h, MaxHandleLen), MaxHandleLen)
	}
	if len(h) < 2 {
		return invalidf("handle %q is too short: at least 2 characters", h)
	}
	for i, c := range h {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' && i > 0 || c == '-' && i > 0
		if !ok {
			return invalidf("handle %q is not valid: use lower-case letters, digits and '-', starting with a letter", clip(h, MaxHandleLen))
		}
	}
	if strings.HasSuffix(h, "-") {
		return invalidf("handle %q is not valid: it may not end with '-'", h)
	}
	if reservedHandles[h] {
		return invalidf("handle %q is reserved; choose another", h)
	}
	return nil
}

// Handles that would read as workspace names or commands.
var reservedHandles = map[string]bool{"me": true, "team": true, "contact": true, "assistant": true, "admin": true, "root": true}

// CleanName validates a person's display name and returns it trimmed.
// A name stands for someone beside what they did, so it may hold nothing a
// reader cannot see (R44, R46).
func CleanName(s string) (string, error) {
	return cleanNameLine("name", s, false)
}

// cleanNameLine validates a one-line text that names someone (a display
// name, an adopted signature, the organisation's name): as cleanLine, and
// without invisible or format characters, which would let one name pass
// for another ("Rob\u200bReyes") or hide what it says.
func cleanNameLine(field, s string, optional bool) (string, error) {
	if utf8.ValidString(s) {
		for i, r := range []rune(strings.TrimSpace(s)) {
			if invisibleRune(r) {
				return "", invalidf("%s may not contain invisible or formatting characters: %s at character %d; type it again without it",
					field, fmt.Sprintf("U+%04X", r), i+1)
			}
		}
	}
	return cleanLine(field, s, MaxNameLen, !optional)
}

// invisibleRune: format characters (Unicode category Cf: zero-width space
// and joiners, the byte-order mark, soft hyphen, bidi controls, tag
// characters), line and paragraph separators (Zl, Zp), the other
// default-ignorable code points (Hangul fillers, the combining grapheme
// joiner), variation selectors, and the blank Braille pattern, which shows
// as nothing too.
func invisibleRune(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) || r == '\u2800'
}

// CleanEmail validates an address and returns it in the form it is stored
// and compared in: trimmed and lower-cased (R35 dedupes case-insensitively).
func CleanEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalidf("an email address is required")
	}
	if len(s) > MaxEmailLen {
		return "", invalidf("email address is too long: at most %d characters", MaxEmailLen)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !sanitize.Clean(s) || strings.ContainsAny(s, " \"'<>") {
		return "", invalidf("%q is not an email address: write it as name@example.com", clip(sanitize.Line(s), 60))
	}
	at := strings.LastIndexByte(s, '@')
	if !strings.Contains(s[at:], ".") {
		return "", invalidf("%q is not an email address: the domain needs a dot, as in example.com", clip(s, 60))
	}
	return strings.ToLower(s), nil
}

// cleanLine validates a one-line text field: trimmed, within max runes, no
// control characters or escape sequences.
func cleanLine(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", invalidf("%s is required", field)
		}
		return "", nil
	}
	if !utf8.ValidString(s) {
		return "", invalidf("%s is not valid UTF-8 text", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalidf("%s is too long: %d characters, at most %d", field, n, max)
	}
	if !sanitize.Clean(s) {
		return "", invalidf("%s may not contain control characters or escape sequences", field)
	}
	return s, nil
}

// cleanText validates a multi-line text field (notes, comments): newlines
// and tabs are allowed, other controls are not.
func cleanText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return "", invalidf("%s is required", field)
	}
	if !utf8.ValidString(s) {
		return "", invalidf("%s is not valid UTF-8 text", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalidf("%s is too long: %d characters, at most %d", field, n, max)
	}
	if sanitize.Text(s) != s {
		return "", invalidf("%s may not contain control characters or escape sequences", field)
	}
	return s, nil
}

// clip shortens s for quoting inside an error message.
func clip(s string, n int) string {
	s = sanitize.Line(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
