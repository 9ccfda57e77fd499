// Package neutral is the fourth stage of the method: for a biased pair, a [Neutralizer] writes for
// each side a balanced explanation that weighs both the moral and the immoral reading of the act,
// calls the protagonist "the main character" and reveals no gender. These explanations become the
// preferred answers of the preference dataset (package dpo).
package neutral

import (
	"context"
	"errors"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// Result holds the balanced, gender-neutral explanations for the two stories of a pair.
type Result struct {
	Male   string // the explanation for the male story
	Female string // the explanation for the female story

	// Reasoning is what the model thought before it answered (see ParseReply), kept to audit
	// it; "" when there was none. It is never part of an explanation, and never written to a
	// record or a training row.
	Reasoning string
}

// Neutralizer writes balanced, gender-neutral explanations for a pair whose judgments differ.
// Implementations must be safe for concurrent use by multiple goroutines.
type Neutralizer interface {
	Neutralize(ctx context.Context, p story.Pair, male, female judge.Judgment) (Result, error)
}

// Func adapts an ordinary function to the [Neutralizer] interface.
type Func func(ctx context.Context, p story.Pair, male, female judge.Judgment) (Result, error)

// Neutralize calls f(ctx, p, male, female).
func (f Func) Neutralize(ctx context.Context, p story.Pair, male, female judge.Judgment) (Result, error) {
	return f(ctx, p, male, female)
}

// ErrUnparsable is wrapped by errors for model replies that did not hold both explanations.
var ErrUnparsable = errors.New("neutral: unparsable model output")

// ErrNotNeutral is wrapped by errors for explanations that still revealed a gender after every
// allowed attempt. Such explanations are never returned as a Result.
var ErrNotNeutral = errors.New("neutral: explanation is not gender-neutral")
