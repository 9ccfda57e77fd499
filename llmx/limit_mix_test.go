package llmx

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"golang.org/x/sync/errgroup"
)

// mixModel is a provider for many callers at once: it records when each call was sent and what
// it counts against the limit (the prompt and the completion budget, as OpenAI does), waits the
// latency, and reports the prompt tokens and the budget used.
type mixModel struct {
	latency time.Duration
	mu      sync.Mutex
	sent    []time.Time
	cost    []int
}

func (m *mixModel) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	var co llms.CallOptions
	for _, o := range opts {
		o(&co)
	}
	est := estimateTokens(msgs, opts) // the true size here: prompts are built to match the estimate
	m.mu.Lock()
	m.sent = append(m.sent, time.Now())
	m.cost = append(m.cost, est)
	m.mu.Unlock()
	if err := sleep(ctx, m.latency); err != nil {
		return nil, err
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "ok", GenerationInfo: map[string]any{
		"PromptTokens": est - co.MaxTokens, "CompletionTokens": co.MaxTokens, "TotalTokens": est}}}}, nil
}

func (m *mixModel) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// mix is a workload: calls of tiny prompts with a completion budget, and every hugeEvery-th call
// (from call hugeEvery/2) a prompt of huge tokens, sent by workers callers at once through
// Limit(m, rpm, tpm).
type mix struct {
	rpm, tpm, workers, calls int
	tiny, huge, hugeEvery    int // prompt tokens, and how often a huge prompt comes
	maxTokens                int
	latency                  time.Duration
}

// prompt returns a message whose estimate is n tokens, completion budget aside.
func prompt(n int) []llms.MessageContent {
	return []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, strings.Repeat("word", n-1))}
}

// simulate runs w on simulated time (testing/synctest: the clock moves when every goroutine
// waits) and returns when each call was sent and what it cost, in the order sent.
func simulate(t *testing.T, w mix) (sent []time.Time, cost []int) {
	synctest.Test(t, func(t *testing.T) {
		m := &mixModel{latency: w.latency}
		l := Limit(m, w.rpm, w.tpm)
		tiny, huge := prompt(w.tiny), prompt(w.huge)
		var next atomic.Int64
		var g errgroup.Group
		for range w.workers {
			g.Go(func() error {
				for {
					k := int(next.Add(1) - 1)
					if k >= w.calls {
						return nil
					}
					msgs := tiny
					if k%w.hugeEvery == w.hugeEvery/2 {
						msgs = huge
					}
					if _, err := l.GenerateContent(t.Context(), msgs, llms.WithMaxTokens(w.maxTokens)); err != nil {
						return fmt.Errorf("call %d: %w", k, err)
					}
				}
			})
		}
		require.NoError(t, g.Wait())
		sent, cost = m.sent, m.cost
	})
	return sent, cost
}

// TestLimitMixedCallSizes is issue 20's "llmx.Limit request bursts": a call that waits for
// tokens while holding the request it had reserved let the calls queued behind it reserve theirs,
// and when its tokens came they all went at once. With rpm 60, 8 callers, tiny calls and one
// 40,000-token call, a minute held 68 requests and a second 9 (limits 60 and 2); with rpm 120, 64
// callers and a 500,000-token call every 200, a minute held 184 and a second 66 (120 and 3).
// Now a call takes its request and its tokens at the moment it is sent, so no window goes over.
func TestLimitMixedCallSizes(t *testing.T) {
	t.Parallel()
	for _, w := range []mix{
		{rpm: 60, tpm: 100_000, workers: 8, calls: 400, tiny: 10, huge: 40_000, hugeEvery: 400, maxTokens: 20, latency: 2 * time.Second},
		{rpm: 120, tpm: 1_000_000, workers: 64, calls: 1_000, tiny: 10, huge: 500_000, hugeEvery: 200, maxTokens: 20, latency: 3 * time.Second},
		// A rare huge call among tiny ones, tokens only.
		{tpm: 60_000, workers: 16, calls: 3_000, tiny: 40, huge: 50_000, hugeEvery: 997, maxTokens: 60, latency: 500 * time.Millisecond},
		{tpm: 60_000, workers: 4, calls: 3_000, tiny: 40, huge: 59_000, hugeEvery: 500, maxTokens: 60, latency: 100 * time.Millisecond},
		{rpm: 600, tpm: 30_000, workers: 32, calls: 3_000, tiny: 100, huge: 20_000, hugeEvery: 300, maxTokens: 100, latency: time.Second},
	} {
		name := fmt.Sprintf("rpm %d tpm %d workers %d", w.rpm, w.tpm, w.workers)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sent, cost := simulate(t, w)
			require.Len(t, sent, w.calls)
			largest := slices.Max(cost)
			if w.rpm > 0 {
				n := ones(len(sent))
				minute, second := maxInWindow(sent, n, time.Minute), maxInWindow(sent, n, time.Second)
				t.Logf("requests: at most %d in a minute (limit %d), %d in a second (limit %d)", minute, w.rpm, second, w.rpm/60+1)
				assert.LessOrEqual(t, minute, w.rpm, "requests in a minute")
				assert.LessOrEqual(t, second, w.rpm/60+1, "requests in a second")
			}
			minute, second := maxInWindow(sent, cost, time.Minute), maxInWindow(sent, cost, time.Second)
			t.Logf("tokens: at most %d in a minute (limit %d), %d in a second (limit %d)", minute, w.tpm, second, w.tpm/60+largest)
			assert.LessOrEqual(t, minute, w.tpm, "tokens in a minute")
			assert.LessOrEqual(t, second, w.tpm/60+largest, "tokens in a second")
			// And the budget is used: the run takes about as long as the busier limit needs. A
			// call of most of tpm waits for the minute before it to empty, and the minute after
			// it has room for little else: a quarter more is allowed for that (the limiter before
			// issue 20, whose rate was tpm less the largest call, took longer than
			// this one on these workloads: 1.0 to 1.7 times).
			total := 0
			for _, c := range cost {
				total += c
			}
			need := time.Duration(float64(total) / float64(w.tpm) * float64(time.Minute))
			if w.rpm > 0 {
				need = max(need, time.Duration(len(sent)-1)*time.Minute/time.Duration(w.rpm))
			}
			took := sent[len(sent)-1].Sub(sent[0])
			t.Logf("took %v; the limits allow %v", took, need)
			assert.GreaterOrEqual(t, took, need-time.Minute, "faster than the limits allow")
			assert.LessOrEqual(t, took, need+need/4+time.Minute, "much slower than the limits allow")
		})
	}
}

// TestLimitCallTooLarge: a call estimated above tpm fits no minute. It fails at once, without
// being sent, uses nothing of the budget, and is not retried.
func TestLimitCallTooLarge(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := &mixModel{}
		l := Limit(m, 60, 10_000)
		start := time.Now()
		_, err := l.GenerateContent(t.Context(), prompt(9_000), llms.WithMaxTokens(2_000))
		require.ErrorIs(t, err, ErrCallTooLarge)
		assert.Contains(t, err.Error(), "about 11000 tokens")
		assert.False(t, Transient(err))
		r := Retry(l, fast...)
		_, err = r.GenerateContent(t.Context(), prompt(20_000))
		require.ErrorIs(t, err, ErrCallTooLarge)
		assert.Empty(t, m.sent, "nothing was sent")
		// The budget is whole: a call of the full tpm goes at once.
		_, err = l.GenerateContent(t.Context(), prompt(9_000), llms.WithMaxTokens(1_000))
		require.NoError(t, err)
		assert.Equal(t, []time.Time{start}, m.sent)
	})
}

// TestLimitCancelledWaiters: calls that give up while queued take nothing and hold nobody up;
// the calls behind them keep their order and their pace, and no goroutine is left behind.
func TestLimitCancelledWaiters(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		m := &mixModel{}
		l := Limit(m, 60, 0) // one request a second
		start := time.Now()
		var g errgroup.Group
		cancels := make([]context.CancelFunc, 6)
		for i := range cancels {
			ctx, cancel := context.WithCancel(t.Context())
			cancels[i] = cancel
			g.Go(func() error {
				_, err := l.GenerateContent(ctx, hi())
				return err
			})
			synctest.Wait() // queued in this order
		}
		time.Sleep(1500 * time.Millisecond) // call 0 went at 0 s, call 1 at 1 s
		cancels[3]()                        // in the middle of the queue
		cancels[2]()                        // first in the queue, sleeping until 2 s
		err := g.Wait()
		require.ErrorIs(t, err, context.Canceled)
		for _, c := range cancels {
			c()
		}
		require.Len(t, m.sent, 4)
		want := []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second}
		for i, at := range m.sent {
			assert.Equal(t, want[i], at.Sub(start), "call %d", i)
		}
		assert.Empty(t, l.queue)
	})
}

// TestLimitRealClock is one run on the real clock: 12 callers, rpm 1,200 (one request every
// 50 ms) and tpm 600,000 (10,000 a second), tiny calls and two of 6,000 tokens, about two
// seconds. A busy machine can only delay a call between the Limiter's decision and the model,
// never hasten it, so what is asserted is what delays cannot break: counted from the start, the
// k-th call is not sent before k intervals, and no more tokens than one call and the flow since
// the start. Windows that begin at a call are logged, not asserted: a late call shortens the gap
// after the call before it. The fake-clock tests check those exactly.
func TestLimitRealClock(t *testing.T) {
	t.Parallel()
	const rpm, tpm, calls = 1_200, 600_000, 40
	m := &mixModel{latency: 20 * time.Millisecond}
	l := Limit(m, rpm, tpm)
	interval := time.Minute / rpm
	start := time.Now()
	var next atomic.Int64
	var g errgroup.Group
	for range 12 {
		g.Go(func() error {
			for {
				k := int(next.Add(1) - 1)
				if k >= calls {
					return nil
				}
				msgs := prompt(50)
				if k == 10 || k == 25 {
					msgs = prompt(5_950)
				}
				if _, err := l.GenerateContent(t.Context(), msgs, llms.WithMaxTokens(50)); err != nil {
					return err
				}
			}
		})
	}
	require.NoError(t, g.Wait())
	took := time.Since(start)
	m.mu.Lock()
	sent, cost := slices.Clone(m.sent), slices.Clone(m.cost)
	m.mu.Unlock()
	require.Len(t, sent, calls)
	largest := slices.Max(cost)
	flow := 0
	for k, at := range sent { // sent in the order the model saw the calls: ascending
		assert.GreaterOrEqual(t, at.Sub(start), time.Duration(k)*interval, "call %d sent before its turn", k)
		flow += cost[k]
		allowed := float64(largest) + float64(tpm)/60*at.Sub(start).Seconds()
		assert.LessOrEqual(t, float64(flow), allowed+1, "tokens by call %d", k)
	}
	t.Logf("took %v; at most %d requests in a second (share %d plus one), %d tokens in a second (share %d plus one call of %d)",
		took.Round(time.Millisecond), maxInWindow(sent, ones(len(sent)), time.Second), rpm/60, maxInWindow(sent, cost, time.Second), tpm/60, largest)
}
