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
	// head is a table's header, written with its first row; empty is said
	// instead when the table ends without one (table).
	head  []string
	empty string
}

func newText(w io.Writer) *textOut {
	return &textOut{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
}

// table starts a table: header goes out with the first row, and a table
// that ends with none says empty instead ("No invoices."), never a lone
// header.
func (t *textOut) table(empty string, header ...string) {
	t.end()
	t.head, t.empty = header, empty
}

// end closes a table still waiting for its first row: it had none.
func (t *textOut) end() {
	if t.head != nil {
		t.head = nil
		fmt.Fprintln(t.tw, sanitize.Line(t.empty))
	}
}

func (t *textOut) row(cells ...string) {
	if h := t.head; h != nil {
		t.head = nil
		t.row(h...)
	}
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(sanitize.Line(c), "\t", " ")
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

// line writes one untabulated line.
func (t *textOut) line(s string) {
	t.end()
	fmt.Fprintln(t.tw, sanitize.Line(s))
}

// para writes multi-line text (a note's body), indented.
func (t *textOut) para(s string) {
	t.end()
	for _, l := range strings.Split(sanitize.Text(s), "\n") {
		fmt.Fprintln(t.tw, "    "+strings.ReplaceAll(l, "\t", "    "))
	}
}

func (t *textOut) flush() error {
	t.end()
	return t.tw.Flush()
}
