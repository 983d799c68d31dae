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
// the larger of the floor (raised in a burst, below) and what GOGC
// allows.
//
// A burst of sign-ins raises the floor for a while (Arrive): each session
// begun in the last ten seconds lets the heap hold half a megabyte more,
// about what beginning one allocates, little of it kept. A thousand people
// signing in within ten seconds then meet no collection: a collection then
// marks everything the sessions keep while every core is busy signing
// people in, and the first screens wait for it (a tenth of a second and
// more, measured). The collection comes once the burst is over, when the
// raise has worn off, with nobody waiting on a sign-in. The raise is at
// most three times the floor.
//
// The floor is applied after every collection by raising GOGC for the
// next one, and again as a burst raises it and wears off; an operator's
// GOGC=off turns it off, and a memory limit (GOMEMLIMIT) caps the floor,
// raise included, at half the limit.
package heapfloor

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Default is the floor behalf serve keeps unless told otherwise: about
// what a thousand open sessions keep, twice over.
const Default = 256 << 20

// runtimeMinHeap is the runtime's smallest heap goal at GOGC=100
// (defaultHeapMinimum in runtime/mgcpacer.go).
const runtimeMinHeap = 4 << 20

// maxPercent bounds the GOGC the floor sets (a nearly empty heap; the
// runtime keeps GOGC in 32 bits).
const maxPercent = 1_000_000

var (
	mu      sync.Mutex
	floor   uint64
	ceiling uint64 // half the memory limit, or no limit
	base    int    // GOGC as the process started (100 unless set)
	started bool
	arrived burst
	applied uint64 // the floor as last applied, raise included
	waning  bool   // a timer will apply the floor again as the raise wears off
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
	ceiling = math.MaxUint64
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		ceiling = uint64(limit) / 2
	}
	floor = min(bytes, ceiling)
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

// apply sets GOGC so that the next goal is at least the floor, raised by
// the sign-ins of the last window. mu is held.
func apply() {
	metrics.Read(sample)
	live := sample[0].Value.Uint64()
	roots := sample[1].Value.Uint64() + sample[2].Value.Uint64()
	applied = raised(time.Now())
	debug.SetGCPercent(Percent(applied, live, roots, base))
}

// raised is the floor at now: the floor, plus perArrival for each session
// begun in the window before now, at most maxRaise floors more, within
// the ceiling. No floor, no raise.
func raised(now time.Time) uint64 {
	if floor == 0 {
		return 0
	}
	return min(floor+min(arrived.count(now)*perArrival, maxRaise*floor), ceiling)
}

const (
	// perArrival is what the floor stands higher for each session begun
	// in the last window: about what beginning one allocates (the key
	// exchange, the first screen's reads and drawing, the first keys'
	// screens: 0.4–0.45 MB at the large organisation).
	perArrival = 512 << 10
	// maxRaise bounds the raise, in floors.
	maxRaise = 3
	// step is the least change of the raised floor that is applied at
	// once; smaller ones wait for the next arrival or the next second.
	step = 8 << 20
)

// Arrive tells the floor a session began: for the next ten seconds the
// floor stands perArrival higher (see the package's comment). It costs a
// lock, and now and then a change of GOGC.
func Arrive() {
	mu.Lock()
	defer mu.Unlock()
	if floor == 0 || base < 0 {
		return
	}
	now := time.Now()
	arrived.add(now)
	if r := raised(now); r >= applied+step {
		apply()
	}
	if !waning {
		waning = true
		time.AfterFunc(time.Second, wane)
	}
}

// wane applies the floor as the raise wears off, every second until it
// has.
func wane() {
	mu.Lock()
	defer mu.Unlock()
	if r := raised(time.Now()); r != applied {
		apply()
	}
	if applied > floor {
		time.AfterFunc(time.Second, wane)
		return
	}
	waning = false
}

// burst counts the sessions begun in the last window, by the second.
type burst struct {
	secs [window]struct {
		at int64 // the second (Unix time) these arrived in
		n  uint64
	}
}

// window is the seconds an arrival raises the floor for.
const window = 10

func (b *burst) add(now time.Time) {
	sec := now.Unix()
	s := &b.secs[sec%window]
	if s.at != sec {
		s.at, s.n = sec, 0
	}
	s.n++
}

// count is the arrivals in the window seconds up to now.
func (b *burst) count(now time.Time) uint64 {
	sec := now.Unix()
	var n uint64
	for _, s := range b.secs {
		if s.at > sec-window && s.at <= sec {
			n += s.n
		}
	}
	return n
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
