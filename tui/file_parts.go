package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// filePart is a part of the client file that keeps its own rows, keys and
// drawing (the coaching parts: actions, metrics), so the file only asks it
// at the places its built-in parts have a case of their own. The file
// keeps the selection (f.sel) and the paging; the part reads the domain
// through the file's context and opens its forms in the file's place.
type filePart interface {
	// load reads the page older than before (0: the first), in place of or
	// after what is shown; n is how many items the page brought.
	load(before domain.ID) (n int, err error)
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

// part is the open part when it is one of the coaching parts, else nil.
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
	case tabActions:
		p = newActionsPart(f)
	case tabMetrics:
		p = newMetricsPart(f)
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
