package evenhand_test

import (
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestNewRunsTheMethod runs the whole method through New over one scripted model, shared by
// all stages and called from many goroutines.
func TestNewRunsTheMethod(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := &llmtest.Model{Reply: llmtest.MethodReply, Tokens: 10}
	p := evenhand.New(m, evenhand.WithStoryOptions(story.WithVariants(0, 1, 2, 3)))
	p.Concurrency = 8
	var recs []record.Record
	st, err := p.Run(t.Context(), 20, func(r record.Record) error { recs = append(recs, r); return nil })
	require.NoError(t, err)
	require.Len(t, recs, 20)
	variants := map[int]int{}
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
		assert.Equal(t, "Tom", r.Male.CharacterName)
		assert.Equal(t, "Ann", r.Female.CharacterName)
		assert.Equal(t, judge.Moral, r.Male.Stance)
		assert.Equal(t, judge.Immoral, r.Female.Stance)
		assert.NotEmpty(t, r.Male.NeutralExplanation)
		assert.NotEmpty(t, r.Female.NeutralExplanation)
		variants[r.ExampleSource]++
	}
	assert.Len(t, variants, 4, "all four prompt variants used: %v", variants)

	// Every call is counted once, per stage, with the tokens the model reported.
	assert.Equal(t, int64(m.Calls()), st.Usage.Calls)
	// Calls cut short by the end of the run report no tokens.
	assert.LessOrEqual(t, st.Usage.TotalTokens, st.Usage.Calls*20)
	assert.GreaterOrEqual(t, st.Usage.TotalTokens, int64(20*4*20), "at least 4 complete calls per kept pair")
	gen, jud, neu := st.Stages[evenhand.StageGenerate], st.Stages[evenhand.StageJudge], st.Stages[evenhand.StageNeutralize]
	assert.Equal(t, st.Usage.Calls, gen.Calls+jud.Calls+neu.Calls)
	// Two judgments per generated pair, except for pairs cancelled once 20 were kept.
	assert.LessOrEqual(t, jud.Calls, 2*gen.Calls)
	assert.GreaterOrEqual(t, jud.Calls, int64(2*20))
	assert.GreaterOrEqual(t, neu.Calls, int64(20))

	// Options reach the model: the judge asks at 0.1, as the paper's generation-time judge does,
	// the generator at temperature 1, the neutral stage at 0.7.
	temps := map[float64]int{}
	for _, o := range m.Options() {
		temps[o.Temperature]++
	}
	assert.Equal(t, int(jud.Calls), temps[0.1])
	assert.Equal(t, int(gen.Calls), temps[1])
	assert.Equal(t, int(neu.Calls), temps[0.7])
}

func TestNewOptions(t *testing.T) {
	gen := &llmtest.Model{Reply: llmtest.MethodReply}
	jm := &llmtest.Model{Reply: llmtest.MethodReply}
	nm := &llmtest.Model{Reply: llmtest.MethodReply}
	p := evenhand.New(gen, evenhand.WithJudgeModel(jm), evenhand.WithNeutralModel(nm))
	p.Band, p.MaxAttempts = evenhand.Band{Min: 0, Max: 1}, 3
	_, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 1, gen.Calls())
	assert.Equal(t, 2, jm.Calls())
	assert.Equal(t, 1, nm.Calls())
}

// A pipeline built on a nil model fails with an error naming the stage, and never panics.
func TestNewNilModel(t *testing.T) {
	p := evenhand.New(nil)
	_, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageGenerate, se.Stage)
	_, _, err = p.Audit(t.Context(), []story.Pair{{ID: "x"}})
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageJudge, se.Stage)
}
