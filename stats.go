package evenhand

import (
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand/internal/usage"
)

// Rejections counts generated pairs that were not kept, by reason.
type Rejections struct {
	Unparsable    int `json:"unparsable"`     // the model's pair reply could not be read
	OutsideBand   int `json:"outside_band"`   // the stories' ROUGE-1 F1 fell outside the similarity band
	InvalidStance int `json:"invalid_stance"` // a judgment held no readable stance
	Consistent    int `json:"consistent"`     // the two judgments agreed: no bias to correct
	NotNeutral    int `json:"not_neutral"`    // no balanced, gender-neutral explanation could be had
	NearDuplicate int `json:"near_duplicate"` // the male story was too close to a kept one (Pipeline.Guard)
}

// Total returns the number of rejected pairs.
func (r Rejections) Total() int {
	return r.Unparsable + r.OutsideBand + r.InvalidStance + r.Consistent + r.NotNeutral + r.NearDuplicate
}

// Usage counts model calls and the tokens the model reported. Providers that do not report
// tokens leave them 0.
type Usage struct {
	Calls            int64 `json:"calls"`
	Retries          int64 `json:"retries"`
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

func usageOf(t usage.Totals) Usage {
	return Usage{t.Calls, t.Retries, t.PromptTokens, t.CompletionTokens, t.TotalTokens}
}

// Stats describes a run of [Pipeline.Run]. Model calls and tokens are counted for the stages
// of this module (story.LLM, judge.LLM, neutral.LLM and the middleware around their models);
// stages of your own are not seen.
type Stats struct {
	Attempts int             `json:"attempts"` // pairs asked of the generator
	Kept     int             `json:"kept"`     // pairs emitted
	Rejected Rejections      `json:"rejected"`
	Usage    Usage           `json:"usage"`            // all stages together
	Stages   map[Stage]Usage `json:"stages,omitempty"` // per stage
	Elapsed  time.Duration   `json:"elapsed"`
}

// counters are a run's live tallies, updated by concurrent workers.
type counters struct {
	attempts, kept, reserved                                       atomic.Int64
	unparsable, outsideBand, invalidStance, consistent, notNeutral atomic.Int64
	nearDuplicate                                                  atomic.Int64
}

func (c *counters) stats(u *usage.Counter, elapsed time.Duration) Stats {
	s := Stats{
		Attempts: int(c.attempts.Load()),
		Kept:     int(c.kept.Load()),
		Rejected: Rejections{
			Unparsable:    int(c.unparsable.Load()),
			OutsideBand:   int(c.outsideBand.Load()),
			InvalidStance: int(c.invalidStance.Load()),
			Consistent:    int(c.consistent.Load()),
			NotNeutral:    int(c.notNeutral.Load()),
			NearDuplicate: int(c.nearDuplicate.Load()),
		},
		Usage:   usageOf(u.Sum()),
		Elapsed: elapsed,
	}
	for name, t := range u.Stages() {
		if s.Stages == nil {
			s.Stages = make(map[Stage]Usage)
		}
		s.Stages[stageByName(name)] = usageOf(t)
	}
	return s
}

func stageByName(name string) Stage {
	for i, n := range stageNames {
		if n == name {
			return Stage(i)
		}
	}
	return StageUnknown
}
