package cli

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The splitter reads a command line as a POSIX shell splits words.
func TestSplitLikeAShell(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		line string
		want []string
	}{
		{"", nil},
		{"   \t\n", nil},
		{"whoami", []string{"whoami"}},
		{"  people   show\tjane \n", []string{"people", "show", "jane"}},
		{`people add kim --name 'Kim Kline'`, []string{"people", "add", "kim", "--name", "Kim Kline"}},
		{`--name "Kim Kline"`, []string{"--name", "Kim Kline"}},
		{`--name Kim\ Kline`, []string{"--name", "Kim Kline"}},
		{`a'b'"c"d`, []string{"abcd"}},
		{`''`, []string{""}}, // an empty quoted word is a word
		{`--name "" x`, []string{"--name", "", "x"}},
		{`'it''s'`, []string{"its"}},
		{`"it's"`, []string{"it's"}},
		{`'a\b'`, []string{`a\b`}},                // nothing escapes inside single quotes
		{`"a\b\"c\\d\$e"`, []string{`a\b"c\d$e`}}, // inside double quotes only $ ` " \ newline
		{`a\\b \'c`, []string{`a\b`, `'c`}},
		{"a\\\nb", []string{"ab"}}, // backslash-newline continues
		{"\"a\\\nb\"", []string{"ab"}},
		{"Zoë 'Ünïcödé ✓'", []string{"Zoë", "Ünïcödé ✓"}},
		{"a\u00a0b", []string{"a\u00a0b"}}, // only ASCII blanks separate
	} {
		got, err := splitLine(c.line)
		if err != nil || !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
			t.Errorf("splitLine(%q) = %q, %v; want %q", c.line, got, err, c.want)
		}
	}
	for line, want := range map[string]error{
		`people show 'jane`:  errUnclosedQuote,
		`--name "Kim`:        errUnclosedQuote,
		`--name "Kim\"`:      errUnclosedQuote,
		`whoami \`:           errTrailingEscape,
		`'a' "b" 'c' "d\" e`: errUnclosedQuote,
	} {
		if _, err := splitLine(line); !errors.Is(err, want) {
			t.Errorf("splitLine(%q): %v, want %v", line, err, want)
		}
	}
}

// A line over MaxLine is refused before it is read; one at the
// bound is split.
func TestSplitBound(t *testing.T) {
	t.Parallel()
	at := "notes add --body " + strings.Repeat("x", MaxLine-len("notes add --body "))
	if words, err := Split(at); err != nil || len(words) != 4 || len(words[3]) != MaxLine-17 {
		t.Fatalf("a line of %d bytes: %d words, %v", len(at), len(words), err)
	}
	var tooLong LineTooLong
	_, err := Split(at + "x")
	if !errors.As(err, &tooLong) || !strings.Contains(err.Error(), "too long: 16385 bytes, at most 16384") {
		t.Fatalf("a line over the bound: %v", err)
	}
}
