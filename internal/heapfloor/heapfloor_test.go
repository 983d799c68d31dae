package heapfloor_test

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"behalf/internal/heapfloor"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		floor, live, roots uint64
		base, want         int
	}{
		{256 * mb, 64 * mb, 0, 100, 300},      // 64 MB × 4 = 256 MB
		{256 * mb, 200 * mb, 0, 100, 100},     // twice what is kept is over the floor: GOGC as set
		{256 * mb, 300 * mb, 0, 100, 100},     // over the floor
		{256 * mb, 100 * mb, 0, 200, 200},     // never below the operator's GOGC
		{256 * mb, 10, 0, 100, 6400},          // a nearly empty heap: the runtime's least heap, scaled, is the floor
		{0, 64 * mb, 0, 100, 100},             // no floor
		{256 * mb, 0, 0, 100, 6400},           // nothing kept yet
		{256 * mb, 128 * mb, 0, 100, 100},     // exactly twice: as set
		{256 * mb, 127 * mb, 0, 100, 101},     // just under
		{300 * mb, 100 * mb, 0, 50, 200},      // raised from a lower GOGC
		{256 * mb, 256 * mb, 0, 100, 100},     // at the floor
		{256 * mb, 255 * mb, 0, 300, 300},     // base already above what the floor needs
		{256 * mb, 60 * mb, 4 * mb, 100, 306}, // stacks and globals count: 60 + 64 × 3.06 = 255.8
	} {
		if got := heapfloor.Percent(c.floor, c.live, c.roots, c.base); got != c.want {
			t.Errorf("Percent(%d MB, %d B, %d B, %d) = %d, want %d", c.floor/mb, c.live, c.roots, c.base, got, c.want)
		}
	}
}

// With a floor, the goal after a collection of a small heap is the floor;
// without one it is GOGC's again.
func TestKeepRaisesTheGoalOfASmallHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100)) // the process's as it was
	const floor = 512 << 20
	if got := heapfloor.Keep(floor); got != floor {
		t.Fatalf("Keep(%d) = %d", floor, got)
	}
	if goal := goalAfterCollecting(t, func(g uint64) bool { return g >= floor*9/10 }); goal < floor*9/10 {
		t.Fatalf("heap goal %d MB with a floor of %d MB", goal>>20, floor>>20)
	}
	heapfloor.Keep(0)
	if goal := goalAfterCollecting(t, func(g uint64) bool { return g < floor/2 }); goal >= floor/2 {
		t.Fatalf("heap goal %d MB after the floor was taken away", goal>>20)
	}
}

// goalAfterCollecting collects until the heap goal satisfies ok (the floor
// is applied by a cleanup, after the collection) or a while has passed,
// and returns the last goal.
func goalAfterCollecting(t *testing.T, ok func(uint64) bool) uint64 {
	t.Helper()
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the cleanup goroutine's turn
		metrics.Read(s)
		if g := s[0].Value.Uint64(); ok(g) || time.Now().After(deadline) {
			return g
		}
	}
}

// Sessions begun raise the heap goal at once, without waiting for a
// collection.
func TestArrivalsRaiseTheGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const floor = 64 << 20
	heapfloor.Keep(floor)
	defer heapfloor.Keep(0)
	goalAfterCollecting(t, func(g uint64) bool { return g >= floor*9/10 })
	for range 200 { // 100 MB more
		heapfloor.Arrive()
	}
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if g := s[0].Value.Uint64(); g < floor+90<<20 {
		t.Fatalf("heap goal %d MB after 200 sessions began, floor %d MB", g>>20, floor>>20)
	}
}
