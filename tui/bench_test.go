package tui

import (
	"context"
	"io"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"behalf/internal/benchorg"
)

// Screen benchmarks at the large organisation (internal/benchorg; run by
// `make bench`, never by `make test`). The busiest screens are the agenda
// and the clients list of a coach with a hundred-odd clients (coach001)
// and of an admin who sees everyone (admin01), on a 120×40 terminal in 256
// colours. Each reports p50/p99 in µs beside ns/op.

// benchRoot is handle's root model with screen open, driven directly.
func benchRoot(b *testing.B, o *benchorg.Org, handle, screen string) *root {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.ANSI256))
	r.SetHasDarkBackground(true)
	m := New(o.Svc, Session{Ctx: ctx, Person: o.ID(b, handle), Width: 120, Height: 40, Renderer: r}).(*root)
	if screen != "" {
		m.Update(GotoMsg{Screen: screen})
		if s := m.screen(); s == nil || m.ws.tabs[m.ws.active].spec.ID != screen {
			b.Fatalf("%s: the %s screen did not open", handle, screen)
		}
	}
	return m
}

func timedLoop(b *testing.B, op func()) {
	b.Helper()
	lat := make([]time.Duration, 0, 4096)
	for b.Loop() {
		t := time.Now()
		op()
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Microsecond), "p50-µs")
		b.ReportMetric(float64(lat[min(len(lat)*99/100, len(lat)-1)])/float64(time.Microsecond), "p99-µs")
	}
}

var benchScreens = []struct{ who, screen string }{
	{"coach001", "agenda"}, {"admin01", "agenda"}, {"coach001", "clients"}, {"admin01", "clients"},
	{"client00001", "agenda"}, {"client00001", "file"},
}

// View of the open screen with the chrome: what every redraw costs.
func BenchmarkView(b *testing.B) {
	o := benchorg.Shared(b)
	for _, c := range benchScreens {
		b.Run(c.screen+"/"+c.who, func(b *testing.B) {
			m := benchRoot(b, o, c.who, c.screen)
			if len(m.View()) < 200 {
				b.Fatalf("a short screen:\n%s", m.View())
			}
			timedLoop(b, func() { _ = m.View() })
		})
	}
}

// Sign-in to the first screen (the workspace's home), and opening a tab:
// what a person waits for before anything shows.
func BenchmarkOpen(b *testing.B) {
	o := benchorg.Shared(b)
	for _, who := range []string{"coach001", "admin01", "client00001", "contact00001"} {
		b.Run("home/"+who, func(b *testing.B) {
			timedLoop(b, func() { _ = benchRoot(b, o, who, "").View() })
		})
	}
	for _, c := range benchScreens {
		b.Run(c.screen+"/"+c.who, func(b *testing.B) {
			m := benchRoot(b, o, c.who, "")
			timedLoop(b, func() {
				m.ws.tabs[slices.IndexFunc(m.ws.tabs, func(t tab) bool { return t.spec.ID == c.screen })].screen = nil
				m.Update(GotoMsg{Screen: c.screen})
				_ = m.View()
			})
		})
	}
}

// moves presses down and up in turn on m's open screen, each with the
// redraw that follows.
func moves(b *testing.B, m *root) {
	keys := []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyUp}}
	i := 0
	timedLoop(b, func() {
		m.Update(keys[i%2])
		_ = m.View()
		i++
	})
}

// A move down and up a client's home (a page that scrolls) at 80×24, the
// load tool's terminal, with the redraw that follows: what most keys in
// make load's target scenario cost, a client moving through their home.
func BenchmarkHomeMove(b *testing.B) {
	o := benchorg.Shared(b)
	for _, who := range []string{"client00001", "client00500"} {
		b.Run(who, func(b *testing.B) {
			m := benchRoot(b, o, who, "")
			m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			moves(b, m)
		})
	}
}

// A key that moves the selection, and a change-feed refresh (every built
// screen reloads), each with the redraw that follows.
func BenchmarkUpdate(b *testing.B) {
	o := benchorg.Shared(b)
	for _, c := range benchScreens {
		b.Run("key/"+c.screen+"/"+c.who, func(b *testing.B) {
			moves(b, benchRoot(b, o, c.who, c.screen))
		})
		b.Run("refresh/"+c.screen+"/"+c.who, func(b *testing.B) {
			m := benchRoot(b, o, c.who, c.screen)
			timedLoop(b, func() {
				m.Update(RefreshMsg{})
				_ = m.View()
			})
		})
	}
}
