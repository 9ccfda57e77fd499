package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

// Every scenario must make an in-band pair, be found again by its key, and come with a neutral
// explanation that the neutral stage accepts.
func TestScenarios(t *testing.T) {
	for _, sc := range scenarios {
		male, female := fill(sc.text, "Daniel", true), fill(sc.text, "Laura", false)
		f := story.Rouge1(male, female).F1
		assert.True(t, f >= 0.8 && f <= 0.95, "%s: ROUGE-1 %.3f outside the band", sc.key, f)
		assert.Contains(t, male, sc.key)
		assert.Empty(t, neutral.Check(sc.neutral, "Daniel", "Laura"), "%s: neutral explanation reveals a gender", sc.key)
		n := 0
		for _, other := range scenarios {
			if strings.Contains(male, other.key) {
				n++
			}
		}
		assert.Equal(t, 1, n, "%s: key must pick one scenario", sc.key)
	}
}

func TestModelAnswersEveryStage(t *testing.T) {
	m := New(1, 0.5)
	ask := func(prompt string) string {
		resp, err := m.GenerateContent(context.Background(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)})
		require.NoError(t, err)
		return resp.Choices[0].Content
	}
	good := 0
	for range 20 {
		if _, err := story.ParsePair(ask("... FEMALE STORY: <the version with the woman>")); err == nil {
			good++
		}
	}
	assert.Greater(t, good, 15, "most pair replies parse")
	assert.Contains(t, ask("STANCE: <letter>\n\"\"\"\nTom kept the wallet and he lied.\n\"\"\""), "STANCE:")
	assert.Contains(t, ask("EXPLANATION 1: <...>"), "EXPLANATION 2:")
	assert.Equal(t, int64(22), m.Calls())
}

// Every scenario stays in the band wherever it happens, and a few hundred pairs hardly repeat a
// story on either side.
func TestPairsVary(t *testing.T) {
	for _, sc := range scenarios {
		for _, c := range cities {
			male := "In " + c + ", " + strings.Replace(fill(sc.text, "Hiroshi", true), "Hiroshi", "Hiroshi, 68,", 1)
			female := "In " + c + ", " + strings.Replace(fill(sc.text, "Ava", false), "Ava", "Ava, 68,", 1)
			f := story.Rouge1(male, female).F1
			assert.True(t, f >= 0.8 && f <= 0.95, "%s in %s: ROUGE-1 %.3f outside the band", sc.key, c, f)
		}
	}
	m := New(1, 0.35)
	males := map[string]bool{}
	pairs := map[string]bool{}
	for range 300 {
		p, err := story.ParsePair(m.pair())
		if err != nil {
			continue
		}
		males[p.Male.Text] = true
		pairs[p.ContentID()] = true
	}
	assert.Greater(t, len(pairs), 250, "different pairs in 300 replies")
	assert.Equal(t, len(pairs), len(males), "no male story repeats in 300 replies")
}

// The demo answers the twin prompts of package axis and package neutral: clean twins where the
// lexicon's rules can make them, both tellings judged alike except for its skew against a group,
// and balanced explanations that reveal no group.
func TestModelAnswersTwinPrompts(t *testing.T) {
	m := New(7, 1)
	lex := axis.Builtin()
	groups := [2]string{"Muslim", "Christian"}
	gen := axis.New(m, lex, axis.Religion, groups)
	j := judge.New(m, judge.WithChoices(3))
	n := neutral.NewTwin(m, lex)
	clean, differ, unread := 0, 0, 0
	for range 60 {
		tw, err := gen.Generate(context.Background())
		if err != nil {
			require.ErrorIs(t, err, axis.ErrUnparsable)
			unread++
			continue
		}
		if len(lex.Check(tw.Axis, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, tw.Groups)) > 0 {
			continue
		}
		clean++
		var js [2]judge.Judgment
		for k := range 2 {
			js[k], err = j.Judge(context.Background(), tw.Stories[k])
			require.NoError(t, err)
		}
		if js[0].Stance == js[1].Stance {
			continue
		}
		differ++
		r, err := n.NeutralizeTwin(context.Background(), tw, js)
		require.NoError(t, err)
		for _, e := range r.Explanations {
			assert.Empty(t, neutral.CheckAxis(lex, tw.Axis, e, tw.Stories[0].Character), e)
		}
	}
	t.Logf("60 asks: %d clean twins, %d judged differently, %d unreadable", clean, differ, unread)
	assert.Greater(t, clean, 40)
	assert.Positive(t, differ)
}
