package diversity

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// BenchmarkPairwise times the whole of Pairwise (checking and copying the vectors, every
// similarity, the statistics, the exact median, the top pairs and the histogram) on random
// vectors. DIVERSITY_BENCH_N and DIVERSITY_BENCH_D set the size (default 10,000 x 1,536, the
// issue's figure); testdata/blas.py runs it beside numpy for the ratio against BLAS.
func BenchmarkPairwise(b *testing.B) {
	n, d := envInt("DIVERSITY_BENCH_N", 10000), envInt("DIVERSITY_BENCH_D", 1536)
	vecs := randomVectors(1, n, d)
	for _, k := range kernels() {
		b.Run(fmt.Sprintf("%s/n=%d/d=%d", k.name, n, d), func(b *testing.B) {
			if k.name == "go" && n*d > 2000*1536 && os.Getenv("DIVERSITY_BENCH_GO") == "" {
				b.Skip("the portable kernel takes minutes at this size; set DIVERSITY_BENCH_GO=1")
			}
			b.ReportAllocs()
			var st Stats
			for b.Loop() {
				m, err := newMatrix(vecs)
				if err != nil {
					b.Fatal(err)
				}
				if st, err = pairwise(context.Background(), m, Options{}, k.k); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/op")
			b.ReportMetric(float64(st.passes), "passes")
			b.ReportMetric(float64(st.Pairs)*float64(2*d)/(float64(b.Elapsed().Seconds())/float64(b.N))/1e9, "GFLOP/s")
		})
	}
}

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v > 0 {
		return v
	}
	return def
}
