package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"behalf/sanitize"
)

// textOut writes aligned, sanitised text for people. Every cell passes
// through sanitize.Line: stored text never reaches a terminal raw.
type textOut struct {
	tw *tabwriter.Writer
}

func newText(w io.Writer) *textOut {
	return &textOut{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
}

func (t *textOut) row(cells ...string) {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(sanitize.Line(c), "\t", " ")
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

// line writes one untabulated line.
func (t *textOut) line(s string) { fmt.Fprintln(t.tw, sanitize.Line(s)) }

// para writes multi-line text (a note's body), indented.
func (t *textOut) para(s string) {
	for _, l := range strings.Split(sanitize.Text(s), "\n") {
		fmt.Fprintln(t.tw, "    "+strings.ReplaceAll(l, "\t", "    "))
	}
}

func (t *textOut) flush() error { return t.tw.Flush() }
