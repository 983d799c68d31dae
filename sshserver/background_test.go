package sshserver

import (
	"io"
	"testing"
	"time"

	"behalf/internal/hostile"
)

// chunks reads as a terminal's input arrives: in the given pieces.
type chunks struct{ parts []string }

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.parts[0])
	if n == len(c.parts[0]) {
		c.parts = c.parts[1:]
	} else {
		c.parts[0] = c.parts[0][n:]
	}
	return n, nil
}

// filtered reads everything through a background filter and says what the
// screens get: the keys, and the background if the terminal told it.
func filtered(t *testing.T, parts []string, now time.Time) (keys string, dark, told bool) {
	t.Helper()
	ch := make(chan bool, 1)
	b, err := io.ReadAll(newBackgroundFilter(&chunks{parts}, ch, now))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case dark, told = <-ch:
	default:
		t.Fatal("the watch did not end with the input")
	}
	return string(b), dark, told
}

// The answers to the server's question leave the input, whole or in
// pieces, and report the background; every key around them gets through,
// a lone escape too.
func TestBackgroundAnswersLeaveTheInput(t *testing.T) {
	t.Parallel()
	if backgroundQuery != hostile.ServerQuery {
		t.Fatal("the injection check must know the server's own question")
	}
	const light = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\"
	const attrs = "\x1b[?62;22c"
	now := time.Now()
	for _, c := range []struct {
		what        string
		in          []string
		keys        string
		dark, known bool
	}{
		{"a light answer in one piece", []string{light + attrs + "jj"}, "jj", false, true},
		{"a dark answer with BEL, in pieces", []string{"j\x1b]", "1", "1;rgb:1e", "1e/1e1e/1e1e\a\x1b[", "?6", "2;22c\x1bk"}, "j\x1bk", true, true},
		{"two-digit channels", []string{"\x1b]11;rgb:00/00/00\x1b\\", attrs}, "", true, true},
		{"attributes only: it will not say", []string{"q" + attrs + "\x1b"}, "q\x1b", false, false},
		{"no answer at all", []string{"\x1b", "jj", "\x1b[A"}, "\x1bjj\x1b[A", false, false},
		{"an answer after the watch ended is input", []string{attrs + light}, light, false, false},
		{"a cut-off answer at the end is input", []string{"x", "\x1b]11;rgb:ff"}, "x\x1b]11;rgb:ff", false, false},
	} {
		keys, d, known := filtered(t, c.in, now)
		if keys != c.keys || known != c.known || known && d != c.dark {
			t.Errorf("%s: keys %q dark=%v told=%v; want %q dark=%v told=%v", c.what, keys, d, known, c.keys, c.dark, c.known)
		}
	}
	// Past the watch, input goes straight through.
	if keys, _, known := filtered(t, []string{light + "j"}, now.Add(-time.Hour)); keys != light+"j" || known {
		t.Errorf("after the watch: %q, told %v", keys, known)
	}
}
