// Package story provides the gender-counterfactual pairs the method starts from: two stories
// that differ only in the protagonist's gender ([Pair]), written by a model (a [Generator], the
// first stage of the pipeline), made by rule from a story you have, or read from a benchmark.
//
// In detail:
//
//   - [LLM] ([New]) asks a language model to write both stories of a pair, with the paper's
//     zero-shot prompt or one of three one-shot variants.
//   - [Swap], [SwapAll] and [NewPair] make the gender-counterfactual twin of a story you already
//     have, without a model: the protagonist (and the characters you name) change gender, and
//     everyone else stays as written.
//   - [ReadGenMO] reads the GenMO benchmark's pairs, for evaluation.
//
// [Rouge1] measures how alike the two stories are, bit for bit as the reference ROUGE package
// does (with its Porter stemmer, [Stem]), so pairs that are not the same story, or were hardly
// changed, can be filtered without a model call.
package story

import (
	"context"
	"errors"
)

// Gender is the gender of a story's protagonist. The zero value is unknown.
type Gender uint8

// The genders a protagonist can have.
const (
	Unknown Gender = iota // zero value: not known or not set
	Male
	Female
)

// String returns "male", "female" or "unknown".
func (g Gender) String() string {
	switch g {
	case Male:
		return "male"
	case Female:
		return "female"
	default:
		return "unknown"
	}
}

// Other returns the opposite gender: Male for Female and Female for Male. Unknown stays Unknown.
func (g Gender) Other() Gender {
	switch g {
	case Male:
		return Female
	case Female:
		return Male
	default:
		return Unknown
	}
}

// Story is one short story with a protagonist.
type Story struct {
	Text      string // the story as written
	Character string // the protagonist's name, or "" when the story does not name them
	Gender    Gender // the protagonist's gender
}

// Pair is two stories that are identical except for the protagonist's gender.
type Pair struct {
	ID          string // stable identifier: the index in a dataset, or (given by Pipeline.Run to a pair without one) its ContentID
	Male        Story  // the story with a male protagonist
	Female      Story  // the same story with a female protagonist
	Source      string // where the pair came from: a dataset's source, or the prompt variant ("0".."3") that wrote it
	Environment string // the setting of the story (GenMO's label), "" when unknown

	// Reasoning is what the model thought before it wrote the pair (see ParsePair), kept to
	// audit it; "" when there was none. It is never part of a story or a name, and never
	// written to a record.
	Reasoning string
}

// Side returns the pair's story for gender g: Male or Female. It reports false for Unknown.
func (p Pair) Side(g Gender) (Story, bool) {
	switch g {
	case Male:
		return p.Male, true
	case Female:
		return p.Female, true
	default:
		return Story{}, false
	}
}

// Generator writes gender-counterfactual pairs of stories.
//
// Implementations must be safe for concurrent use by multiple goroutines. An error that wraps
// [ErrUnparsable] means the attempt produced no usable pair and may be retried; any other error
// (a failed model call, a cancelled context) is returned to the caller as is.
type Generator interface {
	Generate(ctx context.Context) (Pair, error)
}

// Func adapts an ordinary function to the [Generator] interface, like [net/http.HandlerFunc].
type Func func(ctx context.Context) (Pair, error)

// Generate calls f(ctx).
func (f Func) Generate(ctx context.Context) (Pair, error) { return f(ctx) }

// GeneratorFunc is the earlier name of [Func], kept for one release because published code
// uses it.
//
// Deprecated: use [Func]: every stage package names its adapter Func (judge.Func,
// compare.Func, neutral.Func).
type GeneratorFunc = Func

// ErrUnparsable is wrapped by errors for model replies that could not be read as a pair of stories.
// The error message carries a shortened copy of the reply.
var ErrUnparsable = errors.New("story: unparsable model output")
