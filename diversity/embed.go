package diversity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/evenhand/evenhand/llmx"
	"github.com/tmc/langchaingo/embeddings"
	"golang.org/x/time/rate"
)

// EmbedOptions tune [Embed]. The zero value sends batches of 64 texts and does not retry.
type EmbedOptions struct {
	// BatchSize is the most texts sent in one EmbedDocuments call; 0 means 64.
	BatchSize int
	// Attempts is how many times a failed batch is tried in all; 0 or 1 means once.
	Attempts int
	// Retryable reports whether a batch's error is worth another attempt; nil means
	// [llmx.Transient] (rate limits, server errors, timeouts). Context errors are never retried.
	Retryable func(error) bool
	// Backoff is the wait before the second attempt, doubled before each later one; 0 means
	// one second. A provider's Retry-After (an [llmx.StatusError], with an HTTP client from
	// llmx.NewDoer or llmx.HTTPClient) is waited instead when given, up to a minute.
	Backoff time.Duration
	// RPM, when positive, spaces the embedding calls (retries included) so that at most RPM
	// start in any minute, for providers that limit requests per minute.
	RPM int
	// OnBatch, when set, is called after each batch with the number of texts embedded so far.
	OnBatch func(done, total int)
}

// Embed embeds texts with e, BatchSize texts per call, and checks the answer: one vector per
// text, all of the same non-zero length, finite and not all zeros. Any embeddings.Embedder
// works (langchaingo's OpenAI, Ollama, Vertex, ... embedders, or [Lexical] offline).
//
// An empty (or white-space) text is [ErrEmptyStory]; an answer with a wrong number of vectors is
// [ErrEmbedder]; a bad vector is [ErrDimensions], [ErrNotFinite] or [ErrZeroVector]. The errors
// name the text's index.
func Embed(ctx context.Context, e embeddings.Embedder, texts []string, o EmbedOptions) ([][]float32, error) {
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("%w: text %d", ErrEmptyStory, i)
		}
	}
	size := o.BatchSize
	if size <= 0 {
		size = 64
	}
	var lim *rate.Limiter
	if o.RPM > 0 {
		lim = rate.NewLimiter(rate.Every(time.Minute/time.Duration(o.RPM)), 1)
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += size {
		batch := texts[start:min(start+size, len(texts))]
		vecs, err := embedBatch(ctx, e, batch, o, lim)
		if err != nil {
			return nil, fmt.Errorf("diversity: embed texts %d to %d: %w", start, start+len(batch)-1, err)
		}
		if len(vecs) != len(batch) {
			return nil, fmt.Errorf("%w: %d vectors for %d texts (texts %d to %d)", ErrEmbedder, len(vecs), len(batch), start, start+len(batch)-1)
		}
		for k, v := range vecs {
			i := start + k
			if len(v) == 0 || (len(out) > 0 && len(v) != len(out[0])) {
				return nil, fmt.Errorf("%w: text %d has %d dimensions, text 0 has %d", ErrDimensions, i, len(v), len(firstOr(out, v)))
			}
			if err := checkVector(v); err != nil {
				return nil, fmt.Errorf("%w: text %d", err, i)
			}
			out = append(out, v)
		}
		if o.OnBatch != nil {
			o.OnBatch(len(out), len(texts))
		}
	}
	return out, nil
}

func firstOr(out [][]float32, v []float32) []float32 {
	if len(out) > 0 {
		return out[0]
	}
	return v
}

func embedBatch(ctx context.Context, e embeddings.Embedder, batch []string, o EmbedOptions, lim *rate.Limiter) ([][]float32, error) {
	wait := o.Backoff
	if wait <= 0 {
		wait = time.Second
	}
	for attempt := 1; ; attempt++ {
		if lim != nil {
			if err := lim.Wait(ctx); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, err
			}
		}
		// langchaingo's embedders may rewrite their input (newlines): give them a copy.
		vecs, err := e.EmbedDocuments(ctx, append([]string(nil), batch...))
		if err == nil {
			return vecs, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		retryable := o.Retryable
		if retryable == nil {
			retryable = llmx.Transient
		}
		if attempt >= o.Attempts || !retryable(err) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		pause := wait
		if se, ok := errors.AsType[*llmx.StatusError](err); ok && se.RetryAfter > 0 {
			pause = min(se.RetryAfter, time.Minute)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		wait *= 2
	}
}
