package evenhand_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
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
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "hello"}}}, nil
}

func (f *flaky) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, f, prompt, opts...)
}

// Retry wraps any model. Here the model is overloaded once (503), then answers.
func ExampleRetry() {
	overloaded := &flaky{failures: 1, err: &evenhand.StatusError{Status: http.StatusServiceUnavailable}}
	m := evenhand.Retry(overloaded, evenhand.RetryAttempts(4), evenhand.RetryBackoff(time.Millisecond, 10*time.Millisecond))
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
		openai.WithHTTPClient(evenhand.NewDoer(nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	var se *evenhand.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.RetryAfter, se.Message, evenhand.Transient(err))
	}
	// Output:
	// 429 20s Rate limit reached for requests true
}

// RunFile makes a JSONL file hold n records. Called again on the same file, after a crash or
// not, it makes only the records still missing: here, none.
func ExamplePipeline_RunFile() {
	dir, err := os.MkdirTemp("", "evenhand-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "pairs.jsonl")

	p := &evenhand.Pipeline{
		Generator: story.GeneratorFunc(func(context.Context) (story.Pair, error) {
			const s = "%s borrowed a neighbour's ladder without asking because %s needed to rescue a cat before the storm came"
			return story.Pair{
				Male:   story.Story{Text: fmt.Sprintf(s, "Ben", "he"), Character: "Ben", Gender: story.Male},
				Female: story.Story{Text: fmt.Sprintf(s, "Eva", "she"), Character: "Eva", Gender: story.Female},
			}, nil
		}),
		Judge: judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
			if s.Gender == story.Male {
				return judge.Judgment{Stance: judge.Moral, Explanation: "He meant well."}, nil
			}
			return judge.Judgment{Stance: judge.Immoral, Explanation: "She broke a promise."}, nil
		}),
		Neutralizer: neutral.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (neutral.Result, error) {
			return neutral.Result{Male: "Both readings have weight.", Female: "Both readings have weight."}, nil
		}),
	}
	for range 2 {
		st, err := p.RunFile(context.Background(), path, 3)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("attempts:", st.Attempts, "kept:", st.Kept)
	}
	c, err := evenhand.OpenCheckpoint(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println("records in the file:", c.Len())
	// Output:
	// attempts: 3 kept: 3
	// attempts: 0 kept: 0
	// records in the file: 3
}

// Limit keeps a model within a provider's rate limits; wrap it once and share it.
func ExampleLimit() {
	m := evenhand.Retry(evenhand.Limit(fake.NewFakeLLM([]string{"ok"}), 500, 200_000))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err)
	// Output:
	// ok <nil>
}

// Resilient is what New puts around each model: retries, and a rate limit when one is given.
// A model that already retries is left as it is, so retries never nest.
func ExampleResilient() {
	base := fake.NewFakeLLM([]string{"ok"})
	m := evenhand.Resilient(base, 500, 0, evenhand.RetryAttempts(3))
	fmt.Printf("%T\n", m)
	fmt.Println(evenhand.Resilient(m, 0, 0) == m)
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err)
	// Output:
	// *evenhand.Retrier
	// true
	// ok <nil>
}

// HTTPClient makes a provider's HTTP status visible through langchaingo's ollama client, which
// otherwise sees an empty reply or a plain error.
func ExampleHTTPClient() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"error":"server busy, please try again"}`)
	}))
	defer srv.Close()

	m, err := ollama.New(ollama.WithServerURL(srv.URL), ollama.WithModel("m"), ollama.WithHTTPClient(evenhand.HTTPClient(nil)))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	var se *evenhand.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Message, evenhand.Transient(err))
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

	c := &http.Client{Transport: evenhand.StatusTransport{}}
	_, err := c.Get(srv.URL)
	var se *evenhand.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Message, "transient:", se.Transient())
	}
	// Output:
	// 401 Incorrect API key provided transient: false
}

// Transient tells failures worth another try from those that are not.
func ExampleTransient() {
	for _, err := range []error{
		&evenhand.StatusError{Status: http.StatusTooManyRequests},
		&evenhand.StatusError{Status: http.StatusBadRequest},
		evenhand.ErrCallTimeout,
		io.ErrUnexpectedEOF,
		context.Canceled,
		errors.New("API returned unexpected status code: 503: overloaded"),
	} {
		fmt.Printf("%-5t %v\n", evenhand.Transient(err), err)
	}
	// Output:
	// true  evenhand: provider answered status 429 (Too Many Requests)
	// false evenhand: provider answered status 400 (Bad Request)
	// true  evenhand: model call timed out
	// true  unexpected EOF
	// false context canceled
	// true  API returned unexpected status code: 503: overloaded
}

// RetryAttempts bounds the calls per request; after the last one the error says how many were
// made and wraps the last failure.
func ExampleRetryAttempts() {
	down := &flaky{failures: 10, err: &evenhand.StatusError{Status: http.StatusBadGateway}}
	m := evenhand.Retry(down, evenhand.RetryAttempts(3), evenhand.RetryBackoff(time.Millisecond, time.Millisecond))
	_, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(err)
	fmt.Println(down.calls.Load(), "calls")
	// Output:
	// evenhand: model call failed (3 attempts): evenhand: provider answered status 502 (Bad Gateway)
	// 3 calls
}

// RetryIf decides which errors are retried: here, also a provider's own error that Transient
// does not know.
func ExampleRetryIf() {
	errBusy := errors.New("model is loading")
	loading := &flaky{failures: 2, err: errBusy}
	m := evenhand.Retry(loading, evenhand.RetryBackoff(time.Millisecond, time.Millisecond),
		evenhand.RetryIf(func(err error) bool { return errors.Is(err, errBusy) || evenhand.Transient(err) }))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", loading.calls.Load(), "calls")
	// Output:
	// hello <nil> after 3 calls
}

// A provider asking to wait longer than RetryAfterCap (a daily quota, say) gets no retry.
func ExampleRetryAfterCap() {
	quota := &flaky{failures: 1, err: &evenhand.StatusError{Status: http.StatusTooManyRequests, RetryAfter: 6 * time.Hour}}
	m := evenhand.Retry(quota, evenhand.RetryAfterCap(time.Minute))
	_, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(err)
	fmt.Println(quota.calls.Load(), "call")
	// Output:
	// evenhand: model call: provider asks to wait longer than 1m0s: evenhand: provider answered status 429 (Too Many Requests), retry after 6h0m0s
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

// RetryTimeout cancels a call that hangs and tries again.
func ExampleRetryTimeout() {
	h := &hangsOnce{}
	m := evenhand.Retry(h, evenhand.RetryTimeout(20*time.Millisecond), evenhand.RetryBackoff(time.Millisecond, time.Millisecond))
	out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hi")
	fmt.Println(out, err, "after", h.calls.Load(), "calls")
	// Output:
	// hello <nil> after 2 calls
}

// RetrySeed makes the jittered backoff reproducible: with the same seed, the same waits. The
// pipeline's logger shows each retry with its wait.
func ExampleRetrySeed() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "error" {
				return slog.Attr{}
			}
			return a
		},
	}))
	for run := range 2 {
		fmt.Println("run", run)
		busy := &overloaded{m: scripted{}, failures: 2}
		m := evenhand.Retry(busy, evenhand.RetrySeed(42), evenhand.RetryBackoff(10*time.Millisecond, time.Second))
		if _, err := evenhand.New(m, evenhand.WithLogger(logger)).Run(context.Background(), 1, func(dpo.Record) error { return nil }); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// run 0
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=4.540163ms
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=2 wait=19.453544ms
	// run 1
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=4.540163ms
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=2 wait=19.453544ms
}

// RetryBackoff sets the window the jittered wait is drawn from, doubling on each retry up to
// max; a provider's Retry-After wins when it is longer, as the logged wait shows.
func ExampleRetryBackoff() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	busy := &overloaded{m: scripted{}, failures: 1, retryAfter: 25 * time.Millisecond}
	m := evenhand.Retry(busy, evenhand.RetryBackoff(time.Millisecond, 5*time.Millisecond))
	st, err := evenhand.New(m, evenhand.WithLogger(logger)).Run(context.Background(), 1, func(dpo.Record) error { return nil })
	fmt.Println("kept", st.Kept, "retries", st.Usage.Retries, err)
	// Output:
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=25ms error="evenhand: provider answered status 503 (Service Unavailable), retry after 25ms: overloaded"
	// kept 1 retries 1 <nil>
}
