package stats

import "math"

// McNemarExact returns the two-sided exact McNemar p-value for b and c discordant pairs:
// min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b+c, 1/2). It is 1 when b == c (no pair changed
// included).
func McNemarExact(b, c int) float64 {
	n, k := b+c, min(b, c)
	if n <= 0 || b == c || k < 0 {
		return 1
	}
	// Start from the largest term of the tail, pmf(k), and walk down with the exact ratio
	// pmf(i-1)/pmf(i) = i/(n-i+1), stopping once the terms no longer change the sum.
	term := BinomHalf(k, n)
	sum := term
	for i := k; i > 0 && term > 0; i-- {
		term *= float64(i) / float64(n-i+1)
		if sum+term == sum {
			break
		}
		sum += term
	}
	return min(1, 2*sum)
}

// BinomHalf returns P(X = x) for X ~ Binomial(n, 1/2), 0 <= x <= n (0 outside), by Loader's
// saddle-point method ("Fast and accurate computation of binomial probabilities", 2000), which
// keeps its relative error near 1e-15 where lgamma differences lose digits for large n.
func BinomHalf(x, n int) float64 {
	if x < 0 || x > n {
		return 0
	}
	if x == 0 || x == n {
		return math.Exp(float64(n) * -math.Ln2)
	}
	xf, nf := float64(x), float64(n)
	np := nf / 2
	lc := stirlerr(nf) - stirlerr(xf) - stirlerr(nf-xf) - bd0(xf, np) - bd0(nf-xf, np)
	lf := math.Log(2*math.Pi) + math.Log(xf) + math.Log1p(-xf/nf)
	return math.Exp(lc - 0.5*lf)
}

// stirlerr returns log(n!) - log(sqrt(2πn)·(n/e)^n) for an integer n >= 1.
func stirlerr(n float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if n <= 15 {
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - 0.5*math.Log(2*math.Pi)
	}
	nn := n * n
	switch {
	case n > 500:
		return (s0 - s1/nn) / n
	case n > 80:
		return (s0 - (s1-s2/nn)/nn) / n
	case n > 35:
		return (s0 - (s1-(s2-s3/nn)/nn)/nn) / n
	default:
		return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
	}
}

// bd0 returns x·log(x/np) + np - x without cancellation when x is close to np.
func bd0(x, np float64) float64 {
	if math.Abs(x-np) >= 0.1*(x+np) {
		return x*math.Log(x/np) + np - x
	}
	v := (x - np) / (x + np)
	s := (x - np) * v
	ej := 2 * x * v
	v *= v
	for j := 1; j < 1000; j++ {
		ej *= v
		s1 := s + ej/float64(2*j+1)
		if s1 == s {
			return s1
		}
		s = s1
	}
	return s
}
