package llmx

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
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
// than its share and one call, whatever the mix of call sizes and however many callers wait:
//
//   - Requests are spread evenly: two are never sent less than 60/rpm seconds apart, and an idle
//     Limiter saves up no more than one request.
//   - Tokens flow at tpm/60 a second with a burst of one call: the bucket holds the largest call
//     seen so far, no more, so an idle Limiter saves up one call. On top of that the Limiter
//     keeps the tokens sent in the last minute (in tenths of a second) and sends no call that
//     would take them above tpm.
//   - A call takes its request and its tokens at the moment it is sent, never earlier: calls
//     waiting for tokens hold no requests, to be sent together when the tokens come.
//
// Calls are served in the order they ask: a large call is not starved by small ones, and the
// small ones behind it wait for it.
//
// Before a call the Limiter takes an estimate of its tokens: a token per 4 bytes of prompt text,
// plus the completion budget ([llms.WithMaxTokens]) when one is set, which is how OpenAI counts a
// request against its limit. After the reply it charges what the provider reported ([Tokens])
// beyond that estimate, as a debt that later calls wait out; so without a completion budget a
// window may exceed tpm by the completions of the calls in flight at its end. Set
// llms.WithMaxTokens to stay strictly within every window.
//
// A call estimated above tpm fits no minute: it fails at once with an error wrapping
// [ErrCallTooLarge], without being sent (a provider with that limit refuses it too: OpenAI says
// "Request too large"), and uses nothing of the budget. It is not [Transient]: a retry cannot help.
//
// Make one with [Limit]; the zero value is not usable. A Limiter is safe for concurrent use by
// multiple goroutines when the model it wraps is.
type Limiter struct {
	model    llms.Model
	interval time.Duration // between two requests; 0: requests are not limited
	tpm      int64         // 0: tokens are not limited
	clock    clock

	mu      sync.Mutex
	queue   []*waiter // calls waiting, in the order they asked; the first one is served next
	nextReq time.Time // the earliest time the next request may be sent
	tok     bucket    // the tokens' flow (when tpm > 0)
	minute  window    // the tokens sent in the last minute (when tpm > 0)
}

// ErrCallTooLarge is wrapped by the error of a call whose estimated tokens exceed the
// [Limiter]'s tokens per minute: it could be sent in no minute.
var ErrCallTooLarge = errors.New("llmx: call larger than the tokens-per-minute limit")

var (
	_ llms.Model = (*Limiter)(nil)
	_ Pacer      = (*Limiter)(nil)
)

// Limit returns m wrapped in a [Limiter] allowing rpm requests and tpm tokens per minute.
// A limit of 0 or less leaves that dimension unlimited.
func Limit(m llms.Model, rpm, tpm int) *Limiter {
	l := &Limiter{model: m, clock: realClock{}}
	if rpm > 0 {
		l.interval = time.Duration(math.Ceil(float64(time.Minute) / float64(rpm)))
	}
	if tpm > 0 {
		l.tpm = int64(tpm)
		l.tok.rate = float64(tpm) / 60
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

// Pace implements [Pacer]: it waits until a request and the estimated tokens of the call are
// both free, and takes them.
func (l *Limiter) Pace(ctx context.Context, msgs []llms.MessageContent, opts []llms.CallOption) (llms.Model, error) {
	est := int64(0)
	if l.tpm > 0 {
		est = int64(estimateTokens(msgs, opts))
	}
	if err := l.reserve(ctx, est, "prompt and completion budget"); err != nil {
		return nil, err
	}
	return &pacedCall{l: l, est: est}, nil
}

// reserve waits until a request and est tokens are free, and takes them; a call of more than
// the tokens per minute fails at once with ErrCallTooLarge, its estimate described by what.
func (l *Limiter) reserve(ctx context.Context, est int64, what string) error {
	if l.tpm > 0 && est > l.tpm {
		return fmt.Errorf("%w: about %d tokens (%s), the limit is %d a minute", ErrCallTooLarge, est, what, l.tpm)
	}
	if l.interval > 0 || l.tpm > 0 {
		return l.acquire(ctx, est)
	}
	return nil
}

// waiter is a call waiting in a Limiter's queue; ready is closed when it comes first.
type waiter struct{ ready chan struct{} }

// acquire waits for the call's turn, then until its request and its n tokens are free, and takes
// them. A cancelled call leaves the queue having taken nothing.
func (l *Limiter) acquire(ctx context.Context, n int64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("llmx: rate limit: %w", err)
	}
	w := &waiter{ready: make(chan struct{})}
	l.mu.Lock()
	l.queue = append(l.queue, w)
	if len(l.queue) == 1 {
		close(w.ready)
	}
	l.mu.Unlock()
	select {
	case <-w.ready:
	case <-ctx.Done():
		l.leave(w)
		return fmt.Errorf("llmx: rate limit: %w", ctx.Err())
	}
	for {
		if err := ctx.Err(); err != nil {
			l.leave(w)
			return fmt.Errorf("llmx: rate limit: %w", err)
		}
		l.mu.Lock()
		now := l.clock.now()
		d := l.until(now, n)
		if d <= 0 {
			l.take(now, n)
			l.mu.Unlock()
			l.leave(w)
			return nil
		}
		l.mu.Unlock()
		// The first in the queue sleeps; the others wait for their turn. A debt charged
		// meanwhile can only make the wait longer, which the next round finds.
		if err := l.clock.sleep(ctx, d); err != nil {
			l.leave(w)
			return fmt.Errorf("llmx: rate limit: %w", err)
		}
	}
}

// leave takes w out of the queue and, when it was first, hands the turn to the next.
func (l *Limiter) leave(w *waiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := slices.Index(l.queue, w)
	if i < 0 {
		return
	}
	l.queue = slices.Delete(l.queue, i, i+1)
	if i == 0 && len(l.queue) > 0 {
		close(l.queue[0].ready)
	}
}

// until returns how long from now a call of n tokens must wait for its request and its tokens.
func (l *Limiter) until(now time.Time, n int64) time.Duration {
	at := now
	if l.interval > 0 && l.nextReq.After(at) {
		at = l.nextReq
	}
	if l.tpm > 0 {
		if t := l.tok.when(now, float64(n)); t.After(at) {
			at = t
		}
		if t := l.minute.when(now, n, l.tpm); t.After(at) {
			at = t
		}
	}
	return at.Sub(now)
}

// take sends a call of n tokens now.
func (l *Limiter) take(now time.Time, n int64) {
	if l.interval > 0 {
		l.nextReq = now.Add(l.interval)
	}
	if l.tpm > 0 {
		l.tok.take(now, float64(n))
		l.minute.add(now, n)
	}
}

// pacedCall is the one call a Limiter's Pace allowed.
type pacedCall struct {
	l   *Limiter
	est int64
}

func (p *pacedCall) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	resp, err := p.l.model.GenerateContent(ctx, msgs, opts...)
	if p.l.tpm > 0 {
		if extra := Tokens(resp).TotalTokens - p.est; extra > 0 {
			p.l.charge(extra)
		}
	}
	return resp, err
}

// charge counts n tokens that a reply used beyond its estimate, as sent now: a debt that later
// calls wait out.
func (l *Limiter) charge(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.now()
	l.tok.advance(now)
	l.tok.level -= float64(n)
	l.minute.add(now, n)
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

// bucket is the tokens' flow: rate tokens a second, up to burst, the largest call seen so far.
// Its level may go below zero by a debt (a reply larger than its estimate), which later calls
// wait out. The zero bucket with a rate is full of nothing and grows its burst with the calls.
type bucket struct {
	rate  float64 // tokens per second
	burst float64
	level float64
	last  time.Time // of level; zero before the first call
}

// advance brings the level to now.
func (b *bucket) advance(now time.Time) {
	if b.last.IsZero() {
		b.last, b.level = now, b.burst // unused so far: full
	}
	if now.After(b.last) {
		b.level = min(b.burst, b.level+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
}

// grow raises the burst to a call of n tokens. A bucket not used yet is full.
func (b *bucket) grow(n float64) {
	if n > b.burst {
		b.burst = n
		if b.last.IsZero() {
			b.level = n
		}
	}
}

// when returns the earliest time, from now, that the level reaches n.
func (b *bucket) when(now time.Time, n float64) time.Time {
	b.grow(n)
	b.advance(now)
	if b.level >= n {
		return now
	}
	return now.Add(secs((n - b.level) / b.rate))
}

// take takes n tokens now.
func (b *bucket) take(now time.Time, n float64) {
	b.grow(n)
	b.advance(now)
	b.level -= n
}

// window holds the tokens sent in the last minute, by slot of a tenth of a second. A slot counts
// until a minute after its end: the Limiter may wait up to a slot longer than it must, never less.
type window struct {
	epoch time.Time // the start of slot 0; zero before the first call
	slots []slot    // oldest first
	sum   int64     // tokens in slots
}

type slot struct {
	k int64 // slot number: [epoch+k*slotWidth, epoch+(k+1)*slotWidth)
	n int64 // tokens sent in it
}

const slotWidth = 100 * time.Millisecond

// expiry returns when slot k stops counting.
func (w *window) expiry(k int64) time.Time {
	return w.epoch.Add(time.Duration(k+1)*slotWidth + time.Minute)
}

// prune drops the slots that no longer count at now.
func (w *window) prune(now time.Time) {
	i := 0
	for i < len(w.slots) && !w.expiry(w.slots[i].k).After(now) {
		w.sum -= w.slots[i].n
		i++
	}
	w.slots = w.slots[i:]
}

// when returns the earliest time, from now, that n more tokens keep the last minute within limit.
func (w *window) when(now time.Time, n, limit int64) time.Time {
	w.prune(now)
	over := w.sum + n - limit
	for _, s := range w.slots {
		if over <= 0 {
			break
		}
		over -= s.n
		if over <= 0 {
			return w.expiry(s.k)
		}
	}
	return now
}

// add counts n tokens sent at now (or later than every slot: times only move forward).
func (w *window) add(now time.Time, n int64) {
	if w.epoch.IsZero() {
		w.epoch = now
	}
	k := int64(now.Sub(w.epoch) / slotWidth)
	if last := len(w.slots) - 1; last >= 0 && w.slots[last].k >= k {
		w.slots[last].n += n
	} else {
		w.slots = append(w.slots, slot{k: k, n: n})
	}
	w.sum += n
	w.prune(now)
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
