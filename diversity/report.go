package diversity

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/embeddings"
)

// Report is how varied the stories of a set of records are, for the male stories and the female
// stories separately, as the paper's release measures it.
type Report struct {
	// Embedder names the embedder in the report ("lexical", "openai text-embedding-3-small",
	// ...); Analyze leaves it empty, for the caller to set.
	Embedder string `json:"embedder,omitempty"`
	Records  int    `json:"records"`
	Male     Side   `json:"male"`
	Female   Side   `json:"female"`
}

// Side is the similarity report of one gender's stories.
type Side struct {
	Gender   string   `json:"gender"` // "male" or "female"
	Stats             // over every pair of stories
	TopPairs []Pair   `json:"top_pairs"`         // Stats.Top with the stories' names and stances
	Heatmap  *Heatmap `json:"heatmap,omitempty"` // the similarity matrix, reordered so clusters show
}

// Pair is one of the most similar pairs of stories, with what identifies the stories.
type Pair struct {
	Cosine float64 `json:"cosine"`
	A      Story   `json:"a"`
	B      Story   `json:"b"`
}

// Story identifies a story of a record.
type Story struct {
	Record int    `json:"record"`           // the record's ID
	Name   string `json:"name"`             // the protagonist's name
	Stance string `json:"stance,omitempty"` // the judge's stance; empty when the record has none
	Text   string `json:"text"`             // the story
}

// Analyze embeds the male stories and the female stories of records with e (separately, in
// batches, as [Embed] does) and reports the statistics of their pairwise cosine similarities
// (as [Pairwise] computes them), the most similar pairs and a heatmap. The options are those of
// Embed and Pairwise. It needs at least two records; a record with an empty story is
// [ErrEmptyStory], naming the record.
func Analyze(ctx context.Context, e embeddings.Embedder, records []record.Record, opts ...Option) (*Report, error) {
	if len(records) < 2 {
		return nil, fmt.Errorf("%w: %d records", ErrTooFew, len(records))
	}
	c := newConfig(opts)
	r := &Report{Embedder: c.name, Records: len(records)}
	for _, g := range []story.Gender{story.Male, story.Female} {
		texts := make([]string, len(records))
		for i := range records {
			s, _ := records[i].Side(g)
			if strings.TrimSpace(s.Story) == "" {
				return nil, fmt.Errorf("%w: record %d (line %d), %s side", ErrEmptyStory, records[i].ID, i+1, g)
			}
			texts[i] = s.Story
		}
		vecs, err := c.embed(ctx, e, texts)
		if err != nil {
			return nil, fmt.Errorf("diversity: %s stories: %w", g, err)
		}
		st, err := pairwiseOf(ctx, vecs, c)
		if err != nil {
			return nil, fmt.Errorf("diversity: %s stories: %w", g, err)
		}
		side := Side{Gender: g.String(), Stats: st}
		for _, p := range st.Top {
			side.TopPairs = append(side.TopPairs, Pair{Cosine: p.Cosine, A: storyOf(records[p.I], g), B: storyOf(records[p.J], g)})
		}
		side.Heatmap = NewHeatmap(vecs, 0)
		if g == story.Male {
			r.Male = side
		} else {
			r.Female = side
		}
	}
	return r, nil
}

func storyOf(r record.Record, g story.Gender) Story {
	s, _ := r.Side(g)
	st := ""
	if s.Stance.Valid() {
		st = s.Stance.String()
	}
	return Story{Record: r.ID, Name: s.CharacterName, Stance: st, Text: s.Story}
}

// Figures returns the headline figures for a dataset card.
func (r *Report) Figures() *dpo.Diversity {
	f := func(s Side) dpo.SimilarityFigures {
		return dpo.SimilarityFigures{Stories: s.Vectors, Mean: s.Mean, Std: s.Std, Min: s.Min, Max: s.Max, Median: s.Median}
	}
	return &dpo.Diversity{Embedder: r.Embedder, Male: f(r.Male), Female: f(r.Female)}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("diversity: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the report as plain text: the statistics of both sides in a table, then
// each side's most similar pairs.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Story similarity (cosine) over %d records", r.Records)
	if r.Embedder != "" {
		fmt.Fprintf(&b, ", embedder %s", r.Embedder)
	}
	b.WriteString("\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "side\tstories\tpairs\tmean\tstd\tmin\tmax\tmedian\t")
	for _, s := range []Side{r.Male, r.Female} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t\n", s.Gender, s.Vectors, s.Stats.Pairs, s.Mean, s.Std, s.Min, s.Max, s.Median)
	}
	tw.Flush()
	for _, s := range []Side{r.Male, r.Female} {
		if len(s.TopPairs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nMost similar %s stories:\n", s.Gender)
		for k, p := range s.TopPairs {
			fmt.Fprintf(&b, "%3d. %.4f  %s  ~  %s\n", k+1, p.Cosine, p.A.label(), p.B.label())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// label is how the text report names a story: "#12 Daniel (Moral)", or "#12 \"first words…\""
// when the record names no protagonist.
func (s Story) label() string {
	l := fmt.Sprintf("#%d ", s.Record)
	if s.Name != "" {
		l += oneLine(s.Name, 24)
	} else {
		l += strconv.Quote(oneLine(s.Text, 28))
	}
	if s.Stance != "" {
		l += " (" + s.Stance + ")"
	}
	return l
}

// oneLine shortens s to n runes on one line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "?"
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Heatmap is a similarity matrix small enough to draw: the stories are put in an order that
// keeps similar stories together, then cut into Size consecutive groups; Cells[a*Size+b] is the
// mean cosine similarity between the stories of group a and group b (on the diagonal, between
// different stories of the group). With Size stories or fewer, each group is one story and the
// diagonal is 1.
type Heatmap struct {
	Size  int       `json:"size"`
	Order []int     `json:"order"` // story indices in drawing order
	Cuts  []int     `json:"cuts"`  // group a holds Order[Cuts[a]:Cuts[a+1]]
	Cells []float64 `json:"cells"`
}

// NewHeatmap orders the vectors by the angle of their projection on the first two principal
// directions (so that clusters sit together), then averages similarities over at most size
// groups (0 means 60). Vectors must be valid for [Pairwise].
func NewHeatmap(vecs [][]float32, size int) *Heatmap {
	if size <= 0 {
		size = 60
	}
	if len(vecs) == 0 {
		return nil
	}
	c := newCentred(vecs)
	d1 := c.principal(nil)
	d2 := c.principal(d1)
	order := circleOrder(c.project(d1), c.project(d2))
	return groupMeans(c.unit, order, min(size, len(vecs)))
}

// centred is a set of unit vectors and their mean, for the principal directions of the vectors
// less the mean.
type centred struct {
	unit [][]float64
	mean []float64
}

// newCentred returns the vectors scaled to unit length, and their mean.
func newCentred(vecs [][]float32) centred {
	n, d := len(vecs), len(vecs[0])
	c := centred{unit: make([][]float64, n), mean: make([]float64, d)}
	for i, v := range vecs {
		nv := norm64(v)
		u := make([]float64, d)
		for k, x := range v {
			u[k] = float64(x) / nv
			c.mean[k] += u[k] / float64(n)
		}
		c.unit[i] = u
	}
	return c
}

// project returns the projection of each centred vector on dir.
func (c centred) project(dir []float64) []float64 {
	p := make([]float64, len(c.unit))
	for i, u := range c.unit {
		for k := range u {
			p[i] += (u[k] - c.mean[k]) * dir[k]
		}
	}
	return p
}

// principal returns a principal direction of the centred vectors, by 40 rounds of power
// iteration from a fixed start (deterministic), orthogonal to avoid when it is not nil
// (deflation).
func (c centred) principal(avoid []float64) []float64 {
	dir := make([]float64, len(c.mean))
	for k := range dir {
		dir[k] = math.Sin(float64(k+1) * 1.618)
	}
	for range 40 {
		if avoid != nil {
			orthogonalise(dir, avoid)
		}
		next, ok := c.step(dir)
		if !ok {
			return next
		}
		dir = next
	}
	return dir
}

// orthogonalise removes from dir its component along the unit vector avoid.
func orthogonalise(dir, avoid []float64) {
	var c float64
	for k := range dir {
		c += dir[k] * avoid[k]
	}
	for k := range dir {
		dir[k] -= c * avoid[k]
	}
}

// step is one round of power iteration: the covariance times dir, scaled to unit length. ok is
// false when the product is zero (returned as it is).
func (c centred) step(dir []float64) (next []float64, ok bool) {
	p := c.project(dir)
	next = make([]float64, len(c.mean))
	for i, u := range c.unit {
		for k := range u {
			next[k] += (u[k] - c.mean[k]) * p[i]
		}
	}
	var s float64
	for _, x := range next {
		s += x * x
	}
	if s == 0 {
		return next, false
	}
	s = math.Sqrt(s)
	for k := range next {
		next[k] /= s
	}
	return next, true
}

// circleOrder returns the indices of the points (p1[i], p2[i]) in the order of their angle,
// starting at the widest gap between neighbouring angles, so that no cluster is cut.
func circleOrder(p1, p2 []float64) []int {
	n := len(p1)
	order := make([]int, n)
	angle := make([]float64, n)
	for i := range order {
		order[i] = i
		angle[i] = math.Atan2(p2[i], p1[i])
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(angle[a], angle[b]) })
	gap, at := -1.0, 0
	for k := range order {
		next := angle[order[(k+1)%n]]
		if k == n-1 {
			next += 2 * math.Pi
		}
		if g := next - angle[order[k]]; g > gap {
			gap, at = g, (k+1)%n
		}
	}
	return append(order[at:], order[:at]...)
}

// groupMeans cuts order into groups consecutive groups and returns the heatmap of the mean
// similarities between them.
func groupMeans(unit [][]float64, order []int, groups int) *Heatmap {
	n := len(order)
	h := &Heatmap{Size: groups, Order: order, Cuts: make([]int, groups+1), Cells: make([]float64, groups*groups)}
	sums := make([][]float64, groups)
	for a := range groups {
		h.Cuts[a] = a * n / groups
		h.Cuts[a+1] = (a + 1) * n / groups
		sums[a] = sumRows(unit, order[h.Cuts[a]:h.Cuts[a+1]])
	}
	for a := range groups {
		na := float64(h.Cuts[a+1] - h.Cuts[a])
		for b := a; b < groups; b++ {
			nb := float64(h.Cuts[b+1] - h.Cuts[b])
			v := cellMean(dotSums(sums[a], sums[b]), na, nb, a == b)
			h.Cells[a*groups+b], h.Cells[b*groups+a] = v, v
		}
	}
	return h
}

// sumRows returns the sum of the rows of unit at the indices idx.
func sumRows(unit [][]float64, idx []int) []float64 {
	s := make([]float64, len(unit[0]))
	for _, i := range idx {
		for k, x := range unit[i] {
			s[k] += x
		}
	}
	return s
}

// dotSums is the dot product of a and b, summed in order.
func dotSums(a, b []float64) float64 {
	var s float64
	for k := range a {
		s += a[k] * b[k]
	}
	return s
}

// cellMean turns s, the dot product of the sums of two groups of na and nb unit vectors, into
// their mean similarity; within a group (same), each vector's similarity to itself is left out.
func cellMean(s, na, nb float64, same bool) float64 {
	switch {
	case !same:
		return s / (na * nb)
	case na > 1:
		return (s - na) / (na * (na - 1))
	default:
		return 1
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
