package heapfloor

import (
	"testing"
	"time"
)

// The floor a burst of sign-ins raises: half a megabyte a session begun in
// the last ten seconds, at most three floors more, within the ceiling, and
// back to the floor once the window has passed.
func TestRaisedByABurst(t *testing.T) {
	mu.Lock()
	defer mu.Unlock()
	oldFloor, oldCeiling, oldArrived := floor, ceiling, arrived
	defer func() { floor, ceiling, arrived = oldFloor, oldCeiling, oldArrived }()

	const mb = 1 << 20
	t0 := time.Unix(1_800_000_000, 0)
	floor, ceiling, arrived = 256*mb, ^uint64(0), burst{}
	if got := raised(t0); got != 256*mb {
		t.Fatalf("no arrivals: %d MB", got/mb)
	}
	for i := range 1000 { // 100 a second for ten seconds
		arrived.add(t0.Add(time.Duration(i) * 10 * time.Millisecond))
	}
	last := t0.Add(9990 * time.Millisecond)
	for _, c := range []struct {
		at   time.Time
		want uint64
	}{
		{last, 256*mb + 500*mb},                     // all thousand within the window
		{t0.Add(10 * time.Second), 256*mb + 450*mb}, // the first second's hundred have worn off
		{t0.Add(15 * time.Second), 256*mb + 200*mb},
		{t0.Add(20 * time.Second), 256 * mb}, // all worn off
		{t0.Add(-time.Second), 256 * mb},     // nothing counts before it happened
	} {
		if got := raised(c.at); got != c.want {
			t.Errorf("raised at +%v: %d MB, want %d MB", c.at.Sub(t0), got/mb, c.want/mb)
		}
	}

	for range 5000 { // far more at once: at most three floors more
		arrived.add(last)
	}
	if got := raised(last); got != 4*256*mb {
		t.Errorf("a large burst: %d MB, want %d MB", got/mb, 4*256)
	}
	ceiling = 600 * mb // half a memory limit
	if got := raised(last); got != 600*mb {
		t.Errorf("under a memory limit: %d MB, want 600 MB", got/mb)
	}
	floor = 0
	if got := raised(last); got != 0 {
		t.Errorf("no floor: %d MB, want none", got/mb)
	}
}
