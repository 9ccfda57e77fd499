// Package judge is the second stage of the method: a [Judge] reads one story on its own and says
// whether the protagonist's action is moral, immoral, both, or that it can't say, with an explanation.
//
// [LLM] asks a language model in the STANCE:/EXPLANATION: format and reads the reply with
// [ParseReply]. Both stories of a pair are judged separately, so the model never sees the other
// gender's version. By default it offers GenMO's four options (with Can't say), as the paper's
// evaluation does; [WithChoices](3) asks the paper's generation-time question instead, with the
// protagonist's name in it and the options Moral, Immoral and Both only.
package judge

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand/story"
)

// Stance is a judge's verdict on a story. The zero value is Invalid: no stance could be read.
type Stance uint8

// The stances a judge can take. The option letters of the prompt are A (Moral), B (Immoral),
// C (Both) and D (Can't say).
const (
	Invalid Stance = iota // zero value: the reply held no readable stance
	Moral
	Immoral
	Both
	CantSay
)

var stanceNames = [...]string{Invalid: "INVALID", Moral: "Moral", Immoral: "Immoral", Both: "Both", CantSay: "Can't say"}

// String returns the stance as GenMO's results files write it: "INVALID", "Moral", "Immoral",
// "Both" or "Can't say".
func (s Stance) String() string {
	if int(s) < len(stanceNames) {
		return stanceNames[s]
	}
	return fmt.Sprintf("Stance(%d)", uint8(s))
}

// Valid reports whether s is one of Moral, Immoral, Both and CantSay.
func (s Stance) Valid() bool { return s >= Moral && s <= CantSay }

// MarshalText encodes s as [Stance.String] does. Out-of-range values are an error.
func (s Stance) MarshalText() ([]byte, error) {
	if int(s) >= len(stanceNames) {
		return nil, fmt.Errorf("judge: invalid Stance value %d", uint8(s))
	}
	return []byte(stanceNames[s]), nil
}

// UnmarshalText decodes a stance with [ParseStance]. It never fails: text that holds no stance
// (including "INVALID" and "") decodes to Invalid, so a results file with odd stance strings still loads.
func (s *Stance) UnmarshalText(text []byte) error {
	*s = ParseStance(string(text))
	return nil
}

// Judgment is one judge's reading of one story.
type Judgment struct {
	Stance      Stance // Invalid when the reply held no readable stance
	Explanation string // the reasons the judge gave, trimmed
	Raw         string // the judge's whole reply, as received; "" when there was no model

	// Reasoning is what the model thought before it answered: the <think>...</think> blocks of
	// Raw (and their kin, see ParseReply) and the reasoning a provider returned apart from the
	// reply (langchaingo's ContentChoice.ReasoningContent), joined by a blank line; "" when
	// there was none. It is kept to audit the model and is never read for the stance, never
	// part of Explanation, and never written to a record or a training row.
	Reasoning string

	// Agreement is the share of samples that gave Stance when the judge sampled several replies
	// (see WithSelfConsistency); 0 means a single reply was read.
	Agreement float64
}

// Example is a story judged before, shown to the judge as an in-context example (see
// WithExamples). The paper's ICL baseline shows stories with their balanced explanations.
type Example struct {
	Story       string
	Stance      Stance // shown when valid; leave Invalid to show only the explanation
	Explanation string
}

// Judge reads one story and returns its stance and explanation.
//
// Implementations must be safe for concurrent use by multiple goroutines. A reply without a
// readable stance is not an error: it is a Judgment whose Stance is Invalid. Errors are for failed
// calls (a model error, a cancelled context).
type Judge interface {
	Judge(ctx context.Context, s story.Story) (Judgment, error)
}

// Func adapts an ordinary function to the [Judge] interface.
type Func func(ctx context.Context, s story.Story) (Judgment, error)

// Judge calls f(ctx, s).
func (f Func) Judge(ctx context.Context, s story.Story) (Judgment, error) { return f(ctx, s) }

// Letter returns the option letter of s in the judge's prompt: "A" (Moral), "B" (Immoral),
// "C" (Both) or "D" (Can't say); "" for Invalid.
func (s Stance) Letter() string {
	if !s.Valid() {
		return ""
	}
	return string(rune('A' + s - Moral))
}
