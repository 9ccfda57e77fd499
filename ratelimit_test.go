package evenhand

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func hi() []llms.MessageContent {
	return []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")}
}

func TestLimitRequestsPerMinute(t *testing.T) {
	t.Parallel()
	// 6000 requests a minute is 100 a second with a burst of 100: 150 calls, from 3 goroutines
	// sharing the limiter, need at least half a second.
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	l := Limit(m, 6000, 0)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for g := range 3 {
		wg.Go(func() {
			for range 50 {
				if _, err := l.GenerateContent(t.Context(), hi()); err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 150, m.Calls())
	assert.GreaterOrEqual(t, time.Since(start), 490*time.Millisecond, "150 calls went faster than 6000 a minute allows")
}

func TestLimitTokensPerMinute(t *testing.T) {
	t.Parallel()
	// Each reply reports a minute's worth of tokens: after two calls the budget is spent for a
	// minute, so a third call with a short deadline is refused without reaching the model.
	const tpm = 60000
	m := &llmtest.Model{Reply: llmtest.Cycle("ok"), Tokens: tpm / 2} // PromptTokens + CompletionTokens = tpm
	l := Limit(m, 0, tpm)
	for range 2 {
		_, err := l.GenerateContent(t.Context(), hi())
		require.NoError(t, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := l.GenerateContent(ctx, hi())
	require.Error(t, err, "the token budget did not hold the call back")
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, 2, m.Calls(), "the refused call reached the model")
}

func TestLimitZeroIsUnlimited(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("ok"), Tokens: 1 << 20}
	l := Limit(m, 0, 0)
	for range 1000 {
		_, err := l.GenerateContent(t.Context(), hi())
		require.NoError(t, err)
	}
	out, err := l.Call(t.Context(), "hi")
	require.NoError(t, err)
	assert.Equal(t, "ok", out)
}

func TestLimitCancelled(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	l := Limit(m, 1, 0) // one request, then one a minute
	_, err := l.GenerateContent(t.Context(), hi())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = l.GenerateContent(ctx, hi())
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, m.Calls())
}

func TestRetryTimeoutExcludesRateWait(t *testing.T) {
	t.Parallel()
	// 240 a minute: a burst of 4, then one every 250 ms. The per-call timeout of 100 ms must
	// not count the wait for the limiter, so no call times out.
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	r := Retry(Limit(m, 240, 0), append(fast, RetryTimeout(100*time.Millisecond), RetryAttempts(1))...)
	for i := range 6 {
		_, err := r.GenerateContent(t.Context(), hi())
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, 6, m.Calls())
}

func TestTokensUsed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		resp *llms.ContentResponse
		want int
	}{
		{nil, 0},
		{&llms.ContentResponse{}, 0},
		{&llms.ContentResponse{Choices: []*llms.ContentChoice{nil, {GenerationInfo: map[string]any{"TotalTokens": 12}}}}, 12},
		{&llms.ContentResponse{Choices: []*llms.ContentChoice{{GenerationInfo: map[string]any{"PromptTokens": 5, "CompletionTokens": int64(7)}}}}, 12},
		{&llms.ContentResponse{Choices: []*llms.ContentChoice{{GenerationInfo: map[string]any{"TotalTokens": 9.0}}, {GenerationInfo: map[string]any{"TotalTokens": 9}}}}, 9},
		{&llms.ContentResponse{Choices: []*llms.ContentChoice{{GenerationInfo: map[string]any{"TotalTokens": "12"}}}}, 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tokensUsed(tt.resp))
	}
	assert.Equal(t, 1, estimateTokens(nil))
	assert.Equal(t, 3, estimateTokens([]llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "12345678")}))
}
