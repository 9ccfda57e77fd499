package diversity

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPairwiseMedianBufferGrows is issue 20's "diversity.Pairwise past ~12.5k stories": the
// values around the median that the main pass keeps (about 2.7% of the pairs with the fixed
// sample) overflowed a fixed buffer of 2^21 past 12,500 vectors, and the median then took two
// more passes over every pair (n = 20,000 cost 10.7 times n = 10,000). The buffer now grows
// with the pairs (and the sample with it, so the buffer grows as pairs^(2/3)): one pass.
//
// The same at a scale CI can afford: 1,400 vectors (979,300 pairs) against a base buffer of
// 8,192 values stand for 20,000 vectors against the real 2^21, and the median must
// still be exact (checkAgainstReference compares it with a float64 reference). BenchmarkPairwise
// shows the real sizes (passes = 1 at n = 10,000 and 20,000).
func TestPairwiseMedianBufferGrows(t *testing.T) {
	vecs := randomVectors(20, 1400, 8)
	st := checkAgainstReference(t, vecs, WithWorkers(2), WithTop(3), withSelectCap(1<<13))
	assert.Equal(t, 1, st.passes, "the median needed more passes over every pair")
}
