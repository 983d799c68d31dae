package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// BenchmarkDiskCommit is the floor under every durable write: what the
// disk takes for a bbolt commit's I/O alone — n pages written one after
// another (as bbolt allocates a commit's pages, from the end of the file or
// a free run) at a random place in the file, fdatasync, one meta page,
// fdatasync — with no B+tree work at all. A booking writes about 50 pages (BENCHMARKS.md).
// The file is written through first, as a database's is: writes into a
// sparse file would allocate blocks, and the sync would pay for that too.
func BenchmarkDiskCommit(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "floor.dat"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	const size = 256 << 20
	chunk := make([]byte, 1<<20)
	for range size / len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	sync := func() {
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			b.Fatal(err)
		}
	}
	page := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 30, 50} {
		b.Run(fmt.Sprintf("pages-%d", n), func(b *testing.B) {
			lat := make([]time.Duration, 0, 1024)
			for b.Loop() {
				t := time.Now()
				at := (1 + rng.Int64N(size/4096-int64(n)-1)) * 4096
				for i := range int64(n) {
					if _, err := f.WriteAt(page, at+i*4096); err != nil {
						b.Fatal(err)
					}
				}
				sync()
				if _, err := f.WriteAt(page, 0); err != nil {
					b.Fatal(err)
				}
				sync()
				lat = append(lat, time.Since(t))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2])/1e3, "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100])/1e3, "p99-µs")
		})
	}
}
