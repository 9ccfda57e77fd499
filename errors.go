package evenhand

import (
	"errors"
	"fmt"
)

// Stage names a step of the pipeline. The zero value is StageUnknown.
type Stage uint8

// The stages of the pipeline, in the order a pair goes through them.
const (
	StageUnknown    Stage = iota
	StageGenerate         // story.Generator
	StageJudge            // judge.Judge
	StageCompare          // compare.Comparator
	StageNeutralize       // neutral.Neutralizer
	StageEmit             // the caller's emit function
	StageDedup            // the near-duplicate guard's embedder (Pipeline.Guard)
)

var stageNames = [...]string{"unknown", "generate", "judge", "compare", "neutralize", "emit", "dedup"}

// String returns the stage's lower-case name, such as "judge".
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// StageError reports which stage failed, and for which input. Errors returned by
// [Pipeline.Run] and [Pipeline.Audit] for a failing stage are of this type; errors.Is and
// errors.As see through it to the stage's own error (context.Canceled included).
type StageError struct {
	Stage  Stage  // the stage that failed
	Index  int    // Run: the attempt number (0-based); Audit: the index of the pair in the input
	PairID string // the pair's ID, when one was known
	Err    error  // the stage's error
}

func (e *StageError) Error() string {
	where := fmt.Sprintf("input %d", e.Index)
	if e.PairID != "" && e.PairID != fmt.Sprint(e.Index) {
		where += fmt.Sprintf(" (pair %q)", e.PairID)
	}
	return fmt.Sprintf("evenhand: %s: %s: %v", e.Stage, where, e.Err)
}

// Unwrap returns e.Err.
func (e *StageError) Unwrap() error { return e.Err }

// ErrMissingStage is wrapped by the error of a call on a Pipeline whose required stage field is nil.
var ErrMissingStage = errors.New("evenhand: pipeline stage not set")

// ErrPairIDReused is wrapped by the error of [Pipeline.Run] (Stage StageGenerate) when the
// Generator gives a pair an id that already names a kept pair with other stories, in this run or,
// for [Pipeline.RunFile], in its file: a pair's id names one pair in a file for ever. Pairs the
// Generator leaves without an id get their content id ([story.Pair.ContentID]), which cannot.
var ErrPairIDReused = errors.New("evenhand: pair id already names another pair")

// ErrBudgetExhausted is wrapped by the error of [Pipeline.Run] when it made its maximum number of
// attempts before keeping the pairs asked for. The Stats returned with it are complete.
var ErrBudgetExhausted = errors.New("evenhand: attempt budget exhausted")

// MarshalText encodes s as its name, so a map keyed by Stage marshals to JSON readably.
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a stage name written by MarshalText; unknown names give StageUnknown.
func (s *Stage) UnmarshalText(b []byte) error {
	*s = stageByName(string(b))
	return nil
}
