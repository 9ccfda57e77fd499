package llmx

import (
	"context"

	"github.com/tmc/langchaingo/embeddings"
)

// The wrappers of this file do for an [embeddings.Embedder] what [Retrier], [Limiter] and
// [Meter] do for a model, with the same rules: the same options, the same test of what is
// transient, the same backoff and Retry-After, the same request and token budget. They stack
// the same way, outside in: NewEmbedMeter(RetryEmbedder(LimitEmbedder(e, rpm, tpm))).

// EmbedPacer is the optional interface of an embedder that holds calls back to keep a rate, as
// [EmbedLimiter] does: the [Pacer] of embedders. An [EmbedRetrier] above an EmbedPacer calls
// PaceEmbed first and then the embedder it returns, so that time spent waiting for capacity is
// not taken for a hung call; a wrapper in between keeps this working by implementing
// EmbedPacer itself, passing the call on (as [EmbedMeter] does).
type EmbedPacer interface {
	// PaceEmbed waits until a call embedding texts fits the rate, takes its share, and returns
	// the embedder to make that one call with (EmbedDocuments with texts, or EmbedQuery with
	// its only text): it does not wait again. It returns an error wrapping ctx.Err() when ctx
	// ends first.
	PaceEmbed(ctx context.Context, texts []string) (embeddings.Embedder, error)
}

// EmbedRetrier is an [embeddings.Embedder] that retries the transient failures of the
// embedder it wraps, exactly as a [Retrier] retries a model's: the errors [Transient] accepts
// (or those of [WithRetryIf]), up to the attempts of [WithAttempts], after a jittered
// exponential backoff ([WithBackoff]) that waits at least a provider's Retry-After (up to
// [WithRetryAfterCap]) when its status is visible, each attempt under the per-call timeout of
// [WithCallTimeout]. For the provider's status to be visible, give its client an HTTP client
// from this package: openai.New(openai.WithHTTPClient(llmx.NewDoer(nil)), ...).
//
// When the embedder it wraps is an [EmbedPacer] (an [EmbedLimiter], say), every attempt first
// waits for the rate limit, and only then does its per-call timeout start. Each retry is counted
// by the [EmbedMeter] above the EmbedRetrier, if any.
//
// Make one with [RetryEmbedder]; the zero value is not usable. An EmbedRetrier is safe for
// concurrent use by multiple goroutines when the embedder it wraps is.
type EmbedRetrier struct {
	embedder embeddings.Embedder
	policy   *Retrier // Retry's options applied; its model is nil
}

var _ embeddings.Embedder = (*EmbedRetrier)(nil)

// RetryEmbedder returns e wrapped in an [EmbedRetrier] with the options of [Retry] (and the
// same defaults: [DefaultRetryAttempts] calls per request, backoff from [DefaultRetryBase] up to
// [DefaultRetryMax], a call cancelled after [DefaultCallTimeout]).
func RetryEmbedder(e embeddings.Embedder, opts ...RetryOption) *EmbedRetrier {
	return &EmbedRetrier{embedder: e, policy: Retry(nil, opts...)}
}

// EmbedDocuments embeds texts with the wrapped embedder, retrying transient failures. The error
// after the last attempt wraps the last failure; a cancelled ctx gives an error wrapping
// ctx.Err().
func (r *EmbedRetrier) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	var out [][]float32
	_, err := r.policy.retry(ctx, "embedding call", func() error {
		e, err := paceEmbed(ctx, r.embedder, texts)
		if err != nil {
			return err
		}
		return r.policy.timed(ctx, func(ctx context.Context) error {
			var err error
			out, err = e.EmbedDocuments(ctx, texts)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EmbedQuery embeds text with the wrapped embedder, retrying transient failures as
// EmbedDocuments does.
func (r *EmbedRetrier) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	var out []float32
	_, err := r.policy.retry(ctx, "embedding call", func() error {
		e, err := paceEmbed(ctx, r.embedder, []string{text})
		if err != nil {
			return err
		}
		return r.policy.timed(ctx, func(ctx context.Context) error {
			var err error
			out, err = e.EmbedQuery(ctx, text)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// paceEmbed returns the embedder to make one call with: e itself, or, when e is an EmbedPacer,
// what its PaceEmbed returns once the call fits the rate.
func paceEmbed(ctx context.Context, e embeddings.Embedder, texts []string) (embeddings.Embedder, error) {
	if e == nil {
		return nil, ErrNoModel
	}
	if p, ok := e.(EmbedPacer); ok {
		return p.PaceEmbed(ctx, texts)
	}
	return e, nil
}

// EmbedLimiter is an [embeddings.Embedder] that keeps the calls to the embedder it wraps within
// a number of requests per minute and tokens per minute, with the queue and the budget of a
// [Limiter] (see there for the guarantees): calls are served in the order they ask, each takes
// its request and its tokens when it is sent, and a call estimated above the tokens per minute
// fails at once with an error wrapping [ErrCallTooLarge]. Wrap an embedder once and give the same
// EmbedLimiter to every caller that uses it, so that all share the budget.
//
// Tokens are estimated before the call, since langchaingo's Embedder reports no usage: one per
// 4 bytes of each text, plus one per text (a text of 4,000 bytes counts 1,001 tokens). That is
// OpenAI's rule of thumb for English and how it counts a request against its limit before
// reading it; its embedding endpoints charge input tokens only, so there is no completion to add.
//
// Every EmbedDocuments or EmbedQuery call counts as one request. langchaingo's EmbedderImpl
// splits a call of more texts than its BatchSize (512 by default) into several requests: keep
// calls within that size (diversity.Embed sends 64 texts per call) for rpm to hold.
//
// Make one with [LimitEmbedder]; the zero value is not usable. An EmbedLimiter is safe for
// concurrent use by multiple goroutines when the embedder it wraps is.
type EmbedLimiter struct {
	embedder embeddings.Embedder
	limit    *Limiter // the queue and the budget; its model is nil
}

var (
	_ embeddings.Embedder = (*EmbedLimiter)(nil)
	_ EmbedPacer          = (*EmbedLimiter)(nil)
)

// LimitEmbedder returns e wrapped in an [EmbedLimiter] allowing rpm requests and tpm tokens per
// minute. A limit of 0 or less leaves that dimension unlimited.
func LimitEmbedder(e embeddings.Embedder, rpm, tpm int) *EmbedLimiter {
	return &EmbedLimiter{embedder: e, limit: Limit(nil, rpm, tpm)}
}

// PaceEmbed implements [EmbedPacer]: it waits until a request and the estimated tokens of texts
// are both free, and takes them.
func (l *EmbedLimiter) PaceEmbed(ctx context.Context, texts []string) (embeddings.Embedder, error) {
	if l.embedder == nil {
		return nil, ErrNoModel
	}
	est := int64(0)
	if l.limit.tpm > 0 {
		est = embedTokens(texts)
	}
	if err := l.limit.reserve(ctx, est, "texts"); err != nil {
		return nil, err
	}
	return l.embedder, nil
}

// EmbedDocuments waits for capacity and embeds texts with the wrapped embedder.
func (l *EmbedLimiter) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	e, err := l.PaceEmbed(ctx, texts)
	if err != nil {
		return nil, err
	}
	return e.EmbedDocuments(ctx, texts)
}

// EmbedQuery waits for capacity and embeds text with the wrapped embedder.
func (l *EmbedLimiter) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	e, err := l.PaceEmbed(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return e.EmbedQuery(ctx, text)
}

// embedTokens estimates the tokens of an embedding call: one per 4 bytes of each text, plus one
// per text. EmbedLimiter charges it and EmbedMeter counts it.
func embedTokens(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t)/4) + 1
	}
	return n
}

// EmbedMeter is an [embeddings.Embedder] that counts the calls made through it, the retries
// an [EmbedRetrier] below it made for them, and their tokens, in a [Usage]. A failed call counts
// as a call. langchaingo's Embedder reports no usage, so the tokens are the estimate an
// [EmbedLimiter] charges (see there) for each call that succeeded, in PromptTokens and
// TotalTokens (CompletionTokens stays 0). Read the counts with [EmbedMeter.Usage] at any time.
//
// Put an EmbedMeter on the outside, as a [Meter]: NewEmbedMeter(RetryEmbedder(e)) counts one
// call per request and every retry. It takes the same options ([WithOnRetry]).
//
// Make one with [NewEmbedMeter]; the zero value is not usable. An EmbedMeter is safe for
// concurrent use by multiple goroutines when the embedder it wraps is.
type EmbedMeter struct {
	embedder embeddings.Embedder
	counts   Meter // the counts and the options; its model is nil
}

var (
	_ embeddings.Embedder = (*EmbedMeter)(nil)
	_ EmbedPacer          = (*EmbedMeter)(nil)
)

// NewEmbedMeter returns an EmbedMeter counting the calls made to e.
func NewEmbedMeter(e embeddings.Embedder, opts ...MeterOption) *EmbedMeter {
	m := &EmbedMeter{embedder: e}
	for _, o := range opts {
		o(&m.counts)
	}
	return m
}

// Usage returns the counts so far.
func (m *EmbedMeter) Usage() Usage { return m.counts.Usage() }

// EmbedDocuments embeds texts with the wrapped embedder and counts the call, its retries and
// its tokens.
func (m *EmbedMeter) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	return m.documents(ctx, m.embedder, texts)
}

// EmbedQuery embeds text with the wrapped embedder and counts the call, its retries and its
// tokens.
func (m *EmbedMeter) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	return m.query(ctx, m.embedder, text)
}

// PaceEmbed implements [EmbedPacer] when the wrapped embedder does, so that an EmbedRetrier
// above the EmbedMeter still waits for an EmbedLimiter below it outside its per-call timeout.
// Without an EmbedPacer below, the returned embedder is the EmbedMeter itself.
func (m *EmbedMeter) PaceEmbed(ctx context.Context, texts []string) (embeddings.Embedder, error) {
	p, ok := m.embedder.(EmbedPacer)
	if !ok {
		return m, nil
	}
	next, err := p.PaceEmbed(ctx, texts)
	if err != nil {
		return nil, err
	}
	return &meteredEmbed{m: m, next: next}, nil
}

func (m *EmbedMeter) documents(ctx context.Context, e embeddings.Embedder, texts []string) ([][]float32, error) {
	if e == nil {
		return nil, ErrNoModel
	}
	n := embedTokens(texts) // before the call: an embedder may rewrite texts
	out, err := e.EmbedDocuments(withRetryHook(ctx, m.counts.retried), texts)
	m.count(n, err)
	return out, err
}

func (m *EmbedMeter) query(ctx context.Context, e embeddings.Embedder, text string) ([]float32, error) {
	if e == nil {
		return nil, ErrNoModel
	}
	out, err := e.EmbedQuery(withRetryHook(ctx, m.counts.retried), text)
	m.count(embedTokens([]string{text}), err)
	return out, err
}

// count adds one call and, when it succeeded, its n tokens.
func (m *EmbedMeter) count(n int64, err error) {
	u := Usage{Calls: 1}
	if err == nil {
		u.PromptTokens, u.TotalTokens = n, n
	}
	m.counts.add(u)
}

// meteredEmbed is an EmbedMeter's one call through the embedder an EmbedPacer returned.
type meteredEmbed struct {
	m    *EmbedMeter
	next embeddings.Embedder
}

func (c *meteredEmbed) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	return c.m.documents(ctx, c.next, texts)
}

func (c *meteredEmbed) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	return c.m.query(ctx, c.next, text)
}
