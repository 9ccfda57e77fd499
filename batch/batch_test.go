package batch_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/evenhand/evenhand/llmx"
	"github.com/openai/openai-go/v3/option"
	"github.com/tmc/langchaingo/llms"
	"go.uber.org/goleak"
)

var _ = anthropic.Model("")

// reply is the scripted model of these tests: a judge-style answer that depends only on the prompt.
func reply(prompt string) string {
	h := fnv.New32a()
	h.Write([]byte(prompt))
	stances := []string{"A. Moral", "B. Immoral", "C. Both", "D. Can't say"}
	s := h.Sum32()
	return fmt.Sprintf("STANCE: %s\nEXPLANATION: reason %d.", stances[s%4], s%1000)
}

// fast are the options that make the fakes quick: a short quiet period and fast polls.
func fast(quiet time.Duration) []batch.Option {
	return []batch.Option{batch.WithQuietPeriod(quiet), batch.WithPollInterval(time.Millisecond, 10*time.Millisecond)}
}

// newOpenAI serves f and returns a backend speaking to it.
func newOpenAI(t testing.TB, f *batchfake.OpenAI) *batch.OpenAI {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return batch.NewOpenAI("gpt-test", option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey("test-key"), option.WithMaxRetries(0))
}

func newAnthropic(t testing.TB, f *batchfake.Anthropic) *batch.Anthropic {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return batch.NewAnthropic("claude-test", aoption.WithBaseURL(srv.URL+"/"), aoption.WithAPIKey("test-key"), aoption.WithMaxRetries(0))
}

// backends runs fn against each provider's fake.
func backends(t *testing.T, script batchfake.Script, fn func(t *testing.T, b batch.Backend, stats func() batchfake.Stats)) {
	t.Run("openai", func(t *testing.T) {
		f := &batchfake.OpenAI{Reply: reply, Script: script}
		fn(t, newOpenAI(t, f), f.Stats)
	})
	t.Run("anthropic", func(t *testing.T) {
		f := &batchfake.Anthropic{Reply: reply, Script: script}
		fn(t, newAnthropic(t, f), f.Stats)
	})
}

func ask(ctx context.Context, m llms.Model, prompt string) (string, *llms.ContentResponse, error) {
	resp, err := m.GenerateContent(ctx, []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)}, llms.WithTemperature(0))
	if err != nil {
		return "", resp, err
	}
	return resp.Choices[0].Content, resp, nil
}

// askAll asks n prompts at once and returns the replies by index.
func askAll(ctx context.Context, m llms.Model, n int) ([]string, []error) {
	out, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { out[i], _, errs[i] = ask(ctx, m, fmt.Sprintf("prompt %d", i)) })
	}
	wg.Wait()
	return out, errs
}

func TestOneBatchForConcurrentCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	backends(t, batchfake.Script{Steps: 2}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		var events []batch.Event
		var mu sync.Mutex
		m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithOnEvent(func(e batch.Event) {
			mu.Lock()
			events = append(events, e)
			mu.Unlock()
		}))...)
		defer m.Close()
		got, errs := askAll(context.Background(), m, 40)
		for i := range got {
			if errs[i] != nil {
				t.Fatalf("call %d: %v", i, errs[i])
			}
			if want := reply(fmt.Sprintf("prompt %d", i)); got[i] != want {
				t.Errorf("call %d = %q, want %q", i, got[i], want)
			}
		}
		s := stats()
		if s.Creations != 1 || s.Answered != 40 || s.Requests != 40 {
			t.Errorf("server saw %d batches, %d requests, %d answered; want 1, 40, 40", s.Creations, s.Requests, s.Answered)
		}
		// The loop reports EventEnded after it has answered the calls: Close waits for the loop,
		// so every event has been reported once it returns.
		m.Close()
		mu.Lock()
		defer mu.Unlock()
		kinds := map[batch.EventKind]int{}
		for _, e := range events {
			kinds[e.Kind]++
		}
		if kinds[batch.EventSubmitted] != 1 || kinds[batch.EventEnded] != 1 || kinds[batch.EventPolled] < 2 {
			t.Errorf("events %v: want one submission, some polls, one end", kinds)
		}
	})
}

func TestUsageInGenerationInfo(t *testing.T) {
	defer goleak.VerifyNone(t)
	backends(t, batchfake.Script{}, func(t *testing.T, b batch.Backend, _ func() batchfake.Stats) {
		m := batch.New(b, fast(time.Millisecond)...)
		defer m.Close()
		_, resp, err := ask(context.Background(), m, "one two three")
		if err != nil {
			t.Fatal(err)
		}
		info := resp.Choices[0].GenerationInfo
		p, _ := info["PromptTokens"].(int)
		c, _ := info["CompletionTokens"].(int)
		tot, _ := info["TotalTokens"].(int)
		if p != 3 || c == 0 || tot != p+c {
			t.Errorf("GenerationInfo = %v: want PromptTokens 3, CompletionTokens > 0, TotalTokens their sum", info)
		}
		if id, _ := info["BatchID"].(string); id == "" {
			t.Errorf("GenerationInfo = %v: no BatchID", info)
		}
	})
}

func TestPartialErrorsAreResubmitted(t *testing.T) {
	defer goleak.VerifyNone(t)
	// Every third request fails with 500 in its first batch: the batcher sends those again.
	fail := func(id, prompt string, attempt int) int {
		if attempt == 0 && hashOf(prompt)%3 == 0 {
			return http.StatusInternalServerError
		}
		return 0
	}
	backends(t, batchfake.Script{Fail: fail}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(30))...)
		defer m.Close()
		got, errs := askAll(context.Background(), m, 30)
		for i := range got {
			if errs[i] != nil || got[i] != reply(fmt.Sprintf("prompt %d", i)) {
				t.Errorf("call %d = %q, %v", i, got[i], errs[i])
			}
		}
		s := stats()
		if s.Creations != 2 || s.Answered != 30 || s.Requests != 30+s.Failed || s.Failed == 0 {
			t.Errorf("stats %+v: want 2 batches, the second with only the %d failed requests", s, s.Failed)
		}
	})
}

func hashOf(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func TestPermanentErrorIsReturned(t *testing.T) {
	defer goleak.VerifyNone(t)
	fail := func(id, prompt string, attempt int) int {
		if prompt == "prompt 3" {
			return http.StatusBadRequest
		}
		return 0
	}
	backends(t, batchfake.Script{Fail: fail}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(5))...)
		defer m.Close()
		_, errs := askAll(context.Background(), m, 5)
		var rerr *batch.RequestError
		if !errors.As(errs[3], &rerr) || rerr.Status != http.StatusBadRequest || rerr.Retryable() {
			t.Fatalf("call 3: %v, want a non-retryable RequestError with status 400", errs[3])
		}
		for i, err := range errs {
			if i != 3 && err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		}
		if s := stats(); s.Creations != 1 {
			t.Errorf("%d batches, want 1 (a 400 is not resubmitted)", s.Creations)
		}
	})
}

func TestExpiredAndCancelledBatchesResubmitWhatIsMissing(t *testing.T) {
	for _, outcome := range []string{"expired", "cancelled"} {
		t.Run(outcome, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			script := batchfake.Script{Outcome: func(n int) string {
				if n == 0 {
					return outcome
				}
				return ""
			}}
			backends(t, script, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
				m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(20))...)
				defer m.Close()
				got, errs := askAll(context.Background(), m, 20)
				for i := range got {
					if errs[i] != nil || got[i] != reply(fmt.Sprintf("prompt %d", i)) {
						t.Errorf("call %d = %q, %v", i, got[i], errs[i])
					}
				}
				if s := stats(); s.Creations != 2 || s.Requests != 30 || s.Answered != 20 {
					t.Errorf("stats %+v: want 2 batches, the second with the 10 unanswered requests", s)
				}
			})
		})
	}
}

func TestFailedBatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	script := batchfake.Script{Outcome: func(int) string { return "failed" }}
	backends(t, script, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(4))...)
		defer m.Close()
		_, errs := askAll(context.Background(), m, 4)
		for i, err := range errs {
			var rerr *batch.RequestError
			if !errors.As(err, &rerr) || rerr.Retryable() {
				t.Errorf("call %d: %v, want a non-retryable RequestError", i, err)
			}
		}
		if s := stats(); s.Creations != 1 || s.Answered != 0 {
			t.Errorf("stats %+v: want 1 batch, nothing answered", s)
		}
	})
}

func TestCancelWithdrawsUnsubmitted(t *testing.T) {
	defer goleak.VerifyNone(t)
	backends(t, batchfake.Script{}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, fast(batch.DefaultQuiet)...)
		defer m.Close()
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var cancelledErr error
		wg.Go(func() { _, _, cancelledErr = ask(ctx, m, "withdrawn") })
		time.Sleep(20 * time.Millisecond) // the quiet period is far from over
		cancel()
		wg.Wait()
		if !errors.Is(cancelledErr, context.Canceled) {
			t.Fatalf("cancelled call: %v, want context.Canceled", cancelledErr)
		}
		got, _, err := ask(context.Background(), m, "kept")
		if err != nil || got != reply("kept") {
			t.Fatalf("second call = %q, %v", got, err)
		}
		if s := stats(); s.Creations != 1 || s.Requests != 1 {
			t.Errorf("stats %+v: want one batch holding only the kept request", s)
		}
	})
}

func TestBatchCancelledWhenCallersLeave(t *testing.T) {
	defer goleak.VerifyNone(t)
	hold := func(int) bool { return true }
	backends(t, batchfake.Script{Hold: hold}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		submitted := make(chan struct{}, 1)
		m := batch.New(b, append(fast(10*time.Millisecond), batch.WithOnEvent(func(e batch.Event) {
			if e.Kind == batch.EventSubmitted {
				submitted <- struct{}{}
			}
		}))...)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for i := range 3 {
			wg.Go(func() { _, _, _ = ask(ctx, m, fmt.Sprint("held ", i)) })
		}
		<-submitted
		cancel()
		wg.Wait()
		// The loop cancels the batch before it ends; Close waits for it.
		deadline := time.Now().Add(5 * time.Second)
		for stats().Cancels == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		m.Close()
		if s := stats(); s.Cancels != 1 {
			t.Errorf("%d cancel calls, want 1", s.Cancels)
		}
	})
}

func TestUnsupportedOptions(t *testing.T) {
	oa := batch.NewOpenAI("m", option.WithBaseURL("http://127.0.0.1:1/v1/"), option.WithAPIKey("k"))
	an := batch.NewAnthropic("m", aoption.WithBaseURL("http://127.0.0.1:1/"), aoption.WithAPIKey("k"))
	stream := llms.WithStreamingFunc(func(context.Context, []byte) error { return nil })
	cases := []struct {
		name string
		b    batch.Backend
		opt  llms.CallOption
	}{
		{"openai streaming", oa, stream},
		{"openai tools", oa, llms.WithTools([]llms.Tool{{Type: "function"}})},
		{"openai top k", oa, llms.WithTopK(5)},
		{"anthropic streaming", an, stream},
		{"anthropic n", an, llms.WithN(2)},
		{"anthropic json", an, llms.WithJSONMode()},
		{"anthropic seed", an, llms.WithSeed(3)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := batch.New(c.b)
			defer m.Close()
			_, err := m.GenerateContent(context.Background(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "x")}, c.opt)
			if !errors.Is(err, batch.ErrUnsupported) {
				t.Errorf("err = %v, want ErrUnsupported", err)
			}
		})
	}
	_, err := batch.New(oa).GenerateContent(context.Background(), []llms.MessageContent{{Role: llms.ChatMessageTypeHuman, Parts: []llms.ContentPart{llms.ImageURLContent{URL: "http://x"}}}})
	if !errors.Is(err, batch.ErrUnsupported) || !strings.Contains(err.Error(), "only text") {
		t.Errorf("image part: %v", err)
	}
}

func TestOpenAIBody(t *testing.T) {
	oa := batch.NewOpenAI("default-model")
	msgs := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeSystem, "sys"), llms.TextParts(llms.ChatMessageTypeHuman, "hi")}
	var o llms.CallOptions
	for _, f := range []llms.CallOption{llms.WithModel("gpt-x"), llms.WithTemperature(0.5), llms.WithMaxTokens(7), llms.WithN(2), llms.WithStopWords([]string{"END"}), llms.WithJSONMode()} {
		f(&o)
	}
	body, err := oa.Encode(batch.Call{Messages: msgs, Options: o})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"model":"gpt-x","messages":[{"role":"system","content":"sys"},{"role":"user","content":"hi"}],"temperature":0.5,"max_completion_tokens":7,"n":2,"stop":["END"],"response_format":{"type":"json_object"}}`
	if string(body) != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
	an := batch.NewAnthropic("claude-default")
	body, err = an.Encode(batch.Call{Messages: msgs, Options: llms.CallOptions{Temperature: 0.2, StopWords: []string{"END"}}})
	if err != nil {
		t.Fatal(err)
	}
	want = `{"model":"claude-default","max_tokens":1024,"system":"sys","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"stop_sequences":["END"]}`
	if string(body) != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
}

func TestRetryUnderstandsRequestErrors(t *testing.T) {
	defer goleak.VerifyNone(t)
	// The batcher itself submits once (Attempts(1)); llmx.Retry asks again after a 529 (overloaded), and
	// the second ask (a new request key) is answered.
	fail := func(id, prompt string, attempt int) int {
		if strings.HasSuffix(id, "-0") {
			return 529
		}
		return 0
	}
	backends(t, batchfake.Script{Fail: fail}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, append(fast(20*time.Millisecond), batch.WithAttempts(1))...)
		defer m.Close()
		_, _, err := ask(context.Background(), m, "flaky")
		var se *llmx.StatusError
		if !errors.As(err, &se) || se.Status != 529 || !llmx.Transient(err) {
			t.Fatalf("err = %v, want a transient llmx.StatusError 529", err)
		}
		r := llmx.Retry(m, llmx.WithBackoff(time.Millisecond, time.Millisecond), llmx.WithCallTimeout(0))
		got, _, err := ask(context.Background(), r, "flaky")
		if err != nil || got != reply("flaky") {
			t.Fatalf("through Retry: %q, %v", got, err)
		}
	})
}

// smallBatches is the OpenAI backend with a tiny size limit per batch.
type smallBatches struct{ *batch.OpenAI }

func (smallBatches) MaxBytes() int { return 1200 }

func TestQueueCutBySize(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the server's own cleanup
	f := &batchfake.OpenAI{Reply: reply}
	m := batch.New(smallBatches{newOpenAI(t, f)}, fast(batch.DefaultQuiet)...)
	defer m.Close()
	got, errs := askAll(context.Background(), m, 12)
	for i := range got {
		if errs[i] != nil || got[i] != reply(fmt.Sprintf("prompt %d", i)) {
			t.Errorf("call %d = %q, %v", i, got[i], errs[i])
		}
	}
	// Each request counts its body (about 100 bytes) and 128 bytes of framing: 5 per batch.
	if s := f.Stats(); s.Creations != 3 || s.Requests != 12 {
		t.Errorf("stats %+v: want 12 requests cut into 3 batches by size", s)
	}
}
