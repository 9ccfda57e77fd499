package llmx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand/llmx"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// flaky stands in for a provider under load: its first failures calls fail with err, the
// later ones answer "hello". It counts its calls.
type flaky struct {
	failures int64
	err      error
	calls    atomic.Int64
}

func (f *flaky) GenerateContent(context.Context, []llms.MessageContent, ...llms.CallOption) (*llms.ContentResponse, error) {
	if f.calls.Add(1) <= f.failures {
		return nil, f.err
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "hello", GenerationInfo: map[string]any{
		"PromptTokens": 8, "CompletionTokens": 2, "TotalTokens": 10}}}}, nil
}

func (f *flaky) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, f, prompt, opts...)
}

// Retry wraps any model. Here the model is overloaded once (503), then answers.
func ExampleRetry() {
	overloaded := &flaky{failures: 1, err: &llmx.StatusError{Status: http.StatusServiceUnavailable}}
	m := llmx.Retry(overloaded, llmx.WithAttempts(4), llmx.WithBackoff(time.Millisecond, 10*time.Millisecond))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", overloaded.calls.Load(), "calls")
	// Output:
	// hello <nil> after 2 calls
}

// NewDoer makes an OpenAI-compatible server's status visible through langchaingo's openai
// client, which otherwise reports it only as text.
func ExampleNewDoer() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"message":"Rate limit reached for requests"}}`)
	}))
	defer srv.Close()

	m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("sk-example"), openai.WithModel("m"),
		openai.WithHTTPClient(llmx.NewDoer(nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	var se *llmx.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.RetryAfter, se.Message, llmx.Transient(err))
	}
	// Output:
	// 429 20s Rate limit reached for requests true
}

// Limit keeps a model within a provider's rate limits; wrap it once and share it.
func ExampleLimit() {
	m := llmx.Retry(llmx.Limit(fake.NewFakeLLM([]string{"ok"}), 500, 200_000))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err)
	// Output:
	// ok <nil>
}

// Resilient puts retries around a model, and a rate limit below them when one is given. A model
// that already retries is rebuilt rather than wrapped again: retries never nest, and its options
// are kept unless overridden.
// A call whose estimate (a token per 4 bytes of prompt, plus its completion budget) is above the
// tokens per minute fits no minute: it fails at once, unsent, and is not retried.
func ExampleLimit_callTooLarge() {
	m := &flaky{}
	l := llmx.Retry(llmx.Limit(m, 500, 10_000))
	_, err := l.GenerateContent(context.Background(),
		[]llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "Summarise this report.")},
		llms.WithMaxTokens(16_000))
	fmt.Println(errors.Is(err, llmx.ErrCallTooLarge), llmx.Transient(err), m.calls.Load())
	fmt.Println(err)
	// Output:
	// true false 0
	// llmx: call larger than the tokens-per-minute limit: about 16006 tokens (prompt and completion budget), the limit is 10000 a minute
}

func ExampleResilient() {
	flakyProvider := &flaky{failures: 3, err: &llmx.StatusError{Status: http.StatusBadGateway}}
	own := llmx.Retry(flakyProvider, llmx.WithAttempts(2), llmx.WithBackoff(time.Millisecond, time.Millisecond))
	m := llmx.Resilient(own, 500, 0, llmx.WithAttempts(4))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", flakyProvider.calls.Load(), "calls")
	// Output:
	// hello <nil> after 4 calls
}

// A Meter counts the calls made through it, the retries below it, and the tokens reported.
func ExampleMeter() {
	provider := &flaky{failures: 1, err: &llmx.StatusError{Status: http.StatusServiceUnavailable}}
	m := llmx.NewMeter(llmx.Retry(provider, llmx.WithBackoff(time.Millisecond, time.Millisecond)))
	for range 3 {
		if _, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi"); err != nil {
			fmt.Println(err)
		}
	}
	u := m.Usage()
	fmt.Println("calls:", u.Calls, "retries:", u.Retries, "tokens:", u.TotalTokens)
	// Output:
	// calls: 3 retries: 1 tokens: 30
}

// WithOnRetry reports each retry as it happens, with the wait chosen; WithJitterSeed makes the jittered
// waits reproducible.
func ExampleWithOnRetry() {
	for run := range 2 {
		provider := &flaky{failures: 2, err: &llmx.StatusError{Status: http.StatusServiceUnavailable}}
		m := llmx.NewMeter(llmx.Retry(provider, llmx.WithJitterSeed(42), llmx.WithBackoff(10*time.Millisecond, time.Second)),
			llmx.WithOnRetry(func(ev llmx.RetryEvent) { fmt.Println("run", run, "attempt", ev.Attempt, "failed; waiting", ev.Wait) }))
		if _, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi"); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// run 0 attempt 1 failed; waiting 4.540163ms
	// run 0 attempt 2 failed; waiting 19.453544ms
	// run 1 attempt 1 failed; waiting 4.540163ms
	// run 1 attempt 2 failed; waiting 19.453544ms
}

// WithBackoff sets the window the jittered wait is drawn from, doubling on each retry up to
// max; a provider's Retry-After wins when it is longer.
func ExampleWithBackoff() {
	provider := &flaky{failures: 1, err: &llmx.StatusError{Status: http.StatusServiceUnavailable, RetryAfter: 25 * time.Millisecond}}
	m := llmx.NewMeter(llmx.Retry(provider, llmx.WithBackoff(time.Millisecond, 5*time.Millisecond)),
		llmx.WithOnRetry(func(ev llmx.RetryEvent) { fmt.Println("waited", ev.Wait, "after:", ev.Err) }))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err)
	// Output:
	// waited 25ms after: llmx: provider answered status 503 (Service Unavailable), retry after 25ms
	// hello <nil>
}

// Redact cuts credentials out of text, including the halves of a long key that providers echo.
func ExampleRedact() {
	const key = "sk-proj-0123456789abcdefXYZ"
	fmt.Println(llmx.Redact("Incorrect API key provided: sk-proj-...bcdefXYZ; key "+key, key))
	// Output:
	// Incorrect API key provided: [redacted]...[redacted]; key [redacted]
}

// Secrets finds the credentials a request carries, so that a reply which quotes them can be
// cleaned with Redact before it becomes an error.
func ExampleSecrets() {
	req, _ := http.NewRequest(http.MethodPost, "https://api.example.com/v1/batches", nil)
	req.Header.Set("Authorization", "Bearer sk-proj-0123456789abcdefXYZ")
	body := `{"error":{"message":"Incorrect API key provided: Bearer sk-proj-0123456789abcdefXYZ"}}`
	fmt.Println(llmx.Redact(body, llmx.Secrets(req)...))
	// Output:
	// {"error":{"message":"Incorrect API key provided: [redacted]"}}
}

// HTTPClient makes a provider's HTTP status visible through langchaingo's ollama client, which
// otherwise sees an empty reply or a plain error.
func ExampleHTTPClient() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":"server busy, please try again"}`)
	}))
	defer srv.Close()

	m, err := ollama.New(ollama.WithServerURL(srv.URL), ollama.WithModel("m"), ollama.WithHTTPClient(llmx.HTTPClient(nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	var se *llmx.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Message, llmx.Transient(err))
	}
	// Output:
	// 503 server busy, please try again true
}

// StatusTransport turns error statuses into *StatusError for any HTTP client.
func ExampleStatusTransport() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"message":"Incorrect API key provided"}}`)
	}))
	defer srv.Close()

	c := &http.Client{Transport: llmx.StatusTransport{}}
	_, err := c.Get(srv.URL)
	var se *llmx.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Message, "transient:", se.Transient())
	}
	// Output:
	// 401 Incorrect API key provided transient: false
}

// Transient tells failures worth another try from those that are not.
func ExampleTransient() {
	for _, err := range []error{
		&llmx.StatusError{Status: http.StatusTooManyRequests},
		&llmx.StatusError{Status: http.StatusBadRequest},
		&llmx.StatusError{Status: http.StatusTooManyRequests, Code: "insufficient_quota"},
		llmx.ErrCallTimeout,
		io.ErrUnexpectedEOF,
		context.Canceled,
		errors.New("API returned unexpected status code: 503: overloaded"),
	} {
		fmt.Printf("%-5t %v\n", llmx.Transient(err), err)
	}
	// Output:
	// true  llmx: provider answered status 429 (Too Many Requests)
	// false llmx: provider answered status 400 (Bad Request)
	// false llmx: provider answered status 429 (Too Many Requests) [insufficient_quota]
	// true  llmx: model call timed out
	// true  unexpected EOF
	// false context canceled
	// true  API returned unexpected status code: 503: overloaded
}

// WithAttempts bounds the calls per request; after the last one the error says how many were
// made and wraps the last failure.
func ExampleWithAttempts() {
	down := &flaky{failures: 10, err: &llmx.StatusError{Status: http.StatusBadGateway}}
	m := llmx.Retry(down, llmx.WithAttempts(3), llmx.WithBackoff(time.Millisecond, time.Millisecond))
	_, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(err)
	fmt.Println(down.calls.Load(), "calls")
	// Output:
	// llmx: model call failed (3 attempts): llmx: provider answered status 502 (Bad Gateway)
	// 3 calls
}

// WithRetryIf decides which errors are retried: here, also a provider's own error that Transient
// does not know.
func ExampleWithRetryIf() {
	errBusy := errors.New("model is loading")
	loading := &flaky{failures: 2, err: errBusy}
	m := llmx.Retry(loading, llmx.WithBackoff(time.Millisecond, time.Millisecond),
		llmx.WithRetryIf(func(err error) bool { return errors.Is(err, errBusy) || llmx.Transient(err) }))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", loading.calls.Load(), "calls")
	// Output:
	// hello <nil> after 3 calls
}

// A provider asking to wait longer than WithRetryAfterCap (a daily quota, say) gets no retry.
func ExampleWithRetryAfterCap() {
	quota := &flaky{failures: 1, err: &llmx.StatusError{Status: http.StatusTooManyRequests, RetryAfter: 6 * time.Hour}}
	m := llmx.Retry(quota, llmx.WithRetryAfterCap(time.Minute))
	_, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(err)
	fmt.Println(quota.calls.Load(), "call")
	// Output:
	// llmx: model call: provider asks to wait longer than 1m0s: llmx: provider answered status 429 (Too Many Requests), retry after 6h0m0s
	// 1 call
}

// hangsOnce stands in for a provider whose first call hangs: it blocks until its context ends.
type hangsOnce struct{ calls atomic.Int64 }

func (h *hangsOnce) GenerateContent(ctx context.Context, _ []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	if h.calls.Add(1) == 1 {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "hello"}}}, nil
}

func (h *hangsOnce) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, h, prompt, opts...)
}

// WithCallTimeout cancels a call that hangs and tries again.
func ExampleWithCallTimeout() {
	h := &hangsOnce{}
	m := llmx.Retry(h, llmx.WithCallTimeout(20*time.Millisecond), llmx.WithBackoff(time.Millisecond, time.Millisecond))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", h.calls.Load(), "calls")
	// Output:
	// hello <nil> after 2 calls
}
