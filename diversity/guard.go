package diversity

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/evenhand/evenhand/record"
	"github.com/tmc/langchaingo/embeddings"
)

// Guard keeps near-duplicate stories out of a dataset while it is being made: [Guard.Check]
// embeds a new story (one embedding call) and compares it with every story kept so far;
// [Guard.Keep] adds it once the pair is accepted. Set it in the root package's Pipeline.Guard
// field, or use it on its own.
//
// The comparison is an exact flat scan in float64 (no approximate index): a story is a
// near-duplicate when its cosine similarity to some kept story is at or above the threshold.
// Each kept story costs 8 bytes per dimension (12 KiB at 1,536 dimensions; 120 MiB for
// 10,000 stories), and a check costs one dot product per kept story (see BenchmarkGuardCheck).
//
// A Guard is safe for concurrent use. Checks run concurrently; Keep re-checks the stories kept
// since the candidate's Check, so two near-duplicates checked at the same time are never both
// kept.
type Guard struct {
	// Embed tunes the embedding calls, after the options given to NewGuard. Set it before the
	// Guard is first used.
	//
	// Deprecated: pass WithBatchSize to NewGuard, and wrap the embedder with llmx for retries
	// and a rate limit (see [Embed]).
	Embed EmbedOptions

	e         embeddings.Embedder
	threshold float64
	opts      []Option

	mu   sync.Mutex
	rows [][]float64 // unit vectors of the kept stories; append-only
}

// NewGuard returns a Guard that embeds stories with e and rejects those whose cosine similarity
// to a kept story is at least threshold (for instance 0.95 with a sentence embedder; with
// [Lexical], the share of words in common that counts as "the same story"). Of the options,
// [WithBatchSize] sets the texts per call of [Guard.Restore]; for retries and a rate limit of
// the embedding calls, wrap e with llmx (see [Embed]).
func NewGuard(e embeddings.Embedder, threshold float64, opts ...Option) *Guard {
	return &Guard{e: e, threshold: threshold, opts: slices.Clone(opts)}
}

// embed embeds texts with the Guard's options.
func (g *Guard) embed(ctx context.Context, texts []string) ([][]float32, error) {
	return Embed(ctx, g.e, texts, append(slices.Clone(g.opts), g.Embed)...)
}

// Candidate is a checked story: its vector and its nearest kept story.
type Candidate struct {
	Nearest    int     // index of the most similar kept story, -1 when none is kept
	Similarity float64 // its cosine similarity; 0 when none is kept
	Duplicate  bool    // Similarity >= the Guard's threshold

	vec  []float64
	seen int // kept stories compared so far
}

// Threshold returns the similarity at or above which a story is a near-duplicate.
func (g *Guard) Threshold() float64 { return g.threshold }

// Len returns the number of kept stories.
func (g *Guard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.rows)
}

// Check embeds text and compares it with every kept story. An empty text is [ErrEmptyStory];
// a bad vector from the embedder is [ErrEmbedder], [ErrNotFinite] or [ErrZeroVector]; a vector
// whose length differs from the kept ones' is [ErrDimensions].
func (g *Guard) Check(ctx context.Context, text string) (Candidate, error) {
	if strings.TrimSpace(text) == "" {
		return Candidate{}, ErrEmptyStory
	}
	vecs, err := g.embed(ctx, []string{text})
	if err != nil {
		return Candidate{}, err
	}
	c := Candidate{Nearest: -1, vec: unit(vecs[0])}
	if err := g.scan(&c); err != nil {
		return Candidate{}, err
	}
	return c, nil
}

// Keep adds a checked story to the kept ones, unless a story kept since its Check makes it a
// near-duplicate after all; it reports whether the story was added. A Duplicate candidate is
// never added.
func (g *Guard) Keep(c Candidate) bool {
	if c.Duplicate || c.vec == nil {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for i := c.seen; i < len(g.rows); i++ {
		if len(g.rows[i]) == len(c.vec) && dot(g.rows[i], c.vec) >= g.threshold {
			return false
		}
	}
	g.rows = append(g.rows, c.vec)
	return true
}

// Restore replaces the kept stories with texts, embedded in batches: after a restart, the
// stories already in the output file count as kept. Texts are kept as they are, even when they
// are near-duplicates of each other.
func (g *Guard) Restore(ctx context.Context, texts []string) error {
	vecs, err := g.embed(ctx, texts)
	if err != nil {
		return err
	}
	rows := make([][]float64, len(vecs))
	for i, v := range vecs {
		rows[i] = unit(v)
		if len(rows[i]) != len(rows[0]) {
			return fmt.Errorf("%w: text %d", ErrDimensions, i)
		}
	}
	g.mu.Lock()
	g.rows = rows
	g.mu.Unlock()
	return nil
}

// RestoreRecords is [Guard.Restore] with the male stories of records, as a records JSONL holds
// them ([record.Records] reads one).
func (g *Guard) RestoreRecords(ctx context.Context, records iter.Seq2[record.Record, error]) error {
	var texts []string
	for r, err := range records {
		if err != nil {
			return err
		}
		texts = append(texts, r.Male.Story)
	}
	return g.Restore(ctx, texts)
}

// scan compares c with the kept stories it has not seen yet.
func (g *Guard) scan(c *Candidate) error {
	g.mu.Lock()
	rows := g.rows[:len(g.rows):len(g.rows)]
	g.mu.Unlock()
	for i := c.seen; i < len(rows); i++ {
		if len(rows[i]) != len(c.vec) {
			return fmt.Errorf("%w: the story has %d dimensions, kept story %d has %d", ErrDimensions, len(c.vec), i, len(rows[i]))
		}
		if s := dot(rows[i], c.vec); c.Nearest < 0 || s > c.Similarity {
			c.Nearest, c.Similarity = i, s
		}
	}
	c.seen = len(rows)
	c.Duplicate = c.Nearest >= 0 && c.Similarity >= g.threshold
	return nil
}

// unit returns v divided by its norm, in float64.
func unit(v []float32) []float64 {
	n := norm64(v)
	u := make([]float64, len(v))
	for k, x := range v {
		u[k] = float64(x) / n
	}
	return u
}
