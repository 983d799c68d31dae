package cells

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Every rune counted here is one cell to x/ansi, alone and between
// letters.
func TestSingleRunesAreOneCell(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if !single(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b", string(r) + string(r)} {
			if got, want := Width(s), ansi.StringWidth(s); got != want {
				t.Fatalf("%U in %q: %d cells, x/ansi says %d", r, s, got, want)
			}
		}
	}
}

// Width is x/ansi's width for any text: pieces the fast path counts,
// pieces it hands over, broken and foreign escapes, in random mixes.
func TestWidthIsAnsiWidth(t *testing.T) {
	pieces := []string{
		"a", "Z", " ", "~", "0", "client00001", "é", "É", "ü", "ß", "ł", "×", "·", "•", "…", "—", "▸", "│", "✓", "●", "€",
		"\x1b[0m", "\x1b[1;38;5;75m", "\x1b[38;2;10;20;30m", "\x1b[K", "\x1b[?25l", "\x1b[2 q",
		"\x1b", "\x1b[", "\x1b[3", "\x1b]8;;http://x\x07", "\x1b]0;t\x1b\\", "\x1bP", "\x1b(B", "\x9b1m",
		"\u0301", "\u200d", "\ufe0f", "日本", "😀", "👍🏽", "🇫🇷", "\t", "\n", "\r", "\x00", "\x7f", "\u00ad", "\u00a0",
		"e\u0301", "\xff", "\xc3", "ก", "한", "ﬁ",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50_000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("%q: %d cells, x/ansi says %d", s, got, want)
		}
	}
}

func FuzzWidth(f *testing.F) {
	for _, s := range []string{"", "abc", "\x1b[1mé\x1b[0m", "a\u0301", "日", "\x1b[", "•▸│"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("%q: %d cells, x/ansi says %d", s, got, want)
		}
	})
}

func BenchmarkWidth(b *testing.B) {
	line := "\x1b[1;38;5;75m▸ client00042\x1b[0m Jane Smith        active     \x1b[38;5;248mRob Reyes (coach)\x1b[0m"
	b.Run("cells", func(b *testing.B) {
		for b.Loop() {
			_ = Width(line)
		}
	})
	b.Run("x/ansi", func(b *testing.B) {
		for b.Loop() {
			_ = ansi.StringWidth(line)
		}
	})
}
