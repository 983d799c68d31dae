package cli

import (
	"errors"
	"fmt"
	"strings"
)

// MaxLine bounds a command line, in bytes. SSH hands the server one
// string; it is checked before anything reads it: the longest
// command anyone needs — a note of 4,000 characters, each up to 4 bytes —
// fits, and a line of hundreds of kilobytes costs nothing to refuse.
const MaxLine = 16 << 10

var (
	errUnclosedQuote  = errors.New("no closing quotation")
	errTrailingEscape = errors.New("no escaped character")
)

// splitLine splits a command line into words as a POSIX shell does,
// without expansions: blanks separate words; a backslash outside quotes
// keeps the next character (and drops a newline); single quotes keep
// everything up to the next single quote; inside double quotes a backslash
// escapes only $ ` " \ and newline. A quoted empty string is a word.
//
// It runs in time linear in the line's length. The splitter charmbracelet/ssh
// uses (github.com/anmitsu/go-shlex) grows each word a character at a time by
// string concatenation, which is quadratic: a single 200 KB word cost seconds
// of CPU.
func splitLine(line string) ([]string, error) {
	var (
		words  []string
		word   strings.Builder
		inWord bool
	)
	end := func() {
		if inWord {
			words = append(words, word.String())
			word.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch c {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			end()
		case '\\':
			if i+1 == len(line) {
				return nil, errTrailingEscape
			}
			i++
			if line[i] != '\n' { // backslash-newline continues the line
				word.WriteByte(line[i])
				inWord = true
			}
		case '\'':
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, errUnclosedQuote
			}
			word.WriteString(line[i+1 : i+1+j])
			inWord = true
			i += 1 + j
		case '"':
			inWord = true
			closed := false
			for i++; i < len(line); i++ {
				c := line[i]
				if c == '"' {
					closed = true
					break
				}
				if c == '\\' && i+1 < len(line) {
					switch n := line[i+1]; n {
					case '$', '`', '"', '\\':
						word.WriteByte(n)
						i++
						continue
					case '\n':
						i++
						continue
					}
				}
				word.WriteByte(c)
			}
			if !closed {
				return nil, errUnclosedQuote
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	end()
	return words, nil
}

// LineTooLong is the error of a command line over MaxLine: its length.
type LineTooLong int

func (n LineTooLong) Error() string {
	return fmt.Sprintf("the command is too long: %d bytes, at most %d", int(n), MaxLine)
}

// Split bounds a command line, then splits it into words as a POSIX shell
// does (splitLine). A line over MaxLine is a LineTooLong error.
func Split(line string) ([]string, error) {
	if len(line) > MaxLine {
		return nil, LineTooLong(len(line))
	}
	return splitLine(line)
}
