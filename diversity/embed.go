package diversity

import (
	"context"
	"fmt"
	"strings"

	"github.com/tmc/langchaingo/embeddings"
)

// Embed embeds texts with e, a batch of texts per call (64 by default, [WithBatchSize]), and
// checks the answer: one vector per text, all of the same non-zero length, finite and not all
// zeros. Any embeddings.Embedder works (langchaingo's OpenAI, Ollama, Vertex, ... embedders, or
// [Lexical] offline). [WithProgress] reports the texts embedded after each call.
//
// Embed makes each call once. For retries with backoff and Retry-After, a rate limit and
// counts of calls and tokens, wrap a provider's embedder with llmx, the module's one home for
// them: llmx.NewEmbedMeter(llmx.RetryEmbedder(llmx.LimitEmbedder(e, rpm, tpm))).
//
// An empty (or white-space) text is [ErrEmptyStory]; an answer with a wrong number of vectors is
// [ErrEmbedder]; a bad vector is [ErrDimensions], [ErrNotFinite] or [ErrZeroVector]. The errors
// name the text's index.
func Embed(ctx context.Context, e embeddings.Embedder, texts []string, opts ...Option) ([][]float32, error) {
	c := newConfig(opts)
	return c.embed(ctx, e, texts)
}

// embed is [Embed] with c's options.
func (c *config) embed(ctx context.Context, e embeddings.Embedder, texts []string) ([][]float32, error) {
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("%w: text %d", ErrEmptyStory, i)
		}
	}
	e = c.embedder(e)
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += c.batch {
		batch := texts[start:min(start+c.batch, len(texts))]
		// langchaingo's embedders may rewrite their input (newlines): give them a copy.
		vecs, err := e.EmbedDocuments(ctx, append([]string(nil), batch...))
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				err = cerr
			}
			return nil, fmt.Errorf("diversity: embed texts %d to %d: %w", start, start+len(batch)-1, err)
		}
		if out, err = appendChecked(out, vecs, batch, start); err != nil {
			return nil, err
		}
		if c.progress != nil {
			c.progress(len(out), len(texts))
		}
	}
	return out, nil
}

// appendChecked appends the vectors of the batch of texts from index start to out, checking
// that there is one per text, of the length of the others, finite and not zero.
func appendChecked(out, vecs [][]float32, batch []string, start int) ([][]float32, error) {
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
	return out, nil
}

func firstOr(out [][]float32, v []float32) []float32 {
	if len(out) > 0 {
		return out[0]
	}
	return v
}
