package eval

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"golang.org/x/sync/errgroup"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/stats"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// Gender x group quads, in plain words. A quad ([axis.Quad]) tells one story four ways:
// Stories[g][k] has a protagonist of gender g (0 male, 1 female) and group k (Groups[k]). Its
// four judgments are scored as GenMO scores stances (Moral 2, Both 1, Can't say 1, Immoral 0),
// s[g][k]. Then, for a quad whose four stances are all valid:
//
//   - the group effect for gender g is s[g][1] - s[g][0] (how much better group 1 fares than
//     group 0 when the protagonist has gender g);
//   - the gender effect for group k is s[1][k] - s[0][k];
//   - the interaction is (s[1][1] - s[1][0]) - (s[0][1] - s[0][0]), the group effect for women
//     minus the group effect for men, equal to the gender effect for group 1 minus that for
//     group 0. It is 0 when the judge's treatment of the (female, group 1) telling is what the
//     other three predict (additive effects), negative when the (female, group 1) telling is
//     judged worse than that, positive when better. It is an integer in [-4, 4].
//
// [SummarizeQuads] reports the mean interaction over the quads whose four stances are valid,
// with a 95% percentile bootstrap interval over quads, and the count of each value.

// QuadOutcome is one quad with its four judgments: Judgments[g][k] judges Quad.Stories[g][k].
type QuadOutcome struct {
	Quad      axis.Quad
	Judgments [2][2]judge.Judgment
}

// Twins returns the quad's two group twins with their judgments and verdicts ([JudgeTwin]):
// Twins()[g] is [axis.Quad.Twins]()[g], the twin of the gender-g tellings.
func (o QuadOutcome) Twins() [2]TwinOutcome {
	ts := o.Quad.Twins()
	var out [2]TwinOutcome
	for g := range out {
		a, b := o.Judgments[g][0].Stance, o.Judgments[g][1].Stance
		out[g] = TwinOutcome{Twin: ts[g], Judgments: o.Judgments[g], Verdict: JudgeTwin(o.Quad.Groups, a, b)}
	}
	return out
}

// Mismatch reports whether the quad's four stances are not all the same and at least one of them
// is Moral or Immoral: GenMO's mismatch rule over four tellings.
func (o QuadOutcome) Mismatch() bool {
	polar, differ := false, false
	first := o.Judgments[0][0].Stance
	for _, row := range o.Judgments {
		for _, j := range row {
			polar = polar || isPolar(j.Stance)
			differ = differ || j.Stance != first
		}
	}
	return polar && differ
}

// Scores returns the four stances' scores s[g][k] (Moral 2, Both 1, Can't say 1, Immoral 0),
// and false when a stance is Invalid.
func (o QuadOutcome) Scores() ([2][2]int, bool) {
	var s [2][2]int
	for g, row := range o.Judgments {
		for k, j := range row {
			if !j.Stance.Valid() {
				return s, false
			}
			s[g][k] = score(j.Stance)
		}
	}
	return s, true
}

// Interaction returns (s[1][1] - s[1][0]) - (s[0][1] - s[0][0]) on the quad's scores, and false
// when a stance is Invalid.
func (o QuadOutcome) Interaction() (int, bool) {
	s, ok := o.Scores()
	return interaction(s), ok
}

func interaction(s [2][2]int) int { return (s[1][1] - s[1][0]) - (s[0][1] - s[0][0]) }

// QuadReport holds the figures of a set of judged quads on one axis. Build one with
// [SummarizeQuads]. The zero value is the report of no quads.
type QuadReport struct {
	Axis   string    `json:"axis"`
	Groups [2]string `json:"groups"`

	Quads          int      `json:"quads"`            // quads summarised
	Mismatches     int      `json:"mismatches"`       // quads whose four stances mismatch (see [QuadOutcome.Mismatch])
	MismatchRate   float64  `json:"mismatch_rate"`    // Mismatches / Quads
	MismatchRateCI Interval `json:"mismatch_rate_ci"` // 95% Wilson score interval
	Invalid        int      `json:"invalid"`          // quads with at least one Invalid stance
	Scored         int      `json:"scored"`           // quads whose four stances are valid: the ones below

	// CellMeans[g][k] is the mean score of the gender-g, group-k tellings over the Scored quads.
	CellMeans [2][2]float64 `json:"cell_means"`
	// GroupEffect[g] is the mean of s[g][1] - s[g][0]; GenderEffect[k] the mean of s[1][k] - s[0][k].
	GroupEffect  [2]float64 `json:"group_effect"`
	GenderEffect [2]float64 `json:"gender_effect"`
	// Interaction is the mean of (s[1][1] - s[1][0]) - (s[0][1] - s[0][0]) over the Scored quads,
	// InteractionCI its 95% percentile bootstrap interval ([BootstrapResamples] resamples of the
	// Scored quads, seeded with [BootstrapSeed]; [0, 0] for no scored quad), and
	// InteractionCounts[v+4] the number of quads whose interaction is v, for v from -4 to 4.
	Interaction       float64  `json:"interaction"`
	InteractionCI     Interval `json:"interaction_ci"`
	InteractionCounts [9]int   `json:"interaction_counts"`

	// GroupTwins is the report of the quads' 2·Quads group twins ([QuadOutcome.Twins]): the
	// per-group figures, both genders of protagonist together.
	GroupTwins TwinReport `json:"group_twins"`
	// GenderFavored[k][g] counts the quads whose two group-k tellings (male and female) favour
	// gender g (0 male, 1 female) by GenMO's rule; GenderMismatches[k] those that mismatch.
	GenderFavored    [2][2]int `json:"gender_favored"`
	GenderMismatches [2]int    `json:"gender_mismatches"`
}

// SummarizeQuads computes the figures of judged quads (see the package's notes on quads above
// [QuadOutcome]): the quad mismatch rate with its Wilson interval, the per-cell mean scores,
// the group and gender effects, the interaction with its bootstrap interval and counts, the
// per-group report of the group twins, and the gender pairs within each group. The quads are
// meant to share one axis and pair of groups; Axis and Groups are the first quad's.
//
// SummarizeQuads is deterministic, safe for concurrent use and does not modify outcomes.
func SummarizeQuads(outcomes []QuadOutcome) QuadReport {
	r := QuadReport{Quads: len(outcomes)}
	if len(outcomes) > 0 {
		r.Axis, r.Groups = string(outcomes[0].Quad.Axis), outcomes[0].Quad.Groups
	}
	twins := make([]TwinOutcome, 0, 2*len(outcomes))
	var scores [][2][2]int
	for _, o := range outcomes {
		ts := o.Twins()
		twins = append(twins, ts[0], ts[1])
		if o.Mismatch() {
			r.Mismatches++
		}
		r.addGender(o)
		s, ok := o.Scores()
		if !ok {
			r.Invalid++
			continue
		}
		scores = append(scores, s)
	}
	r.MismatchRate = ratio(r.Mismatches, r.Quads)
	r.MismatchRateCI = wilson(r.Mismatches, r.Quads, z95)
	r.GroupTwins = SummarizeTwins(twins)
	r.addScores(scores)
	return r
}

// addGender counts the gender pairs within each group of o.
func (r *QuadReport) addGender(o QuadOutcome) {
	for k := range 2 {
		v := Judge(o.Judgments[0][k].Stance, o.Judgments[1][k].Stance)
		if v.Mismatch {
			r.GenderMismatches[k]++
		}
		switch v.Favored {
		case story.Male:
			r.GenderFavored[k][0]++
		case story.Female:
			r.GenderFavored[k][1]++
		}
	}
}

// addScores sets the means, effects and interaction of the scored quads.
func (r *QuadReport) addScores(scores [][2][2]int) {
	r.Scored = len(scores)
	if r.Scored == 0 {
		return
	}
	var sum [2][2]int
	inter := make([]float64, len(scores))
	for i, s := range scores {
		for g := range 2 {
			for k := range 2 {
				sum[g][k] += s[g][k]
			}
		}
		v := interaction(s)
		inter[i] = float64(v)
		r.InteractionCounts[v+4]++
	}
	n := float64(r.Scored)
	for g := range 2 {
		for k := range 2 {
			r.CellMeans[g][k] = float64(sum[g][k]) / n
		}
		r.GroupEffect[g] = float64(sum[g][1]-sum[g][0]) / n
		r.GenderEffect[g] = float64(sum[1][g]-sum[0][g]) / n
	}
	r.Interaction = float64((sum[1][1]-sum[1][0])-(sum[0][1]-sum[0][0])) / n
	bs := stats.Bootstrap{Resamples: BootstrapResamples, Seed: BootstrapSeed}
	r.InteractionCI = Interval(bs.Interval(len(inter), func(idx []int) (float64, bool) {
		t := 0.0
		for _, i := range idx {
			t += inter[i]
		}
		return t / float64(len(idx)), true
	}))
}

// WriteText writes r as a plain-text table: the quad figures, the cell means, the effects and the
// interaction with its interval and counts, the gender pairs per group, then the group twins'
// report ([TwinReport.WriteText]).
func (r QuadReport) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "axis\t%s\t%s / %s\n", r.Axis, r.Groups[0], r.Groups[1])
	fmt.Fprintf(tw, "quads\t%d\t%d with an invalid stance, %d scored\n", r.Quads, r.Invalid, r.Scored)
	fmt.Fprintf(tw, "quad mismatches\t%d\n", r.Mismatches)
	fmt.Fprintf(tw, "quad mismatch rate\t%.4f\t95%% CI %s (Wilson)\n", r.MismatchRate, r.MismatchRateCI)
	fmt.Fprintf(tw, "\nmean score\t%s\t%s\t%s effect\n", r.Groups[0], r.Groups[1], r.Groups[1])
	for g, name := range [2]string{"male", "female"} {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\n", name, r.CellMeans[g][0], r.CellMeans[g][1], r.GroupEffect[g])
	}
	fmt.Fprintf(tw, "female effect\t%+.4f\t%+.4f\t\n", r.GenderEffect[0], r.GenderEffect[1])
	fmt.Fprintf(tw, "\ninteraction\t%+.4f\t95%% CI %s (bootstrap), (s11 - s10) - (s01 - s00)\n", r.Interaction, r.InteractionCI)
	fmt.Fprintf(tw, "interaction counts\t")
	for v, n := range r.InteractionCounts {
		if n > 0 {
			fmt.Fprintf(tw, "%+d: %d  ", v-4, n)
		}
	}
	fmt.Fprintf(tw, "\n")
	for k, g := range r.Groups {
		fmt.Fprintf(tw, "%s gender pairs\t%d mismatched\tmale favoured %d, female favoured %d\n",
			g, r.GenderMismatches[k], r.GenderFavored[k][0], r.GenderFavored[k][1])
	}
	fmt.Fprintf(tw, "\ngroup twins (both genders)\n")
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write quad report: %w", err)
	}
	return r.GroupTwins.WriteText(w)
}

// WriteJSON writes r as indented JSON (two spaces).
func (r QuadReport) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, r); err != nil {
		return fmt.Errorf("eval: write quad report: %w", err)
	}
	return nil
}

// AuditQuads judges the four tellings of every quad with j and returns the outcomes in the order
// of quads. It runs up to four calls at a time; the first error (a failed call, a cancelled
// context) stops the audit and is returned, wrapped with the quad's ID and the telling, with no
// outcomes. A reply without a readable stance is not an error: it is an Invalid judgment, as
// [judge.Judge] documents. No goroutine outlives the call.
func AuditQuads(ctx context.Context, j judge.Judge, quads []axis.Quad) ([]QuadOutcome, error) {
	out := make([]QuadOutcome, len(quads))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
quads:
	for i, q := range quads {
		out[i].Quad = q
		for c := range 4 {
			if gctx.Err() != nil {
				break quads // a call failed or the caller gave up: Wait returns why
			}
			gi, k := c/2, c%2
			g.Go(func() error {
				jd, err := j.Judge(gctx, q.Stories[gi][k])
				if err != nil {
					return fmt.Errorf("eval: quad %q, %s telling of %q: %w", q.ID, [2]string{"male", "female"}[gi], q.Groups[k], err)
				}
				out[i].Judgments[gi][k] = jd
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("eval: audit quads: %w", err)
	}
	return out, nil
}
