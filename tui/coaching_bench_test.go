package tui

import (
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"behalf/internal/benchorg"
)

// Opening the coaching parts at the large organisation: coach001 in
// client00101's file goes from Sessions to Metrics (←, the last part: the
// metrics list, the selected one's 26 values, the chart) and on to
// Actions (←), and opens group001's discussion from the Groups list —
// each key with the redraw that follows, as a person waits for it.
func BenchmarkCoachingOpen(b *testing.B) {
	o := benchorg.Shared(b)
	left, right := tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyRight}
	// opens times go (one key and the redraw); back undoes it, untimed.
	opens := func(b *testing.B, m *root, do, back tea.Msg) {
		lat := make([]time.Duration, 0, 4096)
		for b.Loop() {
			t := time.Now()
			m.Update(do)
			_ = m.View()
			lat = append(lat, time.Since(t))
			m.Update(back)
		}
		slices.Sort(lat)
		if len(lat) > 0 {
			b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Microsecond), "p50-µs")
			b.ReportMetric(float64(lat[min(len(lat)*99/100, len(lat)-1)])/float64(time.Microsecond), "p99-µs")
		}
	}
	file := func(b *testing.B) *root {
		m := benchRoot(b, o, "coach001", "file")
		m.Update(GotoMsg{Screen: "file", Payload: OpenClientMsg{Handle: "client00101"}})
		return m
	}
	b.Run("file/metrics", func(b *testing.B) {
		m := file(b)
		opens(b, m, left, right)
	})
	b.Run("file/metrics/redraw", func(b *testing.B) {
		m := file(b)
		m.Update(left)
		timedLoop(b, func() { _ = m.View() })
	})
	b.Run("file/actions", func(b *testing.B) {
		m := file(b)
		m.Update(left) // metrics
		opens(b, m, left, right)
	})
	b.Run("groups/discussion", func(b *testing.B) {
		m := benchRoot(b, o, "coach001", "groups")
		opens(b, m, tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyEsc})
	})
}
