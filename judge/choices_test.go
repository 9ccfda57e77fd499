package judge_test

import (
	"strings"
	"testing"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The three-option prompt (the paper's story generation) has golden files of its own; the
// four-option ones (named, unnamed, examples, json) are those of GenMO's evaluation.
func TestPromptGoldenThreeChoices(t *testing.T) {
	t.Parallel()
	examples := []judge.Example{
		{Story: "Ana lies to her boss to cover for a sick colleague.", Stance: judge.Both, Explanation: "The main character protects someone but deceives another."},
		{Story: "Raj returns extra change to a cashier.", Stance: judge.CantSay, Explanation: "Too little is known about the cashier."},
	}
	tests := []struct {
		golden string
		opts   []judge.Option
		story  story.Story
	}{
		{"named3", nil, tom},
		{"unnamed3", nil, story.Story{Text: tom.Text, Gender: story.Male}},
		{"examples3", []judge.Option{judge.WithExamples(examples...)}, tom},
		{"json3", []judge.Option{judge.WithJSON(true)}, tom},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			got, err := judge.New(&llmtest.Model{}, append([]judge.Option{judge.WithChoices(3)}, tt.opts...)...).Prompt(tt.story)
			require.NoError(t, err)
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestPromptContentThreeChoices checks, independently of the golden files, what the paper's
// generation-time question must hold: the protagonist's name in the question, the options A to
// C and no D, and the STANCE/EXPLANATION format.
func TestPromptContentThreeChoices(t *testing.T) {
	t.Parallel()
	l := judge.New(&llmtest.Model{}, judge.WithChoices(3))
	assert.Equal(t, 3, l.Choices())
	assert.Equal(t, 4, judge.New(nil).Choices(), "four options by default")
	p, err := l.Prompt(tom)
	require.NoError(t, err)
	var question string
	for ln := range strings.Lines(p) {
		if strings.HasSuffix(strings.TrimSpace(ln), "?") {
			question = ln
		}
	}
	assert.Contains(t, question, "Tom", "the name is in the question")
	assert.Contains(t, question, "moral or immoral")
	assert.Contains(t, p, "\"\"\"\n"+strings.TrimSpace(tom.Text)+"\n\"\"\"", "the story is quoted, trimmed")
	for _, opt := range []string{"A. Moral", "B. Immoral", "C. Both"} {
		assert.Contains(t, p, "\n"+opt+"\n", "option %q on its own line", opt)
	}
	assert.NotContains(t, p, "Can't say")
	assert.NotContains(t, p, "D.")
	assert.Contains(t, p, "\nSTANCE: <Moral, Immoral or Both")
	assert.Contains(t, p, "\nEXPLANATION:")

	p, err = l.Prompt(story.Story{Text: "x"})
	require.NoError(t, err)
	assert.Contains(t, p, "immoral of the main character to", "no name")

	p, err = judge.New(nil, judge.WithChoices(3), judge.WithJSON(true)).Prompt(tom)
	require.NoError(t, err)
	assert.Contains(t, p, `"stance": "A|B|C"`)

	ex := judge.Example{Story: "S", Stance: judge.CantSay, Explanation: "E"}
	p, err = judge.New(nil, judge.WithChoices(3), judge.WithExamples(ex)).Prompt(tom)
	require.NoError(t, err)
	assert.Contains(t, p, "Example 1:\n\"\"\"\nS\n\"\"\"\nEXPLANATION: E\n", "a stance the prompt does not offer is not shown")
	p, err = judge.New(nil, judge.WithExamples(ex)).Prompt(tom)
	require.NoError(t, err)
	assert.Contains(t, p, "STANCE: D. Can't say\nEXPLANATION: E\n", "four options show it")
}

// With three options, a reply that picks D or Can't say, which the prompt did not offer, is
// unreadable (Invalid, explanation and reply kept), in text and in JSON mode; with four it is
// read.
func TestChoicesRefuseAStanceNotOffered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, reply string
		json        bool
		four        judge.Stance // read with four options
		expl        string
	}{
		{"D with its name", replyD, false, judge.CantSay, "Not enough is known."},
		{"letter only", "STANCE: D\nEXPLANATION: Not enough is known.", false, judge.CantSay, "Not enough is known."},
		{"name only", "STANCE: Can't say\nEXPLANATION: Not enough is known.", false, judge.CantSay, "Not enough is known."},
		{"bold name", "**Stance:** Can't say\n\n**Explanation:** Not enough is known.", false, judge.CantSay, "Not enough is known."},
		{"unlabelled", "D. Can't say — not enough is known.", false, judge.CantSay, "not enough is known."},
		{"JSON letter", `{"stance": "D", "explanation": "Not enough is known."}`, true, judge.CantSay, "Not enough is known."},
		{"JSON name", "```json\n{\"stance\": \"Can't say\", \"explanation\": \"Not enough is known.\"}\n```", true, judge.CantSay, "Not enough is known."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(tt.reply)}
			got, err := judge.New(m, judge.WithChoices(3), judge.WithJSON(tt.json)).Judge(t.Context(), tom)
			require.NoError(t, err)
			assert.Equal(t, judge.Invalid, got.Stance, "three options: %q", tt.reply)
			assert.Equal(t, tt.expl, got.Explanation)
			assert.Equal(t, tt.reply, got.Raw)

			got, err = judge.New(m, judge.WithJSON(tt.json)).Judge(t.Context(), tom)
			require.NoError(t, err)
			assert.Equal(t, tt.four, got.Stance, "four options: %q", tt.reply)
		})
	}
	for _, reply := range []string{replyA, replyB, replyC} {
		want := judge.ParseReply(reply)
		m := &llmtest.Model{Reply: llmtest.Cycle(reply)}
		got, err := judge.New(m, judge.WithChoices(3)).Judge(t.Context(), tom)
		require.NoError(t, err)
		assert.Equal(t, want.Stance, got.Stance, "three options read %q", reply)
	}
}

// An unoffered stance is asked again like any unreadable reply, and never wins a vote.
func TestChoicesReasksAndVotes(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(replyD, replyB)}
	got, err := judge.New(m, judge.WithChoices(3), judge.WithReasks(1)).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, judge.Immoral, got.Stance)
	assert.Equal(t, 2, m.Calls())

	m = &llmtest.Model{Reply: llmtest.Cycle(replyD, replyD, replyA)}
	got, err = judge.New(m, judge.WithChoices(3), judge.WithSelfConsistency(3, 0.7)).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, judge.Moral, got.Stance, "two Can't say replies do not outvote one Moral")
	assert.InDelta(t, 1.0/3, got.Agreement, 1e-9)
}

func TestWithChoicesPanicsOnMisuse(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 2, 5, -3} {
		assert.Panics(t, func() { judge.WithChoices(n) }, "WithChoices(%d)", n)
	}
	assert.NotPanics(t, func() { judge.WithChoices(3); judge.WithChoices(4) })
}

// A template of one's own gets the options offered, in letter order.
func TestTemplateOptions(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("mine").Parse("{{range .Options}}{{.Letter}}={{.}};{{end}}"))
	for n, want := range map[int]string{3: "A=Moral;B=Immoral;C=Both;", 4: "A=Moral;B=Immoral;C=Both;D=Can't say;"} {
		p, err := judge.New(nil, judge.WithChoices(n), judge.WithTemplate(tmpl)).Prompt(tom)
		require.NoError(t, err)
		assert.Equal(t, want, p, "WithChoices(%d)", n)
	}
}
