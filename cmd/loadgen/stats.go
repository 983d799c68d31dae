package main

import (
	"errors"
	"math"
	"slices"
	"sync"
	"time"
)

// Percentiles summarises one kind of latency sample, in milliseconds with two
// decimals. N is how many samples there were; with none every value is 0.
type Percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// summarize computes exact percentiles from all samples (nearest rank on the
// sorted samples: no histogram buckets, no interpolation).
func summarize(samples []time.Duration) Percentiles {
	if len(samples) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return Percentiles{
		N:   len(s),
		P50: ms(percentile(s, 50)),
		P95: ms(percentile(s, 95)),
		P99: ms(percentile(s, 99)),
		Max: ms(s[len(s)-1]),
	}
}

// percentile is the nearest-rank percentile of sorted samples: the smallest
// sample that at least p percent of the samples are less than or equal to.
func percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// ms is a duration in milliseconds rounded to two decimals.
func ms(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// failure is an error with the kind it is counted under in error_kinds.
type failure struct {
	kind string
	err  error
}

func (f *failure) Error() string { return f.kind + ": " + f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

func fail(kind string, err error) error { return &failure{kind: kind, err: err} }

// recorder collects every sample and error of a run; all workers share one.
type recorder struct {
	mu          sync.Mutex
	firstScreen []time.Duration
	keyToScreen []time.Duration
	exec        []time.Duration
	errors      map[string]int
	examples    map[string]string // the first message of each kind, to say what went wrong
	keysSent    int
	busySkips   int
	open, peak  int // PTY sessions past their first screen, now and at most
	// everyone is how many PTY sessions the run has; allIn when the last
	// of them reached its first screen. Keys sent after it are also kept
	// in keySteady: the keystroke without the sign-ins' load beside it.
	everyone  int
	allIn     time.Time
	keySteady []time.Duration
	keyAt     []time.Time // when each of keyToScreen was sent

	burst              *BurstReport // --resume-burst, once it ran
	burstFrom, burstTo time.Time
}

func newRecorder() *recorder {
	return &recorder{errors: map[string]int{}, examples: map[string]string{}}
}

func (r *recorder) addFirstScreen(d time.Duration) {
	r.mu.Lock()
	r.firstScreen = append(r.firstScreen, d)
	r.open++
	r.peak = max(r.peak, r.open)
	if r.allIn.IsZero() && r.everyone > 0 && r.open >= r.everyone {
		r.allIn = time.Now()
	}
	r.mu.Unlock()
}

func (r *recorder) closed() {
	r.mu.Lock()
	r.open--
	r.mu.Unlock()
}

func (r *recorder) addKey(sent time.Time, d time.Duration) {
	r.mu.Lock()
	r.keyToScreen = append(r.keyToScreen, d)
	r.keyAt = append(r.keyAt, sent)
	if !r.allIn.IsZero() && sent.After(r.allIn) {
		r.keySteady = append(r.keySteady, d)
	}
	r.mu.Unlock()
}

// setBurst records the burst and the time it took, whose keys its report
// summarises.
func (r *recorder) setBurst(b *BurstReport, from, to time.Time) {
	r.mu.Lock()
	r.burst, r.burstFrom, r.burstTo = b, from, to
	r.mu.Unlock()
}

// burstReport is the burst with key → screen for the keys sent during it;
// nil without a burst. The caller holds r.mu.
func (r *recorder) burstReport() *BurstReport {
	if r.burst == nil {
		return nil
	}
	var during []time.Duration
	for i, at := range r.keyAt {
		if !at.Before(r.burstFrom) && !at.After(r.burstTo) {
			during = append(during, r.keyToScreen[i])
		}
	}
	b := *r.burst
	b.KeyToScreenMS = summarize(during)
	return &b
}

func (r *recorder) keySent() {
	r.mu.Lock()
	r.keysSent++
	r.mu.Unlock()
}

func (r *recorder) busySkip() {
	r.mu.Lock()
	r.busySkips++
	r.mu.Unlock()
}

func (r *recorder) addExec(d time.Duration) {
	r.mu.Lock()
	r.exec = append(r.exec, d)
	r.mu.Unlock()
}

// addError counts err under its kind ("other" when it carries none).
func (r *recorder) addError(err error) {
	kind := "other"
	var f *failure
	if errors.As(err, &f) {
		kind = f.kind
	}
	r.mu.Lock()
	r.errors[kind]++
	if _, ok := r.examples[kind]; !ok {
		r.examples[kind] = err.Error()
	}
	r.mu.Unlock()
}
