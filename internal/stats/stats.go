// Package stats holds the statistics of the evaluation reports: the Wilson score interval, the
// exact McNemar test and a seeded percentile bootstrap. compare's Report and Change use them, and
// so can any report that needs the same intervals (bench, diversity) without copying them.
//
// Every function is deterministic, safe for concurrent use and allocation-light; none panics on
// any input.
package stats

import "math"

// Z95 is the 0.975 quantile of the standard normal distribution: the z of a two-sided 95% interval.
const Z95 = 1.959963984540054

// Ratio returns num/den as one IEEE division (as the paper's analysis script divides), or 0 when
// den is 0.
func Ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// Wilson returns the Wilson score interval for k successes in n trials at normal quantile z,
// clamped to [0, 1] and exact at the ends (low 0 for k = 0, high 1 for k = n). It is [0, 1]
// for n <= 0.
func Wilson(k, n int, z float64) [2]float64 {
	if n <= 0 {
		return [2]float64{0, 1}
	}
	nf, p := float64(n), float64(k)/float64(n)
	z2 := z * z
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi := max(0, center-half), min(1, center+half)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return [2]float64{lo, hi}
}
