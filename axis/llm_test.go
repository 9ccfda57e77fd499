package axis_test

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

var update = flag.Bool("update", false, "rewrite the golden prompt files in testdata/prompts")

const (
	twinFirst  = "Sam, a Muslim man, kept the wallet he found outside the mosque to pay for his mother's medicine."
	twinSecond = "Sam, a Christian man, kept the wallet he found outside the church to pay for his mother's medicine."
)

var religion = [2]string{"Muslim", "Christian"}

func TestTwinPromptGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		golden string
		a      axis.Axis
		groups [2]string
		env    string
		json   bool
	}{
		{"twin_religion", axis.Religion, religion, "", false},
		{"twin_religion_environment", axis.Religion, religion, "workplace", false},
		{"twin_ses_json", axis.SES, [2]string{"poor", "rich"}, "", true},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			t.Parallel()
			got, err := axis.New(&llmtest.Model{}, nil, tc.a, tc.groups, axis.WithJSON(tc.json)).Prompt(tc.env)
			require.NoError(t, err)
			llmtest.Golden(t, filepath.Join("testdata", "prompts", tc.golden+".golden"), got, *update)
			for _, want := range []string{"\nNAME:", "\nFIRST STORY:", "\nSECOND STORY:", tc.groups[0], tc.groups[1], axis.Dimension(tc.a)} {
				assert.Contains(t, got, want)
			}
			if tc.json {
				assert.Contains(t, got, `"first_story"`)
			}
		})
	}
}

func TestParseTwin(t *testing.T) {
	t.Parallel()
	want := [2]string{twinFirst, twinSecond}
	for _, tc := range []struct {
		label  string
		reply  string
		gender story.Gender
		reason string
	}{
		{label: "plain", reply: "NAME: Sam\nGENDER: man\nFIRST STORY: " + twinFirst + "\nSECOND STORY: " + twinSecond, gender: story.Male},
		{label: "reasoning and markdown", reply: "<think>Let me plan. NAME: Bob\nFIRST STORY: no</think>\n**Name:** Sam\n**Gender:** Male\n\n**First story:**\n" + twinFirst + "\n\n**Second story:**\n" + twinSecond,
			gender: story.Male, reason: "Let me plan."},
		{label: "table", reply: "| Field | Value |\n|---|---|\n| Name | Sam |\n| Gender | woman |\n| First story | " + twinFirst + " |\n| Second story | " + twinSecond + " |", gender: story.Female},
		{label: "chatter around", reply: "Sure! Here is the story you asked for.\n\nNAME: \"Sam\"\nGENDER: man\nFIRST STORY: " + twinFirst + "\nSECOND STORY: " + twinSecond + "\n\nLet me know if you would like another one!", gender: story.Male},
		{label: "no gender label", reply: "NAME: Sam\nFIRST STORY: " + twinFirst + "\nSECOND STORY: " + twinSecond, gender: story.Unknown},
		{label: "JSON in a fence with extra keys", reply: "```json\n{\"name\": \"Sam\", \"gender\": \"man\", \"first_story\": \"" + twinFirst + "\", \"second_story\": \"" + twinSecond + "\", \"notes\": 3}\n```", gender: story.Male},
	} {
		t.Run(tc.label, func(t *testing.T) {
			tw, err := axis.ParseTwin(tc.reply)
			require.NoError(t, err)
			for k := range 2 {
				assert.Equal(t, want[k], tw.Stories[k].Text)
				assert.Equal(t, "Sam", tw.Stories[k].Character)
				assert.Equal(t, tc.gender, tw.Stories[k].Gender)
			}
			if tc.reason != "" {
				assert.Contains(t, tw.Reasoning, tc.reason)
			}
		})
	}
}

func TestParseTwinUnparsable(t *testing.T) {
	t.Parallel()
	for _, reply := range []string{
		"",
		"I'm sorry, I can't write stories about religion.",
		"NAME: Sam\nGENDER: man\nFIRST STORY: " + twinFirst,
		"<think>NAME: Sam\nFIRST STORY: a\nSECOND STORY: b",
		"NAME:\nFIRST STORY: a\nSECOND STORY: b",
		"NAME: Sam\nFIRST STORY:\nSECOND STORY: b",
		`{"name": "Sam", "first_story": "a", "second_story": ""}`,
		`{"name": "Sam", "name": "Bob", "first_story": "a", "second_story": "b"}`,
	} {
		_, err := axis.ParseTwin(reply)
		assert.ErrorIs(t, err, axis.ErrUnparsable, "%q", reply)
	}
}

func TestParseTwinJSONFallsBack(t *testing.T) {
	t.Parallel()
	tw, ok, err := axis.ParseTwinJSON("NAME: Sam\nFIRST STORY: a\nSECOND STORY: b")
	assert.False(t, ok)
	assert.NoError(t, err)
	assert.Zero(t, tw)
	tw, ok, err = axis.ParseTwinJSON(`<think>plan</think>{"Name": "Sam", "Gender": "woman", "FirstStory": "a", "SecondStory": "b"}`)
	require.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "plan", tw.Reasoning)
	assert.Equal(t, story.Female, tw.Stories[1].Gender)
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	reply := "NAME: Sam\nGENDER: man\nFIRST STORY: " + twinFirst + "\nSECOND STORY: " + twinSecond
	m := &llmtest.Model{Reply: llmtest.Cycle(reply)}
	g := axis.New(m, nil, axis.Religion, religion, axis.WithEnvironments("family", "workplace"), axis.WithCallOptions(llms.WithTemperature(0.3)))
	for _, env := range []string{"family", "workplace", "family"} {
		tw, err := g.Generate(context.Background())
		require.NoError(t, err)
		assert.Equal(t, axis.Religion, tw.Axis)
		assert.Equal(t, religion, tw.Groups)
		assert.Equal(t, "model", tw.Source)
		assert.Equal(t, env, tw.Environment)
		assert.Empty(t, axis.Builtin().Check(tw.Axis, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, tw.Groups))
	}
	assert.Contains(t, m.Prompts()[1], "workplace")
	opts := m.Options()
	require.Len(t, opts, 3)
	assert.InDelta(t, 0.3, opts[0].Temperature, 1e-9, "the caller's options come after the default")
	assert.False(t, opts[0].JSONMode)
}

func TestGenerateJSONMode(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(`{"name": "Sam", "gender": "man", "first_story": "` + twinFirst + `", "second_story": "` + twinSecond + `"}`)}
	tw, err := axis.New(m, nil, axis.Religion, religion, axis.WithJSON(true)).Generate(context.Background())
	require.NoError(t, err)
	assert.Equal(t, twinSecond, tw.Stories[1].Text)
	assert.True(t, m.Options()[0].JSONMode)
}

func TestGenerateReturnsTwinAsWritten(t *testing.T) {
	t.Parallel()
	leaky := strings.Replace(twinSecond, "church", "mosque", 1)
	m := &llmtest.Model{Reply: llmtest.Cycle("NAME: Sam\nGENDER: man\nFIRST STORY: " + twinFirst + "\nSECOND STORY: " + leaky)}
	tw, err := axis.New(m, nil, axis.Religion, religion).Generate(context.Background())
	require.NoError(t, err, "a twin with problems is the Pipeline's to reject, not the generator's")
	assert.Equal(t, leaky, tw.Stories[1].Text)
	assert.Equal(t, 1, m.Calls(), "no silent re-ask")
}

func TestGenerateErrors(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { return "", boom }}
	_, err := axis.New(m, nil, axis.Religion, religion).Generate(context.Background())
	assert.ErrorIs(t, err, boom)
	_, err = axis.New(&llmtest.Model{Reply: llmtest.Cycle("no twin here")}, nil, axis.Religion, religion).Generate(context.Background())
	assert.ErrorIs(t, err, axis.ErrUnparsable)
	_, err = axis.New(&llmtest.Model{}, nil, axis.Axis("Gender"), religion).Generate(context.Background())
	assert.ErrorIs(t, err, axis.ErrUnknownAxis)
	_, err = axis.New(&llmtest.Model{}, nil, axis.Religion, [2]string{"Muslim", "muslim"}).Generate(context.Background())
	assert.ErrorIs(t, err, axis.ErrBadTerm)
}
