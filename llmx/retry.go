package llmx

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tmc/langchaingo/llms"
)

// The defaults of [Retry].
const (
	DefaultRetryAttempts = 6               // calls per request, the first included
	DefaultRetryBase     = time.Second     // the backoff before the first retry is drawn from [0, base]
	DefaultRetryMax      = time.Minute     // the longest backoff of the Retrier's own choosing
	DefaultRetryAfterCap = 5 * time.Minute // the longest Retry-After obeyed; a longer one ends the retries
	DefaultCallTimeout   = 5 * time.Minute // how long one call may take before it counts as hung
)

// ErrCallTimeout is wrapped by the error of a model call that took longer than the per-call
// timeout of a [Retrier]. It is transient: the call is retried.
var ErrCallTimeout = errors.New("llmx: model call timed out")

// ErrEmptyReply is the failure a [Retrier] sees in a call that succeeded but returned no choice or
// only empty text (the ollama provider reports some failed requests this way). It is transient.
// When every attempt comes back empty, the Retrier returns the last empty reply with no error,
// so the caller's parser decides what an empty answer means.
var ErrEmptyReply = errors.New("llmx: empty model reply")

// ErrNoModel is returned by a call on a wrapper around a nil model.
var ErrNoModel = errors.New("llmx: no model to call")

// Retrier is an [llms.Model] that retries the transient failures of the model it wraps: rate
// limits (429), server errors (500-504), hung calls (past the per-call timeout), dropped
// connections, truncated replies and empty replies. Each call is retried up to a fixed number of
// attempts after an exponential backoff with full jitter, waiting at least as long as the provider
// asks with Retry-After when its status is visible (see [StatusError]), and at least a second
// when only the error's text says it was rate-limited. Client errors (400, 401, 403, 404), a used-up
// quota ("insufficient_quota") and the caller's cancellation are returned at once, and a cancelled
// context stops the backoff immediately.
//
// When the model it wraps is a [Pacer] (a [Limiter], or a wrapper around one that passes Pace on),
// every attempt first waits for the rate limit, and only then does its per-call timeout start.
// Each retry is counted by the [Meter] above the Retrier, if any.
//
// Make one with [Retry]; the zero value is not usable. A Retrier is safe for concurrent use by
// multiple goroutines when the model it wraps is.
type Retrier struct {
	model     llms.Model
	opts      []RetryOption // as given to Retry, for RetryConfig
	attempts  int
	base, max time.Duration
	afterCap  time.Duration
	timeout   time.Duration
	retryable func(error) bool

	mu  sync.Mutex
	rng *rand.Rand // the jitter source, guarded by mu
}

var (
	_ llms.Model = (*Retrier)(nil)
	_ Retrying   = (*Retrier)(nil)
)

// Retrying is the optional interface of a model that retries its own failures, as [Retrier]
// does. [Resilient] uses it so that retries are never nested and never silently dropped: it
// rebuilds the retries around the model below, with the model's options followed by its own.
type Retrying interface {
	// RetryConfig returns the model the retries wrap and the options they were made with.
	RetryConfig() (llms.Model, []RetryOption)
}

// RetryOption configures a [Retrier]. The last option of a kind wins.
type RetryOption func(*Retrier)

// WithAttempts sets how many times a request may be sent, the first call included (default
// [DefaultRetryAttempts]). Values below 1 mean 1: no retries.
func WithAttempts(n int) RetryOption {
	return func(r *Retrier) { r.attempts = max(n, 1) }
}

// WithBackoff sets the backoff: before retry k (k = 0, 1, ...) the Retrier sleeps a uniformly
// random time in [0, min(max, base*2^k)] ("full jitter"), or the provider's Retry-After when that
// is longer (up to [WithRetryAfterCap]). Defaults: [DefaultRetryBase], [DefaultRetryMax].
// Non-positive values keep the default; max is raised to base when smaller.
func WithBackoff(base, max time.Duration) RetryOption {
	return func(r *Retrier) {
		if base > 0 {
			r.base = base
		}
		if max > 0 {
			r.max = max
		}
		if r.max < r.base {
			r.max = r.base
		}
	}
}

// WithRetryAfterCap sets the longest Retry-After the Retrier obeys (default
// [DefaultRetryAfterCap]). A provider asking for a longer wait (a daily quota, say) gets no
// retry: its *StatusError is returned at once. Non-positive values keep the default.
func WithRetryAfterCap(d time.Duration) RetryOption {
	return func(r *Retrier) {
		if d > 0 {
			r.afterCap = d
		}
	}
}

// WithCallTimeout sets the per-call timeout (default [DefaultCallTimeout]): a call still running
// after d is cancelled and retried as a transient failure (wrapping [ErrCallTimeout]). d <= 0
// means no per-call timeout. Time spent waiting for a [Limiter] directly under the Retrier does
// not count.
func WithCallTimeout(d time.Duration) RetryOption {
	return func(r *Retrier) { r.timeout = max(d, 0) }
}

// WithJitterSeed seeds the jitter source, so the backoff delays of a Retrier are reproducible.
// Without it the source is seeded from crypto/rand.
func WithJitterSeed(seed uint64) RetryOption {
	return func(r *Retrier) { r.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
}

// WithRetryIf replaces the test for retryable errors (default [Transient]). It is called with
// the error of a failed call only while the caller's context is live. nil restores the default.
func WithRetryIf(f func(err error) bool) RetryOption {
	return func(r *Retrier) {
		if f == nil {
			f = Transient
		}
		r.retryable = f
	}
}

// Retry returns m wrapped in a [Retrier] with the given options; without options it makes up to
// [DefaultRetryAttempts] calls per request, backs off from [DefaultRetryBase] up to
// [DefaultRetryMax], and cancels calls that run past [DefaultCallTimeout].
//
// When m is a [Pacer] (as in Retry(Limit(m, rpm, tpm))), every attempt waits for the rate
// limit before its per-call timeout starts, so a long wait for capacity is not taken for a hang.
func Retry(m llms.Model, opts ...RetryOption) *Retrier {
	r := &Retrier{
		model:     m,
		opts:      slices.Clone(opts),
		attempts:  DefaultRetryAttempts,
		base:      DefaultRetryBase,
		max:       DefaultRetryMax,
		afterCap:  DefaultRetryAfterCap,
		timeout:   DefaultCallTimeout,
		retryable: Transient,
	}
	for _, o := range opts {
		o(r)
	}
	if r.rng == nil {
		var seed [16]byte
		_, _ = crand.Read(seed[:])
		r.rng = rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))
	}
	return r
}

// Resilient returns Retry(Limit(m, rpm, tpm), opts...), leaving out the [Limiter] when rpm and tpm
// are both 0 or less: the usual way to make a provider's model survive rate limits and outages.
//
// When m already retries (it implements [Retrying], as a [Retrier] does), its retries are not
// nested inside new ones: they are rebuilt around the model they wrapped, with the rate limit
// in between, using m's options followed by opts (the last option of a kind wins). A nil m
// stays nil.
func Resilient(m llms.Model, rpm, tpm int, opts ...RetryOption) llms.Model {
	if m == nil {
		return nil // nothing to wrap: the caller reports the missing model when called
	}
	if r, ok := m.(Retrying); ok {
		inner, prev := r.RetryConfig()
		m, opts = inner, append(slices.Clone(prev), opts...)
	}
	if rpm > 0 || tpm > 0 {
		m = Limit(m, rpm, tpm)
	}
	return Retry(m, opts...)
}

// RetryConfig implements [Retrying]: it returns the model r wraps and the options given to Retry.
func (r *Retrier) RetryConfig() (llms.Model, []RetryOption) { return r.model, slices.Clone(r.opts) }

// GenerateContent calls the wrapped model, retrying transient failures. The error after the last
// attempt wraps the last failure, except that an empty reply is returned as it is (see
// [ErrEmptyReply]); a cancelled ctx gives an error wrapping ctx.Err().
func (r *Retrier) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	var resp *llms.ContentResponse
	exhausted, err := r.retry(ctx, "model call", func() error {
		var err error
		resp, err = r.once(ctx, msgs, opts)
		return err
	})
	switch {
	case exhausted && errors.Is(err, ErrEmptyReply):
		if resp == nil {
			resp = &llms.ContentResponse{}
		}
		return resp, nil
	case err != nil:
		return nil, err
	}
	return resp, nil
}

// retry calls try until it succeeds or fails for good, and returns nil or the error to return:
// an error that is not retryable as it is, the last failure wrapped once the attempts are used
// up (exhausted is then true), or an error wrapping ctx.Err(). what names the call in the
// errors ("model call"). Each retry is reported to the Meter above, if any, then waited for.
func (r *Retrier) retry(ctx context.Context, what string, try func() error) (exhausted bool, err error) {
	for attempt := 1; ; attempt++ {
		err := try()
		if err == nil {
			return false, nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return false, fmt.Errorf("llmx: %s: %w", what, cerr)
		}
		if !r.retryable(err) {
			return false, err
		}
		if attempt >= r.attempts {
			return true, fmt.Errorf("llmx: %s failed (%s): %w", what, plural(attempt, "attempt"), err)
		}
		wait, ok := r.backoff(attempt-1, err)
		if !ok {
			return false, fmt.Errorf("llmx: %s: provider asks to wait longer than %v: %w", what, r.afterCap, err)
		}
		if hook := retryHook(ctx); hook != nil {
			hook(RetryEvent{Attempt: attempt, Err: err, Wait: wait})
		}
		if err := sleep(ctx, wait); err != nil {
			return false, fmt.Errorf("llmx: %s: %w", what, err)
		}
	}
}

// once makes one attempt: the rate-limit wait (when the wrapped model is a Pacer), then the call
// under the per-call timeout. A reply without text is returned with ErrEmptyReply.
func (r *Retrier) once(ctx context.Context, msgs []llms.MessageContent, opts []llms.CallOption) (*llms.ContentResponse, error) {
	model := r.model
	if model == nil {
		return nil, ErrNoModel
	}
	if p, ok := model.(Pacer); ok {
		var err error
		if model, err = p.Pace(ctx, msgs, opts); err != nil {
			return nil, err
		}
	}
	var resp *llms.ContentResponse
	err := r.timed(ctx, func(ctx context.Context) error {
		var err error
		resp, err = model.GenerateContent(ctx, msgs, opts...)
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case empty(resp):
		return resp, ErrEmptyReply
	}
	return resp, nil
}

// timed runs call under the per-call timeout. A call cut short by it fails with an error
// wrapping ErrCallTimeout and the call's own error.
func (r *Retrier) timed(ctx context.Context, call func(ctx context.Context) error) error {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if r.timeout > 0 {
		actx, cancel = context.WithTimeoutCause(ctx, r.timeout, ErrCallTimeout)
	}
	err := call(actx)
	timedOut := err != nil && ctx.Err() == nil && actx.Err() != nil
	cancel()
	if timedOut {
		return fmt.Errorf("%w after %v: %w", ErrCallTimeout, r.timeout, err)
	}
	return err
}

// empty reports whether resp holds no choice with text or a tool call.
func empty(resp *llms.ContentResponse) bool {
	if resp == nil {
		return true
	}
	for _, c := range resp.Choices {
		if c != nil && (strings.TrimSpace(c.Content) != "" || len(c.ToolCalls) > 0 || c.FuncCall != nil) {
			return false
		}
	}
	return true
}

// MinRateLimitWait is the least a [Retrier] waits after a rate-limit error: a *[StatusError] with
// status 429, or, when no StatusError is in the chain (langchaingo's providers used without [Doer]
// or [HTTPClient]), an error whose text says 429 or "rate limit". A backoff maximum set lower with
// [WithBackoff] lowers it too.
const MinRateLimitWait = time.Second

// backoff returns the wait before retry k (0-based): full jitter over the exponential window, or
// the provider's Retry-After when longer. ok is false when Retry-After exceeds the cap.
func (r *Retrier) backoff(k int, err error) (time.Duration, bool) {
	window := r.max
	if k < 62 && r.base <= r.max>>k {
		window = min(r.base<<k, r.max)
	}
	r.mu.Lock()
	d := time.Duration(r.rng.Int64N(int64(window) + 1))
	r.mu.Unlock()
	var se *StatusError
	switch {
	case errors.As(err, &se):
		if se.RetryAfter > r.afterCap {
			return 0, false
		}
		d = max(d, se.RetryAfter)
		if se.Status == http.StatusTooManyRequests {
			d = max(d, min(MinRateLimitWait, r.max))
		}
	case rateLimitMessage(err.Error()):
		d = max(d, min(MinRateLimitWait, r.max))
	}
	return d, true
}

// rateLimitMessage reports whether an error's text says it was rate-limited: a 429 status as
// langchaingo's providers write it, or the words "rate limit" (also "rate_limit", "ratelimit",
// "too many requests"), in any case.
func rateLimitMessage(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"status code: 429", "status 429", "429 too many requests", "too many requests",
		"rate limit", "rate_limit", "ratelimit", "rate-limit"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// quotaExhausted reports whether text says the account's quota is used up, which waiting does
// not cure (OpenAI's "insufficient_quota").
func quotaExhausted(text string) bool {
	m := strings.ToLower(text)
	return strings.Contains(m, "insufficient_quota") || strings.Contains(m, "exceeded your current quota")
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

// Call implements the deprecated part of [llms.Model] through GenerateContent.
func (r *Retrier) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, r, prompt, opts...)
}

// Transient reports whether err is a failure that may pass if the call is made again: a
// [StatusError] with a transient status (429, 500-504, ...; see [StatusError.Transient]),
// [ErrCallTimeout], [ErrEmptyReply],
// a network timeout, a reset, refused or aborted connection, a reply cut short (io.ErrUnexpectedEOF,
// a JSON syntax error) or a failed request seen by [Doer]. Cancellation (context.Canceled) is not
// transient; a context.DeadlineExceeded is (a request timeout), and [Retrier] checks the caller's
// own context before asking.
//
// For clients used without [Doer] or [HTTPClient], the plain messages of langchaingo v0.1.14's
// openai provider are recognised too ("API returned unexpected status code: 429", "request
// timeout", "network error", "empty response"). An error whose text says the quota is used up
// ("insufficient_quota") is never transient, whatever its status.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || quotaExhausted(err.Error()) {
		return false
	}
	if errors.Is(err, ErrCallTimeout) || errors.Is(err, ErrEmptyReply) {
		return true
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Transient()
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return true
	}
	var syn *json.SyntaxError
	var tr *transportError
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.As(err, &syn), errors.As(err, &tr):
		return true
	}
	return transientMessage(err.Error())
}

// transientMessage recognises the plain error strings of langchaingo v0.1.14's providers.
func transientMessage(msg string) bool {
	if _, rest, ok := strings.Cut(msg, "API returned unexpected status code: "); ok {
		end := 0
		for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
			end++
		}
		code, err := strconv.Atoi(rest[:end])
		return err == nil && transientStatus(code)
	}
	if strings.HasPrefix(msg, "request timeout: ") || strings.HasPrefix(msg, "network error: failed to reach API server") {
		return true
	}
	for _, s := range []string{"empty response", "no response"} {
		if msg == s || strings.HasSuffix(msg, ": "+s) {
			return true
		}
	}
	return false
}

// plural returns "1 attempt", "2 attempts", ...
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
