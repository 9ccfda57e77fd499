package batch_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evenhand/evenhand/batch"
	"github.com/tmc/langchaingo/llms"
)

// heldBackend encodes like OpenAI, measures the heap when the whole queue is handed to Submit,
// and then answers every request at once.
type heldBackend struct {
	*batch.OpenAI
	max    int
	heap   uint64
	stacks uint64
	keys   []string
}

func (h *heldBackend) MaxRequests() int { return h.max }

func (h *heldBackend) Submit(_ context.Context, reqs []batch.Request) (string, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h.heap, h.stacks = ms.HeapAlloc, ms.StackInuse
	h.keys = h.keys[:0]
	for _, r := range reqs {
		h.keys = append(h.keys, r.Key)
	}
	return "held", nil
}

func (h *heldBackend) Poll(context.Context, string) (batch.Status, error) {
	return batch.Status{Ended: true, State: "completed"}, nil
}

func (h *heldBackend) Results(_ context.Context, _ string, yield func(batch.Result) error) error {
	for _, k := range h.keys {
		if err := yield(batch.Result{Key: k, Reply: &batch.Reply{Choices: []batch.Choice{{Content: "ok"}}}}); err != nil {
			return err
		}
	}
	return nil
}

func (h *heldBackend) Cancel(context.Context, string) error { return nil }

// BenchmarkQueue50k queues 50,000 calls of 1 KB prompts and reports the heap they hold, beyond
// the prompts themselves, at the moment the full queue is submitted (the goroutines' stacks,
// which belong to the callers, are reported apart). Issue 15 asks for under 200 MB.
func BenchmarkQueue50k(b *testing.B) {
	const n = 50_000
	for range b.N {
		prompts := make([]string, n)
		var promptBytes int
		for i := range prompts {
			prompts[i] = fmt.Sprintf("%06d ", i) + strings.Repeat("x", 1017)
			promptBytes += len(prompts[i])
		}
		h := &heldBackend{OpenAI: batch.NewOpenAI("m"), max: n}
		m := batch.New(h, batch.WithQuietPeriod(time.Hour), batch.WithPollInterval(time.Millisecond, time.Millisecond))
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var wg sync.WaitGroup
		for _, p := range prompts {
			wg.Go(func() {
				if _, err := m.GenerateContent(context.Background(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, p)}, llms.WithTemperature(0)); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		m.Close()
		beyond := float64(h.heap-before.HeapAlloc) / 1e6
		b.ReportMetric(beyond, "MB-heap-beyond-prompts")
		b.ReportMetric(float64(promptBytes)/1e6, "MB-prompts")
		b.ReportMetric(float64(h.stacks)/1e6, "MB-caller-stacks")
		if beyond > 200 {
			b.Errorf("50,000 queued requests hold %.0f MB of heap beyond their prompts, want under 200", beyond)
		}
		runtime.KeepAlive(prompts)
	}
}
