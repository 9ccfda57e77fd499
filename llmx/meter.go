package llmx

import (
	"context"
	"encoding/json"
	"math"
	"sync"
	"time"

	"github.com/tmc/langchaingo/llms"
)

// Usage counts model calls, the retries a [Retrier] made for them, and the tokens the provider
// reported. Providers that do not report tokens leave the token counts 0.
type Usage struct {
	Calls            int64 `json:"calls"`
	Retries          int64 `json:"retries"`
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Add returns the sum of u and v.
func (u Usage) Add(v Usage) Usage {
	return Usage{u.Calls + v.Calls, u.Retries + v.Retries, u.PromptTokens + v.PromptTokens,
		u.CompletionTokens + v.CompletionTokens, u.TotalTokens + v.TotalTokens}
}

// Sub returns u minus v: the usage between two readings of a [Meter].
func (u Usage) Sub(v Usage) Usage {
	return Usage{u.Calls - v.Calls, u.Retries - v.Retries, u.PromptTokens - v.PromptTokens,
		u.CompletionTokens - v.CompletionTokens, u.TotalTokens - v.TotalTokens}
}

// Tokens reads the token counts a reply reports in its choices' GenerationInfo (the keys
// PromptTokens, CompletionTokens and TotalTokens, as langchaingo's openai and ollama providers
// fill them); Calls and Retries are 0. The providers copy the usage of the whole response into
// every choice, so each count is the largest of any choice, not their sum. TotalTokens is
// PromptTokens + CompletionTokens when the reply gives no total. Counts may be any integer or
// floating-point type or a json.Number; a negative, fractional-beyond-range or non-finite count
// reads as 0. resp may be nil.
//
// This is the one token reader of the module: [Meter] counts with it, [Limiter] charges with it.
func Tokens(resp *llms.ContentResponse) Usage {
	var u Usage
	if resp == nil {
		return u
	}
	for _, c := range resp.Choices {
		if c == nil {
			continue
		}
		u.PromptTokens = max(u.PromptTokens, count(c.GenerationInfo["PromptTokens"]))
		u.CompletionTokens = max(u.CompletionTokens, count(c.GenerationInfo["CompletionTokens"]))
		u.TotalTokens = max(u.TotalTokens, count(c.GenerationInfo["TotalTokens"]))
	}
	if u.TotalTokens == 0 {
		u.TotalTokens = u.PromptTokens + u.CompletionTokens
	}
	return u
}

// maxCount bounds a token count read from a reply: 2^53, the largest integer every float64 holds.
const maxCount = 1 << 53

// count reads one token count: non-negative integers up to maxCount, else 0.
func count(v any) int64 {
	var f float64
	switch n := v.(type) {
	case int:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint:
		f = float64(n)
	case uint32:
		f = float64(n)
	case uint64:
		f = float64(n)
	case float32:
		f = float64(n)
	case float64:
		f = n
	case json.Number:
		x, err := n.Float64()
		if err != nil {
			return 0
		}
		f = x
	default:
		return 0
	}
	if math.IsNaN(f) || f < 0 || f > maxCount {
		return 0
	}
	return int64(f)
}

// RetryEvent describes one retried model call, as a [Meter] sees it.
type RetryEvent struct {
	Attempt int           // the attempt that failed, from 1
	Err     error         // why it failed
	Wait    time.Duration // the pause before the next attempt
}

// Meter is an [llms.Model] that counts the calls made through it, the retries a [Retrier]
// below it made for them, and the tokens their replies report ([Tokens]). A failed call counts
// as a call. Read the counts with [Meter.Usage] at any time.
//
// Put a Meter on the outside: NewMeter(Retry(Limit(m, rpm, tpm))) counts one call per request
// and every retry; NewMeter(m) inside a Retry counts each attempt as a call and sees no retry.
// One Retrier or Limiter may sit below several Meters (one per stage, say); each Meter counts
// only its own calls. Wrappers between a Meter and a Retrier need do nothing for retries to be
// counted, as long as they pass the call's context on.
//
// Make one with [NewMeter]; the zero value is not usable. A Meter is safe for concurrent use by
// multiple goroutines when the model it wraps is.
type Meter struct {
	model   llms.Model
	onRetry func(RetryEvent)

	mu sync.Mutex
	u  Usage
}

var (
	_ llms.Model = (*Meter)(nil)
	_ Pacer      = (*Meter)(nil)
)

// MeterOption configures a [Meter]. The last option of a kind wins.
type MeterOption func(*Meter)

// WithOnRetry sets a function the Meter calls for every retry of its calls, after counting it
// (for logging, say). It may be called from several goroutines at once. nil calls nothing.
func WithOnRetry(f func(RetryEvent)) MeterOption { return func(m *Meter) { m.onRetry = f } }

// NewMeter returns a Meter counting the calls made to m.
func NewMeter(m llms.Model, opts ...MeterOption) *Meter {
	mt := &Meter{model: m}
	for _, o := range opts {
		o(mt)
	}
	return mt
}

// Usage returns the counts so far.
func (m *Meter) Usage() Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.u
}

// GenerateContent calls the wrapped model and counts the call, its retries and its tokens.
func (m *Meter) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	return m.generate(ctx, m.model, msgs, opts)
}

func (m *Meter) generate(ctx context.Context, model llms.Model, msgs []llms.MessageContent, opts []llms.CallOption) (*llms.ContentResponse, error) {
	if model == nil {
		return nil, ErrNoModel
	}
	resp, err := model.GenerateContent(withRetryHook(ctx, m.retried), msgs, opts...)
	u := Tokens(resp)
	u.Calls = 1
	m.add(u)
	return resp, err
}

// Call implements the deprecated part of [llms.Model] through GenerateContent.
func (m *Meter) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// Pace implements [Pacer] when the wrapped model does, so that a Retrier above the Meter still
// waits for a Limiter below it outside its per-call timeout. Without a Pacer below, the returned
// model is the Meter itself.
func (m *Meter) Pace(ctx context.Context, msgs []llms.MessageContent, opts []llms.CallOption) (llms.Model, error) {
	p, ok := m.model.(Pacer)
	if !ok {
		return m, nil
	}
	next, err := p.Pace(ctx, msgs, opts)
	if err != nil {
		return nil, err
	}
	return &meteredCall{m: m, next: next}, nil
}

func (m *Meter) add(u Usage) {
	m.mu.Lock()
	m.u = m.u.Add(u)
	m.mu.Unlock()
}

func (m *Meter) retried(ev RetryEvent) {
	m.add(Usage{Retries: 1})
	if m.onRetry != nil {
		m.onRetry(ev)
	}
}

// meteredCall is a Meter's one call through the model a Pacer returned.
type meteredCall struct {
	m    *Meter
	next llms.Model
}

func (c *meteredCall) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	return c.m.generate(ctx, c.next, msgs, opts)
}

func (c *meteredCall) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, c, prompt, opts...)
}

// retryHookKey carries, for the duration of one call through a Meter, the function a Retrier
// below it reports retries to. It never leaves this package: no other package reads usage from
// a context.
type retryHookKey struct{}

// withRetryHook returns ctx carrying f, chained to the hook of any Meter above.
func withRetryHook(ctx context.Context, f func(RetryEvent)) context.Context {
	if parent := retryHook(ctx); parent != nil {
		self := f
		f = func(ev RetryEvent) { self(ev); parent(ev) }
	}
	return context.WithValue(ctx, retryHookKey{}, f)
}

func retryHook(ctx context.Context) func(RetryEvent) {
	f, _ := ctx.Value(retryHookKey{}).(func(RetryEvent))
	return f
}
