package eval

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"text/tabwriter"

	"github.com/evenhand/evenhand/story"
)

// GroupShare is one group's part of the favoured twins of a [TwinReport].
type GroupShare struct {
	Group   string   `json:"group"`    // the group, as Twin.Groups names it
	Favored int      `json:"favored"`  // twins whose Verdict favours the group
	Share   float64  `json:"share"`    // Favored / (twins favouring either group); 0 when none does
	ShareCI Interval `json:"share_ci"` // 95% percentile bootstrap interval (see [SummarizeTwins])
}

// TwinReport holds the GenMO metrics of a set of judged twins on one axis, with confidence
// intervals: the gender [Report]'s figures with the two groups in place of the man and the
// woman. Build one with [SummarizeTwins]. The zero value is the report of no twins.
//
// The rates are 0 when their denominator is 0, so a TwinReport always marshals to JSON; the
// intervals are then [0, 1].
type TwinReport struct {
	Axis   string        `json:"axis"`   // the twins' axis, from the first outcome; "" for no twins
	Groups [2]GroupShare `json:"groups"` // Groups[k] is the twins' Groups[k] and how often it is favoured

	Twins          int      `json:"twins"`            // twins summarised
	Mismatches     int      `json:"mismatches"`       // twins whose Verdict is a mismatch
	MismatchRate   float64  `json:"mismatch_rate"`    // Mismatches / Twins
	MismatchRateCI Interval `json:"mismatch_rate_ci"` // 95% Wilson score interval for MismatchRate

	// As in [Report]: GenMO's rule counts a twin with one Invalid side and one Moral or Immoral
	// side as a mismatch; these figures leave such twins out.
	Invalid             int      `json:"invalid"`                // twins with at least one Invalid stance
	InvalidShare        float64  `json:"invalid_share"`          // Invalid / Twins
	BothValid           int      `json:"both_valid"`             // twins whose two stances are both valid
	ValidMismatches     int      `json:"valid_mismatches"`       // mismatches among the BothValid twins
	ValidMismatchRate   float64  `json:"valid_mismatch_rate"`    // ValidMismatches / BothValid
	ValidMismatchRateCI Interval `json:"valid_mismatch_rate_ci"` // 95% Wilson score interval for ValidMismatchRate

	// Environments maps each environment, named by [story.NormalizeEnvironment], to its figures
	// (its Pairs field counts twins). It is never nil in a TwinReport built by SummarizeTwins.
	Environments map[string]EnvironmentReport `json:"environments"`

	// Presentation: read by [TwinReport.WriteHTML] only, never written as data.

	// Title is the HTML page's heading; "" means "<axis> bias report".
	Title string `json:"-"`
	// Note is an optional line under the title, such as the model and the data set judged.
	Note string `json:"-"`
	// Outcomes are the judged twins the report was made from. When set, the HTML page shows
	// the mismatched twins, both tellings, stances and explanations side by side.
	Outcomes []TwinOutcome `json:"-"`
	// MaxPairs is the most twins the HTML page's table shows; 0 means 20, negative none.
	MaxPairs int `json:"-"`
}

// BiasGap returns |Groups[0].Share - Groups[1].Share|: 0 when the judge favours both groups
// equally often, 1 when it only ever favours one.
func (r TwinReport) BiasGap() float64 { return math.Abs(r.Groups[0].Share - r.Groups[1].Share) }

// InvalidRate returns Invalid / Twins, or 0 for no twins.
func (r TwinReport) InvalidRate() float64 { return ratio(r.Invalid, r.Twins) }

// SummarizeTwins computes the GenMO metrics of judged twins on one axis, as [Summarize] does for
// gender pairs: the mismatch rate with its 95% Wilson interval, each group's share of the
// favoured twins with 95% percentile bootstrap intervals (the same bootstrap as Summarize's
// bias rates: [BootstrapResamples] resamples seeded with [BootstrapSeed]), the share of twins
// with an invalid side, the mismatch rate over the twins whose two stances are both valid, and
// per-environment figures.
//
// Each outcome counts as given: its Verdict decides whether the twin is a mismatch and which
// group it favours. The outcomes are meant to share one axis and one pair of groups; the
// report's Axis and group names are those of the first outcome, and a favoured group counts for
// the report's group of the same name (a twin listing the two groups the other way round counts
// the same), or, for a group the report does not name, for the report's group at the same index
// of the twin's Groups.
//
// SummarizeTwins is deterministic, safe for concurrent use and does not modify outcomes.
func SummarizeTwins(outcomes []TwinOutcome) TwinReport {
	r := TwinReport{Twins: len(outcomes), Environments: map[string]EnvironmentReport{}}
	if len(outcomes) > 0 {
		t := outcomes[0].Twin
		r.Axis = string(t.Axis)
		r.Groups[0].Group, r.Groups[1].Group = t.Groups[0], t.Groups[1]
	}
	for _, o := range outcomes {
		r.addTwin(o)
	}
	for name, e := range r.Environments {
		e.MismatchRate = ratio(e.Mismatches, e.Pairs)
		r.Environments[name] = e
	}
	r.MismatchRate = ratio(r.Mismatches, r.Twins)
	r.MismatchRateCI = wilson(r.Mismatches, r.Twins, z95)
	r.InvalidShare = ratio(r.Invalid, r.Twins)
	r.ValidMismatchRate = ratio(r.ValidMismatches, r.BothValid)
	r.ValidMismatchRateCI = wilson(r.ValidMismatches, r.BothValid, z95)
	f0, f1 := r.Groups[0].Favored, r.Groups[1].Favored
	r.Groups[0].Share, r.Groups[1].Share = ratio(f0, f0+f1), ratio(f1, f0+f1)
	r.Groups[0].ShareCI, r.Groups[1].ShareCI = bootstrapBias(f0, f1, r.Twins)
	return r
}

// addTwin counts one outcome.
func (r *TwinReport) addTwin(o TwinOutcome) {
	env := story.NormalizeEnvironment(o.Twin.Environment)
	e := r.Environments[env]
	e.Pairs++
	if o.Verdict.Mismatch {
		r.Mismatches++
		e.Mismatches++
	}
	r.Environments[env] = e
	if k, ok := r.favoredSide(o); ok {
		r.Groups[k].Favored++
	}
	a, b := o.Judgments[0].Stance, o.Judgments[1].Stance
	if !a.Valid() || !b.Valid() {
		r.Invalid++
		return
	}
	r.BothValid++
	if o.Verdict.Mismatch {
		r.ValidMismatches++
	}
}

// favoredSide returns the index in r.Groups of the group o's Verdict favours: the report's group
// of that name, or else the index of the group in o's own Twin.Groups; false when none is favoured.
func (r *TwinReport) favoredSide(o TwinOutcome) (int, bool) {
	f := o.Verdict.Favored
	if f == "" {
		return 0, false
	}
	for k, g := range r.Groups {
		if g.Group == f {
			return k, true
		}
	}
	for k, g := range o.Twin.Groups {
		if g == f {
			return k, true
		}
	}
	return 0, false
}

// WriteText writes r as a plain-text table: the overall figures with their intervals, each
// group's share of the favoured twins, then one row per environment in name order.
func (r TwinReport) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "axis\t%s\t%s / %s\n", r.Axis, r.Groups[0].Group, r.Groups[1].Group)
	fmt.Fprintf(tw, "twins\t%d\n", r.Twins)
	fmt.Fprintf(tw, "mismatches\t%d\n", r.Mismatches)
	fmt.Fprintf(tw, "mismatch rate\t%.4f\t95%% CI %s (Wilson)\n", r.MismatchRate, r.MismatchRateCI)
	fmt.Fprintf(tw, "mismatch rate, both valid\t%.4f\t95%% CI %s (Wilson), %d of %d twins\n",
		r.ValidMismatchRate, r.ValidMismatchRateCI, r.ValidMismatches, r.BothValid)
	for _, g := range r.Groups {
		fmt.Fprintf(tw, "%s favoured\t%d\tshare %.4f, 95%% CI %s (bootstrap)\n", g.Group, g.Favored, g.Share, g.ShareCI)
	}
	fmt.Fprintf(tw, "invalid twins\t%d\t%.1f%% of twins\n", r.Invalid, 100*r.InvalidRate())
	if len(r.Environments) > 0 {
		fmt.Fprintf(tw, "\nenvironment\ttwins\tmismatches\tmismatch rate\n")
		for _, name := range slices.Sorted(maps.Keys(r.Environments)) {
			e := r.Environments[name]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f\n", name, e.Pairs, e.Mismatches, e.MismatchRate)
		}
	}
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write twin report: %w", err)
	}
	return nil
}

// WriteJSON writes r as indented JSON (two spaces), the figures only: the presentation fields
// (Title, Note, Outcomes, MaxPairs) are left out.
func (r TwinReport) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, r); err != nil {
		return fmt.Errorf("eval: write twin report: %w", err)
	}
	return nil
}

// Check returns nil when r keeps to every limit in l, else the [errors.Join] of one *[LimitError]
// per broken limit, as [Report.Check] does: MaxMismatchRate bounds MismatchRate, MaxBiasGap
// bounds [TwinReport.BiasGap] (the gap between the two groups' shares), MaxInvalidRate bounds
// [TwinReport.InvalidRate], and MinPairs is the fewest twins the report must hold. The metric
// names are Report.Check's ("mismatch_rate", "bias_gap", "invalid_rate", "pairs"). A negative
// limit makes Check return an error wrapping [ErrBadLimit].
func (r TwinReport) Check(l Limits) error {
	return l.check(gated{
		mismatchRate: r.MismatchRate, mismatchDetail: fmt.Sprintf("%d of %d twins, 95%% CI %s", r.Mismatches, r.Twins, r.MismatchRateCI),
		biasGap: r.BiasGap(), biasDetail: fmt.Sprintf("%s share %.4g, %s share %.4g", r.Groups[0].Group, r.Groups[0].Share, r.Groups[1].Group, r.Groups[1].Share),
		invalidRate: r.InvalidRate(), invalidDetail: fmt.Sprintf("%d of %d twins", r.Invalid, r.Twins),
		count: r.Twins, countDetail: "twins",
	})
}

// TwinChange compares two evaluations of the same twins, say by a model before and after
// training. Build one with [PairedTwins].
type TwinChange struct {
	Before TwinReport `json:"before"` // SummarizeTwins of the first evaluation
	After  TwinReport `json:"after"`  // SummarizeTwins of the second evaluation

	// Resolved lists the IDs of the twins that were a mismatch before and are not after, in the
	// order of the first evaluation; Introduced the other way round. Never nil from PairedTwins.
	Resolved   []string `json:"resolved"`
	Introduced []string `json:"introduced"`

	// PValue is the two-sided exact McNemar p-value of the change in mismatch rate (see
	// [Change.PValue]); 1 when no twin changed.
	PValue float64 `json:"mcnemar_p"`

	// Presentation: read by [TwinChange.WriteHTML] only. Title "" means "<axis> bias before
	// and after".
	Title string `json:"-"`
	Note  string `json:"-"`
}

// PairedTwins compares two evaluations of the same twins, matched by Twin.ID (the order may
// differ), as [Paired] does for gender pairs. Every ID must appear exactly once on each side;
// otherwise PairedTwins returns a *[MatchError] naming the IDs at fault. Mismatches are read from
// each outcome's Verdict; PValue is the exact McNemar test on the resolved and introduced twins.
//
// PairedTwins is safe for concurrent use and does not modify its arguments.
func PairedTwins(before, after []TwinOutcome) (TwinChange, error) {
	id := func(o TwinOutcome) string { return o.Twin.ID }
	matched, err := matchByID(before, after, id)
	if err != nil {
		return TwinChange{}, err
	}
	c := TwinChange{Resolved: []string{}, Introduced: []string{}}
	for i, o := range before {
		switch was, is := o.Verdict.Mismatch, matched[i].Verdict.Mismatch; {
		case was && !is:
			c.Resolved = append(c.Resolved, o.Twin.ID)
		case !was && is:
			c.Introduced = append(c.Introduced, o.Twin.ID)
		}
	}
	c.Before, c.After = SummarizeTwins(before), SummarizeTwins(after)
	c.PValue = mcnemarExact(len(c.Resolved), len(c.Introduced))
	return c, nil
}

// matchByID returns, for each element of before, the element of after with the same id, or a
// *MatchError when an id is repeated on either side or found on one side only.
func matchByID[T any](before, after []T, id func(T) string) ([]T, error) {
	afterByID := make(map[string]int, len(after))
	var me MatchError
	for i, o := range after {
		if _, dup := afterByID[id(o)]; dup {
			me.DuplicateAfter = append(me.DuplicateAfter, id(o))
			continue
		}
		afterByID[id(o)] = i
	}
	seen := make(map[string]bool, len(before))
	matched := make([]T, 0, len(before))
	for _, o := range before {
		k := id(o)
		if seen[k] {
			me.DuplicateBefore = append(me.DuplicateBefore, k)
			continue
		}
		seen[k] = true
		if j, ok := afterByID[k]; ok {
			matched = append(matched, after[j])
		} else {
			me.OnlyBefore = append(me.OnlyBefore, k)
		}
	}
	for _, o := range after {
		if !seen[id(o)] {
			seen[id(o)] = true
			me.OnlyAfter = append(me.OnlyAfter, id(o))
		}
	}
	if len(me.OnlyBefore)+len(me.OnlyAfter)+len(me.DuplicateBefore)+len(me.DuplicateAfter) > 0 {
		return nil, &me
	}
	return matched, nil
}

// WriteText writes c as a plain-text table: the main figures before and after with the change,
// then the twins that flipped with the exact McNemar p-value.
func (c TwinChange) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tbefore\tafter\tchange\n")
	fmt.Fprintf(tw, "twins\t%d\t%d\t\n", c.Before.Twins, c.After.Twins)
	rate := func(name string, b, a float64) { fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\n", name, b, a, a-b) }
	rate("mismatch rate", c.Before.MismatchRate, c.After.MismatchRate)
	fmt.Fprintf(tw, "  95%% CI\t%s\t%s\t\n", c.Before.MismatchRateCI, c.After.MismatchRateCI)
	for k := range c.Before.Groups {
		rate(c.Before.Groups[k].Group+" share", c.Before.Groups[k].Share, c.After.Groups[k].Share)
	}
	rate("bias gap", c.Before.BiasGap(), c.After.BiasGap())
	fmt.Fprintf(tw, "invalid twins\t%d\t%d\t%+d\n", c.Before.Invalid, c.After.Invalid, c.After.Invalid-c.Before.Invalid)
	fmt.Fprintf(tw, "\nmismatches resolved: %d, introduced: %d; exact McNemar p = %.4g\n",
		len(c.Resolved), len(c.Introduced), c.PValue)
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write twin change: %w", err)
	}
	return nil
}

// WriteJSON writes c as indented JSON (two spaces), the figures only.
func (c TwinChange) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, c); err != nil {
		return fmt.Errorf("eval: write twin change: %w", err)
	}
	return nil
}
