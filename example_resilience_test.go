package evenhand_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"
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
