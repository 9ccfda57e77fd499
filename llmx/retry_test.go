package llmx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

// failing returns a ReplyFunc that fails the first calls with errs (a nil entry answers "" for
// an empty reply) and answers "fine" afterwards.
func failing(errs ...error) llmtest.ReplyFunc {
	return func(_ context.Context, _ string, call int) (string, error) {
		if call < len(errs) {
			if errs[call] == nil {
				return "", nil
			}
			return "", errs[call]
		}
		return "fine", nil
	}
}

// fast are retry options for tests: tiny, seeded backoff.
var fast = []RetryOption{WithBackoff(time.Microsecond, time.Millisecond), WithJitterSeed(1)}

func TestRetryRetriesTransientFailures(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name      string
		errs      []error
		attempts  int
		wantCalls int
		wantErr   bool
	}{
		{name: "429 then success", errs: []error{&StatusError{Status: 429}, &StatusError{Status: 429}}, wantCalls: 3},
		{name: "5xx", errs: []error{&StatusError{Status: 500}, &StatusError{Status: 502}, &StatusError{Status: 503}, &StatusError{Status: 504}}, wantCalls: 5},
		{name: "empty reply", errs: []error{nil, nil}, wantCalls: 3},
		{name: "connection reset", errs: []error{reset}, wantCalls: 2},
		{name: "truncated body", errs: []error{io.ErrUnexpectedEOF, &json.SyntaxError{}}, wantCalls: 3},
		{name: "openai plain message", errs: []error{errors.New("API returned unexpected status code: 503: busy")}, wantCalls: 2},
		{name: "400 not retried", errs: []error{&StatusError{Status: 400}}, wantCalls: 1, wantErr: true},
		{name: "401 not retried", errs: []error{&StatusError{Status: 401}}, wantCalls: 1, wantErr: true},
		{name: "403 not retried", errs: []error{&StatusError{Status: 403}}, wantCalls: 1, wantErr: true},
		{name: "404 not retried", errs: []error{&StatusError{Status: 404}}, wantCalls: 1, wantErr: true},
		{name: "unknown error not retried", errs: []error{errors.New("boom")}, wantCalls: 1, wantErr: true},
		{name: "attempts exhausted", errs: []error{&StatusError{Status: 500}, &StatusError{Status: 500}, &StatusError{Status: 500}}, attempts: 3, wantCalls: 3, wantErr: true},
		{name: "one attempt", errs: []error{&StatusError{Status: 429}}, attempts: 1, wantCalls: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: failing(tt.errs...)}
			opts := fast
			if tt.attempts > 0 {
				opts = append(append([]RetryOption(nil), fast...), WithAttempts(tt.attempts))
			}
			meter := NewMeter(Retry(m, opts...))
			resp, err := meter.GenerateContent(t.Context(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")})
			assert.Equal(t, tt.wantCalls, m.Calls(), "calls")
			assert.Equal(t, int64(tt.wantCalls-1), meter.Usage().Retries, "retries counted")
			assert.Equal(t, int64(1), meter.Usage().Calls, "one call through the meter")
			if tt.wantErr {
				require.Error(t, err)
				if len(tt.errs) > 0 && tt.errs[len(tt.errs)-1] != nil {
					assert.ErrorIs(t, err, tt.errs[min(tt.wantCalls, len(tt.errs))-1])
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "fine", resp.Choices[0].Content)
		})
	}
}

func TestRetryEmptyReplyExhausted(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{} // always ""
	resp, err := Retry(m, append(fast, WithAttempts(3))...).GenerateContent(t.Context(), nil)
	require.NoError(t, err, "an empty reply after the last attempt is the caller's to judge")
	require.NotNil(t, resp)
	require.Len(t, resp.Choices, 1)
	assert.Empty(t, resp.Choices[0].Content)
	assert.Equal(t, 3, m.Calls())

	// No choice at all: an empty response, never nil.
	mm := &llmtest.MockModel{}
	mm.Test(t)
	mm.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(nil, nil)
	resp, err = Retry(mm, append(fast, WithAttempts(2))...).GenerateContent(t.Context(), nil)
	require.NoError(t, err)
	require.NotNil(t, resp)
	assert.Empty(t, resp.Choices)
	mm.AssertNumberOfCalls(t, "GenerateContent", 2)
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	const wait = 40 * time.Millisecond
	m := &llmtest.Model{Reply: failing(&StatusError{Status: 429, RetryAfter: wait})}
	start := time.Now()
	_, err := Retry(m, fast...).GenerateContent(t.Context(), nil)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), wait, "the retry came before the Retry-After the provider asked for")
	assert.Equal(t, 2, m.Calls())
}

func TestRetryGivesUpOnLongRetryAfter(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: failing(&StatusError{Status: 429, RetryAfter: time.Hour})}
	_, err := Retry(m, append(fast, WithRetryAfterCap(time.Minute))...).GenerateContent(t.Context(), nil)
	var se *StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, time.Hour, se.RetryAfter)
	assert.Equal(t, 1, m.Calls(), "a Retry-After beyond the cap ends the retries")
}

func TestRetryStopsWhenCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
		cancel()
		return "", &StatusError{Status: 503}
	}}
	start := time.Now()
	_, err := Retry(m, WithBackoff(time.Hour, time.Hour)).GenerateContent(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), time.Minute, "the backoff did not stop on cancellation")
	assert.Equal(t, 1, m.Calls())
}

func TestRetryDoesNotRetryCancellation(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	m := &llmtest.Model{}
	_, err := Retry(m, fast...).GenerateContent(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, m.Calls())
}

func TestRetryTimesOutHungCalls(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: func(ctx context.Context, _ string, call int) (string, error) {
		if call < 2 {
			<-ctx.Done() // hang until the per-call timeout
			return "", fmt.Errorf("request timeout: %w", ctx.Err())
		}
		return "fine", nil
	}}
	meter := NewMeter(Retry(m, append(fast, WithCallTimeout(100*time.Millisecond))...))
	resp, err := meter.GenerateContent(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, "fine", resp.Choices[0].Content)
	assert.Equal(t, 3, m.Calls())
	assert.Equal(t, int64(2), meter.Usage().Retries)
}

func TestRetryTimeoutErrorAfterLastAttempt(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: func(ctx context.Context, _ string, _ int) (string, error) {
		<-ctx.Done()
		return "", ctx.Err()
	}}
	_, err := Retry(m, append(fast, WithCallTimeout(time.Millisecond), WithAttempts(2))...).GenerateContent(t.Context(), nil)
	require.ErrorIs(t, err, ErrCallTimeout)
	assert.NotErrorIs(t, err, context.Canceled)
	assert.Equal(t, 2, m.Calls())
}

func TestRetryIf(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	m := &llmtest.Model{Reply: failing(boom, boom)}
	_, err := Retry(m, append(fast, WithRetryIf(func(err error) bool { return errors.Is(err, boom) }))...).GenerateContent(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 3, m.Calls())
}

func TestRetryBackoffIsFullJitterAndSeeded(t *testing.T) {
	t.Parallel()
	a := Retry(nil, WithBackoff(10*time.Millisecond, 80*time.Millisecond), WithJitterSeed(7))
	b := Retry(nil, WithBackoff(10*time.Millisecond, 80*time.Millisecond), WithJitterSeed(7))
	var seqA, seqB []time.Duration
	for k := range 8 {
		da, ok := a.backoff(k, errors.New("x"))
		require.True(t, ok)
		db, _ := b.backoff(k, errors.New("x"))
		seqA, seqB = append(seqA, da), append(seqB, db)
		window := min(10*time.Millisecond<<k, 80*time.Millisecond)
		assert.LessOrEqual(t, da, window, "retry %d", k)
		assert.GreaterOrEqual(t, da, time.Duration(0), "retry %d", k)
	}
	assert.Equal(t, seqA, seqB, "same seed, same delays")
	// Retry-After is a floor.
	d, ok := a.backoff(0, &StatusError{Status: 429, RetryAfter: 50 * time.Millisecond})
	require.True(t, ok)
	assert.GreaterOrEqual(t, d, 50*time.Millisecond)
	// A huge attempt number does not overflow.
	d, ok = a.backoff(200, errors.New("x"))
	require.True(t, ok)
	assert.LessOrEqual(t, d, 80*time.Millisecond)
}

func TestTransient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{context.Canceled, false},
		{fmt.Errorf("wrapped: %w", context.Canceled), false},
		{context.DeadlineExceeded, true},
		{ErrCallTimeout, true},
		{ErrEmptyReply, true},
		{&StatusError{Status: 429}, true},
		{&StatusError{Status: 408}, true},
		{&StatusError{Status: 500}, true},
		{&StatusError{Status: 503}, true},
		{&StatusError{Status: 529}, true},
		{&StatusError{Status: 400}, false},
		{&StatusError{Status: 401}, false},
		{&StatusError{Status: 403}, false},
		{&StatusError{Status: 404}, false},
		{&StatusError{Status: 422}, false},
		{fmt.Errorf("x: %w", &StatusError{Status: 502}), true},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{syscall.ECONNRESET, true},
		{io.ErrUnexpectedEOF, true},
		{&json.SyntaxError{}, true},
		{&transportError{err: errors.New("x")}, true},
		{errors.New("API returned unexpected status code: 429: rate limited"), true},
		{errors.New("API returned unexpected status code: 401: bad key"), false},
		{errors.New("request timeout: API call exceeded deadline"), true},
		{errors.New("network error: failed to reach API server"), true},
		{errors.New("empty response"), true},
		{errors.New("story: model call: no response"), true},
		{errors.New("some other failure"), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Transient(tt.err), "Transient(%v)", tt.err)
	}
}

func TestRetrierCall(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: failing(&StatusError{Status: 500})}
	out, err := Retry(m, fast...).Call(t.Context(), "hi")
	require.NoError(t, err)
	assert.Equal(t, "fine", out)
}

func TestResilient(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{}
	r, ok := Resilient(m, 0, 0).(*Retrier)
	require.True(t, ok)
	assert.Same(t, m, r.model, "no Limiter without limits")

	limited, ok := Resilient(m, 60, 1000, WithAttempts(2)).(*Retrier)
	require.True(t, ok)
	require.IsType(t, &Limiter{}, limited.model)
	assert.Same(t, m, limited.model.(*Limiter).model)
	assert.Equal(t, 2, limited.attempts)

	// A model that already retries is rebuilt, not nested and not returned as it was: the rate
	// limit goes in below its retries, and its options come before the new ones.
	own := Retry(m, WithAttempts(9), WithRetryAfterCap(time.Second))
	again, ok := Resilient(own, 60, 1000, WithAttempts(3)).(*Retrier)
	require.True(t, ok)
	assert.NotSame(t, own, again)
	require.IsType(t, &Limiter{}, again.model, "the rate limit is not lost")
	assert.Same(t, m, again.model.(*Limiter).model, "retries are not nested")
	assert.Equal(t, 3, again.attempts, "the last option wins")
	assert.Equal(t, time.Second, again.afterCap, "the model's own options are kept")
	assert.Nil(t, Resilient(nil, 60, 0))
}

// TestRetryRateLimitWithoutStatus: a rate limit seen only in an error's text (no StatusError, no
// Retry-After) waits at least MinRateLimitWait under the default backoff, never a jittered
// fraction of it; other transient errors keep the plain jitter.
func TestRetryRateLimitWithoutStatus(t *testing.T) {
	t.Parallel()
	r := Retry(&llmtest.Model{}, WithJitterSeed(3))
	for _, msg := range []string{
		"API returned unexpected status code: 429: Rate limit reached for gpt-4o-mini",
		"model call: rate limit exceeded, please slow down",
		"Error: RateLimitError",
		"429 Too Many Requests",
	} {
		for k := range 4 {
			d, ok := r.backoff(k, errors.New(msg))
			require.True(t, ok)
			assert.GreaterOrEqual(t, d, MinRateLimitWait, "%q, retry %d", msg, k)
		}
	}
	// A visible 429 without Retry-After waits at least as long.
	d, _ := r.backoff(0, &StatusError{Status: 429})
	assert.GreaterOrEqual(t, d, MinRateLimitWait)
	// Other transient failures are not held back: the first retry's window is [0, 1s].
	short := 0
	for range 50 {
		if d, _ := r.backoff(0, &StatusError{Status: 503}); d < MinRateLimitWait {
			short++
		}
	}
	assert.Positive(t, short, "a 503 should sometimes retry sooner than a second")
	// A backoff capped below a second caps the floor too (tests, local servers).
	capped := Retry(&llmtest.Model{}, WithBackoff(time.Millisecond, 5*time.Millisecond))
	d, _ = capped.backoff(0, errors.New("rate limit"))
	assert.LessOrEqual(t, d, 5*time.Millisecond)
}

// TestRetryInsufficientQuota: a used-up quota is a 429 that waiting does not cure: one call, then
// the error, whether the status is visible or only the text says so.
func TestRetryInsufficientQuota(t *testing.T) {
	t.Parallel()
	for name, err := range map[string]error{
		"status code":    &StatusError{Status: 429, Code: "insufficient_quota", Message: "You exceeded your current quota"},
		"message only":   &StatusError{Status: 429, Message: "You exceeded your current quota, please check your plan and billing details."},
		"plain text 429": errors.New(`API returned unexpected status code: 429: {"error":{"code":"insufficient_quota"}}`),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: failing(err, err, err)}
			meter := NewMeter(Retry(m))
			_, got := meter.GenerateContent(t.Context(), nil)
			require.ErrorIs(t, got, err)
			assert.Equal(t, 1, m.Calls())
			assert.Zero(t, meter.Usage().Retries)
			assert.False(t, Transient(err))
		})
	}
}
