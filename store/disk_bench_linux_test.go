package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// diskFile is a file of size bytes written through and synced, as a
// database's is: writes into a sparse file would allocate blocks, and the
// sync would pay for that too.
func diskFile(b *testing.B, name string, size int) *os.File {
	b.Helper()
	f, err := os.Create(filepath.Join(b.TempDir(), name))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	chunk := make([]byte, 1<<20)
	for range size / len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	return f
}

func fdatasync(b *testing.B, f *os.File) {
	if err := syscall.Fdatasync(int(f.Fd())); err != nil {
		b.Error(err)
	}
}

// reportWaits reports the p50 and p99 of lat, in µs.
func reportWaits(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100])/1e3, "p99-µs")
}

// BenchmarkDiskCommit is the floor under every durable write: what the
// disk takes for a bbolt commit's I/O alone — n pages, fdatasync, one meta
// page, fdatasync — with no B+tree work at all. The pages are written
// either one after another (contiguous: as bbolt allocates from the end of
// the file or a free run) or each at its own random place (scattered: as a
// commit's pages are when it reuses pages freed all over the file). A
// booking writes 10–50 pages a commit (BENCHMARKS.md); the two kinds say
// what their places cost.
func BenchmarkDiskCommit(b *testing.B) {
	const size = 256 << 20
	f := diskFile(b, "floor.dat", size)
	page := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kind := range []string{"contiguous", "scattered"} {
		for _, n := range []int{1, 30, 50, 100} {
			if kind == "scattered" && n == 1 {
				continue
			}
			name := fmt.Sprintf("pages-%d", n)
			if kind == "scattered" {
				name = fmt.Sprintf("scattered-%d", n)
			}
			b.Run(name, func(b *testing.B) {
				lat := make([]time.Duration, 0, 1024)
				at := make([]int64, n)
				for b.Loop() {
					t := time.Now()
					first := 1 + rng.Int64N(size/4096-int64(n)-1)
					for i := range at {
						at[i] = first + int64(i)
						if kind == "scattered" {
							at[i] = 1 + rng.Int64N(size/4096-1)
						}
					}
					slices.Sort(at) // bbolt writes a commit's pages in order
					for _, p := range at {
						if _, err := f.WriteAt(page, p*4096); err != nil {
							b.Fatal(err)
						}
					}
					fdatasync(b, f)
					if _, err := f.WriteAt(page, 0); err != nil {
						b.Fatal(err)
					}
					fdatasync(b, f)
					lat = append(lat, time.Since(t))
				}
				reportWaits(b, lat)
			})
		}
	}
}

// BenchmarkDiskLogUnderPageWrites asks what a store that appends each
// commit to a log (one write and one fdatasync at the log's end) would
// wait for, once the pages it must still write into its trees go to disk
// behind it. Each op appends 8 KiB (a batch of a few bookings' writes) and
// syncs, 2 ms apart; beside it, in "behind", a writer puts rate pages a
// second at random places in a 256 MiB file and syncs it every half second
// (a checkpoint). 17,000 pages a second is what 2,000 bookings a second
// touch in the large organisation's index trees (ten entries each at
// random places in trees of ~25,000 leaves, repeats within a second
// counted once).
func BenchmarkDiskLogUnderPageWrites(b *testing.B) {
	const size = 256 << 20
	for _, rate := range []int{0, 17000} {
		name := "alone"
		if rate > 0 {
			name = fmt.Sprintf("behind=%d-pages-a-second", rate)
		}
		b.Run(name, func(b *testing.B) {
			log := diskFile(b, "log.dat", 0)
			var wg sync.WaitGroup
			stop := make(chan struct{})
			if rate > 0 {
				db := diskFile(b, "db.dat", size)
				wg.Go(func() { writePages(b, db, size, rate, stop) })
			}
			rec := make([]byte, 8192)
			lat := make([]time.Duration, 0, 1024)
			for b.Loop() {
				t := time.Now()
				if _, err := log.Write(rec); err != nil {
					b.Fatal(err)
				}
				fdatasync(b, log)
				lat = append(lat, time.Since(t))
				time.Sleep(2 * time.Millisecond)
			}
			close(stop)
			wg.Wait()
			reportWaits(b, lat)
		})
	}
}

// writePages writes rate pages a second at random places in f, a
// millisecond's share at a time, and syncs f every half second, until stop.
func writePages(b *testing.B, f *os.File, size, rate int, stop <-chan struct{}) {
	rng := rand.New(rand.NewPCG(3, 4))
	page := make([]byte, 4096)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	synced := time.Now()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		for range rate / 1000 {
			if _, err := f.WriteAt(page, rng.Int64N(int64(size/4096))*4096); err != nil {
				b.Error(err)
				return
			}
		}
		if time.Since(synced) > 500*time.Millisecond {
			fdatasync(b, f)
			synced = time.Now()
		}
	}
}
