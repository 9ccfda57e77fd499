package eval_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	// 10 pairs: 4 mismatches; 3 favour the male side, 1 the female side; 2 invalid.
	r := eval.Report{
		Pairs: 10, Mismatches: 4, MismatchRate: 0.4, MismatchRateCI: eval.Interval{0.17, 0.69},
		MaleFavored: 3, FemaleFavored: 1, MaleBiasRate: 0.75, FemaleBiasRate: 0.25, Invalid: 2,
	}
	tests := []struct {
		name    string
		limits  eval.Limits
		metrics []string
		msgs    []string
	}{
		{name: "zero limits accept all", limits: eval.Limits{}},
		{name: "all within", limits: eval.Limits{MaxMismatchRate: 0.5, MaxBiasGap: 0.6, MaxInvalidRate: 0.3, MinPairs: 10}},
		{name: "equal to the limit passes", limits: eval.Limits{MaxMismatchRate: 0.4, MaxBiasGap: 0.5, MaxInvalidRate: 0.2}},
		{
			name: "mismatch rate", limits: eval.Limits{MaxMismatchRate: 0.25},
			metrics: []string{"mismatch_rate"},
			msgs:    []string{"eval: mismatch_rate 0.4 exceeds the limit 0.25 (4 of 10 pairs, 95% CI [0.1700, 0.6900])"},
		},
		{
			name: "bias gap", limits: eval.Limits{MaxBiasGap: 0.1},
			metrics: []string{"bias_gap"},
			msgs:    []string{"eval: bias_gap 0.5 exceeds the limit 0.1 (male_bias_rate 0.75, female_bias_rate 0.25)"},
		},
		{
			name: "every limit", limits: eval.Limits{MaxMismatchRate: 0.1, MaxBiasGap: 0.1, MaxInvalidRate: 0.1, MinPairs: 100},
			metrics: []string{"mismatch_rate", "bias_gap", "invalid_rate", "pairs"},
			msgs: []string{
				"mismatch_rate 0.4 exceeds the limit 0.1", "bias_gap 0.5 exceeds the limit 0.1",
				"invalid_rate 0.2 exceeds the limit 0.1 (2 of 10 pairs)", "eval: pairs 10 below the minimum 100",
			},
		},
		{
			name: "close values print in full", limits: eval.Limits{MaxMismatchRate: 0.39999999},
			metrics: []string{"mismatch_rate"},
			msgs:    []string{"mismatch_rate 0.4 exceeds the limit 0.39999999"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := r.Check(tc.limits)
			if len(tc.metrics) == 0 {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, eval.ErrLimitExceeded)
			joined, ok := err.(interface{ Unwrap() []error })
			require.True(t, ok, "Check returns errors.Join")
			var metrics []string
			for _, e := range joined.Unwrap() {
				le, ok := errors.AsType[*eval.LimitError](e)
				require.True(t, ok, "%v is not a *LimitError", e)
				metrics = append(metrics, le.Metric)
			}
			assert.Equal(t, tc.metrics, metrics)
			for _, m := range tc.msgs {
				assert.Contains(t, err.Error(), m)
			}
		})
	}
}

func TestCheckLimitErrorFields(t *testing.T) {
	t.Parallel()
	err := eval.Report{Pairs: 4, Invalid: 3}.Check(eval.Limits{MaxInvalidRate: 0.5})
	le, ok := errors.AsType[*eval.LimitError](err)
	require.True(t, ok)
	assert.Equal(t, "invalid_rate", le.Metric)
	assert.Equal(t, 0.75, le.Value)
	assert.Equal(t, 0.5, le.Limit)
}

func TestCheckNegativeLimit(t *testing.T) {
	t.Parallel()
	for _, l := range []eval.Limits{{MaxMismatchRate: -1}, {MaxBiasGap: -0.1}, {MaxInvalidRate: -1}, {MinPairs: -1}} {
		err := eval.Report{}.Check(l)
		assert.ErrorIs(t, err, eval.ErrBadLimit, "%+v", l)
		assert.NotErrorIs(t, err, eval.ErrLimitExceeded)
	}
}

func TestCheckEmptyReport(t *testing.T) {
	t.Parallel()
	r := eval.Summarize(nil)
	assert.NoError(t, r.Check(eval.Limits{MaxMismatchRate: 0.1, MaxBiasGap: 0.1, MaxInvalidRate: 0.1}),
		"no pairs exceed no rate")
	assert.ErrorIs(t, r.Check(eval.Limits{MinPairs: 1}), eval.ErrLimitExceeded, "MinPairs catches an empty run")
}
