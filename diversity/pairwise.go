package diversity

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
)

// Stats summarises the cosine similarities of every pair of vectors: the upper triangle of the
// similarity matrix, without its diagonal. Mean, Std (the population standard deviation, as
// numpy's std), Min, Max and Median (for an even count the mean of the two middle values, as
// numpy's median) are exact up to float64 rounding.
type Stats struct {
	Vectors   int       `json:"vectors"`
	Dims      int       `json:"dims"`
	Pairs     int64     `json:"pairs"` // Vectors*(Vectors-1)/2
	Mean      float64   `json:"mean"`
	Std       float64   `json:"std"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Median    float64   `json:"median"`
	Top       []Similar `json:"top"` // the most similar pairs, most similar first (ties: lower I, then lower J first)
	Histogram Histogram `json:"histogram"`

	passes int // how many times every similarity was computed (tests check the common case is 1)
}

// Similar is one pair of vectors, by index, and their cosine similarity. I < J.
type Similar struct {
	I      int     `json:"i"`
	J      int     `json:"j"`
	Cosine float64 `json:"cosine"`
}

// Histogram counts similarities in bins of equal Width: bin k holds the values in
// [Lo+k*Width, Lo+(k+1)*Width). Width is a power of two (at least 2^-15) and Lo a multiple of
// it, chosen so that 20 to 41 bins cover the values seen (fewer when they all lie within a few
// bins of the finest width); a value of exactly 1 (or above, by rounding) is counted
// in the last bin of the range [-1, 1].
type Histogram struct {
	Lo     float64 `json:"lo"`
	Width  float64 `json:"width"`
	Counts []int64 `json:"counts"`
}

const (
	tileSize  = 64      // rows per tile: a tile is tileSize x tileSize similarities
	fineBins  = 1 << 16 // bins of the exact-median histogram over [-1, 1]
	selectCap = 1 << 21 // the least buffer for the values around the median (16 MiB); it grows with the pairs
	sampleN   = 1 << 16 // the least pairs sampled to bracket the median before the main pass
)

// Pairwise computes the cosine similarity of every pair of vectors and summarises them. It
// keeps no n x n matrix: similarities are computed tile by tile (blocked dot products, on
// the goroutines of [WithWorkers]) and folded into the statistics, so the extra memory beyond one
// float64 copy of the vectors is about 1.5 MiB per worker and the median's buffer. The median is
// exact: a sample of pairs brackets it, the main pass keeps the values in the bracket, and in the
// rare case the bracket misses, further passes narrow a histogram until the middle values are
// found. The sample and the buffer grow with the pairs (each as pairs^(2/3) past about 11,000
// vectors), so one pass suffices at any size: the buffer is 16 MiB up to 11,000 vectors, 37 MB
// at 20,000 and 125 MB at 50,000, against 246 MB and 614 MB for the copy of vectors of 1,536
// dimensions.
//
// Stats.Top holds the ten most similar pairs, or as many as [WithTop] asks for.
//
// Every vector must have the same non-zero length, finite values and a non-zero norm; else the
// error wraps [ErrDimensions], [ErrNotFinite] or [ErrZeroVector] and names the vector. Fewer
// than two vectors is [ErrTooFew]. Cancelling ctx stops the work and returns ctx.Err().
func Pairwise(ctx context.Context, vecs [][]float32, opts ...Option) (Stats, error) {
	return pairwiseOf(ctx, vecs, newConfig(opts))
}

// pairwiseOf is [Pairwise] with c's options.
func pairwiseOf(ctx context.Context, vecs [][]float32, c config) (Stats, error) {
	m, err := newMatrix(vecs)
	if err != nil {
		return Stats{}, err
	}
	return pairwise(ctx, m, c, tileKernel)
}

// kernel computes the similarities of tile (I, J) into t.
type kernel func(m *matrix, I, J int, t *tile)

func pairwise(ctx context.Context, m *matrix, opts config, kern kernel) (Stats, error) {
	top, workers := opts.top, opts.workers
	n := m.n
	total := int64(n) * int64(n-1) / 2
	st := Stats{Vectors: n, Dims: m.d, Pairs: total}

	lo, hi, limit := medianBracket(m, total, opts)
	tiles := (n + tileSize - 1) / tileSize
	parts := make([]moments, tiles)
	ws := make([]*pass1, workers)
	kept := &collected{vals: make([]float64, 0, min(limit, total))}
	for w := range ws {
		ws[w] = &pass1{hist: make([]int64, fineBins), min: math.Inf(1), max: math.Inf(-1), lo: lo, hi: hi, top: topK{k: top}, kept: kept}
	}
	err := sweep(ctx, m, kern, workers, func(w, I int, t *tile) {
		if t == nil {
			parts[I] = ws[w].row
			ws[w].row = moments{}
			return
		}
		ws[w].add(t)
	})
	if err != nil {
		return Stats{}, err
	}
	st.passes = 1
	// Merge: moments in tile-row order (deterministic), counts and extremes in any order.
	var mo moments
	for _, p := range parts {
		mo.merge(p)
	}
	st.Mean, st.Std = mo.mean, math.Sqrt(mo.m2/float64(mo.n))
	hist, below := st.merge(ws, top)
	var coll []float64
	overflow := kept.overflow.Load()
	if !overflow {
		coll = kept.vals[:kept.used.Load()]
	}

	r1, r2 := (total-1)/2, total/2
	var v1, v2 float64
	if !overflow && below <= r1 && r2 < below+int64(len(coll)) {
		slices.Sort(coll)
		v1, v2 = coll[r1-below], coll[r2-below]
	} else {
		coll, kept.vals = nil, nil
		s := selector{ctx: ctx, m: m, kern: kern, workers: workers, hist: hist, cap: limit}
		if v1, v2, err = s.pair(r1, r2); err != nil {
			return Stats{}, err
		}
		st.passes += s.passes
	}
	st.Median = v1
	if r1 != r2 {
		st.Median = (v1 + v2) / 2
	}
	return st, nil
}

// medianBracket returns the bracket of the median for the main pass to keep the values of, and
// the most values the median's buffer (and the selection passes) keep at once.
func medianBracket(m *matrix, total int64, opts config) (lo, hi float64, limit int64) {
	base := selectCap
	if opts.selectCap > 0 {
		base = opts.selectCap
	}
	lo, hi, share := bracket(m, total, base)
	// The buffer holds what the bracket is expected to hold, and a quarter more: its share of
	// the values varies by about 2.5% of itself from sample to sample (at 65,536 samples).
	limit = int64(base)
	if share < 1 {
		limit = max(limit, int64(math.Ceil(1.25*share*float64(total))))
	}
	if opts.noBracket {
		lo, hi = math.Inf(1), math.Inf(1) // everything counts as below: the check fails
		limit = int64(base)
	}
	return lo, hi, limit
}

// merge sets the extremes, the top pairs and the histogram of st from the workers' shares of
// the main pass, and returns the summed fine histogram and the count of values below the
// median's bracket.
func (st *Stats) merge(ws []*pass1, top int) (hist []int64, below int64) {
	hist = make([]int64, fineBins)
	st.Min, st.Max = math.Inf(1), math.Inf(-1)
	var tops []Similar
	for _, a := range ws {
		for k, c := range a.hist {
			hist[k] += c
		}
		st.Min, st.Max = min(st.Min, a.min), max(st.Max, a.max)
		below += a.below
		tops = append(tops, a.top.items...)
	}
	slices.SortFunc(tops, cmpSimilar)
	if len(tops) > top {
		tops = tops[:top]
	}
	st.Top = tops
	st.Histogram = display(hist, st.Min, st.Max)
	return hist, below
}

// bracket returns an interval that holds the median of the similarities with overwhelming
// probability, from a fixed pseudo-random sample of pairs, and the share of the similarities it
// is expected to hold; everything (share 1) when there are at most base/2 pairs.
func bracket(m *matrix, total int64, base int) (lo, hi, share float64) {
	if total <= int64(base/2) {
		return math.Inf(-1), math.Inf(1), 1
	}
	size := sampleSize(total, base)
	rng := rand.New(rand.NewPCG(0x5eed, uint64(m.n)))
	s := make([]float64, size)
	for k := range s {
		i := rng.IntN(m.n)
		j := rng.IntN(m.n - 1)
		if j >= i {
			j++
		}
		s[k] = dot(m.row(i), m.row(j))
	}
	slices.Sort(s)
	// The rank of the median within the sample is binomial(size, 1/2): 7 standard deviations
	// either side miss it about once in 10^11 runs; a miss costs passes, never correctness.
	sd := math.Sqrt(float64(size)) / 2
	a := max(0, int(float64(size)/2-7*sd)-1)
	b := min(size-1, int(float64(size)/2+7*sd)+1)
	return s[a], s[b], float64(b-a+1) / float64(size)
}

// sampleSize returns how many pairs bracket the median. The bracket holds about 7/sqrt(size) of
// the pairs: sampleN keeps it within 80% of the base buffer up to about 60 million pairs (11,000
// vectors for the real base); past that the sample grows as pairs^(2/3), and the bracket with
// it, which keeps the sample and the buffer both small next to the pairs (the least of their sum).
func sampleSize(total int64, base int) int {
	fits := 0.8 * float64(base) * math.Sqrt(sampleN) / 7 // pairs whose bracket fills 80% of base at sampleN
	if float64(total) <= fits {
		return sampleN
	}
	return int(math.Ceil(sampleN * math.Pow(float64(total)/fits, 2.0/3)))
}

// dot is the dot product of a and b (len(b) >= len(a)), with four partial sums.
func dot(a, b []float64) float64 {
	var s0, s1, s2, s3 float64
	k := 0
	b = b[:len(a)]
	for ; k+4 <= len(a); k += 4 {
		s0 += a[k] * b[k]
		s1 += a[k+1] * b[k+1]
		s2 += a[k+2] * b[k+2]
		s3 += a[k+3] * b[k+3]
	}
	for ; k < len(a); k++ {
		s0 += a[k] * b[k]
	}
	return (s0 + s1) + (s2 + s3)
}

// tile is a block of similarities: rows [i0, i0+ni) against rows [j0, j0+nj); v[r*tileSize+c]
// is the similarity of rows i0+r and j0+c. On a diagonal tile (i0 == j0) only c > r is valid.
type tile struct {
	i0, j0, ni, nj int
	diag           bool
	v              [tileSize * tileSize]float64
	acc            [][128]float64 // scratch of the blocked kernel
}

// setup sets the tile's place.
func (t *tile) setup(m *matrix, I, J int) {
	t.i0, t.j0 = I*tileSize, J*tileSize
	t.ni, t.nj = min(tileSize, m.n-t.i0), min(tileSize, m.n-t.j0)
	t.diag = I == J
}

// each calls f for every valid similarity of the tile.
func (t *tile) each(f func(i, j int, x float64)) {
	for r := range t.ni {
		c0 := 0
		if t.diag {
			c0 = r + 1
		}
		row := t.v[r*tileSize : r*tileSize+t.nj]
		for c := c0; c < t.nj; c++ {
			f(t.i0+r, t.j0+c, row[c])
		}
	}
}

// sweep computes every tile of the upper triangle on workers goroutines. Tile rows are handed
// out in order; for each, visit is called with each of its tiles, then once with a nil tile to
// close the row. visit is called from one goroutine per worker index w.
func sweep(ctx context.Context, m *matrix, kern kernel, workers int, visit func(w, I int, t *tile)) error {
	tiles := (m.n + tileSize - 1) / tileSize
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Bool
	for w := range workers {
		wg.Go(func() {
			t := new(tile)
			for {
				I := int(next.Add(1) - 1)
				if I >= tiles || failed.Load() {
					return
				}
				for J := I; J < tiles; J++ {
					if ctx.Err() != nil {
						failed.Store(true)
						return
					}
					kern(m, I, J, t)
					visit(w, I, t)
				}
				visit(w, I, nil)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return ctx.Err()
	}
	return nil
}

// tileGo fills t with the similarities of tile (I, J), with the portable kernel.
func tileGo(m *matrix, I, J int, t *tile) {
	t.setup(m, I, J)
	ri, rj := min(tileSize, m.rows-t.i0), min(tileSize, m.rows-t.j0) // multiples of 4
	s := m.stride
	var out [16]float64
	for r := 0; r < ri; r += 4 {
		a := m.data[(t.i0+r)*s : (t.i0+r+4)*s]
		c0 := 0
		if t.diag {
			c0 = r
		}
		for c := c0; c < rj; c += 4 {
			dot4x4Go(a, m.data[(t.j0+c)*s:(t.j0+c+4)*s], s, s, &out)
			for x := range 4 {
				copy(t.v[(r+x)*tileSize+c:(r+x)*tileSize+c+4], out[4*x:4*x+4])
			}
		}
	}
}

// moments are a count, mean and sum of squared deviations, merged as Chan et al. do.
type moments struct {
	n        int64
	mean, m2 float64
}

func (a *moments) merge(b moments) {
	if b.n == 0 {
		return
	}
	if a.n == 0 {
		*a = b
		return
	}
	n := a.n + b.n
	d := b.mean - a.mean
	a.mean += d * float64(b.n) / float64(n)
	a.m2 += b.m2 + d*d*float64(a.n)*float64(b.n)/float64(n)
	a.n = n
}

// pass1 is one worker's share of the main pass.
type pass1 struct {
	row      moments // of the current tile row
	hist     []int64
	min, max float64
	top      topK
	lo, hi   float64 // the median bracket
	below    int64   // values < lo
	kept     *collected
	tileVals [tileSize * tileSize]float64 // the current tile's values in the bracket
}

// collected is the values in the median's bracket, kept by every worker in one buffer: a worker
// reserves room for a tile's values at once. Past the buffer's capacity nothing more is kept,
// and the median is found by the selection passes instead.
type collected struct {
	vals     []float64 // len 0; values are written into its capacity
	used     atomic.Int64
	overflow atomic.Bool
}

// keep stores vals, or marks the buffer full.
func (c *collected) keep(vals []float64) {
	if len(vals) == 0 || c.overflow.Load() {
		return
	}
	end := c.used.Add(int64(len(vals)))
	if end > int64(cap(c.vals)) {
		c.overflow.Store(true)
		return
	}
	copy(c.vals[end-int64(len(vals)):end], vals)
}

func (a *pass1) add(t *tile) {
	// The tile's own mean first, then the squared deviations from it: accurate moments. The
	// loops are written out (not t.each) because they run for every similarity.
	var n int64
	var sum float64
	for r := range t.ni {
		c0 := 0
		if t.diag {
			c0 = r + 1
		}
		for _, x := range t.v[r*tileSize+c0 : r*tileSize+t.nj] {
			sum += x
		}
		n += int64(max(t.nj-c0, 0))
	}
	if n == 0 {
		return
	}
	mean := sum / float64(n)
	var m2 float64
	mn, mx := a.min, a.max
	inBracket := 0
	for r := range t.ni {
		c0 := 0
		if t.diag {
			c0 = r + 1
		}
		for c := c0; c < t.nj; c++ {
			x := t.v[r*tileSize+c]
			d := x - mean
			m2 += d * d
			a.hist[fineBin(x)]++
			mn, mx = min(mn, x), max(mx, x)
			if x < a.lo {
				a.below++
			} else if x <= a.hi {
				a.tileVals[inBracket] = x
				inBracket++
			}
			if a.top.k > 0 && (len(a.top.items) < a.top.k || x >= a.top.items[0].Cosine) {
				a.top.offer(t.i0+r, t.j0+c, x)
			}
		}
	}
	a.min, a.max = mn, mx
	a.row.merge(moments{n: n, mean: mean, m2: m2})
	a.kept.keep(a.tileVals[:inBracket])
}

// fineBin maps a similarity to one of fineBins equal bins over [-1, 1]; the mapping never
// decreases as x grows, and values outside the range go to the end bins.
func fineBin(x float64) int {
	b := int((x + 1) * (fineBins / 2))
	if x+1 < 0 {
		return 0
	}
	return min(b, fineBins-1)
}

// display folds the fine histogram into bins of a power-of-two width covering [lo, hi]: the
// widest width giving at least 20 bins, or the finest.
func display(fine []int64, lo, hi float64) Histogram {
	per := fineBins / 2 // fine bins per display bin; width 1
	first, last := fineBin(lo), fineBin(hi)
	for per > 1 && last/per-first/per+1 < 20 {
		per /= 2
	}
	b0 := first / per
	h := Histogram{Lo: -1 + float64(b0*per)*2/fineBins, Width: float64(per) * 2 / fineBins}
	h.Counts = make([]int64, last/per-b0+1)
	for k := first; k <= last; k++ {
		h.Counts[k/per-b0] += fine[k]
	}
	return h
}

// topK keeps the k greatest similarities seen, as a min-heap on (Cosine, then reverse index
// order), so that the result does not depend on how work was split.
type topK struct {
	k     int
	items []Similar
}

// worse reports whether a ranks below b: lower similarity, or equal and later indices.
func worse(a, b Similar) bool { return cmpSimilar(a, b) > 0 }

func cmpSimilar(a, b Similar) int {
	switch {
	case a.Cosine > b.Cosine:
		return -1
	case a.Cosine < b.Cosine:
		return 1
	case a.I != b.I:
		return a.I - b.I
	default:
		return a.J - b.J
	}
}

func (t *topK) offer(i, j int, x float64) {
	if t.k == 0 {
		return
	}
	s := Similar{I: i, J: j, Cosine: x}
	h := t.items
	if len(h) < t.k {
		h = append(h, s)
		for c := len(h) - 1; c > 0; {
			p := (c - 1) / 2
			if !worse(h[c], h[p]) {
				break
			}
			h[c], h[p] = h[p], h[c]
			c = p
		}
		t.items = h
		return
	}
	if !worse(h[0], s) {
		return
	}
	h[0] = s
	for p := 0; ; {
		c := 2*p + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && worse(h[c+1], h[c]) {
			c++
		}
		if !worse(h[c], h[p]) {
			break
		}
		h[c], h[p] = h[p], h[c]
		p = c
	}
}

// selector finds values of given rank by narrowing histograms, one pass over all pairs per
// level, when the sampled bracket missed the median.
type selector struct {
	ctx     context.Context
	m       *matrix
	kern    kernel
	workers int
	hist    []int64 // the main pass's fine histogram
	cap     int64   // most values collected at once
	passes  int
}

// level is one narrowing step: the members of the level fall in bin of the mapping
// x -> (x-lo)*scale.
type level struct {
	lo, scale float64
	bin       int
}

func (l level) of(x float64) int {
	v := (x - l.lo) * l.scale
	if v < 0 {
		return 0
	}
	return min(int(v), fineBins-1)
}

func member(ls []level, x float64) bool {
	if fineBin(x) != ls[0].bin {
		return false
	}
	for _, l := range ls[1:] {
		if l.of(x) != l.bin {
			return false
		}
	}
	return true
}

// find returns the bin holding rank r of hist, the count below it and in it.
func find(hist []int64, r int64) (bin int, below, count int64) {
	for k, c := range hist {
		if r < below+c {
			return k, below, c
		}
		below += c
	}
	return len(hist) - 1, below, 0 // unreachable for r < total
}

// pair returns the values of ranks r1 <= r2 (consecutive or equal).
func (s *selector) pair(r1, r2 int64) (float64, float64, error) {
	b1, below1, c1 := find(s.hist, r1)
	b2, _, c2 := find(s.hist, r2)
	if b1 != b2 && c1+c2 <= s.cap {
		// Consecutive ranks: the bins between b1 and b2 are empty.
		vals, err := s.collect(func(x float64) bool { b := fineBin(x); return b == b1 || b == b2 })
		if err != nil {
			return 0, 0, err
		}
		slices.Sort(vals)
		return vals[r1-below1], vals[r2-below1], nil
	}
	v1, err := s.rank(r1)
	if err != nil {
		return 0, 0, err
	}
	if r2 == r1 {
		return v1, v1, nil
	}
	v2, err := s.rank(r2)
	return v1, v2, err
}

// rank returns the value of rank r (0-based, ascending).
func (s *selector) rank(r int64) (float64, error) {
	b, below, count := find(s.hist, r)
	ls := []level{{lo: -1, scale: fineBins / 2, bin: b}}
	for {
		if count <= s.cap {
			vals, err := s.collect(func(x float64) bool { return member(ls, x) })
			if err != nil {
				return 0, err
			}
			slices.Sort(vals)
			return vals[r-below], nil
		}
		// Narrow: histogram the members over their own range.
		last := ls[len(ls)-1]
		lo := last.lo + float64(last.bin)/last.scale
		next := level{lo: lo, scale: last.scale * fineBins}
		hist := make([]int64, fineBins)
		mn, mx := math.Inf(1), math.Inf(-1)
		var mu sync.Mutex
		err := s.each(func(x float64, h []int64) {
			if member(ls, x) {
				h[next.of(x)]++
				mu.Lock() // rare path: only members reach here
				mn, mx = min(mn, x), max(mx, x)
				mu.Unlock()
			}
		}, hist)
		if err != nil {
			return 0, err
		}
		if mn == mx {
			return mn, nil // every member is the same value
		}
		var in int64
		next.bin, in, count = find(hist, r-below)
		below += in
		ls = append(ls, next)
	}
}

// collect returns every similarity for which keep is true.
func (s *selector) collect(keep func(float64) bool) ([]float64, error) {
	var mu sync.Mutex
	var vals []float64
	err := s.each(func(x float64, _ []int64) {
		if keep(x) {
			mu.Lock()
			vals = append(vals, x)
			mu.Unlock()
		}
	}, nil)
	return vals, err
}

// each runs one pass calling f for every similarity; h is a per-worker histogram summed into sum.
func (s *selector) each(f func(x float64, h []int64), sum []int64) error {
	s.passes++
	hs := make([][]int64, s.workers)
	for w := range hs {
		if sum != nil {
			hs[w] = make([]int64, len(sum))
		}
	}
	err := sweep(s.ctx, s.m, s.kern, s.workers, func(w, _ int, t *tile) {
		if t != nil {
			t.each(func(_, _ int, x float64) { f(x, hs[w]) })
		}
	})
	if err != nil {
		return err
	}
	for _, h := range hs {
		for k, c := range h {
			sum[k] += c
		}
	}
	return nil
}

func (s Stats) String() string {
	return fmt.Sprintf("%d vectors, %d pairs: mean %.4f std %.4f min %.4f max %.4f median %.4f",
		s.Vectors, s.Pairs, s.Mean, s.Std, s.Min, s.Max, s.Median)
}
