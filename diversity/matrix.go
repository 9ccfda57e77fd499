package diversity

import (
	"fmt"
	"math"
)

// matrix holds unit-length copies of the vectors in float64, one row each, rows padded with
// zeros to a multiple of 8 columns and to a multiple of 4 rows so that kernels need no edge cases.
type matrix struct {
	n, d   int // rows and dimensions given
	rows   int // n rounded up to a multiple of 4
	stride int // d rounded up to a multiple of 8
	data   []float64
}

// row returns row i (padded).
func (m *matrix) row(i int) []float64 { return m.data[i*m.stride : (i+1)*m.stride] }

// newMatrix checks the vectors and copies them, each divided by its Euclidean norm.
func newMatrix(vecs [][]float32) (*matrix, error) {
	if len(vecs) < 2 {
		return nil, fmt.Errorf("%w: got %d", ErrTooFew, len(vecs))
	}
	d := len(vecs[0])
	if d == 0 {
		return nil, fmt.Errorf("%w: vector 0 is empty", ErrDimensions)
	}
	m := &matrix{n: len(vecs), d: d, rows: (len(vecs) + 3) &^ 3, stride: (d + 7) &^ 7}
	m.data = make([]float64, m.rows*m.stride)
	for i, v := range vecs {
		if len(v) != d {
			return nil, fmt.Errorf("%w: vector %d has %d dimensions, vector 0 has %d", ErrDimensions, i, len(v), d)
		}
		if err := checkVector(v); err != nil {
			return nil, fmt.Errorf("%w: vector %d", err, i)
		}
		norm := norm64(v)
		r := m.row(i)
		for k, x := range v {
			r[k] = float64(x) / norm
		}
	}
	return m, nil
}

// checkVector returns ErrNotFinite or ErrZeroVector for a vector that has no direction.
func checkVector(v []float32) error {
	zero := true
	for _, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return ErrNotFinite
		}
		if x != 0 {
			zero = false
		}
	}
	if zero {
		return ErrZeroVector
	}
	return nil
}

// norm64 is the Euclidean norm of v computed in float64 (the square of a finite float32 neither
// overflows nor underflows in float64).
func norm64(v []float32) float64 {
	var s float64
	for _, x := range v {
		f := float64(x)
		s += f * f
	}
	return math.Sqrt(s)
}
