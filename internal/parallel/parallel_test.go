package parallel

import (
	"strings"
	"sync/atomic"
	"testing"
)

// TestEach: every job runs once, its result lands in its slot whatever the
// schedule, each goroutine makes its state once, and no more goroutines
// start than there are jobs.
func TestEach(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {7, 1}, {100, 3}, {5, 0}} {
		var made atomic.Int64
		out := make([]int, c.n)
		Each(c.n, c.workers, func() *int64 { made.Add(1); return new(int64) }, func(w **int64, j int) {
			**w++
			out[j] = j * j
		})
		for j, v := range out {
			if v != j*j {
				t.Fatalf("n=%d workers=%d: slot %d holds %d", c.n, c.workers, j, v)
			}
		}
		if m := int(made.Load()); m > max(1, c.workers) || m > c.n {
			t.Errorf("n=%d workers=%d: %d states made", c.n, c.workers, m)
		}
	}
}

// TestEachPanic: a job's panic comes back to the caller, with its value,
// after the other goroutines stop.
func TestEachPanic(t *testing.T) {
	defer func() {
		v := recover()
		if s, ok := v.(string); !ok || !strings.Contains(s, "job 3 failed") {
			t.Fatalf("recovered %v, want the job's panic", v)
		}
	}()
	Each(10, 2, func() int { return 0 }, func(_ *int, j int) {
		if j == 3 {
			panic("job 3 failed")
		}
	})
	t.Fatal("Each returned after a job panicked")
}
