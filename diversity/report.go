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
func Analyze(ctx context.Context, e embeddings.Embedder, records []dpo.Record, opts ...Option) (*Report, error) {
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

func storyOf(r dpo.Record, g story.Gender) Story {
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
	n := len(vecs)
	if n == 0 {
		return nil
	}
	d := len(vecs[0])
	unit := make([][]float64, n)
	mean := make([]float64, d)
	for i, v := range vecs {
		nv := norm64(v)
		u := make([]float64, d)
		for k, x := range v {
			u[k] = float64(x) / nv
			mean[k] += u[k] / float64(n)
		}
		unit[i] = u
	}
	// Two principal directions of the centred unit vectors, by power iteration with deflation.
	proj := func(dir []float64) []float64 {
		p := make([]float64, n)
		for i, u := range unit {
			for k := range u {
				p[i] += (u[k] - mean[k]) * dir[k]
			}
		}
		return p
	}
	power := func(avoid []float64) []float64 {
		dir := make([]float64, d)
		for k := range dir {
			dir[k] = math.Sin(float64(k+1) * 1.618) // fixed start: deterministic
		}
		for range 40 {
			if avoid != nil {
				var c float64
				for k := range dir {
					c += dir[k] * avoid[k]
				}
				for k := range dir {
					dir[k] -= c * avoid[k]
				}
			}
			p := proj(dir)
			next := make([]float64, d)
			for i, u := range unit {
				for k := range u {
					next[k] += (u[k] - mean[k]) * p[i]
				}
			}
			var s float64
			for _, x := range next {
				s += x * x
			}
			if s == 0 {
				return next
			}
			s = math.Sqrt(s)
			for k := range next {
				next[k] /= s
			}
			dir = next
		}
		return dir
	}
	d1 := power(nil)
	d2 := power(d1)
	p1, p2 := proj(d1), proj(d2)
	order := make([]int, n)
	angle := make([]float64, n)
	for i := range order {
		order[i] = i
		angle[i] = math.Atan2(p2[i], p1[i])
	}
	// Start the circle at the widest gap between neighbouring angles, so no cluster is cut.
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
	order = append(order[at:], order[:at]...)

	groups := min(size, n)
	h := &Heatmap{Size: groups, Order: order, Cuts: make([]int, groups+1), Cells: make([]float64, groups*groups)}
	sums := make([][]float64, groups)
	for a := range groups {
		h.Cuts[a] = a * n / groups
		h.Cuts[a+1] = (a + 1) * n / groups
		s := make([]float64, d)
		for _, i := range order[h.Cuts[a]:h.Cuts[a+1]] {
			for k, x := range unit[i] {
				s[k] += x
			}
		}
		sums[a] = s
	}
	for a := range groups {
		na := float64(h.Cuts[a+1] - h.Cuts[a])
		for b := a; b < groups; b++ {
			nb := float64(h.Cuts[b+1] - h.Cuts[b])
			var s float64
			for k := range sums[a] {
				s += sums[a][k] * sums[b][k]
			}
			var v float64
			switch {
			case a != b:
				v = s / (na * nb)
			case na > 1:
				v = (s - na) / (na * (na - 1)) // leave out each story's similarity to itself
			default:
				v = 1
			}
			h.Cells[a*groups+b], h.Cells[b*groups+a] = v, v
		}
	}
	return h
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
