package tui

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
)

// drawn keeps a drawing step's last output beside the inputs it was drawn
// from. Most of a frame is the frame before: a key that moves a cursor
// leaves the header, the tab bar and the footer as they were, and a tab
// switch leaves the header. Styling and measuring text (lipgloss, grapheme
// widths) was three quarters of a keystroke's CPU, so each part of the
// root's frame, and a page's document, is drawn again only when what it
// shows (or the width, or the terminal's background) changed. A key holds
// every input that the drawing reads; the output is the same string the
// drawing would make.
type drawn[K comparable] struct {
	key K
	out string
	ok  bool
}

// get returns the output for key, drawing it only if key differs from the
// last one.
func (d *drawn[K]) get(key K, draw func() string) string {
	if d.ok && d.key == key {
		return d.out
	}
	d.key, d.out, d.ok = key, draw(), true
	return d.out
}

// recent is drawn for parts that go back and forth between a few states
// (the tab bar and the footer as a person tabs through screens and back):
// it keeps the last few outputs, each beside its key.
type recent[K comparable] struct {
	last [4]drawn[K]
	next int
}

func (r *recent[K]) get(key K, draw func() string) string {
	if out, ok := r.find(key); ok {
		return out
	}
	return r.keep(key, draw())
}

// find is the output kept for key, if any.
func (r *recent[K]) find(key K) (string, bool) {
	for i := range r.last {
		if d := &r.last[i]; d.ok && d.key == key {
			return d.out, true
		}
	}
	return "", false
}

// keep keeps out for key in place of the oldest, and returns it.
func (r *recent[K]) keep(key K, out string) string {
	d := &r.last[r.next]
	r.next = (r.next + 1) % len(r.last)
	d.key, d.out, d.ok = key, out, true
	return out
}

// frameKey is what every part of the frame depends on besides its own
// content: the width, the height, the styles and the background (the
// adaptive colours' shade). Styles that change must be new Styles, not
// the same ones changed in place — except the shared set a session's
// Styles point to, which changes only with the background, in this key.
type frameKey struct {
	width, height int
	dark          bool
	styles        *Styles
}

// appendBindingsKey appends to b the bindings a footer shows: their
// keys (an esc among them moves a binding to the kept end), whether each
// is enabled, and its help text.
func appendBindingsKey(b []byte, groups ...[]key.Binding) []byte {
	for _, g := range groups {
		b = strconv.AppendInt(b, int64(len(g)), 10)
		for _, k := range g {
			b = append(b, 0)
			if k.Enabled() {
				b = append(b, '1')
			}
			for i, s := range k.Keys() {
				if i > 0 {
					b = append(b, 1)
				}
				b = append(b, s...)
			}
			b = append(b, 0)
			b = append(b, k.Help().Key...)
			b = append(b, 0)
			b = append(b, k.Help().Desc...)
		}
		b = append(b, 0)
	}
	return b
}
