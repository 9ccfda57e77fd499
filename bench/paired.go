package bench

import (
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/internal/stats"
)

// ErrUnpaired is wrapped when the two runs given to [Paired] do not hold the same items.
var ErrUnpaired = errors.New("bench: the two runs hold different items")

// Change compares two runs of the same items, say by a model before and after DPO training.
// Build it with [Paired].
type Change struct {
	Before     Report            `json:"before"`
	After      Report            `json:"after"`
	Benchmarks []BenchmarkChange `json:"benchmarks"` // in the order of Before's benchmarks

	// Presentation: read by [Change.WriteHTML] only, never written as data; Paired leaves them
	// zero.

	// Title is the HTML page's heading; "" means "Did the model keep its abilities?".
	Title string `json:"-"`
	// Note is an optional line under the title, such as the two runs compared.
	Note string `json:"-"`
}

// BenchmarkChange is the change of accuracy on one benchmark, tested with the exact McNemar
// test on the paired right/wrong outcomes of its items.
type BenchmarkChange struct {
	Benchmark string `json:"benchmark"`
	Before    Tally  `json:"before"`
	After     Tally  `json:"after"`
	Lost      int    `json:"lost"`   // items right before and wrong after
	Gained    int    `json:"gained"` // items wrong before and right after
	// PValue is the two-sided exact McNemar p-value of Lost against Gained: the chance of a
	// split at least this uneven if the two runs were equally likely to get an item right. It
	// is 1 when no item changed.
	PValue float64 `json:"mcnemar_p"`
}

func (c BenchmarkChange) String() string {
	return fmt.Sprintf("%s %.1f%% -> %.1f%%, p = %.2g", c.Benchmark, 100*c.Before.Accuracy, 100*c.After.Accuracy, c.PValue)
}

// Paired pairs two runs by [Item.Key] (the order may differ) and tests the change of accuracy
// on each benchmark with the exact McNemar test, the test eval.Paired uses for mismatches.
// Every key must appear exactly once on each side; otherwise the error wraps [ErrUnpaired] and
// names up to five keys at fault.
func Paired(before, after []Result) (Change, error) {
	flips, err := matchRuns(before, after)
	if err != nil {
		return Change{}, err
	}
	c := Change{Before: Summarize(before), After: Summarize(after)}
	for _, s := range c.Before.Benchmarks {
		a, _ := c.After.Score(s.Benchmark)
		p := flips[s.Benchmark]
		c.Benchmarks = append(c.Benchmarks, BenchmarkChange{
			Benchmark: s.Benchmark, Before: s.Overall, After: a.Overall, Lost: p.lost, Gained: p.gained,
			PValue: stats.McNemarExact(p.lost, p.gained),
		})
	}
	return c, nil
}

// Compare pairs two runs and tests the change of accuracy on each benchmark.
//
// Deprecated: use Paired, the module's one name for a before/after comparison; kept for one
// release.
func Compare(before, after []Result) (Change, error) { return Paired(before, after) }

// flips counts the items of one benchmark that changed between two runs.
type flips struct{ lost, gained int }

// matchRuns pairs the results of two runs by key and counts, per benchmark, the items lost
// (right before, wrong after) and gained. Keys found on one side only, or twice on a side, are
// an error wrapping [ErrUnpaired].
func matchRuns(before, after []Result) (map[string]*flips, error) {
	afterByKey := make(map[string]int, len(after))
	var onlyAfter, dups []string
	for i := range after {
		k := after[i].Item.Key()
		if _, dup := afterByKey[k]; dup {
			dups = append(dups, k)
		}
		afterByKey[k] = i
	}
	counts := map[string]*flips{}
	seen := make(map[string]bool, len(before))
	var onlyBefore []string
	for i := range before {
		b := &before[i]
		k := b.Item.Key()
		if seen[k] {
			dups = append(dups, k)
			continue
		}
		seen[k] = true
		j, ok := afterByKey[k]
		if !ok {
			onlyBefore = append(onlyBefore, k)
			continue
		}
		counts[b.Item.Benchmark] = counts[b.Item.Benchmark].add(b.Correct, after[j].Correct)
	}
	for i := range after {
		if k := after[i].Item.Key(); !seen[k] {
			onlyAfter = append(onlyAfter, k)
		}
	}
	if len(onlyBefore)+len(onlyAfter)+len(dups) > 0 {
		return nil, fmt.Errorf("%w: %d only before %s, %d only after %s, %d repeated %s", ErrUnpaired,
			len(onlyBefore), some(onlyBefore), len(onlyAfter), some(onlyAfter), len(dups), some(dups))
	}
	return counts, nil
}

// add counts one item, right or wrong before and after, into f (a new count when f is nil) and
// returns it.
func (f *flips) add(before, after bool) *flips {
	if f == nil {
		f = &flips{}
	}
	switch {
	case before && !after:
		f.lost++
	case !before && after:
		f.gained++
	}
	return f
}

// some quotes up to five keys.
func some(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	s := fmt.Sprintf("%q", keys[:min(5, len(keys))])
	if len(keys) > 5 {
		s += fmt.Sprintf(" and %d more", len(keys)-5)
	}
	return s
}
