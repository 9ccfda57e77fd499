package stats

import (
	"math/bits"
	"math/rand/v2"
	"slices"

	xstats "golang.org/x/exp/stats"
)

// Bootstrap configures a seeded percentile bootstrap: Resamples resamples drawn with replacement
// by a PCG generator seeded with (Seed, Seed). Draws use [Uniform], so the resamples depend only
// on the PCG stream, which is specified, and the intervals are reproducible across Go releases.
type Bootstrap struct {
	Resamples int
	Seed      uint64
}

// Interval returns the percentile bootstrap 95% interval of a statistic of n items: each
// resample draws n indices in [0, n) with replacement, stat turns them into a value (ok false
// skips the resample), and the interval is the 2.5% and 97.5% quantiles of the values
// (golang.org/x/exp/stats.Quantiles). It is [0, 1] when n <= 0 or every resample was skipped.
// idx is reused between calls of stat.
func (b Bootstrap) Interval(n int, stat func(idx []int) (float64, bool)) [2]float64 {
	if n <= 0 || b.Resamples <= 0 {
		return [2]float64{0, 1}
	}
	rng := rand.NewPCG(b.Seed, b.Seed)
	idx := make([]int, n)
	vals := make([]float64, 0, b.Resamples)
	for range b.Resamples {
		for i := range idx {
			idx[i] = int(Uniform(rng, uint64(n)))
		}
		if v, ok := stat(idx); ok {
			vals = append(vals, v)
		}
	}
	return quantiles95(vals)
}

// Split returns the percentile bootstrap 95% intervals of the shares a/(a+b) and b/(a+b) among n
// items of which a fall in the first group and b in the second (the rest in neither), as
// compare's bias rates are: resamples without an item of either group are skipped. Only the
// three counts matter, so the items are laid out as a first-group items, then b second-group
// items, then the rest. Both intervals are [0, 1] when a+b == 0 or n <= 0.
func (bs Bootstrap) Split(a, b, n int) (first, second [2]float64) {
	if a+b == 0 || n <= 0 || bs.Resamples <= 0 {
		return [2]float64{0, 1}, [2]float64{0, 1}
	}
	ua, uab, un := uint64(a), uint64(a+b), uint64(n)
	rng := rand.NewPCG(bs.Seed, bs.Seed)
	firstRates := make([]float64, 0, bs.Resamples)
	secondRates := make([]float64, 0, bs.Resamples)
	for range bs.Resamples {
		var ba, bb int
		for range n {
			switch u := Uniform(rng, un); {
			case u < ua:
				ba++
			case u < uab:
				bb++
			}
		}
		if ba+bb == 0 {
			continue
		}
		firstRates = append(firstRates, Ratio(ba, ba+bb))
		secondRates = append(secondRates, Ratio(bb, ba+bb))
	}
	if len(firstRates) == 0 {
		return [2]float64{0, 1}, [2]float64{0, 1}
	}
	return quantiles95(firstRates), quantiles95(secondRates)
}

// quantiles95 sorts vals and returns their 2.5% and 97.5% quantiles, or [0, 1] for none.
func quantiles95(vals []float64) [2]float64 {
	if len(vals) == 0 {
		return [2]float64{0, 1}
	}
	slices.Sort(vals)
	q := xstats.Quantiles(vals, 0.025, 0.975)
	return [2]float64{q[0], q[1]}
}

// Uniform returns a uniform integer in [0, n), n > 0, from src by Lemire's multiply-and-reject
// method. It is written out, rather than taken from [rand.Rand.Uint64N], so that a bootstrap
// depends only on the PCG stream, which is specified, and not on a library's choice of method.
// It returns 0 for n == 0.
func Uniform(src *rand.PCG, n uint64) uint64 {
	if n == 0 {
		return 0
	}
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}
