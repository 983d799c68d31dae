// Package heapfloor keeps the garbage collector's heap goal from falling
// below a floor.
//
// Go collects when the heap has grown by GOGC percent over what the last
// collection kept. A server that starts small and fills with sessions —
// a thousand people signing in within ten seconds — then collects every
// few hundred milliseconds while it grows, each collection marking all
// that is kept so far, with the sessions' goroutines drafted in to help
// (assists): at 100 sign-ins a second that was a third of a core and the
// slowest first screens. With a floor the collector waits until the heap
// reaches the floor while little is kept, and paces itself by GOGC as
// usual once twice what is kept exceeds it: the heap never grows beyond
// the larger of the floor and what GOGC allows.
//
// The floor is applied after every collection by raising GOGC for the
// next one; an operator's GOGC=off turns it off, and a memory limit
// (GOMEMLIMIT) caps it at half the limit.
package heapfloor

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// runtimeMinHeap is the runtime's smallest heap goal at GOGC=100
// (defaultHeapMinimum in runtime/mgcpacer.go).
const runtimeMinHeap = 4 << 20

// maxPercent bounds the GOGC the floor sets (a nearly empty heap; the
// runtime keeps GOGC in 32 bits).
const maxPercent = 1_000_000

var (
	mu      sync.Mutex
	floor   uint64
	base    int // GOGC as the process started (100 unless set)
	started bool
	sample  = []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
)

// Keep holds the heap goal at bytes or more from now on (0: as GOGC says).
// It returns the floor in effect, after the memory limit's cap; 0 when
// GOGC=off leaves collecting to the operator.
func Keep(bytes uint64) uint64 {
	mu.Lock()
	defer mu.Unlock()
	if !started {
		base = debug.SetGCPercent(100)
		debug.SetGCPercent(base)
	}
	if base < 0 {
		return 0
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 && bytes > uint64(limit)/2 {
		bytes = uint64(limit) / 2
	}
	floor = bytes
	apply()
	if !started {
		started = true
		watch()
	}
	return floor
}

// watch applies the floor after the next collection, and so on: the
// cleanup of an object nothing refers to runs once a collection has
// found it unreachable.
func watch() {
	runtime.AddCleanup(new(sentinel), func(struct{}) {
		mu.Lock()
		apply()
		mu.Unlock()
		watch()
	}, struct{}{})
}

type sentinel struct{ _ *int } // holds a pointer: never a tiny allocation batched with others

// apply sets GOGC so that the next goal is at least the floor. mu is held.
func apply() {
	metrics.Read(sample)
	live := sample[0].Value.Uint64()
	roots := sample[1].Value.Uint64() + sample[2].Value.Uint64()
	debug.SetGCPercent(Percent(floor, live, roots, base))
}

// Percent is the GOGC that makes the goal of a heap keeping live bytes,
// with roots bytes of stacks and globals to scan, the floor, and never
// less than base. The goal is live + (live + roots) × GOGC/100, but at
// least 4 MiB × GOGC/100 (the runtime's smallest heap, scaled): a GOGC
// above floor/4 MiB × 100 would put the goal over the floor.
func Percent(floor, live, roots uint64, base int) int {
	if live >= floor {
		return base
	}
	p := min((floor-live)*100/max(live+roots, 1), floor*100/runtimeMinHeap)
	if p > maxPercent {
		return maxPercent
	}
	return max(int(p), base)
}
