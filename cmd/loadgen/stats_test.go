package main

import (
	"errors"
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {95, 95 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(s, c.p); got != c.want {
			t.Errorf("p%v of 1..100 ms = %v, want %v", c.p, got, c.want)
		}
	}
	three := []time.Duration{10, 20, 30}
	if got := percentile(three, 50); got != 20 {
		t.Errorf("p50 of 3 = %v", got)
	}
	if got := percentile(three, 99); got != 30 {
		t.Errorf("p99 of 3 = %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %v", got)
	}
}

func TestSummarizeSortsAndRounds(t *testing.T) {
	samples := []time.Duration{
		3*time.Millisecond + 456789*time.Nanosecond, // 3.456789 ms
		1 * time.Millisecond,
		2*time.Millisecond + 5*time.Microsecond, // 2.005 ms
	}
	p := summarize(samples)
	want := Percentiles{N: 3, P50: 2.01, P95: 3.46, P99: 3.46, Max: 3.46}
	if p != want {
		t.Errorf("summary %+v, want %+v", p, want)
	}
	if samples[0] != 3*time.Millisecond+456789*time.Nanosecond {
		t.Error("summarize reordered the caller's samples")
	}
	if (summarize(nil) != Percentiles{}) {
		t.Error("no samples gave non-zero percentiles")
	}
}

func TestErrorsCountByKind(t *testing.T) {
	r := newRecorder()
	r.addError(fail("auth", errors.New("no")))
	r.addError(fail("auth", errors.New("again")))
	r.addError(errors.New("plain"))
	rep := &Report{}
	r.fillErrors(rep)
	if rep.Errors != 3 || rep.ErrorKinds["auth"] != 2 || rep.ErrorKinds["other"] != 1 {
		t.Errorf("errors %d, kinds %v", rep.Errors, rep.ErrorKinds)
	}
	if rep.ErrorExamples["auth"] != "auth: no" {
		t.Errorf("auth example %q, want the first", rep.ErrorExamples["auth"])
	}
}
