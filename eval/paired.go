package eval

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/evenhand/evenhand/internal/stats"
)

// Change compares two evaluations of the same pairs, say by a model before and after DPO training.
// Build one with [Paired].
type Change struct {
	Before Report `json:"before"` // Summarize of the first evaluation
	After  Report `json:"after"`  // Summarize of the second evaluation

	// Resolved lists the IDs of the pairs that were a mismatch before and are not after, in the
	// order of the first evaluation; Introduced those that were not a mismatch before and are after.
	// Both are non-nil in a Change built by Paired.
	Resolved   []string `json:"resolved"`
	Introduced []string `json:"introduced"`

	// PValue is the two-sided p-value of the exact McNemar test of the change in mismatch rate: the
	// chance, if the two evaluations were equally likely to produce a mismatch, of a split of the
	// len(Resolved)+len(Introduced) discordant pairs at least as uneven as the one seen. It is 1
	// when no pair changed.
	PValue float64 `json:"mcnemar_p"`

	// Resolution is the paper's resolution analysis (its resolution_analysis.py): of the pairs
	// that were a mismatch before, the share whose two stances are equal after, and the stance
	// they agree on. It differs from Resolved in two ways: a pair counts as resolved only when its
	// two stances after are equal (Both against Can't say is no longer a mismatch, but it is not
	// resolved), and two unreadable sides after count as equal (Stances[judge.Invalid]).
	Resolution Resolution `json:"resolution"`
	// ValidResolution counts the same way over the pairs whose stances, before and after, are
	// all valid: evenhand's stricter figure, which a reply that could not be read cannot move.
	ValidResolution Resolution `json:"valid_resolution"`

	// Presentation: read by [Change.WriteHTML] only, never written as data. Paired leaves them
	// zero. The page's table of flipped pairs reads Before.Outcomes and After.Outcomes.

	// Title is the HTML page's heading; "" means "Gender bias before and after".
	Title string `json:"-"`
	// Note is an optional line under the title, such as the two models or files compared.
	Note string `json:"-"`
	// MaxPairs is the most flipped pairs the HTML page shows; 0 means 20 and a negative value
	// shows none.
	MaxPairs int `json:"-"`
}

// MatchError reports that two evaluations given to [Paired] do not hold the same pairs. Each list
// holds pair IDs in input order.
type MatchError struct {
	OnlyBefore      []string // IDs found only in the first evaluation
	OnlyAfter       []string // IDs found only in the second evaluation
	DuplicateBefore []string // IDs found more than once in the first evaluation
	DuplicateAfter  []string // IDs found more than once in the second evaluation
}

// maxNamed is how many IDs of each kind a MatchError's message names.
const maxNamed = 10

func (e *MatchError) Error() string {
	var parts []string
	for _, l := range []struct {
		what string
		ids  []string
	}{
		{"only before", e.OnlyBefore}, {"only after", e.OnlyAfter},
		{"repeated before", e.DuplicateBefore}, {"repeated after", e.DuplicateAfter},
	} {
		if len(l.ids) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s (%s)", len(l.ids), l.what, namedIDs(l.ids)))
		}
	}
	return "eval: the two evaluations hold different pairs: " + strings.Join(parts, "; ")
}

// namedIDs quotes up to maxNamed ids and says how many more there are.
func namedIDs(ids []string) string {
	var b strings.Builder
	for i, id := range ids[:min(len(ids), maxNamed)] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", id)
	}
	if len(ids) > maxNamed {
		fmt.Fprintf(&b, " and %d more", len(ids)-maxNamed)
	}
	return b.String()
}

// Paired compares two evaluations of the same pairs, matched by Pair.ID (the order may differ).
// Every ID must appear exactly once on each side; otherwise Paired returns a *[MatchError] naming
// the IDs at fault (up to ten of each kind in its message, all of them in its fields).
//
// Mismatches are read from each outcome's Verdict, as [Summarize] does, for Resolved, Introduced
// and PValue; Resolution and ValidResolution read the stances with GenMO's rule, as the paper's
// script does, whatever the Verdict (see [Resolution]). The script pairs the rows of its two files
// by position; Paired pairs them by ID, which for results files read by [ReadResults] without
// "id" fields is the row number, so the figures are the same. PValue is the exact
// McNemar test: with b pairs resolved and c introduced, it is the two-sided binomial test of b
// successes in b+c trials at p = 1/2, min(1, 2·P(X ≤ min(b, c))).
//
// Paired is safe for concurrent use and does not modify its arguments.
func Paired(before, after []Outcome) (Change, error) {
	afterByID := make(map[string]int, len(after))
	var me MatchError
	for i, o := range after {
		if _, dup := afterByID[o.Pair.ID]; dup {
			me.DuplicateAfter = append(me.DuplicateAfter, o.Pair.ID)
			continue
		}
		afterByID[o.Pair.ID] = i
	}
	seen := make(map[string]bool, len(before))
	c := Change{Resolved: []string{}, Introduced: []string{}}
	matched := make([]Outcome, 0, len(before)) // matched[i] is the pair of before[i], after
	for _, o := range before {
		id := o.Pair.ID
		if seen[id] {
			me.DuplicateBefore = append(me.DuplicateBefore, id)
			continue
		}
		seen[id] = true
		j, ok := afterByID[id]
		if !ok {
			me.OnlyBefore = append(me.OnlyBefore, id)
			continue
		}
		matched = append(matched, after[j])
		switch was, is := o.Verdict.Mismatch, after[j].Verdict.Mismatch; {
		case was && !is:
			c.Resolved = append(c.Resolved, id)
		case !was && is:
			c.Introduced = append(c.Introduced, id)
		}
	}
	for _, o := range after {
		if !seen[o.Pair.ID] {
			seen[o.Pair.ID] = true // name each ID once
			me.OnlyAfter = append(me.OnlyAfter, o.Pair.ID)
		}
	}
	if len(me.OnlyBefore)+len(me.OnlyAfter)+len(me.DuplicateBefore)+len(me.DuplicateAfter) > 0 {
		return Change{}, &me
	}
	c.Before, c.After = Summarize(before), Summarize(after)
	c.PValue = mcnemarExact(len(c.Resolved), len(c.Introduced))
	c.Resolution, c.ValidResolution = resolutions(before, matched)
	return c, nil
}

// mcnemarExact returns the two-sided exact McNemar p-value for b and c discordant pairs:
// min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b+c, 1/2) (see [stats.McNemarExact]).
func mcnemarExact(b, c int) float64 { return stats.McNemarExact(b, c) }

// WriteText writes c as a plain-text table: the main figures before and after with the change,
// the mismatch rate per environment, the pairs that flipped with the McNemar p-value, and the
// resolution analysis (the paper's and the strict one; see [Resolution]), with the count and the
// share of the resolved pairs agreeing on each stance.
func (c Change) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tbefore\tafter\tchange\n")
	fmt.Fprintf(tw, "pairs\t%d\t%d\t\n", c.Before.Pairs, c.After.Pairs)
	rate := func(name string, b, a float64) {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\n", name, b, a, a-b)
	}
	rate("mismatch rate", c.Before.MismatchRate, c.After.MismatchRate)
	fmt.Fprintf(tw, "  95%% CI\t%s\t%s\t\n", c.Before.MismatchRateCI, c.After.MismatchRateCI)
	rate("male bias rate", c.Before.MaleBiasRate, c.After.MaleBiasRate)
	rate("female bias rate", c.Before.FemaleBiasRate, c.After.FemaleBiasRate)
	rate("bias gap", c.Before.BiasGap(), c.After.BiasGap())
	fmt.Fprintf(tw, "invalid pairs\t%d\t%d\t%+d\n", c.Before.Invalid, c.After.Invalid, c.After.Invalid-c.Before.Invalid)
	envs := maps.Clone(c.Before.Environments)
	if envs == nil {
		envs = map[string]EnvironmentReport{}
	}
	maps.Copy(envs, c.After.Environments)
	if len(envs) > 0 {
		fmt.Fprintf(tw, "mismatch rate by environment\t\t\t\n")
	}
	for _, name := range slices.Sorted(maps.Keys(envs)) {
		rate("  "+name, c.Before.Environments[name].MismatchRate, c.After.Environments[name].MismatchRate)
	}
	fmt.Fprintf(tw, "\nmismatches resolved: %d, introduced: %d; exact McNemar p = %.4g\n",
		len(c.Resolved), len(c.Introduced), c.PValue)
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write change: %w", err)
	}
	buf.Reset()
	tw = tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\nresolution analysis\tmismatches before\tequal after\trate")
	for _, s := range resolutionStances {
		fmt.Fprintf(tw, "\t%s", s)
	}
	fmt.Fprintf(tw, "\n")
	for _, r := range []struct {
		name string
		res  Resolution
	}{{"paper's rule", c.Resolution}, {"all four stances valid", c.ValidResolution}} {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.4f", r.name, r.res.Mismatches, r.res.Resolved, r.res.Rate)
		for _, s := range resolutionStances {
			fmt.Fprintf(tw, "\t%d (%.1f%%)", r.res.Stances[s], 100*r.res.Share(s))
		}
		fmt.Fprintf(tw, "\n")
	}
	if err := writeTable(w, tw, &buf); err != nil {
		return fmt.Errorf("eval: write change: %w", err)
	}
	return nil
}

// WriteJSON writes c as indented JSON (two spaces), the figures only: the presentation fields
// (Title, Note, MaxPairs, and the Outcomes of Before and After) are not data and are left out.
func (c Change) WriteJSON(w io.Writer) error {
	if err := writeJSON(w, c); err != nil {
		return fmt.Errorf("eval: write change: %w", err)
	}
	return nil
}
