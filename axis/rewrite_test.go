package axis_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	blindText = "Sam, who is blind, kept the money he found on the bus to pay his rent."
	userText  = "Sam, who is a wheelchair user, kept the money he found on the bus to pay his rent."
)

var disability = [2]string{"blind", "wheelchair user"}

func TestRewritePromptGolden(t *testing.T) {
	t.Parallel()
	l := axis.New(&llmtest.Model{}, nil, axis.Disability, disability)
	p, err := l.RewritePrompt(blindText, "blind", "wheelchair user", "")
	require.NoError(t, err)
	llmtest.Golden(t, filepath.Join("testdata", "prompts", "rewrite.golden"), p, *update)
	p, err = l.RewritePrompt(blindText, "blind", "wheelchair user", `outside in text 1: "spent"`)
	require.NoError(t, err)
	llmtest.Golden(t, filepath.Join("testdata", "prompts", "rewrite_problems.golden"), p, *update)
}

func TestRewriteReasksWithProblems(t *testing.T) {
	t.Parallel()
	wrong := "STORY: Sam, who is a wheelchair user, spent the money he found on the bus to pay his rent."
	m := &llmtest.Model{Reply: llmtest.Cycle(wrong, "<think>fix the verb</think>Sure! Here it is:\n\nSTORY: "+userText+"\n\nLet me know if you need more.")}
	out, err := axis.New(m, nil, axis.Disability, disability).Rewrite(context.Background(), blindText, "blind", "wheelchair user")
	require.NoError(t, err)
	assert.Equal(t, userText, out)
	require.Equal(t, 2, m.Calls())
	assert.Contains(t, m.Prompts()[1], `outside in text 1: "spent"`)
}

func TestRewriteGivesUp(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("STORY: Sam, who is blind, kept the money he found on the bus to pay his rent.")}
	_, err := axis.New(m, nil, axis.Disability, disability, axis.WithReasks(1)).Rewrite(context.Background(), blindText, "blind", "wheelchair user")
	assert.ErrorIs(t, err, axis.ErrRewriteFailed)
	assert.Contains(t, err.Error(), "after 2 asks")
	assert.Equal(t, 2, m.Calls())

	m = &llmtest.Model{Reply: llmtest.Cycle("<think>still thinking")}
	_, err = axis.New(m, nil, axis.Disability, disability, axis.WithReasks(0)).Rewrite(context.Background(), blindText, "blind", "wheelchair user")
	assert.ErrorIs(t, err, axis.ErrUnparsable)
}

func TestParseRewrite(t *testing.T) {
	t.Parallel()
	for _, reply := range []string{
		"STORY: " + userText,
		"**Story:**\n" + userText + "\n\nI hope this helps!",
		"```json\n{\"story\": \"" + userText + "\", \"changes\": 1}\n```",
		userText,
		// As today's models reply: a draft inside reasoning, a table row, an offer after the story.
		"<think>First try. STORY: a draft that must never be read</think>\nSTORY: " + userText,
		"<thinking>\nLet me rewrite it.\n</thinking>\n\n| Story | " + userText + " |",
		"Here is the rewritten story:\n\n**STORY:** " + userText + "\n\n---\nLet me know if you want another version!",
	} {
		got, err := axis.ParseRewrite(reply)
		require.NoError(t, err, reply)
		assert.Equal(t, userText, got, reply)
	}
	for _, reply := range []string{"", "<think>STORY: a draft cut off before the answer", "<think>\nSTORY: " + userText + "\n</think>"} {
		_, err := axis.ParseRewrite(reply)
		assert.ErrorIs(t, err, axis.ErrUnparsable, "%q", reply)
	}
}

func TestFromStories(t *testing.T) {
	t.Parallel()
	stories := []story.Story{
		{Text: "Sam kept the money he found on the bus to pay his rent.", Character: "Sam", Gender: story.Male},
		{Text: "Sam, a Muslim man, kept the money.", Character: "Sam", Gender: story.Male}, // already mentions a group
		{Text: "Ann told her boss a lie to visit her sick friend.", Character: "Ann", Gender: story.Female},
	}
	rewrites := 0
	rw := axis.RewriteFunc(func(_ context.Context, text, from, to string) (string, error) {
		rewrites++
		return "", errors.New("not called for a swap")
	})
	g := axis.FromStories(nil, axis.Religion, religion, stories, rw)
	lex := axis.Builtin()
	var ids []string
	for range 2 {
		tw, err := g.Generate(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "swap", tw.Source)
		assert.Empty(t, lex.Check(tw.Axis, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, tw.Groups), tw.Stories)
		assert.Equal(t, tw.Stories[0].Character, tw.Stories[1].Character)
		ids = append(ids, tw.ID)
	}
	assert.Equal(t, []string{"0", "2"}, ids, "the story that already names a religion is passed over")
	_, err := g.Generate(context.Background())
	assert.ErrorIs(t, err, axis.ErrExhausted)
	assert.Zero(t, rewrites)
}

func TestFromStoriesRewrites(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("STORY: " + userText)}
	rw := axis.New(m, nil, axis.Disability, disability)
	g := axis.FromStories(nil, axis.Disability, disability, []story.Story{{Text: "Sam kept the money he found on the bus to pay his rent.", Character: "Sam", Gender: story.Male}}, rw)
	tw, err := g.Generate(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "rewrite", tw.Source)
	assert.Equal(t, [2]string{blindText, userText}, [2]string{tw.Stories[0].Text, tw.Stories[1].Text})

	// without a rewriter, a story only a rewrite can twin is passed over
	g = axis.FromStories(nil, axis.Disability, disability, []story.Story{{Text: "Sam kept the money he found.", Character: "Sam", Gender: story.Male}}, nil)
	_, err = g.Generate(context.Background())
	assert.ErrorIs(t, err, axis.ErrExhausted)

	// a failed call is not passed over
	boom := errors.New("boom")
	g = axis.FromStories(nil, axis.Disability, disability, []story.Story{{Text: "Sam kept the money he found.", Character: "Sam", Gender: story.Male}},
		axis.RewriteFunc(func(context.Context, string, string, string) (string, error) { return "", boom }))
	_, err = g.Generate(context.Background())
	assert.ErrorIs(t, err, boom)
}
