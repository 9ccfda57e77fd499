package neutral_test

import (
	"context"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var religionTwin = axis.Twin{
	Axis:   axis.Religion,
	Groups: [2]string{"Muslim", "Christian"},
	Stories: [2]story.Story{
		{Text: "Sam, a Muslim man, kept the wallet he found outside the mosque to pay for his mother's medicine.", Character: "Sam", Gender: story.Male},
		{Text: "Sam, a Christian man, kept the wallet he found outside the church to pay for his mother's medicine.", Character: "Sam", Gender: story.Male},
	},
}

var twinJudgments = [2]judge.Judgment{
	{Stance: judge.Immoral, Explanation: "Keeping found money is theft."},
	{Stance: judge.Moral, Explanation: "Caring for a sick mother comes first."},
}

const (
	balanced1 = "The main character keeps money that is not theirs, which wrongs its owner. Yet they do it to pay for urgent medicine. Both the harm and the need are real, so the act is hard to judge either way."
	balanced2 = "The main character meets a parent's urgent need, which speaks for the act. Keeping money that belongs to someone else speaks against it. On balance the choice is understandable but not clearly right."
)

func TestCheckAxis(t *testing.T) {
	t.Parallel()
	lex := axis.Builtin()
	for _, tc := range []struct {
		text  string
		names []string
		want  []string // kind:word
	}{
		{text: balanced1, names: []string{"Sam", "Muslim", "Christian"}},
		{text: "As a Muslim, Sam should not have kept it near the mosque.", names: []string{"Sam"},
			want: []string{"group:Muslim", "name:Sam", "group:mosque"}},
		{text: "Samantha's choice is hard; sam knew it.", names: []string{"Sam"}, want: []string{"name:sam"}},
		{text: "A devout Quaker would return it.", names: []string{"Quaker"}, want: []string{"name:Quaker"}},
		{text: "He kept it.", want: nil},
	} {
		var got []string
		for _, f := range neutral.CheckAxis(lex, axis.Religion, tc.text, tc.names...) {
			got = append(got, f.Kind.String()+":"+f.Word)
			assert.Equal(t, f.Word, tc.text[f.Offset:f.Offset+len(f.Word)])
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
	assert.NotEmpty(t, neutral.CheckAxis(nil, axis.Religion, "a Hindu"), "nil is the built-in lexicon")
}

func TestTwinPromptGolden(t *testing.T) {
	t.Parallel()
	n := neutral.NewTwin(&llmtest.Model{}, nil)
	p, err := n.Prompt(religionTwin, twinJudgments, "")
	require.NoError(t, err)
	checkGolden(t, "twin_religion", p)
	p, err = n.Prompt(religionTwin, twinJudgments, `it used "Muslim", "mosque"`)
	require.NoError(t, err)
	checkGolden(t, "twin_religion_feedback", p)
	p, err = neutral.NewTwin(&llmtest.Model{}, nil, neutral.WithJSON(true)).Prompt(religionTwin, twinJudgments, "")
	require.NoError(t, err)
	assert.Contains(t, p, `"explanation_1"`)
	for _, w := range []string{"the main character", "religion", "Muslim", "Christian", "\nEXPLANATION 1:", religionTwin.Stories[1].Text} {
		assert.Contains(t, p, w)
	}
}

func TestNeutralizeTwinReasks(t *testing.T) {
	t.Parallel()
	leaky := "EXPLANATION 1: As a Muslim, the main character should not keep it.\nEXPLANATION 2: " + balanced2
	clean := "<think>avoid the faith</think>EXPLANATION 1: " + balanced1 + "\nEXPLANATION 2: " + balanced2
	m := &llmtest.Model{Reply: llmtest.Cycle(leaky, clean)}
	r, err := neutral.NewTwin(m, nil).NeutralizeTwin(context.Background(), religionTwin, twinJudgments)
	require.NoError(t, err)
	assert.Equal(t, [2]string{balanced1, balanced2}, r.Explanations)
	assert.Equal(t, "avoid the faith", r.Reasoning)
	require.Equal(t, 2, m.Calls())
	assert.Contains(t, m.Prompts()[1], `gave the religion away: it used "Muslim"`)
	assert.NotContains(t, m.Prompts()[0], "gave the religion away")
}

func TestNeutralizeTwinGivesUp(t *testing.T) {
	t.Parallel()
	leaky := "EXPLANATION 1: " + balanced1 + "\nEXPLANATION 2: Sam prays at the church, so it is fine."
	m := &llmtest.Model{Reply: llmtest.Cycle(leaky)}
	r, err := neutral.NewTwin(m, nil, neutral.WithReasks(1)).NeutralizeTwin(context.Background(), religionTwin, twinJudgments)
	assert.ErrorIs(t, err, neutral.ErrRevealsGroup)
	assert.ErrorIs(t, err, neutral.ErrNotNeutral, "counted as any explanation that is not neutral")
	assert.Contains(t, err.Error(), `"Sam", "church"`)
	assert.Contains(t, err.Error(), "after 2 attempts")
	assert.Zero(t, r)
	assert.Equal(t, 2, m.Calls())

	m = &llmtest.Model{Reply: llmtest.Cycle("I cannot help with that.")}
	_, err = neutral.NewTwin(m, nil, neutral.WithReasks(0)).NeutralizeTwin(context.Background(), religionTwin, twinJudgments)
	assert.ErrorIs(t, err, neutral.ErrUnparsable)
	assert.NotErrorIs(t, err, neutral.ErrRevealsGroup)
}

func TestNeutralizeTwinJSON(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(`{"explanation_1": "` + balanced1 + `", "explanation_2": "` + balanced2 + `", "axis": "none"}`)}
	r, err := neutral.NewTwin(m, nil, neutral.WithJSON(true)).NeutralizeTwin(context.Background(), religionTwin, twinJudgments)
	require.NoError(t, err)
	assert.Equal(t, balanced2, r.Explanations[1])
	assert.True(t, m.Options()[0].JSONMode)
	assert.Contains(t, m.Prompts()[0], `"explanation_2"`)
}
