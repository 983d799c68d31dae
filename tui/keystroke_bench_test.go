package tui

import (
	"context"
	"io"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"behalf/internal/benchorg"
)

// A keystroke as the load tool makes it (tab, then shift+tab: the next
// screen and back) with the redraw that follows, on an 80×24 terminal in
// 256 colours, for people of each kind at the large organisation; and the
// redraw alone (View), which a refresh or a cursor move pays too. What
// the server does per key besides (input, frame diff, SSH) is in
// sshserver's BenchmarkFrame.
func BenchmarkKeystroke(b *testing.B) {
	o := benchorg.Shared(b)
	for _, who := range []string{"coach001", "admin01", "client00001", "contact00001"} {
		open := func(b *testing.B) *root {
			ctx, cancel := context.WithCancel(context.Background())
			b.Cleanup(cancel)
			r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.ANSI256))
			r.SetHasDarkBackground(true)
			m := New(o.Svc, Session{Ctx: ctx, Person: o.ID(b, who), Width: 80, Height: 24, Renderer: r}).(*root)
			m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			_ = m.View()
			return m
		}
		b.Run("tab/"+who, func(b *testing.B) {
			m := open(b)
			keys := []tea.KeyMsg{{Type: tea.KeyTab}, {Type: tea.KeyShiftTab}}
			i := 0
			b.ReportAllocs()
			timedLoop(b, func() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			})
		})
		b.Run("view/"+who, func(b *testing.B) {
			m := open(b)
			b.ReportAllocs()
			timedLoop(b, func() { _ = m.View() })
		})
	}
}
