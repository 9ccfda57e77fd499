package diversity_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/llmx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms/openai"
)

// TestEmbedThroughOpenAIWithLLMX: stories embedded by langchaingo's real openai embedder, on an
// OpenAI-style server that answers a 429 with Retry-After and a 503, through llmx's embedder
// wrappers (the one home of retries, rate limits and counts): every vector arrives in order,
// the two failed requests are retried, and the meter counts one call per batch and the retries.
func TestEmbedThroughOpenAIWithLLMX(t *testing.T) {
	srv := llmtest.NewEmbeddingServer(t, func(n int64) llmtest.Failure {
		switch n {
		case 2:
			return llmtest.Failure{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After-Ms": {"20"}}}
		case 4:
			return llmtest.Failure{Status: http.StatusServiceUnavailable}
		}
		return llmtest.Failure{}
	})
	e := llmtest.NewOpenAIEmbedder(t, srv.URL+"/v1", openai.WithHTTPClient(llmx.NewDoer(nil)))
	var waits []time.Duration
	m := llmx.NewEmbedMeter(
		llmx.RetryEmbedder(llmx.LimitEmbedder(e, 6_000, 1_000_000), llmx.WithBackoff(time.Millisecond, 5*time.Millisecond)),
		llmx.WithOnRetry(func(ev llmx.RetryEvent) { waits = append(waits, ev.Wait) }))
	texts := make([]string, 50)
	for i := range texts {
		texts[i] = stories[i%len(stories)] + " (" + string(rune('a'+i%26)) + ")"
	}
	var progress []int
	vecs, err := diversity.Embed(t.Context(), m, texts, diversity.WithBatchSize(16),
		diversity.WithProgress(func(done, total int) { progress = append(progress, done) }))
	require.NoError(t, err)
	require.Len(t, vecs, 50)
	for i, v := range vecs {
		assert.Equal(t, llmtest.Vector(texts[i]), v, "text %d", i)
	}
	assert.Equal(t, []int{16, 32, 48, 50}, progress)
	assert.Equal(t, int64(4+2), srv.Requests(), "four batches, two of them sent twice")
	u := m.Usage()
	assert.Equal(t, int64(4), u.Calls)
	assert.Equal(t, int64(2), u.Retries)
	assert.Positive(t, u.TotalTokens)
	require.Len(t, waits, 2)
	assert.GreaterOrEqual(t, waits[0], 20*time.Millisecond, "the 429's Retry-After is waited")
}

// TestDeprecatedOptionStructs: the option structs before the module's rule still configure
// Pairwise, Embed, Analyze and the Guard, their retries and rate limit now made by llmx.
func TestDeprecatedOptionStructs(t *testing.T) {
	ctx := context.Background()
	vecs := [][]float32{{1, 0}, {1, 1}, {0, 1}, {1, 2}}
	st, err := diversity.Pairwise(ctx, vecs, diversity.Options{Top: 2, Workers: 1})
	require.NoError(t, err)
	assert.Len(t, st.Top, 2)
	st, err = diversity.Pairwise(ctx, vecs, diversity.Options{Top: -1})
	require.NoError(t, err)
	assert.Empty(t, st.Top)
	st, err = diversity.Pairwise(ctx, vecs, diversity.Options{})
	require.NoError(t, err)
	assert.Len(t, st.Top, 6, "the default: ten pairs, of which there are six")

	transient := &llmx.StatusError{Status: http.StatusServiceUnavailable} // llmx.Transient retries it
	flaky := &fakeEmbedder{vec: func(t string) []float32 { return []float32{1, float32(len(t))} }, fail: func(n int64) error {
		if n%2 == 1 {
			return transient
		}
		return nil
	}}
	texts := []string{"a", "bb", "ccc", "dddd", "eeeee"}
	var seen []int
	v, err := diversity.Embed(ctx, flaky, texts, diversity.EmbedOptions{BatchSize: 3, Attempts: 2, Backoff: time.Millisecond,
		OnBatch: func(done, _ int) { seen = append(seen, done) }})
	require.NoError(t, err)
	assert.Len(t, v, 5)
	assert.Equal(t, int64(4), flaky.calls.Load(), "each batch failed once and was retried once")
	assert.Equal(t, []int{3, 5}, seen)

	flaky.calls.Store(0)
	_, err = diversity.Embed(ctx, flaky, texts, diversity.EmbedOptions{Attempts: 3, Backoff: time.Millisecond,
		Retryable: func(error) bool { return false }})
	require.ErrorIs(t, err, transient)
	assert.Equal(t, int64(1), flaky.calls.Load())

	steady := &fakeEmbedder{vec: flaky.vec}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = diversity.Embed(short, steady, texts, diversity.EmbedOptions{BatchSize: 1, RPM: 1})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int64(1), steady.calls.Load(), "one call a minute")

	r, err := diversity.Analyze(ctx, diversity.Lexical{}, records(stories...), diversity.ReportOptions{Embedder: "lexical", Top: 1})
	require.NoError(t, err)
	assert.Equal(t, "lexical", r.Embedder)
	assert.Len(t, r.Male.TopPairs, 1)

	g := diversity.NewGuard(steady, 0.99)
	g.Embed = diversity.EmbedOptions{BatchSize: 2}
	steady.calls.Store(0)
	require.NoError(t, g.Restore(ctx, texts))
	assert.Equal(t, int64(3), steady.calls.Load(), "five stories in batches of two")
	assert.Equal(t, 5, g.Len())
}

// TestGuardOptions: NewGuard's WithBatchSize sets the batches of Restore.
func TestGuardOptions(t *testing.T) {
	e := &fakeEmbedder{vec: func(t string) []float32 { return []float32{1, float32(len(t))} }}
	g := diversity.NewGuard(e, 0.99, diversity.WithBatchSize(4))
	require.NoError(t, g.Restore(context.Background(), []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff"}))
	assert.Equal(t, int64(2), e.calls.Load())
	assert.Equal(t, 6, g.Len())
}
