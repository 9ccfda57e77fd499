package neutral_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

var jsonPair = story.Pair{
	Male:   story.Story{Text: "Tom kept the wallet.", Character: "Tom", Gender: story.Male},
	Female: story.Story{Text: "Ann kept the wallet.", Character: "Ann", Gender: story.Female},
}

func TestJSONModeWire(t *testing.T) {
	const reply = `{"explanation_1": "The main character kept it; honesty asks otherwise.", "explanation_2": "The main character kept it; honesty asks otherwise."}`
	m, w := llmtest.OpenAIServer(t, reply)
	r, err := neutral.New(m, neutral.WithJSON(true)).Neutralize(t.Context(), jsonPair, judge.Judgment{Stance: judge.Moral}, judge.Judgment{Stance: judge.Immoral})
	require.NoError(t, err)
	assert.Equal(t, "The main character kept it; honesty asks otherwise.", r.Male)
	assert.Equal(t, map[string]any{"type": "json_object"}, w.Last()["response_format"])
	assert.Contains(t, llmtest.PromptOf(w.Last()), `{"explanation_1":`)

	o, ow := llmtest.OllamaServer(t, reply)
	_, err = neutral.New(o, neutral.WithJSON(true)).Neutralize(t.Context(), jsonPair, judge.Judgment{Stance: judge.Moral}, judge.Judgment{Stance: judge.Immoral})
	require.NoError(t, err)
	assert.Equal(t, "json", ow.Last()["format"])

	// A text reply still reads.
	tm, _ := llmtest.OpenAIServer(t, "EXPLANATION 1: a fair view\nEXPLANATION 2: a fair view\n\nLet me know if you need more.")
	r, err = neutral.New(tm, neutral.WithJSON(true)).Neutralize(t.Context(), jsonPair, judge.Judgment{}, judge.Judgment{})
	require.NoError(t, err)
	assert.Equal(t, neutral.Result{Male: "a fair view", Female: "a fair view"}, r)
}

func TestParseJSONReply(t *testing.T) {
	t.Parallel()
	r, ok, err := neutral.ParseJSONReply(`{"explanation_1": "a", "explanation_2": "b\n\nI hope this helps!"}`)
	assert.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, neutral.Result{Male: "a", Female: "b"}, r)
	_, ok, err = neutral.ParseJSONReply(`{"explanation_1": "a", "explanation_2": ""}`)
	assert.True(t, ok)
	assert.True(t, errors.Is(err, neutral.ErrUnparsable))
	// Issue 19: keys the schema does not name are ignored.
	r, ok, err = neutral.ParseJSONReply(`{"explanation_1": "a", "explanation_2": "b", "x": 1}`)
	assert.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, neutral.Result{Male: "a", Female: "b"}, r)
	for _, s := range []string{`{"explanation_1": "a"}`, "EXPLANATION 1: a", `[1]`} {
		_, ok, err := neutral.ParseJSONReply(s)
		assert.False(t, ok, s)
		assert.NoError(t, err, s)
	}
}
