package llmx

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms/openai"
)

// embedFunc is an embeddings.Embedder calling f for every call (EmbedQuery as a call of one
// text), counting the calls.
type embedFunc struct {
	f     func(ctx context.Context, call int64, texts []string) ([][]float32, error)
	calls atomic.Int64
}

func (e *embedFunc) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	return e.f(ctx, e.calls.Add(1), texts)
}

func (e *embedFunc) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	v, err := e.f(ctx, e.calls.Add(1), []string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

// vectors answers one vector per text.
func vectors(_ context.Context, _ int64, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = llmtest.Vector(t)
	}
	return out, nil
}

// failFirst answers the first n calls with err, then vectors.
func failFirst(n int64, err error) func(context.Context, int64, []string) ([][]float32, error) {
	return func(ctx context.Context, call int64, texts []string) ([][]float32, error) {
		if call <= n {
			return nil, err
		}
		return vectors(ctx, call, texts)
	}
}

// TestEmbedRetryThroughOpenAI: langchaingo's real openai embedder, given llmx's Doer, meets a
// 429 with Retry-After; the EmbedRetrier waits at least that long, the retry is counted by the
// EmbedMeter above, and the answer comes back whole.
func TestEmbedRetryThroughOpenAI(t *testing.T) {
	t.Parallel()
	srv := llmtest.NewEmbeddingServer(t, func(n int64) llmtest.Failure {
		if n == 1 {
			return llmtest.Failure{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After-Ms": {"30"}}}
		}
		return llmtest.Failure{}
	})
	e := llmtest.NewOpenAIEmbedder(t, srv.URL+"/v1", openai.WithHTTPClient(NewDoer(nil)))
	var events []RetryEvent
	var mu sync.Mutex
	m := NewEmbedMeter(RetryEmbedder(e, WithBackoff(time.Millisecond, time.Millisecond), WithJitterSeed(1)),
		WithOnRetry(func(ev RetryEvent) { mu.Lock(); events = append(events, ev); mu.Unlock() }))
	texts := []string{"the first story", "a second one", "and the third"}
	vecs, err := m.EmbedDocuments(t.Context(), texts)
	require.NoError(t, err)
	require.Len(t, vecs, 3)
	for i, v := range vecs {
		assert.Equal(t, llmtest.Vector(texts[i]), v, "text %d", i)
	}
	assert.Equal(t, int64(2), srv.Requests())
	require.Len(t, events, 1)
	var se *StatusError
	require.ErrorAs(t, events[0].Err, &se, "the provider's status reaches the retry")
	assert.Equal(t, http.StatusTooManyRequests, se.Status)
	assert.Equal(t, 30*time.Millisecond, se.RetryAfter)
	assert.GreaterOrEqual(t, events[0].Wait, 30*time.Millisecond, "Retry-After is waited, not the 1 ms backoff")
	want := int64(len(texts[0])/4 + 1 + len(texts[1])/4 + 1 + len(texts[2])/4 + 1)
	assert.Equal(t, Usage{Calls: 1, Retries: 1, PromptTokens: want, TotalTokens: want}, m.Usage())

	q, err := m.EmbedQuery(t.Context(), "one more")
	require.NoError(t, err)
	assert.Equal(t, llmtest.Vector("one more"), q)
	assert.Equal(t, int64(2), m.Usage().Calls)
}

// TestEmbedRetryGivesUp: client errors, a used-up quota and a Retry-After beyond the cap are not
// retried; transient errors are retried up to the attempts, and the last error says how many.
func TestEmbedRetryGivesUp(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		err   error
		calls int64
		want  string
	}{
		{"unauthorized", &StatusError{Status: http.StatusUnauthorized}, 1, "status 401"},
		{"quota", &StatusError{Status: http.StatusTooManyRequests, Code: "insufficient_quota"}, 1, "insufficient_quota"},
		{"retry-after beyond the cap", &StatusError{Status: http.StatusTooManyRequests, RetryAfter: time.Hour}, 1, "wait longer than 5m0s"},
		{"server error", &StatusError{Status: http.StatusBadGateway}, 3, "embedding call failed (3 attempts)"},
		{"reset connection", fmt.Errorf("dial: %w", syscall.ECONNRESET), 3, "embedding call failed (3 attempts)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := &embedFunc{f: failFirst(100, tt.err)}
			r := RetryEmbedder(e, append(fast, WithAttempts(3))...)
			_, err := r.EmbedDocuments(t.Context(), []string{"a"})
			require.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, tt.calls, e.calls.Load())
			_, err = r.EmbedQuery(t.Context(), "a")
			require.ErrorIs(t, err, tt.err)
		})
	}
}

// TestEmbedRetryCancelled: a cancelled context ends the backoff at once.
func TestEmbedRetryCancelled(t *testing.T) {
	t.Parallel()
	e := &embedFunc{f: failFirst(100, &StatusError{Status: http.StatusServiceUnavailable, RetryAfter: time.Minute})}
	ctx, cancel := context.WithCancel(t.Context())
	m := NewEmbedMeter(RetryEmbedder(e), WithOnRetry(func(RetryEvent) { cancel() }))
	_, err := m.EmbedDocuments(ctx, []string{"a"})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int64(1), e.calls.Load())
	assert.Equal(t, Usage{Calls: 1, Retries: 1}, m.Usage(), "a failed call is a call without tokens")
}

// TestEmbedRetryTimeout: a hung call is cancelled by the per-call timeout and tried again.
func TestEmbedRetryTimeout(t *testing.T) {
	t.Parallel()
	e := &embedFunc{f: func(ctx context.Context, call int64, texts []string) ([][]float32, error) {
		if call == 1 {
			<-ctx.Done()
			return nil, ctx.Err()
		}
		return vectors(ctx, call, texts)
	}}
	var seen []error
	m := NewEmbedMeter(RetryEmbedder(e, append(fast, WithCallTimeout(20*time.Millisecond))...),
		WithOnRetry(func(ev RetryEvent) { seen = append(seen, ev.Err) }))
	v, err := m.EmbedDocuments(t.Context(), []string{"a", "b"})
	require.NoError(t, err)
	assert.Len(t, v, 2)
	require.Len(t, seen, 1)
	assert.ErrorIs(t, seen[0], ErrCallTimeout)
}

// TestEmbedLimitRequestWindows: on simulated time, no 60-second window holds more than rpm
// embedding calls, and the long-run rate is kept.
func TestEmbedLimitRequestWindows(t *testing.T) {
	t.Parallel()
	for _, rpm := range []int{1, 60, 3000} {
		clk := &simClock{t: time.Unix(0, 0)}
		var sent []time.Time
		e := &embedFunc{f: func(ctx context.Context, call int64, texts []string) ([][]float32, error) {
			sent = append(sent, clk.now())
			return vectors(ctx, call, texts)
		}}
		l := LimitEmbedder(e, rpm, 0)
		l.limit.clock = clk
		for range 10 * rpm {
			_, err := l.EmbedDocuments(t.Context(), []string{"a story"})
			require.NoError(t, err)
		}
		n := ones(len(sent))
		perMinute, perSecond := maxInWindow(sent, n, time.Minute), maxInWindow(sent, n, time.Second)
		elapsed := sent[len(sent)-1].Sub(sent[0])
		t.Logf("rpm %d: %d calls in %v; busiest minute %d calls, busiest second %d", rpm, len(sent), elapsed, perMinute, perSecond)
		assert.LessOrEqual(t, perMinute, rpm, "rpm %d: a minute", rpm)
		assert.LessOrEqual(t, perSecond, rpm/60+1, "rpm %d: a second", rpm)
		assert.InDelta(t, 9*time.Minute, elapsed, float64(time.Minute), "rpm %d", rpm)
	}
}

// TestEmbedLimitTokenWindows: calls of mixed sizes, estimated from their texts, never put more
// than tpm estimated tokens in a 60-second window; a call above tpm fails without being sent.
func TestEmbedLimitTokenWindows(t *testing.T) {
	t.Parallel()
	const tpm = 10_000
	clk := &simClock{t: time.Unix(0, 0)}
	var sent []time.Time
	var cost []int
	e := &embedFunc{f: func(ctx context.Context, call int64, texts []string) ([][]float32, error) {
		sent = append(sent, clk.now())
		cost = append(cost, int(embedTokens(texts)))
		clk.advance(50 * time.Millisecond)
		return vectors(ctx, call, texts)
	}}
	l := LimitEmbedder(e, 0, tpm)
	l.limit.clock = clk
	for i := range 400 {
		texts := make([]string, 1+i%16) // 1 to 16 texts of 400 bytes: 101 to 1,616 tokens
		for k := range texts {
			texts[k] = strings.Repeat("word ", 80)
		}
		_, err := l.EmbedDocuments(t.Context(), texts)
		require.NoError(t, err)
	}
	busiest := maxInWindow(sent, cost, time.Minute)
	total := 0
	for _, c := range cost {
		total += c
	}
	minutes := sent[len(sent)-1].Sub(sent[0]).Minutes()
	t.Logf("tpm %d: %d calls of 101 to 1,616 estimated tokens, %d tokens in %.1f minutes (%.0f a minute); busiest minute %d tokens",
		tpm, len(sent), total, minutes, float64(total)/minutes, busiest)
	assert.LessOrEqual(t, busiest, tpm)
	assert.InDelta(t, tpm, float64(total)/minutes, 0.1*tpm, "the long-run rate stays near tpm")

	big := []string{strings.Repeat("x", 4*tpm)}
	calls := e.calls.Load()
	_, err := l.EmbedDocuments(t.Context(), big)
	require.ErrorIs(t, err, ErrCallTooLarge)
	_, err = l.EmbedQuery(t.Context(), big[0])
	require.ErrorIs(t, err, ErrCallTooLarge)
	assert.Equal(t, calls, e.calls.Load(), "a call too large is not sent")
	assert.False(t, Transient(err))
}

// TestEmbedRetryWaitsForPacerThroughMeter: an EmbedMeter between an EmbedRetrier and an
// EmbedLimiter passes the pacing on, so the rate wait does not count against the per-call
// timeout, and the EmbedMeter counts every call.
func TestEmbedRetryWaitsForPacerThroughMeter(t *testing.T) {
	t.Parallel()
	e := &embedFunc{f: vectors}
	meter := NewEmbedMeter(LimitEmbedder(e, 240, 0)) // one call every 250 ms
	r := RetryEmbedder(meter, append(fast, WithCallTimeout(100*time.Millisecond), WithAttempts(1))...)
	for i := range 4 {
		var err error
		if i%2 == 0 {
			_, err = r.EmbedDocuments(t.Context(), []string{"a", "b"})
		} else {
			_, err = r.EmbedQuery(t.Context(), "a")
		}
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, int64(4), e.calls.Load())
	assert.Equal(t, int64(4), meter.Usage().Calls)
	assert.Equal(t, int64(2+1+2+1), meter.Usage().TotalTokens, "one token per text of under 4 bytes")
}

// TestEmbedLimitCancelled: a call cancelled while it waits for its turn leaves having taken
// nothing, and the embedder is not called.
func TestEmbedLimitCancelled(t *testing.T) {
	t.Parallel()
	e := &embedFunc{f: vectors}
	l := LimitEmbedder(e, 1, 0)
	_, err := l.EmbedDocuments(t.Context(), []string{"a"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err = l.EmbedDocuments(ctx, []string{"b"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int64(1), e.calls.Load())
}

// TestEmbedWrappersNil: wrappers around no embedder fail with ErrNoModel, without a retry.
func TestEmbedWrappersNil(t *testing.T) {
	t.Parallel()
	for _, e := range []embeddings.Embedder{RetryEmbedder(nil, fast...), LimitEmbedder(nil, 10, 10), NewEmbedMeter(nil)} {
		_, err := e.EmbedDocuments(t.Context(), []string{"a"})
		require.ErrorIs(t, err, ErrNoModel, "%T", e)
		_, err = e.EmbedQuery(t.Context(), "a")
		require.ErrorIs(t, err, ErrNoModel, "%T", e)
	}
}

// TestEmbedWrappersConcurrent: the full stack used from many goroutines at once (run with
// -race) answers every call and counts each one.
func TestEmbedWrappersConcurrent(t *testing.T) {
	t.Parallel()
	e := &embedFunc{f: func(ctx context.Context, call int64, texts []string) ([][]float32, error) {
		if call%5 == 0 {
			return nil, &StatusError{Status: http.StatusServiceUnavailable}
		}
		return vectors(ctx, call, texts)
	}}
	m := NewEmbedMeter(RetryEmbedder(LimitEmbedder(e, 600_000, 0), fast...))
	var wg sync.WaitGroup
	var failed atomic.Int64
	for g := range 16 {
		wg.Go(func() {
			for k := range 10 {
				v, err := m.EmbedDocuments(t.Context(), []string{fmt.Sprint(g, k), "x"})
				if err != nil || len(v) != 2 {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Zero(t, failed.Load())
	u := m.Usage()
	assert.Equal(t, int64(160), u.Calls)
	assert.Equal(t, e.calls.Load()-160, u.Retries, "every call beyond one per request is a retry")
}

// TestDeprecatedOptionNames: the names before the With rule still configure the same thing.
func TestDeprecatedOptionNames(t *testing.T) {
	t.Parallel()
	a := Retry(nil, RetryAttempts(2), RetryBackoff(time.Second, 2*time.Second), RetryAfterCap(time.Minute),
		RetryTimeout(3*time.Second), RetrySeed(7), RetryIf(func(error) bool { return false }))
	b := Retry(nil, WithAttempts(2), WithBackoff(time.Second, 2*time.Second), WithRetryAfterCap(time.Minute),
		WithCallTimeout(3*time.Second), WithJitterSeed(7))
	assert.Equal(t, []any{b.attempts, b.base, b.max, b.afterCap, b.timeout, b.rng.Int64()},
		[]any{a.attempts, a.base, a.max, a.afterCap, a.timeout, a.rng.Int64()})
	assert.False(t, a.retryable(&StatusError{Status: http.StatusTooManyRequests}))
	var seen int
	mt := NewMeter(nil, OnRetry(func(RetryEvent) { seen++ }))
	mt.retried(RetryEvent{})
	assert.Equal(t, 1, seen)
}
