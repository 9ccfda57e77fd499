package compare

import (
	"io"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
)

// The GenMO evaluation moved to package eval; the names below forward to it for one release.

// Judge applies GenMO's rules to a pair of stances (see [Stances]).
//
// Deprecated: use eval.Judge; kept for one release.
func Judge(male, female judge.Stance) Verdict { return eval.Judge(male, female) }

// Outcome is one pair with its two judgments and their comparison: a row of an evaluation.
//
// Deprecated: use eval.Outcome; kept for one release.
type Outcome = eval.Outcome

// Report holds the GenMO benchmark's metrics over a set of judged pairs.
//
// Deprecated: use eval.Report; kept for one release.
type Report = eval.Report

// EnvironmentReport holds the mismatch figures of the pairs of one environment.
//
// Deprecated: use eval.EnvironmentReport; kept for one release.
type EnvironmentReport = eval.EnvironmentReport

// Interval is a confidence interval [low, high].
//
// Deprecated: use eval.Interval; kept for one release.
type Interval = eval.Interval

// Change compares two evaluations of the same pairs.
//
// Deprecated: use eval.Change; kept for one release.
type Change = eval.Change

// MatchError reports that two evaluations given to [Paired] do not hold the same pairs.
//
// Deprecated: use eval.MatchError; kept for one release.
type MatchError = eval.MatchError

// Resolution is the paper's resolution analysis of two evaluations of the same pairs.
//
// Deprecated: use eval.Resolution; kept for one release.
type Resolution = eval.Resolution

// Limits are the bounds a [Report] must keep to pass [Report.Check].
//
// Deprecated: use eval.Limits; kept for one release.
type Limits = eval.Limits

// LimitError reports one metric of a [Report] outside its limit.
//
// Deprecated: use eval.LimitError; kept for one release.
type LimitError = eval.LimitError

// ErrLimitExceeded is wrapped by every *[LimitError].
//
// Deprecated: use eval.ErrLimitExceeded; kept for one release.
var ErrLimitExceeded = eval.ErrLimitExceeded

// ErrBadLimit is wrapped by the error for a negative limit.
//
// Deprecated: use eval.ErrBadLimit; kept for one release.
var ErrBadLimit = eval.ErrBadLimit

// The bootstrap behind the bias-rate intervals of [Summarize].
//
// Deprecated: use eval.BootstrapResamples and eval.BootstrapSeed; kept for one release.
const (
	BootstrapResamples = eval.BootstrapResamples
	BootstrapSeed      = eval.BootstrapSeed
)

// InvalidWarnShare is the share of pairs with an invalid side above which an HTML report warns.
//
// Deprecated: use eval.InvalidWarnShare; kept for one release.
const InvalidWarnShare = eval.InvalidWarnShare

// Summarize computes the GenMO metrics of outcomes.
//
// Deprecated: use eval.Summarize; kept for one release.
func Summarize(outcomes []Outcome) Report { return eval.Summarize(outcomes) }

// Paired compares two evaluations of the same pairs, matched by Pair.ID.
//
// Deprecated: use eval.Paired; kept for one release.
func Paired(before, after []Outcome) (Change, error) { return eval.Paired(before, after) }

// ReadResults reads a GenMO results file.
//
// Deprecated: use eval.ReadResults; kept for one release.
func ReadResults(r io.Reader, opts ...ReadOption) ([]Outcome, error) {
	return eval.ReadResults(r, opts...)
}

// WriteResults writes outcomes as a GenMO results file.
//
// Deprecated: use eval.WriteResults; kept for one release.
func WriteResults(w io.Writer, outcomes []Outcome) error { return eval.WriteResults(w, outcomes) }

// HTMLOptions held the presentation settings of an HTML page; they are now fields of the report:
// Report.Title, Report.Note, Report.Outcomes and Report.MaxPairs, and for a Change its Title,
// Note, MaxPairs and the Outcomes of its Before and After.
//
// Deprecated: set the fields of eval.Report or eval.Change and call their WriteHTML(w); to move
// old code over in one step, write opts.Report(r).WriteHTML(w) or opts.Change(c).WriteHTML(w).
// Kept for one release.
type HTMLOptions struct {
	Title         string
	Note          string
	Outcomes      []Outcome
	Before, After []Outcome
	MaxPairs      int
}

// Report returns r with the settings of o in its presentation fields.
//
// Deprecated: set the fields of eval.Report instead; kept for one release.
func (o HTMLOptions) Report(r Report) Report {
	r.Title, r.Note, r.Outcomes, r.MaxPairs = o.Title, o.Note, o.Outcomes, o.MaxPairs
	return r
}

// Change returns c with the settings of o in its presentation fields.
//
// Deprecated: set the fields of eval.Change instead; kept for one release.
func (o HTMLOptions) Change(c Change) Change {
	c.Title, c.Note, c.MaxPairs = o.Title, o.Note, o.MaxPairs
	c.Before.Outcomes, c.After.Outcomes = o.Before, o.After
	return c
}

// MaxLineBytes is the longest line that [ReadResults] accepts by default and [WriteResults] writes.
//
// Deprecated: use jsonl.MaxLineBytes; kept for one release.
const MaxLineBytes = jsonl.MaxLineBytes

// ErrLineTooLong is wrapped by the error for a line longer than the limit, read or written.
//
// Deprecated: use jsonl.ErrLineTooLong; kept for one release.
var ErrLineTooLong = jsonl.ErrLineTooLong

// LineError reports a line of a results file that could not be read.
//
// Deprecated: use jsonl.LineError; kept for one release.
type LineError = jsonl.LineError

// ReadOption configures [ReadResults].
//
// Deprecated: use jsonl.ReadOption; kept for one release.
type ReadOption = jsonl.ReadOption

// WithMaxLineBytes sets the longest line [ReadResults] accepts; n <= 0 means [MaxLineBytes].
//
// Deprecated: use jsonl.WithMaxLineBytes; kept for one release.
func WithMaxLineBytes(n int) ReadOption { return jsonl.WithMaxLineBytes(n) }

// WithFile names the file being read, so that a *[LineError] names it too.
//
// Deprecated: use jsonl.WithFile; kept for one release.
func WithFile(name string) ReadOption { return jsonl.WithFile(name) }
