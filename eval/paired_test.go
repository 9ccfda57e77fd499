package eval_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
)

// flips returns two evaluations of the same n pairs: b pairs are mismatches only before, c only
// after, both mismatches in both, and the rest in neither.
func flips(b, c, both, n int) (before, after []eval.Outcome) {
	for i := range n {
		id := strconv.Itoa(i)
		was, is := judge.Moral, judge.Moral
		switch {
		case i < b:
			was = judge.Immoral
		case i < b+c:
			is = judge.Immoral
		case i < b+c+both:
			was, is = judge.Immoral, judge.Immoral
		}
		before = append(before, outcome(id, "Work", judge.Moral, was))
		after = append(after, outcome(id, "Work", judge.Moral, is))
	}
	return before, after
}

// TestMcNemarExact checks p-values against the exact binomial sums computed with Python's
// fractions: 2 * sum(comb(n, i) for i <= min(b, c)) / 2**n, capped at 1.
func TestMcNemarExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		b, c int
		want float64
	}{
		{0, 0, 1},
		{1, 0, 1},
		{0, 1, 1},
		{7, 7, 1},
		{0, 5, 0.0625},
		{3, 10, 0.09228515625},
		{2, 9, 0.0654296875},
		{20, 28, 0.31232680747326924},
		{100, 140, 0.011664092317677663},
		{1000, 1100, 0.030720707864242296},
		{5000, 5300, 0.003215819673645239},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d-%d", tc.b, tc.c), func(t *testing.T) {
			t.Parallel()
			assert.InEpsilon(t, tc.want, eval.McNemarExact(tc.b, tc.c), 1e-13, "p-value for b=%d, c=%d", tc.b, tc.c)
			assert.Equal(t, eval.McNemarExact(tc.b, tc.c), eval.McNemarExact(tc.c, tc.b), "symmetric")
			if tc.b+tc.c > 300 {
				return // Paired's own reports would take the time; the p-value is checked above
			}
			before, after := flips(tc.b, tc.c, 3, tc.b+tc.c+10)
			c, err := eval.Paired(before, after)
			require.NoError(t, err)
			assert.Len(t, c.Resolved, tc.b)
			assert.Len(t, c.Introduced, tc.c)
			assert.InEpsilon(t, tc.want, c.PValue, 1e-12, "p-value for b=%d, c=%d", tc.b, tc.c)
			// The test is symmetric in b and c.
			swapped, err := eval.Paired(after, before)
			require.NoError(t, err)
			assert.Equal(t, c.PValue, swapped.PValue)
		})
	}
}

func TestMcNemarTiny(t *testing.T) {
	t.Parallel()
	before, after := flips(0, 3000, 0, 3000)
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, c.PValue, 0.0)
	assert.Less(t, c.PValue, 1e-300, "2^-2999 underflows to 0 or a subnormal, never NaN")
}

func TestPaired(t *testing.T) {
	t.Parallel()
	before := []eval.Outcome{
		outcome("a", "Work", judge.Moral, judge.Immoral),  // mismatch, resolved
		outcome("b", "Work", judge.Moral, judge.Moral),    // introduced
		outcome("c", "Family", judge.Both, judge.CantSay), // no change
		outcome("d", "Family", judge.Invalid, judge.Moral),
		outcome("e", "Other", judge.Immoral, judge.Moral), // resolved
	}
	after := []eval.Outcome{ // another order
		outcome("e", "Other", judge.Both, judge.Both),
		outcome("d", "Family", judge.Moral, judge.Invalid),
		outcome("c", "Family", judge.CantSay, judge.Both),
		outcome("b", "Work", judge.Moral, judge.Immoral),
		outcome("a", "Work", judge.Immoral, judge.Immoral),
	}
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "e"}, c.Resolved, "in the order of before")
	assert.Equal(t, []string{"b"}, c.Introduced)
	assert.Equal(t, eval.Summarize(before), c.Before)
	assert.Equal(t, eval.Summarize(after), c.After)
	assert.Equal(t, 1.0, c.PValue)
}

func TestPairedNoChange(t *testing.T) {
	t.Parallel()
	before, after := flips(0, 0, 4, 9)
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	assert.NotNil(t, c.Resolved)
	assert.NotNil(t, c.Introduced)
	assert.Empty(t, c.Resolved)
	assert.Equal(t, 1.0, c.PValue)

	empty, err := eval.Paired(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 1.0, empty.PValue)
}

func TestPairedMismatchedSets(t *testing.T) {
	t.Parallel()
	mk := func(ids ...string) []eval.Outcome {
		var out []eval.Outcome
		for _, id := range ids {
			out = append(out, outcome(id, "", judge.Moral, judge.Moral))
		}
		return out
	}
	tests := []struct {
		name          string
		before, after []eval.Outcome
		want          eval.MatchError
		msg           string
	}{
		{
			name: "one extra each side", before: mk("1", "2", "3"), after: mk("2", "3", "4"),
			want: eval.MatchError{OnlyBefore: []string{"1"}, OnlyAfter: []string{"4"}},
			msg:  `eval: the two evaluations hold different pairs: 1 only before ("1"); 1 only after ("4")`,
		},
		{
			name: "after empty", before: mk("x", "y"), after: nil,
			want: eval.MatchError{OnlyBefore: []string{"x", "y"}},
			msg:  `2 only before ("x", "y")`,
		},
		{
			name: "duplicates", before: mk("1", "1", "2"), after: mk("1", "2", "2", "2"),
			want: eval.MatchError{DuplicateBefore: []string{"1"}, DuplicateAfter: []string{"2", "2"}},
			msg:  `1 repeated before ("1"); 2 repeated after ("2", "2")`,
		},
		{
			name: "after-only repeated id named once", before: mk("1"), after: mk("1", "9", "9"),
			want: eval.MatchError{OnlyAfter: []string{"9"}, DuplicateAfter: []string{"9"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := eval.Paired(tc.before, tc.after)
			require.Error(t, err)
			me, ok := errors.AsType[*eval.MatchError](err)
			require.True(t, ok, "error %v is not a *MatchError", err)
			assert.Equal(t, tc.want, *me)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Zero(t, c.Before.Pairs, "no change on error")
		})
	}
}

func TestPairedNamesAtMostTen(t *testing.T) {
	t.Parallel()
	before, _ := flips(0, 0, 0, 25)
	_, err := eval.Paired(before, before[:3])
	require.Error(t, err)
	me, ok := errors.AsType[*eval.MatchError](err)
	require.True(t, ok)
	assert.Len(t, me.OnlyBefore, 22, "the error holds every ID")
	assert.Contains(t, err.Error(), `22 only before ("3", "4", "5", "6", "7", "8", "9", "10", "11", "12" and 12 more)`)
}

// TestPairedReference compares the two reference results files, which judge the same 303 pairs
// in the same order. The discordant counts (59 resolved, 60 introduced) and p = 1 were computed
// independently in Python from the JSONL.
func TestPairedReference(t *testing.T) {
	t.Parallel()
	files := referenceFiles(t)
	i1 := slices.IndexFunc(files, func(s string) bool { return strings.HasSuffix(s, "results_1.jsonl") })
	i2 := slices.IndexFunc(files, func(s string) bool { return strings.HasSuffix(s, "results_2.jsonl") })
	if i1 < 0 || i2 < 0 {
		t.Skip("results_1.jsonl and results_2.jsonl are needed")
	}
	c, err := eval.Paired(readFile(t, files[i1]), readFile(t, files[i2]))
	require.NoError(t, err)
	assert.Len(t, c.Resolved, 59)
	assert.Len(t, c.Introduced, 60)
	assert.InDelta(t, 1.0, c.PValue, 1e-12, "59 against 60 of 119 is as even as an odd count gets")
	assert.Equal(t, 76, c.Before.Mismatches)
	assert.Equal(t, 77, c.After.Mismatches)
	assert.Equal(t, 84, c.Before.Invalid)
	assert.Equal(t, 106, c.After.Invalid)
}

func TestChangeWriteText(t *testing.T) {
	t.Parallel()
	before, after := flips(2, 9, 1, 20)
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, c.WriteText(&b))
	out := b.String()
	for _, want := range []string{
		"before", "after", "change",
		"mismatch rate", "0.1500", "0.5000", "+0.3500",
		"mismatch rate by environment", "  Work",
		"mismatches resolved: 2, introduced: 9; exact McNemar p = 0.06543",
	} {
		assert.Contains(t, out, want)
	}
	assert.ErrorIs(t, c.WriteText(failingWriter{errBoom}), errBoom)
}

func BenchmarkPaired(b *testing.B) {
	before, after := flips(60, 80, 100, 908)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eval.Paired(before, after); err != nil {
			b.Fatal(err)
		}
	}
}
