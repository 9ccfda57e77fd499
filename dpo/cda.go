package dpo

import (
	"strings"

	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// CDA builds the paper's counterfactual-data-augmentation baseline as supervised examples: each
// side's story is paired with the OTHER side's original explanation, rewritten to this side's
// protagonist with [story.Swap] (the other name becomes this side's name, and pronouns and
// gendered words flip) instead of a model call. Chosen is that rewritten explanation; Rejected
// is empty, so the examples fit the supervised formats (SFT, SFTMessages) only.
//
// A side is usable when its story, its name and the other side's explanation and name are
// non-blank. The options are those of [Examples]: the both-sides rule, [WithMaxPairs],
// [WithBalancedSources], the template and the system prompt. The error is non-nil only for
// invalid options. CDA is safe for concurrent use.
func CDA(records []record.Record, opts ...Option) ([]Example, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return collect(c, records, pairUnit, counterfactual), nil
}

// counterfactual is the CDA rule for one side of a gender pair.
func counterfactual(c *config, u *unit, k int) (Example, bool) {
	s, o := u.sides[k], u.sides[1-k]
	name, other := strings.TrimSpace(s.CharacterName), strings.TrimSpace(o.CharacterName)
	if isBlank(s.Story) || isBlank(o.Explanation) || name == "" || other == "" {
		return Example{}, false
	}
	answer := strings.TrimSpace(story.Swap(o.Explanation, map[string]string{other: name}))
	if answer == "" {
		return Example{}, false
	}
	return Example{
		System: c.system,
		Chosen: answer,
		PairID: u.pair(),
		Gender: u.gender[k],
		Source: u.source,
	}, true
}
