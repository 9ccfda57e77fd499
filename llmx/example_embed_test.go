package llmx_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/evenhand/evenhand/llmx"
)

// overloadedEmbedder fails its first calls with a 503 (an *llmx.StatusError, as a provider's
// client with llmx.NewDoer reports it), then embeds each text as [its length, 1].
type overloadedEmbedder struct{ failures int }

func (e *overloadedEmbedder) EmbedDocuments(_ context.Context, texts []string) ([][]float32, error) {
	if e.failures > 0 {
		e.failures--
		return nil, &llmx.StatusError{Status: http.StatusServiceUnavailable, RetryAfter: 2 * time.Millisecond}
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = []float32{float32(len(t)), 1}
	}
	return out, nil
}

func (e *overloadedEmbedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	v, err := e.EmbedDocuments(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

// RetryEmbedder retries an embedder's transient failures with the options and the policy of
// Retry, waiting at least the provider's Retry-After.
func ExampleRetryEmbedder() {
	e := llmx.RetryEmbedder(&overloadedEmbedder{failures: 2}, llmx.WithBackoff(time.Millisecond, time.Millisecond))
	vecs, err := e.EmbedDocuments(context.Background(), []string{"a story", "another story"})
	fmt.Println(vecs, err)

	down := llmx.RetryEmbedder(&overloadedEmbedder{failures: 5}, llmx.WithAttempts(2), llmx.WithBackoff(time.Millisecond, time.Millisecond))
	_, err = down.EmbedQuery(context.Background(), "a story")
	var se *llmx.StatusError
	fmt.Println(errors.As(err, &se), se.Status)
	fmt.Println(err)
	// Output:
	// [[7 1] [13 1]] <nil>
	// true 503
	// llmx: embedding call failed (2 attempts): llmx: provider answered status 503 (Service Unavailable), retry after 2ms
}

// LimitEmbedder keeps embedding calls within requests and tokens per minute. Tokens are
// estimated from the texts (a token per 4 bytes of each text, plus one per text): a call
// estimated above the tokens per minute is refused without being sent.
func ExampleLimitEmbedder() {
	e := llmx.LimitEmbedder(&overloadedEmbedder{}, 3_000, 100)
	vecs, err := e.EmbedDocuments(context.Background(), []string{"a story"})
	fmt.Println(vecs, err)
	_, err = e.EmbedQuery(context.Background(), string(make([]byte, 400)))
	fmt.Println(errors.Is(err, llmx.ErrCallTooLarge), err)
	// Output:
	// [[7 1]] <nil>
	// true llmx: call larger than the tokens-per-minute limit: about 101 tokens (texts), the limit is 100 a minute
}

// An EmbedMeter on the outside counts each call once, the retries below it, and the estimated
// tokens of the calls that succeeded.
func ExampleNewEmbedMeter() {
	m := llmx.NewEmbedMeter(llmx.RetryEmbedder(&overloadedEmbedder{failures: 1}, llmx.WithBackoff(time.Millisecond, time.Millisecond)))
	_, _ = m.EmbedDocuments(context.Background(), []string{"twelve bytes", "four"})
	_, _ = m.EmbedQuery(context.Background(), "sixteen bytes...")
	fmt.Printf("%+v\n", m.Usage())
	// Output:
	// {Calls:2 Retries:1 PromptTokens:11 CompletionTokens:0 TotalTokens:11}
}

// RetryAfter reads the wait a response asks for, in the two forms providers send.
func ExampleRetryAfter() {
	fmt.Println(llmx.RetryAfter(http.Header{"Retry-After": {"20"}}))
	fmt.Println(llmx.RetryAfter(http.Header{"Retry-After-Ms": {"1500"}}))
	fmt.Println(llmx.RetryAfter(http.Header{"Retry-After": {"soon"}}))
	// Output:
	// 20s
	// 1.5s
	// 0s
}
