package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/internal/benchorg"
)

// A move down and up a client's home (a page that scrolls) at 80×24, the
// load tool's terminal, with the redraw that follows: what most keys in
// make load's target scenario cost, a client moving through their home.
func BenchmarkHomeMove(b *testing.B) {
	o := benchorg.Shared(b)
	for _, who := range []string{"client00001", "client00500"} {
		b.Run(who, func(b *testing.B) {
			m := benchRoot(b, o, who, "")
			m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
			i := 0
			timedLoop(b, func() {
				m.Update(keys[i%2])
				_ = m.View()
				i++
			})
		})
	}
}
