package neutral_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

var update = flag.Bool("update", false, "rewrite the golden prompt files in testdata/prompts")

// checkGolden compares got with testdata/prompts/<name>.golden, rewriting the file under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	llmtest.Golden(t, filepath.Join("testdata", "prompts", name+".golden"), got, *update)
}

var (
	pair = story.Pair{
		Male:   story.Story{Text: "Tom keeps the cash from a found wallet.\n", Character: "Tom", Gender: story.Male},
		Female: story.Story{Text: "Mary keeps the cash from a found wallet.\n", Character: "Mary", Gender: story.Female},
	}
	maleJ   = judge.Judgment{Stance: judge.Immoral, Explanation: "He stole money that was not his."}
	femaleJ = judge.Judgment{Stance: judge.Moral, Explanation: "She returned the wallet, which was right."}
)

const (
	neutral1 = "The main character returned the wallet, which is honest, but kept the cash, which wrongs its owner."
	neutral2 = "Returning the wallet is right, yet keeping the cash takes what belongs to someone else."
)

func reply(e1, e2 string) string { return "EXPLANATION 1: " + e1 + "\nEXPLANATION 2: " + e2 }

var neutralReply = reply(neutral1, neutral2)

func TestPromptGolden(t *testing.T) {
	t.Parallel()
	l := neutral.New(&llmtest.Model{})
	unnamed := pair
	unnamed.Male.Character, unnamed.Female.Character = "", ""
	tests := []struct {
		golden   string
		pair     story.Pair
		feedback string
	}{
		{"first_attempt", pair, ""},
		{"feedback_attempt", pair, `it used "he", "Tom"`},
		{"unnamed", unnamed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			got, err := l.Prompt(tt.pair, maleJ, femaleJ, tt.feedback)
			require.NoError(t, err)
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestPromptContent checks, independently of the golden files, what the prompt must hold.
func TestPromptContent(t *testing.T) {
	t.Parallel()
	l := neutral.New(&llmtest.Model{})
	p, err := l.Prompt(pair, maleJ, femaleJ, "")
	require.NoError(t, err)
	for _, want := range []string{
		"STORY 1 (main character: Tom):\n\"\"\"\nTom keeps the cash from a found wallet.\n\"\"\"",
		"STORY 2 (main character: Mary):\n\"\"\"\nMary keeps the cash from a found wallet.\n\"\"\"",
		"Earlier verdict on story 1: Immoral\nEarlier explanation: " + maleJ.Explanation,
		"Earlier verdict on story 2: Moral\nEarlier explanation: " + femaleJ.Explanation,
		"\nEXPLANATION 1:", "\nEXPLANATION 2:", `"the main character"`,
	} {
		assert.Contains(t, p, want)
	}
	assert.NotContains(t, p, "not gender-neutral:", "no feedback on a first attempt")

	fb, err := l.Prompt(pair, maleJ, femaleJ, `it used "she"`)
	require.NoError(t, err)
	assert.Contains(t, fb, `Your previous answer was not gender-neutral: it used "she".`)

	unnamed := pair
	unnamed.Male.Character = ""
	p, err = l.Prompt(unnamed, maleJ, femaleJ, "")
	require.NoError(t, err)
	assert.Contains(t, p, "STORY 1 (main character: not named):")
	assert.Equal(t, "", unnamed.Male.Character, "Prompt must not modify the caller's pair")
}

func TestNeutralize(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(neutralReply)}
	l := neutral.New(m)
	got, err := l.Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, neutral.Result{Male: neutral1, Female: neutral2}, got)
	want, err := l.Prompt(pair, maleJ, femaleJ, "")
	require.NoError(t, err)
	assert.Equal(t, []string{want}, m.Prompts())
}

func TestNeutralizeReasks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		first    string
		feedback []string // words the second prompt must name
	}{
		{"pronoun in explanation 1", reply("He kept the cash, "+neutral1, neutral2), []string{"He"}},
		{"pronoun in explanation 2", reply(neutral1, neutral2+" She meant well."), []string{"She"}},
		{"name of the male side", reply("Tom was wrong. "+neutral1, neutral2), []string{"Tom"}},
		{"name of the female side, any case", reply(neutral1, "MARY was right. "+neutral2), []string{"MARY"}},
		{"gendered noun and title", reply("As a woman, "+neutral1, "Mr. Smith saw it. "+neutral2), []string{"woman", "Mr"}},
		{"several words, each once", reply("He said he would. "+neutral1, "he and her. "+neutral2), []string{"He", "her"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(tt.first, neutralReply)}
			l := neutral.New(m)
			got, err := l.Neutralize(t.Context(), pair, maleJ, femaleJ)
			require.NoError(t, err)
			assert.Equal(t, neutral.Result{Male: neutral1, Female: neutral2}, got)
			require.Equal(t, 2, m.Calls())
			prompts := m.Prompts()
			assert.NotContains(t, prompts[0], "not gender-neutral")
			_, feedback, ok := strings.Cut(prompts[1], "Your previous answer was not gender-neutral: ")
			require.True(t, ok, "the second prompt gives feedback")
			feedback, _, _ = strings.Cut(feedback, "\n")
			for _, w := range tt.feedback {
				assert.Contains(t, feedback, w, "feedback names %s", w)
			}
		})
	}
}

func TestNeutralizeFeedbackNamesEachWordOnce(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(reply("he did it; he knew. He", "HE again "+neutral2))}
	_, err := neutral.New(m, neutral.WithReasks(0)).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.ErrorIs(t, err, neutral.ErrNotNeutral)
	assert.Equal(t, 1, strings.Count(strings.ToLower(err.Error()), `"he"`), "error %q", err)
}

func TestNeutralizeNotNeutral(t *testing.T) {
	t.Parallel()
	for _, attempts := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(attempts), func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(reply("She kept it. "+neutral1, neutral2))}
			got, err := neutral.New(m, neutral.WithReasks(attempts-1)).Neutralize(t.Context(), pair, maleJ, femaleJ)
			require.Error(t, err)
			assert.ErrorIs(t, err, neutral.ErrNotNeutral)
			assert.NotErrorIs(t, err, neutral.ErrUnparsable)
			assert.Contains(t, err.Error(), `"She"`, "the offending word is named")
			want := fmt.Sprintf("(after %d attempts)", attempts)
			if attempts == 1 {
				want = "(after 1 attempt)"
			}
			assert.Contains(t, err.Error(), want)
			assert.True(t, strings.HasPrefix(err.Error(), "neutral: "), "error %q", err)
			assert.Equal(t, neutral.Result{}, got, "nothing non-neutral is returned")
			assert.Equal(t, attempts, m.Calls())
		})
	}
}

func TestReasksDefault(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, -1} {
		m := &llmtest.Model{Reply: llmtest.Cycle("no labels")}
		_, err := neutral.New(m, neutral.WithReasks(n)).Neutralize(t.Context(), pair, maleJ, femaleJ)
		require.Error(t, err)
		assert.Equal(t, 1, m.Calls(), "WithReasks(%d) asks once", n)
	}
	m := &llmtest.Model{Reply: llmtest.Cycle("no labels")}
	_, err := neutral.New(m).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.Error(t, err)
	assert.Equal(t, neutral.DefaultReasks+1, m.Calls(), "no option")
}

func TestNeutralizeUnparsable(t *testing.T) {
	t.Parallel()
	t.Run("every attempt unparsable", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle("I think both readings have merit.")}
		got, err := neutral.New(m).Neutralize(t.Context(), pair, maleJ, femaleJ)
		require.Error(t, err)
		assert.ErrorIs(t, err, neutral.ErrUnparsable)
		assert.NotErrorIs(t, err, neutral.ErrNotNeutral)
		assert.Contains(t, err.Error(), "I think both readings have merit.")
		assert.Equal(t, neutral.Result{}, got)
		assert.Equal(t, neutral.DefaultReasks+1, m.Calls())
	})
	t.Run("unparsable then good: asked again without feedback", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle("EXPLANATION 1: only one", neutralReply)}
		got, err := neutral.New(m).Neutralize(t.Context(), pair, maleJ, femaleJ)
		require.NoError(t, err)
		assert.Equal(t, neutral.Result{Male: neutral1, Female: neutral2}, got)
		prompts := m.Prompts()
		require.Len(t, prompts, 2)
		assert.Equal(t, prompts[0], prompts[1])
	})
}

func TestNeutralizeEmptyResponses(t *testing.T) {
	t.Parallel()
	for _, tt := range llmtest.EmptyResponses() {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			m := llmtest.NewMock(t)
			m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(tt.Resp, nil).Times(2)
			var err error
			require.NotPanics(t, func() {
				_, err = neutral.New(m, neutral.WithReasks(1)).Neutralize(t.Context(), pair, maleJ, femaleJ)
			})
			assert.ErrorIs(t, err, neutral.ErrUnparsable)
		})
	}
}

func TestNamesWithoutCharacters(t *testing.T) {
	t.Parallel()
	// Names are trimmed before the check; a pair without names checks gendered words and the
	// common given names of the table only.
	padded := pair
	padded.Male.Character = "  Tom "
	m := &llmtest.Model{Reply: llmtest.Cycle(reply("Tom erred. "+neutral1, neutral2), neutralReply)}
	_, err := neutral.New(m).Neutralize(t.Context(), padded, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, 2, m.Calls(), "a padded name is still found")

	unnamed := pair
	unnamed.Male.Character, unnamed.Female.Character = "", ""
	m = &llmtest.Model{Reply: llmtest.Cycle(reply("Xandor erred. "+neutral1, neutral2))}
	got, err := neutral.New(m).Neutralize(t.Context(), unnamed, maleJ, femaleJ)
	require.NoError(t, err, "with no names given, a name outside the given-name table is not a finding")
	assert.Equal(t, "Xandor erred. "+neutral1, got.Male)
}

func TestTemperature(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(neutralReply)}
	_, err := neutral.New(m).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, 0.7, m.Options()[0].Temperature, "default")

	m = &llmtest.Model{Reply: llmtest.Cycle(neutralReply)}
	_, err = neutral.New(m, neutral.WithCallOptions(llms.WithTemperature(0.2), llms.WithMaxTokens(500))).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, 0.2, m.Options()[0].Temperature)
	assert.Equal(t, 500, m.Options()[0].MaxTokens)
}

func TestSystemPrompt(t *testing.T) {
	t.Parallel()
	prompt, err := neutral.New(&llmtest.Model{}).Prompt(pair, maleJ, femaleJ, "")
	require.NoError(t, err)
	m := llmtest.NewMock(t)
	want := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "Write fairly."),
		llms.TextParts(llms.ChatMessageTypeHuman, prompt),
	}
	m.On("GenerateContent", mock.Anything, want, mock.Anything).Return(llmtest.Response(neutralReply), nil).Once()
	_, err = neutral.New(m, neutral.WithSystemPrompt("Write fairly.")).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
}

func TestWithTemplate(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("mine").Parse("{{.Male.Character}}/{{.Female.Character}} {{.MaleJudgment.Stance}}/{{.FemaleJudgment.Stance}}{{with .Feedback}} ({{.}}){{end}}"))
	m := &llmtest.Model{Reply: llmtest.Cycle(reply("he", neutral2), neutralReply)}
	_, err := neutral.New(m, neutral.WithTemplate(tmpl)).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, []string{"Tom/Mary Immoral/Moral", `Tom/Mary Immoral/Moral (it used "he")`}, m.Prompts())

	bad := template.Must(template.New("bad").Parse("{{.NoSuchField}}"))
	m = &llmtest.Model{Reply: llmtest.Cycle(neutralReply)}
	_, err = neutral.New(m, neutral.WithTemplate(bad)).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "neutral: prompt: "), "error %q", err)
	assert.Zero(t, m.Calls())
}

func TestNeutralizeModelError(t *testing.T) {
	t.Parallel()
	boom := errors.New("API returned unexpected status code: 503")
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { return "", boom }}
	got, err := neutral.New(m).Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.True(t, strings.HasPrefix(err.Error(), "neutral: "), "error %q", err)
	assert.Equal(t, neutral.Result{}, got)
	assert.Equal(t, 1, m.Calls(), "a failed call is not re-asked")
}

func TestNeutralizeCancellation(t *testing.T) {
	t.Parallel()
	t.Run("already cancelled: no model call", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(neutralReply)}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := neutral.New(m).Neutralize(ctx, pair, maleJ, femaleJ)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, m.Calls())
	})
	t.Run("cancelled during the call, model returns another error", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return "", errors.New("connection reset")
		}}
		_, err := neutral.New(m).Neutralize(ctx, pair, maleJ, femaleJ)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("cancelled between attempts", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return reply("she", "he"), nil
		}}
		got, err := neutral.New(m).Neutralize(ctx, pair, maleJ, femaleJ)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, neutral.Result{}, got)
		assert.Equal(t, 1, m.Calls())
	})
}

// TestNeutralizeConcurrent runs many Neutralize calls on one LLM (run with -race). The model
// answers gendered text on every other call, so some calls re-ask and all must succeed.
func TestNeutralizeConcurrent(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(neutralReply, reply("he", "she"))}
	l := neutral.New(m, neutral.WithReasks(49))
	const workers = 32
	got := make([]neutral.Result, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { got[i], errs[i] = l.Neutralize(t.Context(), pair, maleJ, femaleJ) })
	}
	wg.Wait()
	for i := range workers {
		require.NoError(t, errs[i], "worker %d", i)
		assert.Equal(t, neutral.Result{Male: neutral1, Female: neutral2}, got[i], "worker %d", i)
	}
	assert.GreaterOrEqual(t, m.Calls(), workers)
}

func TestParseReply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		reply          string
		male, female   string
		wantUnparsable bool
	}{
		{name: "plain", reply: neutralReply, male: neutral1, female: neutral2},
		{name: "preface", reply: "Here are the explanations.\n\n" + neutralReply, male: neutral1, female: neutral2},
		{name: "bold labels", reply: "**EXPLANATION 1:** a\n\n**EXPLANATION 2:** b", male: "a", female: "b"},
		{name: "lower case, dash", reply: "explanation 1 - a\nexplanation 2 - b", male: "a", female: "b"},
		{name: "headings, value on next lines", reply: "## Explanation 1:\na\nmore a\n\n## Explanation 2:\nb\n", male: "a\nmore a", female: "b"},
		{name: "crlf", reply: "EXPLANATION 1: a\r\nsecond line\r\nEXPLANATION 2: b\r\n", male: "a\nsecond line", female: "b"},
		// The same label grammar as the judge's (internal/scan): a lone \r, a heading without colon.
		// Chatter never reaches a record (issue 10): offers, notes, fences and rules end a value.
		{name: "trailing offer", reply: "EXPLANATION 1: a\nEXPLANATION 2: b\n\nLet me know if you need anything else.", male: "a", female: "b"},
		{name: "fenced reply", reply: "```\nEXPLANATION 1: a\nEXPLANATION 2: b\n```", male: "a", female: "b"},
		{name: "note after a rule", reply: "EXPLANATION 1: a\n\nEXPLANATION 2: b\n\n---\n*Note: both avoid gendered words.*", male: "a", female: "b"},
		{name: "lone cr", reply: "EXPLANATION 1: a\rEXPLANATION 2: b", male: "a", female: "b"},
		{name: "headings without colon", reply: "### Explanation 1\na\n### Explanation 2\nb", male: "a", female: "b"},
		{name: "label words mid-line", reply: "EXPLANATION 1: unlike explanation 2: this one\nEXPLANATION 2: b", male: "unlike explanation 2: this one", female: "b"},
		{name: "missing 2", reply: "EXPLANATION 1: a", wantUnparsable: true},
		{name: "missing 1", reply: "EXPLANATION 2: b", wantUnparsable: true},
		{name: "reversed", reply: "EXPLANATION 2: b\nEXPLANATION 1: a", wantUnparsable: true},
		{name: "empty 1", reply: "EXPLANATION 1:\nEXPLANATION 2: b", wantUnparsable: true},
		{name: "empty 2", reply: "EXPLANATION 1: a\nEXPLANATION 2:   \n\n", wantUnparsable: true},
		{name: "wrong numbers", reply: "EXPLANATION 10: a\nEXPLANATION 20: b", wantUnparsable: true},
		{name: "unnumbered", reply: "EXPLANATION: a\nEXPLANATION: b", wantUnparsable: true},
		{name: "empty", reply: "", wantUnparsable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := neutral.ParseReply(tt.reply)
			if tt.wantUnparsable {
				require.Error(t, err, "ParseReply(%q)", tt.reply)
				assert.ErrorIs(t, err, neutral.ErrUnparsable)
				assert.Equal(t, neutral.Result{}, got)
				return
			}
			require.NoError(t, err, "ParseReply(%q)", tt.reply)
			assert.Equal(t, neutral.Result{Male: tt.male, Female: tt.female}, got, "ParseReply(%q)", tt.reply)
		})
	}
}

func TestParseReplyShortensReply(t *testing.T) {
	t.Parallel()
	long := "EXPLANATION 1: " + strings.Repeat("ü", 1000) + " TAIL"
	_, err := neutral.ParseReply(long)
	require.ErrorIs(t, err, neutral.ErrUnparsable)
	assert.Contains(t, err.Error(), "EXPLANATION 1: ")
	assert.NotContains(t, err.Error(), "TAIL")
	assert.Less(t, len(err.Error()), 400)
	assert.NotContains(t, err.Error(), `\x`, "cut on a rune boundary")
}

func TestFunc(t *testing.T) {
	t.Parallel()
	var n neutral.Neutralizer = neutral.Func(func(_ context.Context, p story.Pair, male, female judge.Judgment) (neutral.Result, error) {
		return neutral.Result{Male: p.Male.Character + ":" + male.Stance.String(), Female: p.Female.Character + ":" + female.Stance.String()}, nil
	})
	got, err := n.Neutralize(t.Context(), pair, maleJ, femaleJ)
	require.NoError(t, err)
	assert.Equal(t, neutral.Result{Male: "Tom:Immoral", Female: "Mary:Moral"}, got)
}

var _ neutral.Neutralizer = (*neutral.LLM)(nil)
