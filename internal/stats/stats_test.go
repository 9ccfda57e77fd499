package stats

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	if got := Wilson(0, 0, Z95); got != [2]float64{0, 1} {
		t.Errorf("Wilson(0, 0) = %v; want [0 1]", got)
	}
	// 6 of 10: the interval quoted by the compare golden page, 31.3% to 83.2%.
	got := Wilson(6, 10, Z95)
	if math.Abs(got[0]-0.3127) > 1e-4 || math.Abs(got[1]-0.8318) > 1e-4 {
		t.Errorf("Wilson(6, 10) = %v; want about [0.3127 0.8318]", got)
	}
	if got := Wilson(0, 5, Z95); got[0] != 0 {
		t.Errorf("Wilson(0, 5) low = %v; want 0", got[0])
	}
	if got := Wilson(5, 5, Z95); got[1] != 1 {
		t.Errorf("Wilson(5, 5) high = %v; want 1", got[1])
	}
}

// binomTail sums C(n, i)/2^n for i <= k by exact products, for small n.
func binomTail(k, n int) float64 {
	sum := 0.0
	for i := 0; i <= k; i++ {
		c := 1.0
		for j := 0; j < i; j++ {
			c = c * float64(n-j) / float64(j+1)
		}
		sum += c
	}
	return sum / math.Pow(2, float64(n))
}

func TestMcNemarExactMatchesDirectSum(t *testing.T) {
	for b := 0; b <= 30; b++ {
		for c := 0; c <= 30; c++ {
			want := 1.0
			if b != c {
				want = min(1, 2*binomTail(min(b, c), b+c))
			}
			if got := McNemarExact(b, c); math.Abs(got-want) > 1e-12*max(want, 1e-300) && math.Abs(got-want) > 1e-15 {
				t.Fatalf("McNemarExact(%d, %d) = %v; want %v", b, c, got, want)
			}
		}
	}
	if got := McNemarExact(-1, 3); got != 1 {
		t.Errorf("McNemarExact(-1, 3) = %v; want 1", got)
	}
}

func TestBootstrapDeterministic(t *testing.T) {
	b := Bootstrap{Resamples: 500, Seed: 7}
	mean := func(idx []int) (float64, bool) {
		s := 0
		for _, i := range idx {
			s += i % 2
		}
		return Ratio(s, len(idx)), true
	}
	x, y := b.Interval(40, mean), b.Interval(40, mean)
	if x != y || !(x[0] < 0.5 && 0.5 < x[1]) {
		t.Errorf("Interval = %v, then %v; want equal intervals around 0.5", x, y)
	}
	m1, f1 := b.Split(6, 4, 20)
	m2, f2 := b.Split(6, 4, 20)
	if m1 != m2 || f1 != f2 || !(m1[0] <= 0.6 && 0.6 <= m1[1]) {
		t.Errorf("Split = %v %v, then %v %v", m1, f1, m2, f2)
	}
	if a, c := b.Split(0, 0, 10); a != [2]float64{0, 1} || c != [2]float64{0, 1} {
		t.Errorf("Split(0, 0, 10) = %v %v; want [0 1] twice", a, c)
	}
}
