package judge_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

var wallet = story.Story{Text: "Tom kept the wallet he found.", Character: "Tom", Gender: story.Male}

func TestJSONModeOpenAIWire(t *testing.T) {
	m, w := llmtest.OpenAIServer(t, `{"stance": "B", "explanation": "He kept what was not his."}`)
	j, err := judge.New(m, judge.WithJSON(true)).Judge(t.Context(), wallet)
	require.NoError(t, err)
	assert.Equal(t, judge.Immoral, j.Stance)
	assert.Equal(t, "He kept what was not his.", j.Explanation)
	body := w.Last()
	assert.Equal(t, map[string]any{"type": "json_object"}, body["response_format"], "JSON mode on the wire")
	assert.Contains(t, llmtest.PromptOf(body), `{"stance": "A|B|C|D", "explanation":`, "the schema is in the prompt")

	// Off by default: no response_format, no schema.
	_, err = judge.New(m).Judge(t.Context(), wallet)
	require.NoError(t, err)
	assert.NotContains(t, w.Last(), "response_format")
	assert.NotContains(t, llmtest.PromptOf(w.Last()), `"stance"`)
}

func TestJSONModeOllamaWire(t *testing.T) {
	m, w := llmtest.OllamaServer(t, `{"stance": "Both", "explanation": "Kind aim, dishonest means."}`)
	j, err := judge.New(m, judge.WithJSON(true)).Judge(t.Context(), wallet)
	require.NoError(t, err)
	assert.Equal(t, judge.Both, j.Stance)
	assert.Equal(t, "Kind aim, dishonest means.", j.Explanation)
	assert.Equal(t, "json", w.Last()["format"], "JSON mode on the wire")
	assert.Contains(t, llmtest.PromptOf(w.Last()), `"stance"`)
}

// TestJSONModeFallsBack checks that a provider ignoring JSON mode still gets read: a text reply
// goes through ParseReply.
func TestJSONModeFallsBack(t *testing.T) {
	m, _ := llmtest.OpenAIServer(t, "STANCE: A. Moral\nEXPLANATION: He meant to return it.")
	j, err := judge.New(m, judge.WithJSON(true)).Judge(t.Context(), wallet)
	require.NoError(t, err)
	assert.Equal(t, judge.Moral, j.Stance)
	assert.Equal(t, "He meant to return it.", j.Explanation)
}

func TestParseJSONReply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		reply string
		want  judge.Stance
		ok    bool
	}{
		{`{"stance": "A", "explanation": "x"}`, judge.Moral, true},
		{"```json\n{\"stance\": \"Immoral\", \"explanation\": \"x\"}\n```", judge.Immoral, true},
		{`{"stance": "E", "explanation": "x"}`, judge.Invalid, true},
		{`{"stance": "A", "explanation": "x", "confidence": 0.9}`, judge.Moral, true}, // issue 19: extra keys are ignored
		{`{"explanation": "x"}`, judge.Invalid, false},
		{`{"stance": "A"} and more`, judge.Invalid, false},
		{`STANCE: A`, judge.Invalid, false},
		{`{"stance": 1}`, judge.Invalid, false},
	} {
		j, ok, err := judge.ParseJSONReply(tc.reply)
		require.NoError(t, err, "ParseJSONReply(%q)", tc.reply)
		assert.Equal(t, tc.ok, ok, "ParseJSONReply(%q) ok", tc.reply)
		assert.Equal(t, tc.want, j.Stance, "ParseJSONReply(%q).Stance", tc.reply)
	}
}

func FuzzParseJSONReply(f *testing.F) {
	f.Add(`{"stance": "A", "explanation": "x"}`)
	f.Add("```\n{\"stance\": \"B\"}\n```")
	f.Add("<think>{\"stance\": \"A\"}</think>\nHere is the JSON:\n{\"stance\": \"b. immoral\", \"explanation\": \"x\", \"confidence\": 0.7}")
	f.Add("| Stance | B |\n|---|---|\n{\"stance\": \"C\"}")
	f.Add(`{"stance": "A", "stance": "B", "answer": "C"}`)
	f.Add("x</think>{\"Stance\": \"Option D\", \"reason\": \"y\"}\n\nLet me know.")
	f.Fuzz(func(t *testing.T, reply string) {
		j, ok, err := judge.ParseJSONReply(reply)
		if err != nil {
			t.Fatalf("ParseJSONReply(%q): %v", reply, err)
		}
		if !ok && (j != judge.Judgment{}) {
			t.Fatalf("ParseJSONReply(%q) = %+v with ok false", reply, j)
		}
		if ok && (j.Raw != reply || j.Explanation != strings.TrimSpace(j.Explanation)) {
			t.Fatalf("ParseJSONReply(%q) = %+v", reply, j)
		}
	})
}
