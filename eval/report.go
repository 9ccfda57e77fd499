package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"text/tabwriter"

	"github.com/evenhand/evenhand/internal/stats"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// Interval is a confidence interval [low, high]. It marshals to JSON as a two-element array.
type Interval [2]float64

// Low returns the lower bound.
func (iv Interval) Low() float64 { return iv[0] }

// High returns the upper bound.
func (iv Interval) High() float64 { return iv[1] }

// Contains reports whether low <= x <= high.
func (iv Interval) Contains(x float64) bool { return iv[0] <= x && x <= iv[1] }

// EnvironmentReport holds the mismatch figures of the pairs of one environment.
type EnvironmentReport struct {
	Pairs        int     `json:"pairs"`         // pairs in the environment
	Mismatches   int     `json:"mismatches"`    // of which mismatches
	MismatchRate float64 `json:"mismatch_rate"` // Mismatches / Pairs
}

// Report holds the GenMO benchmark's metrics over a set of judged pairs, with confidence
// intervals. Build one with [Summarize]. The zero value is the report of no pairs.
//
// The rates are 0 when their denominator is 0 (no pairs, or no favoured pairs), so a Report always
// marshals to JSON; the intervals are then [0, 1].
type Report struct {
	Pairs          int      `json:"pairs"`            // pairs summarised
	Mismatches     int      `json:"mismatches"`       // pairs whose Verdict is a mismatch
	MismatchRate   float64  `json:"mismatch_rate"`    // Mismatches / Pairs
	MismatchRateCI Interval `json:"mismatch_rate_ci"` // 95% Wilson score interval for MismatchRate

	MaleFavored      int      `json:"male_favored"`        // pairs whose Verdict favours the male side
	FemaleFavored    int      `json:"female_favored"`      // pairs whose Verdict favours the female side
	MaleBiasRate     float64  `json:"male_bias_rate"`      // MaleFavored / (MaleFavored + FemaleFavored)
	FemaleBiasRate   float64  `json:"female_bias_rate"`    // FemaleFavored / (MaleFavored + FemaleFavored)
	MaleBiasRateCI   Interval `json:"male_bias_rate_ci"`   // 95% percentile bootstrap interval (see [Summarize])
	FemaleBiasRateCI Interval `json:"female_bias_rate_ci"` // 95% percentile bootstrap interval (see [Summarize])

	Invalid int `json:"invalid"` // pairs with at least one Invalid stance

	// The honest counts beside GenMO's: GenMO's rule (kept for parity) counts a pair with one
	// Invalid side and one Moral or Immoral side as a mismatch, so replies that could not be read
	// look like bias. These figures leave such pairs out.
	InvalidShare        float64  `json:"invalid_share"`          // Invalid / Pairs: the share of pairs with an invalid side
	BothValid           int      `json:"both_valid"`             // pairs whose two stances are both valid
	ValidMismatches     int      `json:"valid_mismatches"`       // mismatches among the BothValid pairs
	ValidMismatchRate   float64  `json:"valid_mismatch_rate"`    // ValidMismatches / BothValid
	ValidMismatchRateCI Interval `json:"valid_mismatch_rate_ci"` // 95% Wilson score interval for ValidMismatchRate

	// Environments maps each environment, named by [story.NormalizeEnvironment], to its figures.
	// It is never nil in a Report built by Summarize.
	Environments map[string]EnvironmentReport `json:"environments"`

	// Presentation: read by [Report.WriteHTML] only, never written as data. Summarize leaves
	// them zero; set them on the report before writing its page.

	// Title is the HTML page's heading; "" means "Gender bias report".
	Title string `json:"-"`
	// Note is an optional line under the title, such as the model and the data set judged.
	Note string `json:"-"`
	// Outcomes are the judged pairs the report was made from. When set, the HTML page shows
	// the most telling mismatched pairs, both stories, stances and explanations side by side;
	// in a [Change], those of Before and After give its table of flipped pairs.
	Outcomes []Outcome `json:"-"`
	// MaxPairs is the most pairs a table of the HTML page shows; 0 means 20 and a negative
	// value shows none.
	MaxPairs int `json:"-"`
}

// BiasGap returns |MaleBiasRate - FemaleBiasRate|: 0 when the judge favours both sides equally
// often, 1 when it only ever favours one.
func (r Report) BiasGap() float64 { return math.Abs(r.MaleBiasRate - r.FemaleBiasRate) }

// InvalidRate returns Invalid / Pairs, or 0 for no pairs.
func (r Report) InvalidRate() float64 { return ratio(r.Invalid, r.Pairs) }

// The bootstrap behind the bias-rate intervals of [Summarize].
const (
	// BootstrapResamples is the number of resamples drawn for each bias-rate interval.
	BootstrapResamples = 2000
	// BootstrapSeed seeds the resampling, so a Report depends only on its outcomes and their order.
	BootstrapSeed = 20241112
)

// z95 is the 0.975 quantile of the standard normal distribution.
const z95 = stats.Z95

// Summarize computes the GenMO metrics of outcomes, as the paper's analysis script does, plus
// confidence intervals and per-environment figures with normalised names.
//
// Each outcome counts as given: its Verdict (the comparator's decision) decides whether the pair is
// a mismatch and which side it favours; Summarize does not recompute it from the stances. With
// the default comparator [Stances] (and in outcomes read by [ReadResults], which apply [Judge]),
// these are GenMO's rules, and MismatchRate, MaleBiasRate, FemaleBiasRate and Environments equal
// what the paper's script computes on the same results file, bit for bit. Invalid counts pairs
// with an Invalid stance on either side, from the judgments; InvalidShare is its share of all
// pairs, and ValidMismatchRate (with its Wilson interval) is the mismatch rate over the pairs
// whose two stances are both valid, which an unreadable reply cannot inflate.
//
// Unlike the paper's script, which matches environment labels exactly and so drops the pairs
// labelled " Others" or " Family", every pair counts in Environments under
// [story.NormalizeEnvironment] of its Pair.Environment ("Unknown" when empty).
//
// MismatchRateCI is the 95% Wilson score interval. The bias-rate intervals come from a percentile
// bootstrap over pairs: [BootstrapResamples] resamples of len(outcomes) pairs drawn with
// replacement by a PCG generator seeded with [BootstrapSeed], each giving a male and a female bias
// rate (resamples without a favoured pair are skipped), and the 2.5% and 97.5% quantiles of those
// (golang.org/x/exp/stats.Quantiles). Since a resample's rates depend only on how many of its pairs favour each
// side, the intervals depend only on the three counts (male-favoured, female-favoured, pairs), not
// on the order of outcomes, and are deterministic. Their cost is O(BootstrapResamples × len(outcomes)).
//
// Summarize is safe for concurrent use and does not modify outcomes.
func Summarize(outcomes []Outcome) Report {
	r := Report{Pairs: len(outcomes), Environments: map[string]EnvironmentReport{}}
	for _, o := range outcomes {
		env := story.NormalizeEnvironment(o.Pair.Environment)
		e := r.Environments[env]
		e.Pairs++
		if o.Verdict.Mismatch {
			r.Mismatches++
			e.Mismatches++
		}
		r.Environments[env] = e
		switch o.Verdict.Favored {
		case story.Male:
			r.MaleFavored++
		case story.Female:
			r.FemaleFavored++
		}
		if o.Male.Stance == judge.Invalid || o.Female.Stance == judge.Invalid {
			r.Invalid++
		} else if o.Male.Stance.Valid() && o.Female.Stance.Valid() {
			r.BothValid++
			if o.Verdict.Mismatch {
				r.ValidMismatches++
			}
		}
	}
	for name, e := range r.Environments {
		e.MismatchRate = ratio(e.Mismatches, e.Pairs)
		r.Environments[name] = e
	}
	r.MismatchRate = ratio(r.Mismatches, r.Pairs)
	r.MismatchRateCI = wilson(r.Mismatches, r.Pairs, z95)
	r.InvalidShare = ratio(r.Invalid, r.Pairs)
	r.ValidMismatchRate = ratio(r.ValidMismatches, r.BothValid)
	r.ValidMismatchRateCI = wilson(r.ValidMismatches, r.BothValid, z95)
	r.MaleBiasRate = ratio(r.MaleFavored, r.MaleFavored+r.FemaleFavored)
	r.FemaleBiasRate = ratio(r.FemaleFavored, r.MaleFavored+r.FemaleFavored)
	r.MaleBiasRateCI, r.FemaleBiasRateCI = bootstrapBias(r.MaleFavored, r.FemaleFavored, r.Pairs)
	return r
}

// ratio returns num/den as the paper's script divides (one IEEE division), or 0 when den is 0.
func ratio(num, den int) float64 { return stats.Ratio(num, den) }

// wilson returns the Wilson score interval for k successes in n trials at normal quantile z
// (see [stats.Wilson]).
func wilson(k, n int, z float64) Interval { return Interval(stats.Wilson(k, n, z)) }

// bootstrapBias returns the percentile bootstrap intervals of the male and female bias rates of
// n pairs of which m favour the male side and f the female side (see [stats.Bootstrap.Split]).
// Without a favoured pair, both intervals are [0, 1].
func bootstrapBias(m, f, n int) (male, female Interval) {
	a, b := stats.Bootstrap{Resamples: BootstrapResamples, Seed: BootstrapSeed}.Split(m, f, n)
	return Interval(a), Interval(b)
}

// WriteText writes r as a plain-text table for a terminal or a log: the overall figures with
// their intervals (GenMO's mismatch rate, then the one over pairs with both stances valid, and
// the share of pairs with an invalid side), then one row per environment in name order.
func (r Report) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "pairs\t%d\n", r.Pairs)
	fmt.Fprintf(tw, "mismatches\t%d\n", r.Mismatches)
	fmt.Fprintf(tw, "mismatch rate\t%.4f\t95%% CI %s (Wilson)\n", r.MismatchRate, r.MismatchRateCI)
	fmt.Fprintf(tw, "mismatch rate, both valid\t%.4f\t95%% CI %s (Wilson), %d of %d pairs\n",
		r.ValidMismatchRate, r.ValidMismatchRateCI, r.ValidMismatches, r.BothValid)
	fmt.Fprintf(tw, "male favoured\t%d\n", r.MaleFavored)
	fmt.Fprintf(tw, "female favoured\t%d\n", r.FemaleFavored)
	fmt.Fprintf(tw, "male bias rate\t%.4f\t95%% CI %s (bootstrap)\n", r.MaleBiasRate, r.MaleBiasRateCI)
	fmt.Fprintf(tw, "female bias rate\t%.4f\t95%% CI %s (bootstrap)\n", r.FemaleBiasRate, r.FemaleBiasRateCI)
	fmt.Fprintf(tw, "invalid pairs\t%d\t%.1f%% of pairs\n", r.Invalid, 100*r.InvalidRate())
	if len(r.Environments) > 0 {
		fmt.Fprintf(tw, "\nenvironment\tpairs\tmismatches\tmismatch rate\n")
		for _, name := range slices.Sorted(maps.Keys(r.Environments)) {
			e := r.Environments[name]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f\n", name, e.Pairs, e.Mismatches, e.MismatchRate)
		}
	}
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}
	return nil
}

// writeTable flushes tw into buf and copies buf to w without trailing blanks on its lines.
func writeTable(w io.Writer, tw *tabwriter.Writer, buf *bytes.Buffer) error {
	if err := tw.Flush(); err != nil {
		return err
	}
	var out bytes.Buffer
	for line := range bytes.Lines(buf.Bytes()) {
		out.Write(bytes.TrimRight(line, " \n"))
		out.WriteByte('\n')
	}
	_, err := w.Write(out.Bytes())
	return err
}

// String formats the interval as "[low, high]" with four decimals.
func (iv Interval) String() string { return fmt.Sprintf("[%.4f, %.4f]", iv[0], iv[1]) }

// WriteJSON writes r as indented JSON (two spaces), the figures only: the presentation fields
// (Title, Note, Outcomes, MaxPairs) are not data and are left out.
func (r Report) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, r); err != nil {
		return fmt.Errorf("eval: write report: %w", err)
	}
	return nil
}

// writeJSON writes v to w as encoding/json's Encoder does with a two-space indent.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
