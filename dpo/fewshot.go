package dpo

import (
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
)

// JudgeExamples returns in-context examples for judge.WithExamples, the paper's few-shot
// baseline: each side of each record with a neutral explanation becomes one example (story and
// neutral explanation, no stance shown), in record order, male side first. k > 0 keeps the
// first k; k <= 0 keeps all.
func JudgeExamples(records []record.Record, k int) []judge.Example {
	var out []judge.Example
	for _, r := range records {
		for _, s := range []record.Side{r.Male, r.Female} {
			if k > 0 && len(out) == k {
				return out
			}
			if s.NeutralExplanation != "" && s.Story != "" {
				out = append(out, judge.Example{Story: s.Story, Explanation: s.NeutralExplanation})
			}
		}
	}
	return out
}
