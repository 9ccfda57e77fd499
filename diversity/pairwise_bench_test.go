package diversity

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkPairwise times the whole of Pairwise (checking and copying the vectors, every
// similarity, the statistics, the exact median, the top pairs and the histogram) on random
// vectors, and reports how many passes over every pair it made (1: the median came from the
// main pass) and the CPU time per call. DIVERSITY_BENCH_N sets the numbers of vectors (a
// comma-separated list; default 10,000 and 20,000: issue 20 found 3 passes and 10.7 times the
// CPU at 20,000) and DIVERSITY_BENCH_D the dimensions (default 1,536); testdata/blas.py runs it
// beside numpy for the ratio against BLAS.
func BenchmarkPairwise(b *testing.B) {
	d := envInt("DIVERSITY_BENCH_D", 1536)
	for _, n := range envInts("DIVERSITY_BENCH_N", []int{10000, 20000}) {
		vecs := randomVectors(1, n, d)
		for _, k := range kernels() {
			b.Run(fmt.Sprintf("%s/n=%d/d=%d", k.name, n, d), func(b *testing.B) {
				if k.name == "go" && n*d > 2000*1536 && os.Getenv("DIVERSITY_BENCH_GO") == "" {
					b.Skip("the portable kernel takes minutes at this size; set DIVERSITY_BENCH_GO=1")
				}
				b.ReportAllocs()
				var st Stats
				cpu := cpuTime()
				for b.Loop() {
					m, err := newMatrix(vecs)
					if err != nil {
						b.Fatal(err)
					}
					if st, err = pairwise(context.Background(), m, newConfig(nil), k.k); err != nil {
						b.Fatal(err)
					}
				}
				per := float64(b.Elapsed().Seconds()) / float64(b.N)
				b.ReportMetric(per, "s/op")
				b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
				b.ReportMetric(float64(st.passes), "passes")
				b.ReportMetric(float64(st.Pairs)*float64(2*d)/per/1e9, "GFLOP/s")
			})
		}
	}
}

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v > 0 {
		return v
	}
	return def
}

// envInts reads a comma-separated list of positive numbers; def when unset or unreadable.
func envInts(k string, def []int) []int {
	var out []int
	for _, f := range strings.Split(os.Getenv(k), ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v <= 0 {
			return def
		}
		out = append(out, v)
	}
	return out
}
