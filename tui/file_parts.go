package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// filePart is one part of the client file (its sessions, invoices,
// actions…), each in its own file (file_<part>.go): it keeps its own rows,
// keys and drawing, and the file (file.go) asks the open part. The file
// keeps the selection (f.sel), the paging and the frame; the part reads the
// domain through the file's context and opens its forms in the file's place.
type filePart interface {
	// load reads the page older than before (0: the first), in place of or
	// after what is shown; more says an older page may follow (m).
	load(before domain.ID) (more bool, err error)
	oldest() domain.ID
	count() int
	// top is what stands above the items (a chart), in width × height.
	top(width, height int) []string
	// blocks are the items, each as its lines, for width.
	blocks(width int) [][]string
	// spaced: a blank line between items.
	spaced() bool
	empty() string
	// key handles k before the file does; ok says it was taken.
	key(k tea.KeyMsg) (cmd tea.Cmd, ok bool)
	help() []key.Binding
	canNew() (bool, string)
	newItem() tea.Cmd
}

// A part may also:
//   - open its selected item on top of the file (enter);
//   - say which item to select first when shown (else the first);
//   - say a line below its items (what the file does not page through).
type (
	opener     interface{ open() }
	firstSeler interface{ firstSel() int }
	noter      interface{ note() string }
)

// part is the open part (nil when none is).
func (f *clientFile) part() filePart {
	t := f.current()
	if f.parts == nil {
		f.parts = map[fileTab]filePart{}
	}
	if p, ok := f.parts[t]; ok {
		return p
	}
	var p filePart
	switch t {
	case tabSessions:
		p = newSessionsPart(f)
	case tabPackages:
		p = newPackagesPart(f)
	case tabInvoices:
		p = newInvoicesPart(f)
	case tabPayments:
		p = newPaymentsPart(f)
	case tabNotes:
		p = newNotesPart(f)
	case tabProgress:
		p = newProgressPart(f)
	case tabComments:
		p = newCommentsPart(f)
	case tabMessages:
		p = newMessagesPart(f)
	case tabActions:
		p = newActionsPart(f)
	case tabMetrics:
		p = newMetricsPart(f)
	case tabWorksheets:
		p = newPapersPart(f, domain.KindWorksheet)
	case tabForms:
		p = newPapersPart(f, domain.KindForm)
	case tabSubscriptions:
		p = newSubscriptionsPart(f)
	default:
		return nil
	}
	f.parts[t] = p
	return p
}

// coachingWrites: something in the coaching parts may be changed here.
func coachingWrites(t domain.PracticeTabs) bool {
	return t.AssignAction || t.DoAction || t.DefineMetric || t.RecordMetric
}

// appendPage puts a page read after what *shown holds, or in its place for
// the first page (before is 0); n is how many items the page brought.
func appendPage[T any](shown *[]T, before domain.ID, got []T, err error) (n int, _ error) {
	if before == 0 {
		*shown = nil
	}
	*shown = append(*shown, got...)
	return len(got), err
}

// pagedList is what the parts that page through a list share: the rows
// shown, reading a page older than the last one (read), the id that pages
// (id), and no keys, help or chart of their own. A part embeds it and adds
// what is its own.
type pagedList[T any] struct {
	f    *clientFile
	rows []T
	read func(before domain.ID) ([]T, error)
	id   func(T) domain.ID
}

func (l *pagedList[T]) load(before domain.ID) (bool, error) {
	got, err := l.read(before)
	n, err := appendPage(&l.rows, before, got, err)
	return n == filePage, err
}

func (l *pagedList[T]) oldest() domain.ID              { return lastID(l.rows, l.id) }
func (l *pagedList[T]) count() int                     { return len(l.rows) }
func (l *pagedList[T]) top(int, int) []string          { return nil }
func (l *pagedList[T]) key(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (l *pagedList[T]) help() []key.Binding            { return nil }

// filePageQuery is a part's page query: older than before, one page.
func filePageQuery(before domain.ID) domain.PageQuery {
	return domain.PageQuery{Before: before, Limit: filePage}
}
