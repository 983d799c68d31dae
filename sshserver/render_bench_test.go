package sshserver

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"behalf/sanitize"
)

// BenchmarkFrame is the frame writer's share of a keystroke: two 80×24
// screens of styled text in turn (a tab and back), each diffed against
// the one on screen, filtered and written.
func BenchmarkFrame(b *testing.B) {
	views := make([]string, 2)
	for v := range views {
		var lines []string
		for i := range 24 {
			lines = append(lines, fmt.Sprintf("\x1b[1;38;5;75m%2d\x1b[0m %-60s \x1b[38;5;248m▸ %d\x1b[0m", i, strings.Repeat("client name ", 5)[:50+v], v))
		}
		views[v] = strings.Join(lines, "\n")
	}
	f := newFrames(sanitize.Terminal(io.Discard), 80, 24)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		f.mu.Lock()
		f.flush(views[i%2])
		f.mu.Unlock()
		i++
	}
}
