package llmx

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/tmc/langchaingo/llms"
)

// Pacer is the optional interface of a model that holds calls back to keep a rate, as [Limiter]
// does. A wrapper above a Pacer that times its calls ([Retrier]) calls Pace first and then the
// model Pace returns, so that time spent waiting for capacity is not taken for a hung call. A
// wrapper that sits between the two keeps this working by implementing Pacer itself, passing the
// call on (as [Meter] does).
type Pacer interface {
	// Pace waits until a call with msgs and opts fits the rate, and returns the model to make
	// that one call with: it does not wait again and settles the call's cost when it returns.
	// The returned model is good for a single GenerateContent call. Pace returns an error
	// wrapping ctx.Err() when ctx ends first.
	Pace(ctx context.Context, msgs []llms.MessageContent, opts []llms.CallOption) (llms.Model, error)
}

// Limiter is an [llms.Model] that keeps the calls to the model it wraps within a number of
// requests per minute and tokens per minute, as providers' rate limits count them. Wrap a model
// once and give the same Limiter to every caller that uses it, so that all share the budget.
//
// No 60-second window holds more than rpm requests or tpm tokens, and no one-second window more
// than its share and one request:
//
//   - Requests are spread evenly, one every 60/rpm seconds; an idle Limiter saves up no more than
//     one request.
//   - Tokens flow at a steady rate with a burst of one maximal call: the bucket holds the largest
//     call seen so far (up to half of tpm), no more. The rate is lowered by the burst (tpm-burst
//     per minute) so that a full bucket plus a minute's flow still fits the minute: the long-run
//     rate is tpm less one call a minute, and a saved-up burst never doubles the first minute.
//
// Before a call the Limiter takes an estimate of its tokens: a token per 4 bytes of prompt text,
// plus the completion budget ([llms.WithMaxTokens]) when one is set, which is how OpenAI counts a
// request against its limit. After the reply it charges what the provider reported ([Tokens])
// beyond that estimate, as a debt that later calls wait out; so without a completion budget a
// window may exceed tpm by the completions of the calls in flight at its end. Set
// llms.WithMaxTokens to stay strictly within every window.
//
// Make one with [Limit]; the zero value is not usable. A Limiter is safe for concurrent use by
// multiple goroutines when the model it wraps is.
type Limiter struct {
	model llms.Model
	req   *bucket // nil: requests are not limited
	tok   *bucket // nil: tokens are not limited
	tpm   float64
	clock clock
}

var (
	_ llms.Model = (*Limiter)(nil)
	_ Pacer      = (*Limiter)(nil)
)

// Limit returns m wrapped in a [Limiter] allowing rpm requests and tpm tokens per minute.
// A limit of 0 or less leaves that dimension unlimited.
func Limit(m llms.Model, rpm, tpm int) *Limiter {
	l := &Limiter{model: m, clock: realClock{}}
	if rpm > 0 {
		l.req = newBucket(float64(rpm)/60, 1)
	}
	if tpm > 0 {
		l.tok = newBucket(float64(tpm)/60, 0)
		l.tpm = float64(tpm)
	}
	return l
}

// GenerateContent waits for capacity, calls the wrapped model and charges the tokens it reports.
func (l *Limiter) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	call, err := l.Pace(ctx, msgs, opts)
	if err != nil {
		return nil, err
	}
	return call.GenerateContent(ctx, msgs, opts...)
}

// Call implements the deprecated part of [llms.Model] through GenerateContent.
func (l *Limiter) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, l, prompt, opts...)
}

// Pace implements [Pacer]: it waits for a request and the estimated tokens of the call.
func (l *Limiter) Pace(ctx context.Context, msgs []llms.MessageContent, opts []llms.CallOption) (llms.Model, error) {
	if l.req != nil {
		if err := l.wait(ctx, l.req, 1); err != nil {
			return nil, err
		}
	}
	est := 0
	if l.tok != nil {
		est = estimateTokens(msgs, opts)
		l.tok.fit(float64(est), l.tpm)
		if err := l.wait(ctx, l.tok, float64(est)); err != nil {
			l.req.refund(l.clock.now(), 1)
			return nil, err
		}
	}
	return &pacedCall{l: l, est: est}, nil
}

// wait takes n from b and sleeps until they are there; on cancellation it gives them back.
func (l *Limiter) wait(ctx context.Context, b *bucket, n float64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("llmx: rate limit: %w", err)
	}
	d := b.reserve(l.clock.now(), n)
	if err := l.clock.sleep(ctx, d); err != nil {
		b.refund(l.clock.now(), n)
		return fmt.Errorf("llmx: rate limit: %w", err)
	}
	return nil
}

// pacedCall is the one call a Limiter's Pace allowed.
type pacedCall struct {
	l   *Limiter
	est int
}

func (p *pacedCall) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	resp, err := p.l.model.GenerateContent(ctx, msgs, opts...)
	if p.l.tok != nil {
		if extra := Tokens(resp).TotalTokens - int64(p.est); extra > 0 {
			p.l.tok.charge(p.l.clock.now(), float64(extra))
		}
	}
	return resp, err
}

func (p *pacedCall) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, p, prompt, opts...)
}

// estimateTokens guesses the tokens of a call: one per 4 bytes of prompt text (at least 1), plus
// the completion budget when the options set one.
func estimateTokens(msgs []llms.MessageContent, opts []llms.CallOption) int {
	n := 0
	for _, m := range msgs {
		for _, p := range m.Parts {
			if t, ok := p.(llms.TextContent); ok {
				n += len(t.Text)
			}
		}
	}
	var co llms.CallOptions
	for _, o := range opts {
		if o != nil {
			o(&co)
		}
	}
	return n/4 + 1 + max(co.MaxTokens, 0)
}

// bucket is a token bucket that lends: a reservation takes its tokens at once, possibly leaving
// the level below zero, and waits until the level would have climbed back to zero. Waiters are
// thus served in the order they asked, and a request larger than the burst passes after a wait.
type bucket struct {
	mu    sync.Mutex
	rate  float64 // tokens per second
	burst float64
	level float64
	last  time.Time
}

// newBucket returns a full bucket; its time starts at its first use. A burst of 0 grows with fit.
func newBucket(rate, burst float64) *bucket {
	return &bucket{rate: rate, burst: burst, level: burst}
}

func (b *bucket) advance(now time.Time) {
	if b.last.IsZero() {
		b.last = now
	}
	if now.After(b.last) {
		b.level = min(b.burst, b.level+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
}

// fit raises the burst to n when n is larger, up to half of limit (tokens per minute), and lowers
// the rate to match: limit-burst per minute.
func (b *bucket) fit(n, limit float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if nb := min(n, limit/2); nb > b.burst {
		if b.last.IsZero() {
			b.level = nb // not used yet: full
		}
		b.burst = nb
		b.rate = (limit - nb) / 60
	}
}

// reserve takes n tokens and returns how long to wait before using them.
func (b *bucket) reserve(now time.Time, n float64) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.advance(now)
	if b.level < min(n, b.burst) {
		// Wait until the level reaches min(n, burst), then take n.
		need := min(n, b.burst) - b.level
		b.level -= n
		return secs(need / b.rate)
	}
	b.level -= n
	return 0
}

// charge takes n tokens without waiting: a debt that later reservations wait out.
func (b *bucket) charge(now time.Time, n float64) {
	b.mu.Lock()
	b.advance(now)
	b.level -= n
	b.mu.Unlock()
}

// refund gives back n tokens of a reservation that was not used. b may be nil.
func (b *bucket) refund(now time.Time, n float64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.advance(now)
	b.level = min(b.burst, b.level+n)
	b.mu.Unlock()
}

func secs(s float64) time.Duration {
	if s >= math.MaxInt64/float64(time.Second) {
		return math.MaxInt64
	}
	return time.Duration(math.Ceil(s * float64(time.Second)))
}

// clock is the Limiter's time, replaced in tests by a simulated one.
type clock interface {
	now() time.Time
	sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) now() time.Time                                   { return time.Now() }
func (realClock) sleep(ctx context.Context, d time.Duration) error { return sleep(ctx, d) }
