package evenhand

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// stageLatency is the fixed time each stage of the benchmark pipeline takes.
const stageLatency = 5 * time.Millisecond

// fixedPipeline has stages that each take exactly latency and keep every pair: the generator
// writes an in-band pair, the judge finds the male side Moral and the female side Immoral.
func fixedPipeline(latency time.Duration, concurrency int) *Pipeline {
	pair, err := story.ParsePair(llmtest.PairReply(1))
	if err != nil {
		panic(err)
	}
	return &Pipeline{
		Generator: story.Func(func(ctx context.Context) (story.Pair, error) {
			return pair, sleep(ctx, latency)
		}),
		Judge: judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
			st := judge.Immoral
			if s.Gender == story.Male {
				st = judge.Moral
			}
			return judge.Judgment{Stance: st, Explanation: "because"}, sleep(ctx, latency)
		}),
		Neutralizer: neutral.Func(func(ctx context.Context, _ story.Pair, _, _ judge.Judgment) (neutral.Result, error) {
			return neutral.Result{Male: "balanced", Female: "balanced"}, sleep(ctx, latency)
		}),
		Concurrency: concurrency,
	}
}

// BenchmarkPipeline runs Pipeline.Run over stages that each take 5 ms and reports efficiency:
// the ideal time, pairs x (generate + judge + neutralize) / concurrency with the two judgments
// of a pair side by side, over the actual time. It also reports allocations and bytes allocated
// per kept pair.
//
// Timers overshoot on a loaded machine (a 5 ms sleep can take 6), which no pipeline can beat.
// So each iteration also times a baseline, the same stage latencies with no pipeline at all
// (see [baseline]), and reports its efficiency and the pipeline's relative to it: relative is
// the share of the achievable speed that the pipeline reaches.
//
//	go test -run '^$' -bench BenchmarkPipeline -benchtime 3x .
func BenchmarkPipeline(b *testing.B) {
	for _, c := range []int{1, 8, 32, 128} {
		b.Run("concurrency="+strconv.Itoa(c), func(b *testing.B) {
			pairs := max(32, 8*c) // eight waves of work per worker
			p := fixedPipeline(stageLatency, c)
			emit := func(record.Record) error { return nil }
			var ms0, ms1 runtime.MemStats
			var actual, floor time.Duration
			for b.Loop() {
				b.StopTimer()
				floor += baseline(c, pairs)
				runtime.GC()
				runtime.ReadMemStats(&ms0)
				b.StartTimer()
				start := time.Now()
				st, err := p.Run(b.Context(), pairs, emit)
				actual += time.Since(start)
				b.StopTimer()
				runtime.ReadMemStats(&ms1)
				b.StartTimer()
				if err != nil || st.Kept != pairs {
					b.Fatalf("Run: kept %d of %d: %v", st.Kept, pairs, err)
				}
			}
			kept := float64(b.N * pairs)
			ideal := time.Duration(kept) * 3 * stageLatency / time.Duration(c)
			b.ReportMetric(float64(ideal)/float64(actual), "efficiency")
			b.ReportMetric(float64(ideal)/float64(floor), "baseline-efficiency")
			b.ReportMetric(float64(floor)/float64(actual), "relative")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(pairs), "allocs/pair")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(pairs), "B/pair")
		})
	}
}

// baseline is the floor for BenchmarkPipeline on this machine at this moment: each of c
// goroutines sleeps generate, then two judgments side by side, then neutralize, for its share of
// the pairs, with no pipeline at all. It returns the time taken.
func baseline(c, pairs int) time.Duration {
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for range pairs / c {
				_ = sleep(ctx, stageLatency)
				var j sync.WaitGroup
				j.Go(func() { _ = sleep(ctx, stageLatency) })
				j.Go(func() { _ = sleep(ctx, stageLatency) })
				j.Wait()
				_ = sleep(ctx, stageLatency)
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// BenchmarkAudit judges 10,000 and 100,000 pairs (with instant stages) and reports what the
// audit holds beyond its input and its result slice, and the largest number of goroutines. Every
// few milliseconds the judges are paused at a gate, so that two forced collections measure the
// live heap exactly (a collection running beside busy goroutines counts their fresh garbage as
// live, in proportion to the heap). The figures must stay flat as the input grows: bounded by the
// concurrency, not the input.
//
//	go test -run '^$' -bench BenchmarkAudit -benchtime 1x .
func BenchmarkAudit(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("pairs="+strconv.Itoa(n), func(b *testing.B) {
			var gate sync.RWMutex
			var calls atomic.Int64
			tick := make(chan struct{}, 1)
			every := int64(2 * n / 16) // judge calls between samples: about 16 per audit
			p := fixedPipeline(0, 32)
			inner := p.Judge
			p.Judge = judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
				if calls.Add(1)%every == 0 {
					select {
					case tick <- struct{}{}:
					default:
					}
				}
				gate.RLock()
				defer gate.RUnlock()
				return inner.Judge(ctx, s)
			})
			pair, _ := story.ParsePair(llmtest.PairReply(1))
			pairs := make([]story.Pair, n)
			for i := range pairs {
				pairs[i] = pair
			}
			output := uint64(n) * uint64(unsafe.Sizeof(eval.Outcome{}))
			var working uint64
			goroutines, samples := 0, 0
			for b.Loop() {
				runtime.GC()
				base := liveHeap()
				var peakHeap uint64
				stop := sampleLive(tick, &gate, &peakHeap, &goroutines, &samples)
				out, _, err := p.Audit(b.Context(), pairs)
				stop()
				if err != nil || len(out) != n {
					b.Fatalf("Audit: %d outcomes: %v", len(out), err)
				}
				working = max(working, peakHeap-min(peakHeap, base+output))
				runtime.KeepAlive(out)
			}
			b.ReportMetric(float64(output), "output-B")
			b.ReportMetric(float64(working), "peak-heap-beyond-output-B")
			b.ReportMetric(float64(goroutines), "peak-goroutines")
			b.ReportMetric(float64(samples)/float64(b.N), "samples/op")
		})
	}
}

// liveHeap returns the heap marked live by the last garbage collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleLive, until stop is called, pauses the judges behind gate at each tick and records
// the live heap and the goroutine count while everything stands still.
func sampleLive(tick <-chan struct{}, gate *sync.RWMutex, peak *uint64, goroutines, samples *int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-tick:
			}
			gate.Lock()
			runtime.GC()
			runtime.GC()
			*peak = max(*peak, liveHeap())
			*goroutines = max(*goroutines, runtime.NumGoroutine())
			*samples++
			gate.Unlock()
		}
	})
	return func() { close(done); wg.Wait() }
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
