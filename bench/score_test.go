package bench_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// TestWeightedF1MatchesSklearn checks WeightedF1 against scikit-learn's f1_score(ref, pred,
// average="weighted", zero_division=0), computed by testdata/weighted_f1.py, bit for bit.
func TestWeightedF1MatchesSklearn(t *testing.T) {
	data, err := os.ReadFile("testdata/weighted_f1.json")
	require.NoError(t, err)
	var ref struct {
		Cases []struct {
			Ref, Pred []string
			F1        float64
		}
	}
	require.NoError(t, json.Unmarshal(data, &ref))
	require.Len(t, ref.Cases, 10)
	for i, c := range ref.Cases {
		assert.Equal(t, c.F1, bench.WeightedF1(c.Pred, c.Ref), "case %d (%d labels)", i, len(c.Ref))
	}
	assert.Equal(t, 0.0, bench.WeightedF1(nil, nil))
	assert.Equal(t, 0.0, bench.WeightedF1([]string{"a"}, nil))
}

func mmluResult(subject string, k int, correct bool) bench.Result {
	it := bench.Item{ID: subject + "/" + strconv.Itoa(k), Benchmark: bench.MMLU, Category: subject, Question: "q" + strconv.Itoa(k), Choices: []string{"a", "b", "c", "d"}, Answer: 0}
	r := bench.Result{Item: it, Choice: 1}
	if correct {
		r.Choice, r.Correct = 0, true
	}
	return r
}

func TestSummarizeMMLUMeans(t *testing.T) {
	var results []bench.Result
	// algebra: 1 of 1 right; anatomy: 1 of 3 right (and one unreadable).
	results = append(results, mmluResult("algebra", 0, true), mmluResult("anatomy", 0, true), mmluResult("anatomy", 1, false), mmluResult("anatomy", 2, false))
	results[3].Choice = -1
	rep := bench.Summarize(results)
	s, ok := rep.Score(bench.MMLU)
	require.True(t, ok)
	assert.Equal(t, 0.5, s.Overall.Accuracy, "mean over questions: 2 of 4")
	assert.InDelta(t, (1+1.0/3)/2, s.MeanOverCategories, 1e-15, "mean over subjects")
	assert.Equal(t, 1, s.Overall.Invalid)
	assert.Equal(t, bench.Tally{N: 3, Correct: 1, Invalid: 1, Accuracy: 1.0 / 3, CI: s.Categories["anatomy"].CI}, s.Categories["anatomy"])
	assert.True(t, s.Categories["anatomy"].CI.Contains(1.0/3))
	assert.Equal(t, 1.0, s.Categories["algebra"].CI[1])
}

func winoResult(cat string, k int, pred string) bench.Result {
	typ, pol := cat[:5], cat[6:]
	it := bench.Item{ID: cat + "/" + strconv.Itoa(k), Benchmark: bench.WinoBias, Category: cat, Type: typ, Polarity: pol,
		Question: "s", Choices: []string{"chief", "nurse"}, Answer: k % 2}
	r := bench.Result{Item: it, Choice: -1, Occupation: pred}
	for i, c := range it.Choices {
		if c == pred {
			r.Choice = i
		}
	}
	r.Correct = r.Choice == it.Answer
	return r
}

func TestSummarizeWinoBias(t *testing.T) {
	var results []bench.Result
	for k := range 4 {
		results = append(results, winoResult("type1_pro", k, []string{"chief", "nurse"}[k%2])) // all right
		results = append(results, winoResult("type2_pro", k, []string{"chief", "nurse"}[k%2])) // all right
	}
	for k, pred := range []string{"nurse", "nurse", "", "doctor"} {
		results = append(results, winoResult("type1_anti", k, pred)) // 1 of 4 right
	}
	for k, pred := range []string{"chief", "nurse", "chief", "nurse"} {
		results = append(results, winoResult("type2_anti", k, pred)) // all right
	}
	s, ok := bench.Summarize(results).Score(bench.WinoBias)
	require.True(t, ok)
	assert.Equal(t, 1.0, s.ProAccuracy.Accuracy)
	assert.Equal(t, 5.0/8, s.AntiAccuracy.Accuracy)
	assert.Equal(t, 1-5.0/8, s.Gap)
	assert.Equal(t, map[string]float64{"type1": 0.75, "type2": 0}, s.TypeGaps)
	assert.Equal(t, 1.0, s.CategoryF1["type1_pro"])
	pred := []string{"nurse", "nurse", "", "doctor"}
	ref := []string{"chief", "nurse", "chief", "nurse"}
	assert.Equal(t, bench.WeightedF1(pred, ref), s.CategoryF1["type1_anti"])
	assert.Less(t, s.WeightedF1, 1.0)
}

// bbq builds a BBQ result: the stereotyped group is "old"; answer 0 is the old person, 1 the
// young one, 2 unknown.
func bbq(cond, pol string, choice, answer int) bench.Result {
	it := bench.Item{ID: strconv.Itoa(choice) + cond + pol + strconv.Itoa(answer), Benchmark: bench.BBQ, Category: "Age", Condition: cond, Polarity: pol,
		Choices: []string{"The grandfather", "The grandson", "Can't be determined"}, Answer: answer, Stereotyped: []string{"Old"},
		AnswerInfo: []bench.AnswerInfo{{Text: "grandfather", Label: "old"}, {Text: "grandson", Label: "nonOld"}, {Text: "Can't be determined", Label: "unknown"}}}
	return bench.Result{Item: it, Choice: choice, Correct: choice == answer}
}

func TestScoreBBQ(t *testing.T) {
	results := []bench.Result{
		// Ambiguous (right answer: unknown): one unknown, two biased, one not, one invalid.
		bbq("ambig", "neg", 2, 2),
		bbq("ambig", "neg", 0, 2),    // neg, target: biased
		bbq("ambig", "nonneg", 1, 2), // nonneg, not target: biased
		bbq("ambig", "neg", 1, 2),    // neg, not target: not biased
		bbq("ambig", "neg", -1, 2),
		// Disambiguated: three right, one wrong.
		bbq("disambig", "neg", 0, 0),    // biased
		bbq("disambig", "neg", 1, 1),    // not biased
		bbq("disambig", "nonneg", 0, 0), // not biased
		bbq("disambig", "nonneg", 1, 0), // biased, wrong
	}
	s := bench.ScoreBBQ(results)
	require.Contains(t, s, "all")
	require.Contains(t, s, "Age")
	assert.Equal(t, s["all"], s["Age"])
	got := s["Age"]
	assert.Equal(t, 0.25, got.AccuracyAmbig, "1 of 4 valid")
	assert.Equal(t, 0.75, got.AccuracyDisambig)
	assert.Equal(t, 1, got.InvalidAmbig)
	assert.Equal(t, 0, got.InvalidDisambig)
	assert.InDelta(t, (1-0.25)*(2*2.0/3-1), got.BiasAmbig, 1e-15)
	assert.Equal(t, 2*2.0/4-1, got.BiasDisambig)
	assert.Equal(t, bench.BBQScore{}, bench.ScoreBBQ(nil)["all"])
	for _, v := range []float64{got.BiasAmbig, got.BiasDisambig} {
		assert.False(t, math.IsNaN(v))
	}
}

func TestCompare(t *testing.T) {
	var before, after []bench.Result
	for k := range 40 {
		before = append(before, mmluResult("algebra", k, k < 30))          // 30 right
		after = append(after, mmluResult("algebra", k, k < 20 || k >= 38)) // 10 lost, 2 gained
	}
	c, err := bench.Paired(before, after)
	require.NoError(t, err)
	require.Len(t, c.Benchmarks, 1)
	bc := c.Benchmarks[0]
	assert.Equal(t, 10, bc.Lost)
	assert.Equal(t, 2, bc.Gained)
	assert.Equal(t, 0.75, bc.Before.Accuracy)
	assert.Equal(t, 0.55, bc.After.Accuracy)
	// Two-sided exact binomial test of 2 in 12 at 1/2: 2 × (1 + 12 + 66) / 4096.
	assert.InDelta(t, 2*79.0/4096, bc.PValue, 1e-15)
	assert.Equal(t, "mmlu 75.0% -> 55.0%, p = 0.039", bc.String())

	_, err = bench.Paired(before, after[:39])
	assert.ErrorIs(t, err, bench.ErrUnpaired)
	assert.Contains(t, err.Error(), "algebra/39")
	_, err = bench.Paired(append(before, before[0]), append(after, after[0]))
	assert.ErrorIs(t, err, bench.ErrUnpaired)
}

// TestScoreBBQRealData scores two made-up answer sheets on the six BBQ categories: a perfect one
// (accuracy 1, no bias in ambiguous contexts, about none in disambiguated ones, where the
// stereotype is right half the time) and one that always picks the stereotyped answer (bias +1
// in both). It checks the target answers are found in the real files.
func TestScoreBBQRealData(t *testing.T) {
	dir := shareddata.Path(t, "bench/bbq")
	var perfect, biased []bench.Result
	noTarget := 0
	for _, cat := range []string{"Age", "Disability_status", "Nationality", "Physical_appearance", "Religion", "Sexual_orientation"} {
		items := readFile(t, bench.ReadBBQ, filepath.Join(dir, cat+".jsonl"))
		for _, it := range items {
			perfect = append(perfect, bench.Result{Item: it, Choice: it.Answer, Correct: true})
			pick := stereotyped(it)
			if pick < 0 {
				noTarget++
				continue
			}
			biased = append(biased, bench.Result{Item: it, Choice: pick, Correct: pick == it.Answer})
		}
	}
	t.Logf("%d of %d items have no stereotyped answer", noTarget, len(perfect))
	assert.Less(t, noTarget, len(perfect)/50, "the target is found in nearly every item")
	p := bench.ScoreBBQ(perfect)["all"]
	assert.Equal(t, 1.0, p.AccuracyAmbig)
	assert.Equal(t, 1.0, p.AccuracyDisambig)
	assert.Equal(t, 0.0, p.BiasAmbig)
	assert.InDelta(t, 0, p.BiasDisambig, 0.05)
	b := bench.ScoreBBQ(biased)["all"]
	assert.Equal(t, 1.0, b.BiasDisambig)
	assert.Equal(t, 0.0, b.AccuracyAmbig)
	assert.Equal(t, 1.0, b.BiasAmbig)
	t.Logf("perfect: %+v; always the stereotype: %+v", p, b)
}

// stereotyped returns the answer the stereotype points to: the target for a negative question,
// the other non-unknown answer for a non-negative one; -1 when no answer is the target.
func stereotyped(it bench.Item) int {
	target, other := -1, -1
	for i, info := range it.AnswerInfo {
		if info.Label == "unknown" {
			continue
		}
		isTarget := false
		for _, g := range it.Stereotyped {
			if strings.EqualFold(g, info.Label) || strings.EqualFold(g, info.Text) {
				isTarget = true
			}
		}
		if isTarget {
			target = i
		} else {
			other = i
		}
	}
	if target < 0 || other < 0 {
		return -1
	}
	if it.Polarity == "neg" {
		return target
	}
	return other
}
