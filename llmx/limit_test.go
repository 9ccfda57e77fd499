package llmx

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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

// simClock is simulated time for a Limiter driven from one goroutine: sleeping moves the clock.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.advance(d)
	return nil
}

func (c *simClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(max(d, 0))
	c.mu.Unlock()
}

// simModel is a provider on simulated time: each call records when it was sent and its tokens,
// takes latency, and reports its usage.
type simModel struct {
	clock   *simClock
	latency time.Duration
	tokens  func(call int) (prompt, completion int)
	sent    []time.Time
	cost    []int // the tokens the provider counts against its limit at send time
}

func (m *simModel) GenerateContent(ctx context.Context, _ []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	var co llms.CallOptions
	for _, o := range opts {
		o(&co)
	}
	p, c := m.tokens(len(m.sent))
	m.sent = append(m.sent, m.clock.now())
	// As OpenAI counts: the prompt and the completion budget when one is set, else the tokens used.
	if co.MaxTokens > 0 {
		m.cost = append(m.cost, p+co.MaxTokens)
	} else {
		m.cost = append(m.cost, p+c)
	}
	m.clock.advance(m.latency)
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "ok", GenerationInfo: map[string]any{
		"PromptTokens": p, "CompletionTokens": c, "TotalTokens": p + c}}}}, nil
}

func (m *simModel) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// maxInWindow returns the largest sum of cost over the calls sent in any window [t, t+w).
func maxInWindow(sent []time.Time, cost []int, w time.Duration) int {
	best, sum, lo := 0, 0, 0
	for hi := range sent {
		sum += cost[hi]
		for !sent[lo].After(sent[hi].Add(-w)) { // sent[lo] <= sent[hi]-w: outside [sent[hi]-w, sent[hi]]
			sum -= cost[lo]
			lo++
		}
		best = max(best, sum)
	}
	return best
}

func ones(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// TestLimitRequestWindows: over a long simulated run at full speed, no 60-second window holds more
// than rpm requests and no one-second window more than its share plus one.
func TestLimitRequestWindows(t *testing.T) {
	t.Parallel()
	for _, rpm := range []int{1, 7, 60, 600, 6000} {
		clk := &simClock{t: time.Unix(0, 0)}
		m := &simModel{clock: clk, tokens: func(int) (int, int) { return 1, 1 }}
		l := Limit(m, rpm, 0)
		l.clock = clk
		for range 20 * rpm {
			_, err := l.GenerateContent(t.Context(), hi())
			require.NoError(t, err)
		}
		n := ones(len(m.sent))
		assert.LessOrEqual(t, maxInWindow(m.sent, n, time.Minute), rpm, "rpm %d: a minute", rpm)
		assert.LessOrEqual(t, maxInWindow(m.sent, n, time.Second), rpm/60+1, "rpm %d: a second", rpm)
		elapsed := m.sent[len(m.sent)-1].Sub(m.sent[0])
		assert.InDelta(t, 19*time.Minute, elapsed, float64(time.Minute), "rpm %d: the long-run rate is kept", rpm)
	}
}

// TestLimitTokenWindows is issue 11's finding 9: the token bucket's burst is one maximal call, not
// a minute's tokens, so over a long busy run no 60-second window exceeds tpm (before, the first
// minute let through about 2 x tpm) and no one-second window exceeds its share by more than one
// request, while the long-run rate stays near tpm less one call a minute. The calls set a completion budget
// (llms.WithMaxTokens), which the provider counts at send time and the Limiter estimates.
func TestLimitTokenWindows(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tpm               int
		prompt, maxTokens int // per call; the completion used is random in [1, maxTokens]
		latency           time.Duration
	}{
		{tpm: 30_000, prompt: 600, maxTokens: 1_500, latency: 2 * time.Second},
		{tpm: 200_000, prompt: 4_000, maxTokens: 4_000, latency: 500 * time.Millisecond},
		{tpm: 10_000, prompt: 200, maxTokens: 3_000, latency: 0},
		{tpm: 2_000_000, prompt: 900, maxTokens: 600, latency: 0},
		{tpm: 5_000, prompt: 1_000, maxTokens: 1_000, latency: time.Second}, // each call is 24 s of budget
	} {
		sent, cost, minutes := simulateTokens(t, tc.tpm, tc.prompt, tc.maxTokens, tc.latency, true)
		largest := slices.Max(cost)
		assert.LessOrEqual(t, maxInWindow(sent, cost, time.Minute), tc.tpm, "tpm %d: a minute", tc.tpm)
		assert.LessOrEqual(t, maxInWindow(sent, cost, time.Second), tc.tpm/60+largest, "tpm %d: a second", tc.tpm)
		total := 0
		for _, c := range cost {
			total += c
		}
		assert.Greater(t, float64(total)/minutes, 0.97*float64(tc.tpm-largest), "tpm %d: the long-run rate is kept", tc.tpm)
	}
}

// TestLimitTokenWindowsUnknownCompletion: without a completion budget the Limiter learns a
// call's completion only from the reply and charges it then, so a window may exceed tpm by the
// completion of the call in flight at its end, and no more.
func TestLimitTokenWindowsUnknownCompletion(t *testing.T) {
	t.Parallel()
	const tpm, prompt, maxCompletion = 30_000, 600, 1_500
	sent, cost, _ := simulateTokens(t, tpm, prompt, maxCompletion, time.Second, false)
	assert.LessOrEqual(t, maxInWindow(sent, cost, time.Minute), tpm+maxCompletion)
}

// simulateTokens runs calls one after another through Limit(m, 0, tpm) on simulated time for
// about 30 minutes at full speed and returns when each was sent, what the provider counted for
// it, and the minutes elapsed.
func simulateTokens(t *testing.T, tpm, prompt, maxTokens int, latency time.Duration, budget bool) ([]time.Time, []int, float64) {
	t.Helper()
	clk := &simClock{t: time.Unix(0, 0)}
	rng := rand.New(rand.NewPCG(uint64(tpm), 9))
	m := &simModel{clock: clk, latency: latency, tokens: func(int) (int, int) { return prompt, 1 + rng.IntN(maxTokens) }}
	l := Limit(m, 0, tpm)
	l.clock = clk
	// The estimate of a prompt of 4(n-1) bytes is n tokens, its true size here.
	msg := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, strings.Repeat("word", prompt-1))}
	var opts []llms.CallOption
	if budget {
		opts = append(opts, llms.WithMaxTokens(maxTokens))
	}
	for spent := 0; spent < 30*tpm; spent += m.cost[len(m.cost)-1] {
		_, err := l.GenerateContent(t.Context(), msg, opts...)
		require.NoError(t, err)
	}
	return m.sent, m.cost, clk.now().Sub(time.Unix(0, 0)).Minutes()
}

// TestLimitRareHugeCall is the fake-clock simulation with a rare huge call among tiny ones (issue
// 20): one caller, calls of 100 tokens and every 400th of up to a whole minute's tokens. No
// minute holds more than tpm, no second more than its share and one call, and a huge call costs
// at most the two minutes it must have: one for the tokens sent before it to leave the window,
// one for its own.
func TestLimitRareHugeCall(t *testing.T) {
	t.Parallel()
	for _, huge := range []int{20_000, 45_000, 59_000, 60_000} {
		const tpm = 60_000
		clk := &simClock{t: time.Unix(0, 0)}
		m := &simModel{clock: clk, latency: 200 * time.Millisecond, tokens: func(int) (int, int) { return 0, 0 }}
		l := Limit(m, 0, tpm)
		l.clock = clk
		tiny, big := prompt(50), prompt(huge-50)
		for k := range 4_000 {
			msgs := tiny
			if k%400 == 200 {
				msgs = big
			}
			_, err := l.GenerateContent(t.Context(), msgs, llms.WithMaxTokens(50))
			require.NoError(t, err)
			m.cost[len(m.cost)-1] = estimateTokens(msgs, []llms.CallOption{llms.WithMaxTokens(50)})
		}
		assert.LessOrEqual(t, maxInWindow(m.sent, m.cost, time.Minute), tpm, "huge %d: a minute", huge)
		assert.LessOrEqual(t, maxInWindow(m.sent, m.cost, time.Second), tpm/60+huge, "huge %d: a second", huge)
		tinyTokens, hugeCalls := 0, 0
		for _, c := range m.cost {
			if c == huge {
				hugeCalls++
			} else {
				tinyTokens += c
			}
		}
		// The tiny calls alone: the tokens' pace or one caller's latency, whichever is slower.
		alone := max(float64(tinyTokens)/tpm, float64(len(m.cost)-hugeCalls)*m.latency.Minutes())
		minutes := m.sent[len(m.sent)-1].Sub(m.sent[0]).Minutes()
		assert.Less(t, minutes, alone+2*float64(hugeCalls)+0.5, "huge %d: the budget is used", huge)
		t.Logf("huge %d: %.1f minutes; the tiny calls alone take %.1f, and %d huge calls", huge, minutes, alone, hugeCalls)
	}
}

// TestLimitFirstMinute pins the old failure: with a minute's burst, a busy first minute sent
// about twice tpm. Now the first minute stays within tpm.
func TestLimitFirstMinute(t *testing.T) {
	t.Parallel()
	const tpm = 60_000
	clk := &simClock{t: time.Unix(0, 0)}
	m := &simModel{clock: clk, tokens: func(int) (int, int) { return 250, 250 }}
	l := Limit(m, 0, tpm)
	l.clock = clk
	for clk.now().Before(time.Unix(60, 0)) {
		_, err := l.GenerateContent(t.Context(), hi())
		require.NoError(t, err)
	}
	first := 0
	for i, at := range m.sent {
		if at.Before(time.Unix(60, 0)) {
			first += m.cost[i]
		}
	}
	assert.LessOrEqual(t, first, tpm)
	assert.Greater(t, first, tpm*9/10)
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
	// 240 a minute: one every 250 ms. The per-call timeout of 100 ms must
	// not count the wait for the limiter, so no call times out.
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	r := Retry(Limit(m, 240, 0), append(fast, WithCallTimeout(100*time.Millisecond), WithAttempts(1))...)
	for i := range 6 {
		_, err := r.GenerateContent(t.Context(), hi())
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, 6, m.Calls())
}

// TestRetryWaitsForPacerThroughMeter: a Meter between a Retrier and a Limiter passes the pacing
// on, so the rate wait still does not count against the per-call timeout, and the Meter counts.
func TestRetryWaitsForPacerThroughMeter(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	meter := NewMeter(Limit(m, 240, 0))
	r := Retry(meter, append(fast, WithCallTimeout(100*time.Millisecond), WithAttempts(1))...)
	for i := range 4 {
		_, err := r.GenerateContent(t.Context(), hi())
		require.NoError(t, err, "call %d", i)
	}
	assert.Equal(t, 4, m.Calls())
	assert.Equal(t, int64(4), meter.Usage().Calls)
}

func TestTokens(t *testing.T) {
	t.Parallel()
	info := func(kv ...any) *llms.ContentChoice {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return &llms.ContentChoice{GenerationInfo: m}
	}
	resp := func(cs ...*llms.ContentChoice) *llms.ContentResponse { return &llms.ContentResponse{Choices: cs} }
	tests := []struct {
		name string
		resp *llms.ContentResponse
		want Usage
	}{
		{"nil", nil, Usage{}},
		{"no choices", resp(), Usage{}},
		{"total only", resp(nil, info("TotalTokens", 12)), Usage{TotalTokens: 12}},
		{"sum when no total", resp(info("PromptTokens", 5, "CompletionTokens", int64(7))), Usage{PromptTokens: 5, CompletionTokens: 7, TotalTokens: 12}},
		{"largest of copies, not the sum", resp(info("TotalTokens", 9.0), info("TotalTokens", 9)), Usage{TotalTokens: 9}},
		{"string is not a count", resp(info("TotalTokens", "12")), Usage{}},
		{"json.Number", resp(info("PromptTokens", json.Number("40"))), Usage{PromptTokens: 40, TotalTokens: 40}},
		{"negative", resp(info("PromptTokens", -3, "CompletionTokens", 2)), Usage{CompletionTokens: 2, TotalTokens: 2}},
		{"NaN", resp(info("TotalTokens", math.NaN())), Usage{}},
		// One rule for every reader: a large float count is counted (it was 0 for the limiter
		// and counted by the pipeline before), up to 2^53.
		{"large float", resp(info("TotalTokens", float64(math.MaxInt32))), Usage{TotalTokens: math.MaxInt32}},
		{"beyond 2^53", resp(info("TotalTokens", 1e300)), Usage{}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Tokens(tt.resp), tt.name)
	}
	assert.Equal(t, 1, estimateTokens(nil, nil))
	assert.Equal(t, 3, estimateTokens([]llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "12345678")}, nil))
	assert.Equal(t, 103, estimateTokens([]llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "12345678")}, []llms.CallOption{llms.WithMaxTokens(100)}),
		"the completion budget counts")
}
