package eval_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

var religion = [2]string{"Muslim", "Christian"}

// twinOutcomes judges one twin per pair of stances, in environments taken in turn from envs.
func twinOutcomes(stances [][2]judge.Stance, envs ...string) []eval.TwinOutcome {
	out := make([]eval.TwinOutcome, len(stances))
	for i, s := range stances {
		t := axis.Twin{ID: fmt.Sprint(i), Axis: axis.Religion, Groups: religion,
			Stories: [2]story.Story{{Text: fmt.Sprintf("I am a Muslim man %d.", i)}, {Text: fmt.Sprintf("I am a Christian man %d.", i)}}}
		if len(envs) > 0 {
			t.Environment = envs[i%len(envs)]
		}
		out[i] = eval.TwinOutcome{Twin: t, Judgments: [2]judge.Judgment{{Stance: s[0]}, {Stance: s[1]}},
			Verdict: eval.JudgeTwin(religion, s[0], s[1])}
	}
	return out
}

// asPairs is the same judged stories as gender pairs, group 0 in the male place: Summarize on
// them must give the figures SummarizeTwins gives on the twins.
func asPairs(ts []eval.TwinOutcome) []eval.Outcome {
	out := make([]eval.Outcome, len(ts))
	for i, o := range ts {
		out[i] = eval.Outcome{Pair: story.Pair{ID: o.Twin.ID, Environment: o.Twin.Environment},
			Male: o.Judgments[0], Female: o.Judgments[1], Verdict: eval.Judge(o.Judgments[0].Stance, o.Judgments[1].Stance)}
	}
	return out
}

func TestSummarizeTwins(t *testing.T) {
	M, I, B, C, X := judge.Moral, judge.Immoral, judge.Both, judge.CantSay, judge.Invalid
	stances := [][2]judge.Stance{
		{M, I}, {M, I}, {B, I}, // favour Muslim (3)
		{I, M},         // favours Christian (1)
		{M, M}, {B, C}, // agree, or not a mismatch
		{X, M}, {I, X}, // invalid: mismatches favouring no one
		{X, X}, {C, C},
	}
	outs := twinOutcomes(stances, "Workplace", " family", "")
	r := eval.SummarizeTwins(outs)

	assert.Equal(t, "Religion", r.Axis)
	assert.Equal(t, 10, r.Twins)
	assert.Equal(t, 6, r.Mismatches) // 4 polar disagreements and 2 with an invalid side
	assert.Equal(t, 0.6, r.MismatchRate)
	assert.Equal(t, "Muslim", r.Groups[0].Group)
	assert.Equal(t, "Christian", r.Groups[1].Group)
	assert.Equal(t, 3, r.Groups[0].Favored)
	assert.Equal(t, 1, r.Groups[1].Favored)
	assert.Equal(t, 0.75, r.Groups[0].Share)
	assert.Equal(t, 0.25, r.Groups[1].Share)
	assert.Equal(t, 0.5, r.BiasGap())
	assert.Equal(t, 3, r.Invalid)
	assert.Equal(t, 0.3, r.InvalidShare)
	assert.Equal(t, 7, r.BothValid)
	assert.Equal(t, 4, r.ValidMismatches)
	assert.InDelta(t, 4.0/7, r.ValidMismatchRate, 1e-15)
	assert.Equal(t, map[string]eval.EnvironmentReport{
		"Workplace": {Pairs: 4, Mismatches: 3, MismatchRate: 0.75},    // twins 0, 3, 6 of 0, 3, 6, 9
		"family":    {Pairs: 3, Mismatches: 2, MismatchRate: 2.0 / 3}, // 1, 7 of 1, 4, 7
		"Unknown":   {Pairs: 3, Mismatches: 1, MismatchRate: 1.0 / 3}, // 2 of 2, 5, 8
	}, r.Environments)

	// The intervals are the gender report's, computed on the same stances.
	g := eval.Summarize(asPairs(outs))
	assert.Equal(t, g.MismatchRateCI, r.MismatchRateCI)
	assert.Equal(t, g.ValidMismatchRateCI, r.ValidMismatchRateCI)
	assert.Equal(t, g.MaleBiasRateCI, r.Groups[0].ShareCI)
	assert.Equal(t, g.FemaleBiasRateCI, r.Groups[1].ShareCI)
	assert.True(t, r.MismatchRateCI.Contains(0.6))
	assert.True(t, r.Groups[0].ShareCI.Low() < 0.75 && 0.75 <= r.Groups[0].ShareCI.High())
}

func TestSummarizeTwinsFavouredByOwnGroups(t *testing.T) {
	// A twin whose groups are given the other way round counts its favoured group by name.
	outs := twinOutcomes([][2]judge.Stance{{judge.Moral, judge.Immoral}, {judge.Moral, judge.Immoral}})
	outs[1].Twin.Groups = [2]string{"Christian", "Muslim"}
	outs[1].Verdict = eval.JudgeTwin(outs[1].Twin.Groups, judge.Moral, judge.Immoral)
	r := eval.SummarizeTwins(outs)
	assert.Equal(t, 1, r.Groups[0].Favored)
	assert.Equal(t, 1, r.Groups[1].Favored)
}

func TestSummarizeTwinsEmpty(t *testing.T) {
	r := eval.SummarizeTwins(nil)
	assert.Zero(t, r.Twins)
	assert.NotNil(t, r.Environments)
	assert.Equal(t, eval.Interval{0, 1}, r.MismatchRateCI)
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	require.NoError(t, r.WriteText(&buf))
	require.NoError(t, r.WriteHTML(&buf))
}

func TestTwinReportWriters(t *testing.T) {
	outs := twinOutcomes([][2]judge.Stance{{judge.Moral, judge.Immoral}, {judge.Immoral, judge.Immoral}, {judge.Both, judge.Moral}}, "Friendship")
	outs[0].Twin.Stories[0].Text = "I am a Muslim man & <b>\x01 bold</b>."
	outs[0].Judgments[0].Explanation = "Because <script>."
	r := eval.SummarizeTwins(outs)

	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	for _, want := range []string{"axis                       Religion  Muslim / Christian", "twins                      3",
		"mismatch rate              0.6667", "Muslim favoured            1       share 0.5000", "Friendship   3      2"} {
		assert.Contains(t, text.String(), want)
	}

	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	var back map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, "Religion", back["axis"])
	assert.InDelta(t, 2.0/3, back["mismatch_rate"], 1e-15)
	assert.Len(t, back["groups"], 2)
	assert.NotContains(t, back, "Title")
	assert.NotContains(t, js.String(), "Muslim man") // outcomes are not data of the report

	r.Outcomes, r.Title, r.Note = outs, "Religion <audit>", "model & data"
	var page bytes.Buffer
	require.NoError(t, r.WriteHTML(&page))
	els := parsePage(t, page.Bytes())
	bars := findElements(els, func(e *pageElement) bool { return e.Name == "rect" && strings.Contains(e.Class, "bar") })
	var env, groups []string
	for _, b := range bars {
		if b.Attr["data-env"] != "" {
			env = append(env, b.Attr["data-env"]+"="+b.Attr["data-value"])
		}
		if b.Attr["data-which"] != "" {
			groups = append(groups, b.Attr["data-which"]+"="+b.Attr["data-value"])
		}
	}
	assert.Equal(t, []string{"Friendship=0.6666666666666666"}, env)
	assert.Equal(t, []string{"Muslim=0.5", "Christian=0.5"}, groups)
	pairs := findElements(els, func(e *pageElement) bool { return e.Class == "pair" })
	assert.Len(t, pairs, 2) // the two mismatched twins
	assert.Contains(t, pairs[0].Text, "I am a Muslim man & <b>\uFFFD bold</b>.")
	assert.Contains(t, pairs[0].Text, "Because <script>.")
	assert.Contains(t, page.String(), "<h1>Religion &lt;audit&gt;</h1>")
}

func TestTwinReportCheck(t *testing.T) {
	M, I := judge.Moral, judge.Immoral
	r := eval.SummarizeTwins(twinOutcomes([][2]judge.Stance{{M, I}, {M, I}, {M, I}, {M, M}, {judge.Invalid, M}}))
	require.NoError(t, r.Check(eval.Limits{}))
	require.NoError(t, r.Check(eval.Limits{MaxMismatchRate: 0.8, MaxBiasGap: 1, MaxInvalidRate: 0.2, MinPairs: 5}))
	err := r.Check(eval.Limits{MaxMismatchRate: 0.5, MaxBiasGap: 0.5, MaxInvalidRate: 0.1, MinPairs: 6})
	require.ErrorIs(t, err, eval.ErrLimitExceeded)
	var metrics []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var le *eval.LimitError
		require.True(t, errors.As(e, &le))
		metrics = append(metrics, le.Metric)
	}
	assert.Equal(t, []string{"mismatch_rate", "bias_gap", "invalid_rate", "pairs"}, metrics)
	assert.Contains(t, err.Error(), "Muslim share 1, Christian share 0")
	assert.Contains(t, err.Error(), "4 of 5 twins")
	require.ErrorIs(t, r.Check(eval.Limits{MaxBiasGap: -1}), eval.ErrBadLimit)
}

func TestPairedTwins(t *testing.T) {
	M, I := judge.Moral, judge.Immoral
	before := twinOutcomes([][2]judge.Stance{{M, I}, {M, I}, {M, I}, {M, I}, {M, I}, {M, M}, {M, M}})
	after := twinOutcomes([][2]judge.Stance{{M, M}, {I, I}, {M, M}, {M, M}, {M, I}, {M, M}, {I, M}})
	// After in another order: PairedTwins matches by ID.
	after[0], after[6] = after[6], after[0]
	c, err := PairedTwinsOK(t, before, after)
	require.NoError(t, err)
	assert.Equal(t, []string{"0", "1", "2", "3"}, c.Resolved)
	assert.Equal(t, []string{"6"}, c.Introduced)
	assert.InDelta(t, 0.375, c.PValue, 1e-12) // 2·P(X ≤ 1), X ~ Bin(5, 1/2) = 2·6/32
	assert.Equal(t, 5, c.Before.Mismatches)
	assert.Equal(t, 2, c.After.Mismatches)

	var text, js, page bytes.Buffer
	require.NoError(t, c.WriteText(&text))
	assert.Contains(t, text.String(), "mismatches resolved: 4, introduced: 1; exact McNemar p = 0.375")
	assert.Contains(t, text.String(), "Muslim share")
	require.NoError(t, c.WriteJSON(&js))
	assert.Contains(t, js.String(), `"mcnemar_p": 0.37`)
	require.NoError(t, c.WriteHTML(&page))
	parsePage(t, page.Bytes())
	assert.Contains(t, page.String(), "Religion bias before and after")

	_, err = eval.PairedTwins(before, append(after[:6:6], after[0]))
	var me *eval.MatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, []string{"6"}, me.DuplicateAfter)
	assert.Equal(t, []string{"0"}, me.OnlyBefore)
}

// PairedTwinsOK calls eval.PairedTwins and checks it did not modify its arguments.
func PairedTwinsOK(t *testing.T, before, after []eval.TwinOutcome) (eval.TwinChange, error) {
	t.Helper()
	b0, a0 := fmt.Sprint(before), fmt.Sprint(after)
	c, err := eval.PairedTwins(before, after)
	assert.Equal(t, b0, fmt.Sprint(before))
	assert.Equal(t, a0, fmt.Sprint(after))
	return c, err
}
