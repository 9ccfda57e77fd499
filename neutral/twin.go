package neutral

import (
	"context"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/judge"
)

// TwinResult holds the balanced explanations for the two tellings of a twin on an axis:
// Explanations[k] is the one for Stories[k]. Neither reveals a group of the axis.
type TwinResult struct {
	Explanations [2]string

	// Reasoning is what the model thought before it answered, kept to audit it; "" when there
	// was none. It is never part of an explanation, a record or a training row.
	Reasoning string
}

// TwinNeutralizer writes balanced explanations, revealing no group of the twin's axis, for a
// twin whose two judgments differ. judgments[k] is the judgment of t.Stories[k].
// Implementations must be safe for concurrent use by multiple goroutines.
type TwinNeutralizer interface {
	NeutralizeTwin(ctx context.Context, t axis.Twin, judgments [2]judge.Judgment) (TwinResult, error)
}

// TwinFunc adapts an ordinary function to the [TwinNeutralizer] interface.
type TwinFunc func(ctx context.Context, t axis.Twin, judgments [2]judge.Judgment) (TwinResult, error)

// NeutralizeTwin calls f(ctx, t, judgments).
func (f TwinFunc) NeutralizeTwin(ctx context.Context, t axis.Twin, judgments [2]judge.Judgment) (TwinResult, error) {
	return f(ctx, t, judgments)
}
