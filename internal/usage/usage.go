// Package usage accounts for model calls and tokens per pipeline stage.
//
// A [Counter] travels in the context: the pipeline puts one in with [WithCounter] and names the
// running stage with [WithStage]; stage implementations call [Record] after each model call. Calls
// made outside a pipeline run find no counter and are not counted.
package usage

import (
	"context"
	"sync"
	"time"

	"github.com/tmc/langchaingo/llms"
)

// Totals are the calls and tokens of one stage (or of all of them).
type Totals struct {
	Calls            int64 `json:"calls"`
	Retries          int64 `json:"retries,omitempty"`
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Add returns the sum of t and u.
func (t Totals) Add(u Totals) Totals {
	return Totals{t.Calls + u.Calls, t.Retries + u.Retries, t.PromptTokens + u.PromptTokens, t.CompletionTokens + u.CompletionTokens, t.TotalTokens + u.TotalTokens}
}

// Counter sums Totals per stage name. It is safe for concurrent use; its zero value is ready.
type Counter struct {
	mu      sync.Mutex
	stages  map[string]Totals
	notify  func(stage string, t Totals)
	retried func(Retry)
}

// OnAdd sets a function called (outside the lock) after each addition with the stage and the
// amounts added. It must be set before the counter is shared.
func (c *Counter) OnAdd(f func(stage string, t Totals)) { c.notify = f }

// Add adds t to stage.
func (c *Counter) Add(stage string, t Totals) {
	c.mu.Lock()
	if c.stages == nil {
		c.stages = make(map[string]Totals)
	}
	c.stages[stage] = c.stages[stage].Add(t)
	c.mu.Unlock()
	if c.notify != nil {
		c.notify(stage, t)
	}
}

// Stages returns a copy of the totals per stage.
func (c *Counter) Stages() map[string]Totals {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]Totals, len(c.stages))
	for k, v := range c.stages {
		out[k] = v
	}
	return out
}

// Sum returns the totals over all stages.
func (c *Counter) Sum() Totals {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s Totals
	for _, v := range c.stages {
		s = s.Add(v)
	}
	return s
}

type counterKey struct{}
type stageKey struct{}

// WithCounter returns a context that carries c.
func WithCounter(ctx context.Context, c *Counter) context.Context {
	return context.WithValue(ctx, counterKey{}, c)
}

// WithStage returns a context that names the running stage.
func WithStage(ctx context.Context, stage string) context.Context {
	return context.WithValue(ctx, stageKey{}, stage)
}

// Stage returns the stage named in ctx, or "".
func Stage(ctx context.Context) string {
	s, _ := ctx.Value(stageKey{}).(string)
	return s
}

func from(ctx context.Context) *Counter {
	c, _ := ctx.Value(counterKey{}).(*Counter)
	return c
}

// Record counts one model call and the tokens its response reports (GenerationInfo keys
// PromptTokens, CompletionTokens and TotalTokens, as the openai and ollama providers fill them;
// they repeat the response's usage in every choice, so the largest figure is taken).
// resp may be nil (a failed call).
func Record(ctx context.Context, resp *llms.ContentResponse) {
	c := from(ctx)
	if c == nil {
		return
	}
	t := Totals{Calls: 1}
	if resp != nil {
		// Providers copy the response's usage into every choice (llms.WithN), so the largest
		// figure is the response's, not the sum.
		for _, ch := range resp.Choices {
			if ch == nil {
				continue
			}
			t.PromptTokens = max(t.PromptTokens, intOf(ch.GenerationInfo["PromptTokens"]))
			t.CompletionTokens = max(t.CompletionTokens, intOf(ch.GenerationInfo["CompletionTokens"]))
			t.TotalTokens = max(t.TotalTokens, intOf(ch.GenerationInfo["TotalTokens"]))
		}
		if t.TotalTokens == 0 {
			t.TotalTokens = t.PromptTokens + t.CompletionTokens
		}
	}
	c.Add(Stage(ctx), t)
}

// Retry describes one retried model call.
type Retry struct {
	Stage   string        // the stage named in the context
	Attempt int           // the attempt that failed, from 1
	Err     error         // why it failed
	Wait    time.Duration // the pause before the next attempt
}

// OnRetry sets a function called (outside the lock) for every retry recorded with RecordRetry.
// It must be set before the counter is shared.
func (c *Counter) OnRetry(f func(Retry)) { c.retried = f }

// RecordRetry counts one retried model call in the stage named by ctx: attempt failed with err,
// and the next one follows after wait.
func RecordRetry(ctx context.Context, attempt int, err error, wait time.Duration) {
	c := from(ctx)
	if c == nil {
		return
	}
	stage := Stage(ctx)
	c.Add(stage, Totals{Retries: 1})
	if c.retried != nil {
		c.retried(Retry{Stage: stage, Attempt: attempt, Err: err, Wait: wait})
	}
}

func intOf(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int32:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	case float32:
		return int64(n)
	default:
		return 0
	}
}
