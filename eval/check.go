package eval

import (
	"errors"
	"fmt"
)

// Limits are the bounds a [Report] must keep to pass [Report.Check]. A zero field means no limit,
// so the zero Limits accepts every report. To demand a rate of exactly 0, give a limit smaller
// than any rate the pairs can produce (such as 1e-9). Negative limits are a usage error.
type Limits struct {
	MaxMismatchRate float64 // largest accepted mismatch_rate
	MaxBiasGap      float64 // largest accepted |male_bias_rate - female_bias_rate| (see [Report.BiasGap])
	MaxInvalidRate  float64 // largest accepted share of pairs with an invalid side (see [Report.InvalidRate])
	MinPairs        int     // fewest pairs a report must hold to be trusted
}

// ErrLimitExceeded is wrapped by every *[LimitError]: errors.Is(err, ErrLimitExceeded) tells a
// report that failed its limits from a usage error.
var ErrLimitExceeded = errors.New("eval: limit exceeded")

// ErrBadLimit is wrapped by the error for a negative limit.
var ErrBadLimit = errors.New("eval: bad limit")

// LimitError reports one metric of a [Report] outside its limit.
type LimitError struct {
	Metric string  // the metric's JSON name: "mismatch_rate", "bias_gap", "invalid_rate" or "pairs"
	Value  float64 // the report's value
	Limit  float64 // the limit it broke
	Detail string  // the figures behind Value, or ""
}

func (e *LimitError) Error() string {
	var msg string
	if e.Metric == "pairs" {
		msg = fmt.Sprintf("eval: pairs %g below the minimum %g", e.Value, e.Limit)
	} else {
		v, l := fmt.Sprintf("%.4g", e.Value), fmt.Sprintf("%.4g", e.Limit)
		if v == l {
			v, l = fmt.Sprint(e.Value), fmt.Sprint(e.Limit)
		}
		msg = fmt.Sprintf("eval: %s %s exceeds the limit %s", e.Metric, v, l)
	}
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

// Unwrap returns [ErrLimitExceeded].
func (e *LimitError) Unwrap() error { return ErrLimitExceeded }

// Check returns nil when r keeps to every limit in l, else the [errors.Join] of one *[LimitError]
// per broken limit, in the order of the Limits fields, so a test can report them all at once:
//
//	if err := report.Check(eval.Limits{MaxMismatchRate: 0.1, MaxBiasGap: 0.2}); err != nil {
//		t.Error(err)
//	}
//
// A value equal to its limit passes. The bias gap is checked even when no pair favours a side
// (the gap is then 0). A negative limit makes Check return an error wrapping [ErrBadLimit].
func (r Report) Check(l Limits) error {
	return l.check(gated{
		mismatchRate: r.MismatchRate, mismatchDetail: fmt.Sprintf("%d of %d pairs, 95%% CI %s", r.Mismatches, r.Pairs, r.MismatchRateCI),
		biasGap: r.BiasGap(), biasDetail: fmt.Sprintf("male_bias_rate %.4g, female_bias_rate %.4g", r.MaleBiasRate, r.FemaleBiasRate),
		invalidRate: r.InvalidRate(), invalidDetail: fmt.Sprintf("%d of %d pairs", r.Invalid, r.Pairs),
		count: r.Pairs,
	})
}

// gated holds the figures of a report that [Limits] bound, with the detail each LimitError
// gives: what [Report.Check] and [TwinReport.Check] compare.
type gated struct {
	mismatchRate                              float64
	biasGap                                   float64
	invalidRate                               float64
	count                                     int // pairs or twins, bounded by MinPairs
	countDetail                               string
	mismatchDetail, biasDetail, invalidDetail string
}

// check is Check's rule for any report: a negative limit is ErrBadLimit; else one *LimitError
// per broken limit, in the order of the Limits fields, joined.
func (l Limits) check(g gated) error {
	if l.MaxMismatchRate < 0 || l.MaxBiasGap < 0 || l.MaxInvalidRate < 0 || l.MinPairs < 0 {
		return fmt.Errorf("%w: limits must not be negative: %+v", ErrBadLimit, l)
	}
	var errs []error
	over := func(metric string, value, limit float64, detail string) {
		if limit > 0 && value > limit {
			errs = append(errs, &LimitError{Metric: metric, Value: value, Limit: limit, Detail: detail})
		}
	}
	over("mismatch_rate", g.mismatchRate, l.MaxMismatchRate, g.mismatchDetail)
	over("bias_gap", g.biasGap, l.MaxBiasGap, g.biasDetail)
	over("invalid_rate", g.invalidRate, l.MaxInvalidRate, g.invalidDetail)
	if l.MinPairs > 0 && g.count < l.MinPairs {
		errs = append(errs, &LimitError{Metric: "pairs", Value: float64(g.count), Limit: float64(l.MinPairs), Detail: g.countDetail})
	}
	return errors.Join(errs...)
}
