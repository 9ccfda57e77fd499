package diversity

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tableEmbedder returns fixed vectors by text.
type tableEmbedder map[string][]float32

func (t tableEmbedder) EmbedDocuments(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, s := range texts {
		out[i] = t[s]
	}
	return out, nil
}

func (t tableEmbedder) EmbedQuery(_ context.Context, s string) ([]float32, error) { return t[s], nil }

func TestGuardThresholdIsInclusive(t *testing.T) {
	ctx := context.Background()
	e := tableEmbedder{"a": {1, 0}, "b": {0.6, 0.8}, "c": {0, 1}, "short": {1}}
	g := NewGuard(e, 0.6)
	c, err := g.Check(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, -1, c.Nearest)
	assert.True(t, g.Keep(c))
	c, err = g.Check(ctx, "b") // cosine with a: exactly 0.6
	require.NoError(t, err)
	assert.True(t, c.Duplicate)
	assert.Equal(t, 0, c.Nearest)
	assert.InDelta(t, 0.6, c.Similarity, 1e-7)
	assert.False(t, g.Keep(c))
	c, err = g.Check(ctx, "c")
	require.NoError(t, err)
	assert.False(t, c.Duplicate)
	assert.True(t, g.Keep(c))
	assert.Equal(t, 2, g.Len())

	_, err = g.Check(ctx, "short")
	require.ErrorIs(t, err, ErrDimensions)
	_, err = g.Check(ctx, " ")
	require.ErrorIs(t, err, ErrEmptyStory)
	_, err = g.Check(ctx, "unknown") // nil vector
	require.ErrorIs(t, err, ErrDimensions)
}

// Candidates checked at the same time: Keep admits only one of two near-duplicates.
func TestGuardConcurrentKeep(t *testing.T) {
	ctx := context.Background()
	e := tableEmbedder{"x": {1, 0, 0}, "y": {1, 0.01, 0}}
	for range 20 {
		g := NewGuard(e, 0.99)
		cx, err := g.Check(ctx, "x")
		require.NoError(t, err)
		cy, err := g.Check(ctx, "y")
		require.NoError(t, err)
		assert.False(t, cx.Duplicate || cy.Duplicate, "nothing kept yet")
		var wg sync.WaitGroup
		var kept [2]bool
		wg.Go(func() { kept[0] = g.Keep(cx) })
		wg.Go(func() { kept[1] = g.Keep(cy) })
		wg.Wait()
		assert.NotEqual(t, kept[0], kept[1], "exactly one is kept")
		assert.Equal(t, 1, g.Len())
	}
}

func TestGuardRestore(t *testing.T) {
	ctx := context.Background()
	g := NewGuard(Lexical{}, 0.9)
	require.NoError(t, g.Restore(ctx, []string{"the red fox jumps", "a blue whale sings"}))
	assert.Equal(t, 2, g.Len())
	c, err := g.Check(ctx, "The red fox jumps!")
	require.NoError(t, err)
	assert.True(t, c.Duplicate)
	require.NoError(t, g.Restore(ctx, nil))
	assert.Equal(t, 0, g.Len())
	require.ErrorIs(t, g.Restore(ctx, []string{"ok", ""}), ErrEmptyStory)
}

// BenchmarkGuardCheck is the cost of one check against 10,000 kept stories of 1,536 dimensions
// (the embedding call aside): the flat scan.
func BenchmarkGuardCheck(b *testing.B) {
	const n, d = 10000, 1536
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([][]float64, n)
	for i := range rows {
		v := make([]float32, d)
		for k := range v {
			v[k] = float32(rng.NormFloat64())
		}
		rows[i] = unit(v)
	}
	g := &Guard{threshold: 0.95, rows: rows}
	q := make([]float32, d)
	for k := range q {
		q[k] = float32(rng.NormFloat64())
	}
	c := Candidate{Nearest: -1, vec: unit(q)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.seen, c.Nearest = 0, -1
		if err := g.scan(&c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/check")
	b.ReportMetric(float64(n*d*8)/(1<<20), "MiB-kept")
}
