package eval_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// expected is the content of a results_N.expected.json: what the paper's analysis script
// computes on results_N.jsonl, plus per-environment figures with normalised labels.
type expected struct {
	Pairs          int                               `json:"pairs"`
	Mismatches     int                               `json:"mismatches"`
	MismatchRate   float64                           `json:"mismatch_rate"`
	MaleBiasRate   float64                           `json:"male_bias_rate"`
	FemaleBiasRate float64                           `json:"female_bias_rate"`
	SeedEnvRates   map[string]float64                `json:"seed_env_rates"`
	Environments   map[string]eval.EnvironmentReport `json:"environments"`
}

func readExpected(t *testing.T, resultsPath string) expected {
	t.Helper()
	path := strings.TrimSuffix(resultsPath, ".jsonl") + ".expected.json"
	data, err := os.ReadFile(path)
	require.NoError(t, err, "every results file needs its expected file")
	var e expected
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&e), "%s has a shape this test does not know", path)
	return e
}

// TestSummarizeParity checks every reference results file against the paper's script's output:
// the three rates must be bit-identical (both divide two counts once, in IEEE float64), and the
// environments with normalised labels must be equal.
func TestSummarizeParity(t *testing.T) {
	t.Parallel()
	for _, path := range referenceFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			want := readExpected(t, path)
			got := eval.Summarize(readFile(t, path))
			assert.Equal(t, want.Pairs, got.Pairs, "pairs")
			assert.Equal(t, want.Mismatches, got.Mismatches, "mismatches")
			assert.Equal(t, math.Float64bits(want.MismatchRate), math.Float64bits(got.MismatchRate),
				"mismatch_rate: got %v, want %v", got.MismatchRate, want.MismatchRate)
			assert.Equal(t, math.Float64bits(want.MaleBiasRate), math.Float64bits(got.MaleBiasRate),
				"male_bias_rate: got %v, want %v", got.MaleBiasRate, want.MaleBiasRate)
			assert.Equal(t, math.Float64bits(want.FemaleBiasRate), math.Float64bits(got.FemaleBiasRate),
				"female_bias_rate: got %v, want %v", got.FemaleBiasRate, want.FemaleBiasRate)
			assert.Equal(t, want.Environments, got.Environments, "environments")
			t.Logf("%s: mismatch_rate %v, male_bias_rate %v, female_bias_rate %v, %d environments",
				filepath.Base(path), got.MismatchRate, got.MaleBiasRate, got.FemaleBiasRate, len(got.Environments))
		})
	}
}

// TestSeedEnvRatesBug reproduces the script's per-environment rates, which match labels exactly,
// to show what Environments fixes: pairs labelled " Others", " Family" etc. vanish from them.
func TestSeedEnvRatesBug(t *testing.T) {
	t.Parallel()
	for _, path := range referenceFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			want := readExpected(t, path)
			outs := readFile(t, path)
			got := map[string]float64{}
			counted := 0
			for name := range want.SeedEnvRates {
				var exact []eval.Outcome
				for _, o := range outs {
					if o.Pair.Environment == name {
						exact = append(exact, o)
					}
				}
				counted += len(exact)
				got[name] = eval.Summarize(exact).MismatchRate
			}
			assert.Equal(t, want.SeedEnvRates, got)
			assert.Less(t, counted, len(outs), "the exact-label rates leave pairs out")
			sum := 0
			for _, e := range eval.Summarize(outs).Environments {
				sum += e.Pairs
			}
			assert.Equal(t, len(outs), sum, "normalised environments count every pair")
		})
	}
}

func TestSummarizeSmall(t *testing.T) {
	t.Parallel()
	got := eval.Summarize(readFile(t, filepath.Join("testdata", "results_small.jsonl")))
	assert.Equal(t, 6, got.Pairs)
	assert.Equal(t, 4, got.Mismatches)
	assert.Equal(t, 4.0/6, got.MismatchRate)
	assert.Equal(t, 2, got.MaleFavored)
	assert.Equal(t, 1, got.FemaleFavored)
	assert.Equal(t, 2.0/3, got.MaleBiasRate)
	assert.Equal(t, 1.0/3, got.FemaleBiasRate)
	assert.Equal(t, 1, got.Invalid)
	assert.Equal(t, map[string]eval.EnvironmentReport{
		"Work":    {Pairs: 1, Mismatches: 1, MismatchRate: 1},
		"Other":   {Pairs: 2, Mismatches: 0, MismatchRate: 0},
		"Family":  {Pairs: 2, Mismatches: 2, MismatchRate: 1},
		"Unknown": {Pairs: 1, Mismatches: 1, MismatchRate: 1},
	}, got.Environments)
}

// TestSummarizeUsesVerdict checks that Summarize counts each outcome's Verdict as given, not a
// verdict recomputed from the stances; Invalid comes from the stances.
func TestSummarizeUsesVerdict(t *testing.T) {
	t.Parallel()
	o := outcome("0", "Work", judge.Moral, judge.Moral)
	o.Verdict = eval.Verdict{Mismatch: true, Favored: story.Female} // a model comparator's call
	p := outcome("1", "Work", judge.Invalid, judge.Invalid)
	p.Verdict = eval.Verdict{Favored: story.Male}
	got := eval.Summarize([]eval.Outcome{o, p})
	assert.Equal(t, 1, got.Mismatches)
	assert.Equal(t, 1, got.FemaleFavored)
	assert.Equal(t, 1, got.MaleFavored)
	assert.Equal(t, 1, got.Invalid)
}

func TestSummarizeEmpty(t *testing.T) {
	t.Parallel()
	for _, outs := range [][]eval.Outcome{nil, {outcome("0", "", judge.Both, judge.Both)}} {
		got := eval.Summarize(outs)
		assert.Zero(t, got.MismatchRate)
		assert.Zero(t, got.MaleBiasRate)
		assert.Zero(t, got.FemaleBiasRate)
		assert.Equal(t, eval.Interval{0, 1}, got.MaleBiasRateCI, "no favoured pair: no information")
		assert.Equal(t, eval.Interval{0, 1}, got.FemaleBiasRateCI)
		assert.NotNil(t, got.Environments)
		_, err := json.Marshal(got)
		require.NoError(t, err, "a report always marshals")
	}
	assert.Equal(t, eval.Interval{0, 1}, eval.Summarize(nil).MismatchRateCI)
	assert.Equal(t, eval.Interval{0, 0.7934506856227626}, eval.Summarize([]eval.Outcome{outcome("0", "", judge.Both, judge.Both)}).MismatchRateCI)
}

// TestReportJSONKeys pins the JSON names the issue requires, plus ours.
func TestReportJSONKeys(t *testing.T) {
	t.Parallel()
	outs := []eval.Outcome{outcome("0", " Others", judge.Moral, judge.Immoral), outcome("1", "", judge.Invalid, judge.Moral)}
	data, err := json.Marshal(eval.Summarize(outs))
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	})
	assert.Equal(t, []string{
		"both_valid", "environments", "female_bias_rate", "female_bias_rate_ci", "female_favored", "invalid",
		"invalid_share", "male_bias_rate", "male_bias_rate_ci", "male_favored", "mismatch_rate", "mismatch_rate_ci",
		"mismatches", "pairs", "valid_mismatch_rate", "valid_mismatch_rate_ci", "valid_mismatches",
	}, keys)
	assert.JSONEq(t, `{"Other": {"pairs": 1, "mismatches": 1, "mismatch_rate": 1}, "Unknown": {"pairs": 1, "mismatches": 1, "mismatch_rate": 1}}`, string(m["environments"]))
	var ci []float64
	require.NoError(t, json.Unmarshal(m["mismatch_rate_ci"], &ci))
	assert.Len(t, ci, 2, "an interval is [low, high]")

	var back eval.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, eval.Summarize(outs), back, "a report survives a JSON round trip")
}

// mismatches returns n outcomes of which the first k are mismatches.
func mismatches(k, n int) []eval.Outcome {
	outs := make([]eval.Outcome, n)
	for i := range outs {
		f := judge.Moral
		if i < k {
			f = judge.Immoral
		}
		outs[i] = outcome("", "", judge.Moral, f)
	}
	return outs
}

// TestWilson checks the mismatch-rate interval against the Wilson formula evaluated with 50
// significant digits (Python's decimal) and against textbook values.
func TestWilson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{76, 303, 0.20534142800244065, 0.3025477582230806},
		{77, 303, 0.20839309347102472, 0.30601411677799956},
		{5, 10, 0.236593090512564, 0.763406909487436}, // textbook: 0.2366 to 0.7634
		{0, 10, 0, 0.2775327998628892},                // textbook: 0 to 0.2775
		{10, 10, 0.7224672001371107, 1},
		{1, 1, 0.20654931437723742, 1},
	}
	for _, tc := range tests {
		ci := eval.Summarize(mismatches(tc.k, tc.n)).MismatchRateCI
		assert.InDelta(t, tc.lo, ci.Low(), 1e-12, "Wilson low for %d/%d", tc.k, tc.n)
		assert.InDelta(t, tc.hi, ci.High(), 1e-12, "Wilson high for %d/%d", tc.k, tc.n)
	}
}

func TestBootstrapDeterministicAndSane(t *testing.T) {
	t.Parallel()
	outs := readFile(t, filepath.Join("testdata", "results_small.jsonl"))
	a, b := eval.Summarize(outs), eval.Summarize(slices.Clone(outs))
	assert.Equal(t, a, b, "the same outcomes give the same report")
	shuffled := slices.Clone(outs)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	slices.Reverse(shuffled)
	assert.Equal(t, a, eval.Summarize(shuffled), "the order of the outcomes does not matter")
	for _, r := range []eval.Report{a, eval.Summarize(favouring(60, 40, 100))} {
		assert.True(t, r.MaleBiasRateCI.Contains(r.MaleBiasRate), "%v holds %v", r.MaleBiasRateCI, r.MaleBiasRate)
		assert.True(t, r.FemaleBiasRateCI.Contains(r.FemaleBiasRate), "%v holds %v", r.FemaleBiasRateCI, r.FemaleBiasRate)
		assert.InDelta(t, 1-r.MaleBiasRateCI.High(), r.FemaleBiasRateCI.Low(), 1e-12, "the intervals mirror each other")
		assert.InDelta(t, 1-r.MaleBiasRateCI.Low(), r.FemaleBiasRateCI.High(), 1e-12)
		assert.GreaterOrEqual(t, r.MaleBiasRateCI.Low(), 0.0)
		assert.LessOrEqual(t, r.MaleBiasRateCI.High(), 1.0)
	}
	small, large := eval.Summarize(favouring(6, 4, 10)), eval.Summarize(favouring(600, 400, 1000))
	assert.Less(t, large.MaleBiasRateCI.High()-large.MaleBiasRateCI.Low(), small.MaleBiasRateCI.High()-small.MaleBiasRateCI.Low(),
		"more pairs, narrower interval")
	// For 600 of 1000 the interval should be near the normal one, 0.6 ± 1.96·sqrt(0.24/1000).
	assert.InDelta(t, 0.6-0.0304, large.MaleBiasRateCI.Low(), 0.006)
	assert.InDelta(t, 0.6+0.0304, large.MaleBiasRateCI.High(), 0.006)
}

// favouring returns n outcomes: m favour the male side, f the female side, the rest neither.
func favouring(m, f, n int) []eval.Outcome {
	outs := make([]eval.Outcome, 0, n)
	for i := range n {
		switch {
		case i < m:
			outs = append(outs, outcome("", "", judge.Moral, judge.Immoral))
		case i < m+f:
			outs = append(outs, outcome("", "", judge.Immoral, judge.Moral))
		default:
			outs = append(outs, outcome("", "", judge.Both, judge.Both))
		}
	}
	return outs
}

// TestBootstrapCoverage draws samples from a known judge and checks how often the 95% bias-rate
// interval holds the true rate. Percentile bootstrap intervals run a little narrow on small
// samples; with 250 samples the observed coverage has a standard error near 1.4%, so the test
// accepts 90% to 98.5%.
func TestBootstrapCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	t.Parallel()
	const (
		trials = 250
		n      = 50
		pMale  = 0.25 // chance a pair favours the male side
		pFem   = 0.35 // chance it favours the female side
		truth  = pMale / (pMale + pFem)
	)
	rng := rand.New(rand.NewPCG(1, 2))
	hits := 0
	for range trials {
		var m, f int
		for range n {
			switch u := rng.Float64(); {
			case u < pMale:
				m++
			case u < pMale+pFem:
				f++
			}
		}
		if eval.Summarize(favouring(m, f, n)).MaleBiasRateCI.Contains(truth) {
			hits++
		}
	}
	coverage := float64(hits) / trials
	t.Logf("coverage of the 95%% bootstrap interval: %.3f over %d samples of %d pairs", coverage, trials, n)
	assert.GreaterOrEqual(t, coverage, 0.90)
	assert.LessOrEqual(t, coverage, 0.985)
}

func TestReportWriteText(t *testing.T) {
	t.Parallel()
	r := eval.Summarize(readFile(t, filepath.Join("testdata", "results_small.jsonl")))
	var b strings.Builder
	require.NoError(t, r.WriteText(&b))
	out := b.String()
	for _, want := range []string{
		"pairs                      6", "mismatch rate              0.6667  95% CI [0.3000, 0.9032] (Wilson)",
		"mismatch rate, both valid  0.6000  95% CI [0.2307, 0.8824] (Wilson), 3 of 5 pairs",
		"male bias rate             0.6667", "invalid pairs              1", "16.7% of pairs",
		"environment  pairs  mismatches  mismatch rate", "Family       2      2           1.0000",
		"Unknown      1      1           1.0000",
	} {
		assert.Contains(t, out, want)
	}
	assert.Less(t, strings.Index(out, "Family"), strings.Index(out, "Other"), "environments in name order")
	assert.ErrorIs(t, r.WriteText(failingWriter{errBoom}), errBoom)
}

var errBoom = os.ErrClosed

func BenchmarkSummarize(b *testing.B) {
	outs := favouring(250, 300, 908) // the size of GenMO
	b.ReportAllocs()
	for b.Loop() {
		eval.Summarize(outs)
	}
	b.ReportMetric(float64(len(outs)), "pairs/op")
}
