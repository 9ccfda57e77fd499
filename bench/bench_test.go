package bench_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tmc/langchaingo/llms"
	"golang.org/x/sync/errgroup"

	"github.com/evenhand/evenhand/bench"
)

// wait is the fake model call of BenchmarkRun: 5 ms, or less when ctx ends.
func wait(ctx context.Context) error {
	t := time.NewTimer(5 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fakeModel answers after 5 ms, like a model in a hurry, and adds up how long its calls really
// took (a loaded machine fires a 5 ms timer late); unlike llmtest.Model it keeps no record of
// the calls.
type fakeModel struct{ busy *atomic.Int64 }

func (m fakeModel) GenerateContent(ctx context.Context, _ []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	start := time.Now()
	err := wait(ctx)
	m.busy.Add(int64(time.Since(start)))
	if err != nil {
		return nil, err
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "The answer is B."}}}, nil
}

func (m fakeModel) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// BenchmarkRun runs 10,000 items through the Runner at concurrency 32 with model calls that
// take 5 ms, and reports the throughput as a fraction of the ideal, items × 5 ms / 32
// (ideal-ratio). On a loaded machine a 5 ms timer fires late, which no runner can make up for:
// baseline-ratio is the same fraction for the bare loop (32 goroutines doing nothing but the
// 5 ms waits one after the other, 10,000 in all), runner/baseline the Runner's throughput as a
// fraction of that, and busy-ratio the time the model's calls really took over 32 × the run's
// time: the share of the time the Runner kept all 32 calls in flight.
func BenchmarkRun(b *testing.B) {
	const n, conc = 10000, 32
	items := synthetic(n)
	var busy atomic.Int64
	r := &bench.Runner{Model: fakeModel{&busy}, Concurrency: conc, Seed: 1}
	ideal := time.Duration(n/conc) * 5 * time.Millisecond
	var total, base time.Duration
	for b.Loop() {
		start := time.Now()
		var g errgroup.Group
		var next atomic.Int64
		for range conc {
			g.Go(func() error {
				for next.Add(1) <= n {
					_ = wait(context.Background())
				}
				return nil
			})
		}
		_ = g.Wait()
		base += time.Since(start)

		start = time.Now()
		res, err := r.Run(context.Background(), items)
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		if res[n-1].Choice < 0 {
			b.Fatal(res[n-1])
		}
	}
	b.ReportMetric(float64(ideal)*float64(b.N)/float64(total), "ideal-ratio")
	b.ReportMetric(float64(ideal)*float64(b.N)/float64(base), "baseline-ratio")
	b.ReportMetric(float64(base)/float64(total), "runner/baseline")
	b.ReportMetric(float64(busy.Load())/float64(conc)/float64(total), "busy-ratio")
	b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "items/s")
}

// BenchmarkParseAndScore reads the answers of 100,000 replies and scores them.
func BenchmarkParseAndScore(b *testing.B) {
	const n = 100000
	items := synthetic(n)
	replies := []string{"B", "The answer is C.", "(D) four", "I think A", "answer: b", "none of them", "A or B", "three"}
	r := &bench.Runner{Seed: 1}
	orders := make([][]int, n)
	for i, it := range items {
		orders[i] = r.Order(it)
	}
	results := make([]bench.Result, n)
	cpu := cpuTime()
	for b.Loop() {
		for i, it := range items {
			results[i] = r.Read(it, orders[i], replies[i%len(replies)])
		}
		rep := bench.Summarize(results)
		if len(rep.Benchmarks) != 1 {
			b.Fatal(rep)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/100k")
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/100k")
}
