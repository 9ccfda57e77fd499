package dpo_test

import (
	"testing"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
)

func TestJudgeExamples(t *testing.T) {
	recs := []record.Record{
		{Male: record.Side{Story: "m1", NeutralExplanation: "n1"}, Female: record.Side{Story: "f1"}},
		{Male: record.Side{Story: "m2", NeutralExplanation: "n2"}, Female: record.Side{Story: "f2", NeutralExplanation: "n3"}},
	}
	assert.Equal(t, []judge.Example{{Story: "m1", Explanation: "n1"}, {Story: "m2", Explanation: "n2"}, {Story: "f2", Explanation: "n3"}}, dpo.JudgeExamples(recs, 0))
	assert.Equal(t, []judge.Example{{Story: "m1", Explanation: "n1"}, {Story: "m2", Explanation: "n2"}}, dpo.JudgeExamples(recs, 2))
	assert.Empty(t, dpo.JudgeExamples(nil, 3))
}
