package story_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/story"
)

func TestJSONModeWire(t *testing.T) {
	const reply = `{"male_name": "Tom (male)", "male_story": "Tom kept the wallet.", "female_name": "Ann", "female_story": "Ann kept the wallet.\n\nLet me know if you want another pair!"}`
	m, w := llmtest.OpenAIServer(t, reply)
	p, err := story.New(m, story.WithJSON(true)).Generate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "Tom", p.Male.Character)
	assert.Equal(t, "Ann kept the wallet.", p.Female.Text)
	assert.Equal(t, map[string]any{"type": "json_object"}, w.Last()["response_format"])
	assert.Contains(t, llmtest.PromptOf(w.Last()), `{"male_name":`)

	o, ow := llmtest.OllamaServer(t, reply)
	_, err = story.New(o, story.WithJSON(true)).Generate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "json", ow.Last()["format"])

	tm, _ := llmtest.OpenAIServer(t, "MALE NAME: Tom\nMALE STORY: x\nFEMALE NAME: Ann\nFEMALE STORY: y")
	p, err = story.New(tm, story.WithJSON(true)).Generate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "y", p.Female.Text, "a text reply falls back to ParsePair")
}

func TestParsePairJSON(t *testing.T) {
	t.Parallel()
	_, ok, err := story.ParsePairJSON(`{"male_name": "", "male_story": "x", "female_name": "Ann", "female_story": "y"}`)
	assert.True(t, ok)
	assert.True(t, errors.Is(err, story.ErrUnparsable))
	// Issue 19: keys the schema does not name are ignored.
	p, ok, err := story.ParsePairJSON(`{"male_name": "Tom", "male_story": "x", "female_name": "Ann", "female_story": "y", "note": "z"}`)
	assert.True(t, ok)
	require.NoError(t, err)
	assert.Equal(t, "y", p.Female.Text)
	for _, s := range []string{`{"male_name": "Tom"}`, "MALE NAME: Tom"} {
		_, ok, err := story.ParsePairJSON(s)
		assert.False(t, ok, s)
		assert.NoError(t, err, s)
	}
}
