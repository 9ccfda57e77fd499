package diversity

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reference computes the statistics the straightforward way: every similarity in float64, then
// numpy's mean, population std and median.
func reference(vecs [][]float32) (all []float64, mean, std, med float64) {
	norm := func(v []float32) float64 {
		var s float64
		for _, x := range v {
			s += float64(x) * float64(x)
		}
		return math.Sqrt(s)
	}
	for i := range vecs {
		for j := i + 1; j < len(vecs); j++ {
			var d float64
			for k := range vecs[i] {
				d += float64(vecs[i][k]) * float64(vecs[j][k])
			}
			all = append(all, d/(norm(vecs[i])*norm(vecs[j])))
		}
	}
	var s float64
	for _, x := range all {
		s += x
	}
	mean = s / float64(len(all))
	var ss float64
	for _, x := range all {
		ss += (x - mean) * (x - mean)
	}
	std = math.Sqrt(ss / float64(len(all)))
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	n := len(sorted)
	if n%2 == 1 {
		med = sorted[n/2]
	} else {
		med = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return all, mean, std, med
}

// randomVectors returns n vectors of d dimensions sharing a common direction (so similarities
// are positive and spread, as real embeddings are) plus noise.
func randomVectors(seed uint64, n, d int) [][]float32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	common := make([]float64, d)
	for k := range common {
		common[k] = rng.NormFloat64()
	}
	vecs := make([][]float32, n)
	for i := range vecs {
		v := make([]float32, d)
		w := rng.Float64() * 2
		for k := range v {
			v[k] = float32(w*common[k] + rng.NormFloat64())
		}
		vecs[i] = v
	}
	return vecs
}

func checkAgainstReference(t *testing.T, vecs [][]float32, opts ...Option) Stats {
	t.Helper()
	for _, kern := range kernels() {
		m, err := newMatrix(vecs)
		require.NoError(t, err)
		got, err := pairwise(context.Background(), m, newConfig(opts), kern.k)
		require.NoError(t, err, kern.name)
		all, mean, std, med := reference(vecs)
		assert.Equal(t, int64(len(all)), got.Pairs, kern.name)
		assert.InDelta(t, mean, got.Mean, 1e-9, kern.name+" mean")
		assert.InDelta(t, std, got.Std, 1e-9, kern.name+" std")
		assert.InDelta(t, slices.Min(all), got.Min, 1e-9, kern.name+" min")
		assert.InDelta(t, slices.Max(all), got.Max, 1e-9, kern.name+" max")
		assert.InDelta(t, med, got.Median, 1e-9, kern.name+" median")
		var hsum int64
		for _, c := range got.Histogram.Counts {
			hsum += c
		}
		assert.Equal(t, got.Pairs, hsum, kern.name+" histogram total")
		if len(got.Top) > 0 {
			assert.InDelta(t, slices.Max(all), got.Top[0].Cosine, 1e-9)
			assert.True(t, slices.IsSortedFunc(got.Top, cmpSimilar))
		}
		if kern.name != "go" {
			continue
		}
		// The top pairs are the largest similarities, in order.
		sorted := slices.Clone(all)
		slices.Sort(sorted)
		slices.Reverse(sorted)
		for k, s := range got.Top {
			assert.InDelta(t, sorted[k], s.Cosine, 1e-9, "top %d", k)
			assert.Less(t, s.I, s.J)
		}
	}
	m, _ := newMatrix(vecs)
	st, _ := pairwise(context.Background(), m, newConfig(opts), tileKernel)
	return st
}

func TestPairwiseMatchesReference(t *testing.T) {
	for _, tt := range []struct {
		name    string
		n, d    int
		workers int
	}{
		{"two", 2, 3, 1},
		{"three odd count", 3, 5, 1},
		{"four even count", 4, 9, 2},
		{"not a multiple of 4 or 8", 67, 13, 2},
		{"several tiles", 150, 40, 2},
		{"one dimension", 30, 1, 3},
		{"several dimension blocks", 70, 300, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vecs := randomVectors(uint64(tt.n*1000+tt.d), tt.n, tt.d)
			st := checkAgainstReference(t, vecs, WithWorkers(tt.workers), WithTop(5))
			assert.Equal(t, 1, st.passes, "the median needs no second pass")
		})
	}
}

// Enough pairs that the median comes from the sampled bracket (more than selectCap/2 pairs
// under a small cap), and the forced fallback paths of the selection.
func TestPairwiseMedianPaths(t *testing.T) {
	vecs := randomVectors(3, 200, 16) // 19,900 pairs
	t.Run("bracket", func(t *testing.T) {
		st := checkAgainstReference(t, vecs, WithWorkers(2), withSelectCap(4096))
		assert.Equal(t, 1, st.passes)
	})
	t.Run("selection, both middle values in one collect pass", func(t *testing.T) {
		st := checkAgainstReference(t, vecs, WithWorkers(2), withNoBracket(true))
		assert.Equal(t, 2, st.passes)
	})
	t.Run("selection narrowing histograms", func(t *testing.T) {
		// Nearly parallel vectors: the similarities crowd into a few bins.
		close := randomVectors(4, 200, 16)
		for _, v := range close {
			for k := range v {
				v[k] = 1000 + v[k]/100
			}
		}
		st := checkAgainstReference(t, close, WithWorkers(2), withNoBracket(true), withSelectCap(50))
		assert.Greater(t, st.passes, 2)
	})
	t.Run("odd count", func(t *testing.T) {
		checkAgainstReference(t, vecs[:199], WithWorkers(2), withNoBracket(true), withSelectCap(3)) // 19,701 pairs
	})
}

// Identical vectors: every similarity is the same value, which no histogram can split.
func TestPairwiseIdenticalVectors(t *testing.T) {
	vecs := make([][]float32, 40)
	for i := range vecs {
		vecs[i] = []float32{1, 2, 3}
	}
	vecs[0] = []float32{-3, 2, 1} // one outlier so min differs
	st := checkAgainstReference(t, vecs, withNoBracket(true), withSelectCap(5))
	assert.InDelta(t, 1, st.Median, 1e-12)
}

func TestPairwiseBadInput(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		vecs [][]float32
		want error
	}{
		{"none", nil, ErrTooFew},
		{"one", [][]float32{{1}}, ErrTooFew},
		{"empty vectors", [][]float32{{}, {}}, ErrDimensions},
		{"different lengths", [][]float32{{1, 2}, {1, 2, 3}}, ErrDimensions},
		{"NaN", [][]float32{{1, 2}, {float32(math.NaN()), 1}}, ErrNotFinite},
		{"infinity", [][]float32{{float32(math.Inf(1)), 2}, {1, 1}}, ErrNotFinite},
		{"zero vector", [][]float32{{1, 2}, {0, 0}}, ErrZeroVector},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Pairwise(ctx, tt.vecs)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestPairwiseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Pairwise(ctx, randomVectors(1, 300, 8))
	require.ErrorIs(t, err, context.Canceled)
}

// The result does not depend on how many workers share the work.
func TestPairwiseDeterministic(t *testing.T) {
	vecs := randomVectors(9, 300, 24)
	a, err := Pairwise(context.Background(), vecs, WithWorkers(1), WithTop(20))
	require.NoError(t, err)
	b, err := Pairwise(context.Background(), vecs, WithWorkers(3), WithTop(20))
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestHistogramRange(t *testing.T) {
	st, err := Pairwise(context.Background(), randomVectors(5, 100, 10))
	require.NoError(t, err)
	h := st.Histogram
	assert.GreaterOrEqual(t, len(h.Counts), 20)
	assert.LessOrEqual(t, len(h.Counts), 41)
	assert.LessOrEqual(t, h.Lo, st.Min)
	assert.Greater(t, h.Lo+h.Width*float64(len(h.Counts)), st.Max)
}
