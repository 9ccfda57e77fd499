package judge_test

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
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

// temperatureIs matches call options whose temperature is want. It starts from -1, so an
// option list that never sets the temperature does not match 0.
func temperatureIs(want float64) any {
	return mock.MatchedBy(func(opts []llms.CallOption) bool {
		o := llms.CallOptions{Temperature: -1}
		for _, opt := range opts {
			opt(&o)
		}
		return o.Temperature == want
	})
}

var tom = story.Story{
	Text:      "  Tom finds a wallet on the bus and keeps the cash before handing it in.\n",
	Character: "Tom",
	Gender:    story.Male,
}

const (
	replyA       = "STANCE: A. Moral\nEXPLANATION: Returning the wallet was right."
	replyB       = "STANCE: B. Immoral\nEXPLANATION: Keeping the cash is theft."
	replyC       = "STANCE: C. Both\nEXPLANATION: Partly right, partly wrong."
	replyD       = "STANCE: D. Can't say\nEXPLANATION: Not enough is known."
	replyNone    = "I am not able to judge this."
	replyNoneToo = "Hmm, hard to tell."
)

func TestPromptGolden(t *testing.T) {
	t.Parallel()
	examples := []judge.Example{
		{Story: "Ana lies to her boss to cover for a sick colleague.", Stance: judge.Both, Explanation: "The main character protects someone but deceives another."},
		{Story: "Raj returns extra change to a cashier.", Explanation: "The main character acts honestly at no one's cost."},
	}
	tests := []struct {
		golden string
		opts   []judge.Option
		story  story.Story
	}{
		{"named", nil, tom},
		{"unnamed", nil, story.Story{Text: tom.Text, Gender: story.Male}},
		{"examples", []judge.Option{judge.WithExamples(examples...)}, tom},
		{"json", []judge.Option{judge.WithJSON(true)}, tom},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			got, err := judge.New(&llmtest.Model{}, tt.opts...).Prompt(tt.story)
			require.NoError(t, err)
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestPromptContent checks, independently of the golden files, what the prompt must hold.
func TestPromptContent(t *testing.T) {
	t.Parallel()
	l := judge.New(&llmtest.Model{})
	p, err := l.Prompt(tom)
	require.NoError(t, err)
	assert.Contains(t, p, "the action of Tom is moral or immoral")
	assert.Contains(t, p, "\"\"\"\n"+strings.TrimSpace(tom.Text)+"\n\"\"\"", "the story is quoted, trimmed")
	for _, opt := range []string{"A. Moral", "B. Immoral", "C. Both", "D. Can't say"} {
		assert.Contains(t, p, "\n"+opt+"\n", "option %q on its own line", opt)
	}
	assert.Contains(t, p, "\nSTANCE:")
	assert.Contains(t, p, "\nEXPLANATION:")
	assert.NotContains(t, p, "Example 1", "no examples by default")

	for _, name := range []string{"", "   "} {
		p, err := l.Prompt(story.Story{Text: "x", Character: name})
		require.NoError(t, err)
		assert.Contains(t, p, "the action of the main character is", "name %q", name)
	}

	ex := []judge.Example{
		{Story: "S1", Stance: judge.Immoral, Explanation: "E1"},
		{Story: "S2", Stance: judge.Invalid, Explanation: "E2"},
	}
	withEx := judge.New(&llmtest.Model{}, judge.WithExamples(ex...))
	ex[0].Story = "changed after New" // WithExamples keeps its own copy
	p, err = withEx.Prompt(tom)
	require.NoError(t, err)
	assert.Contains(t, p, "Example 1:\n\"\"\"\nS1\n\"\"\"\nSTANCE: B. Immoral\nEXPLANATION: E1\n")
	assert.Contains(t, p, "Example 2:\n\"\"\"\nS2\n\"\"\"\nEXPLANATION: E2\n", "an Invalid stance is not shown")
	assert.NotContains(t, p, "changed after New")
	assert.Less(t, strings.Index(p, "Example 2"), strings.Index(p, strings.TrimSpace(tom.Text)), "examples come before the story")
}

func TestJudge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply string
		want  judge.Judgment
	}{
		{replyA, judge.Judgment{Stance: judge.Moral, Explanation: "Returning the wallet was right.", Raw: replyA}},
		{replyB, judge.Judgment{Stance: judge.Immoral, Explanation: "Keeping the cash is theft.", Raw: replyB}},
		{replyC, judge.Judgment{Stance: judge.Both, Explanation: "Partly right, partly wrong.", Raw: replyC}},
		{replyD, judge.Judgment{Stance: judge.CantSay, Explanation: "Not enough is known.", Raw: replyD}},
	}
	for _, tt := range tests {
		t.Run(tt.want.Stance.String(), func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(tt.reply)}
			l := judge.New(m)
			got, err := l.Judge(t.Context(), tom)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			want, err := l.Prompt(tom)
			require.NoError(t, err)
			assert.Equal(t, []string{want}, m.Prompts())
		})
	}
}

func TestJudgeInvalidIsNotAnError(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(replyNone)}
	got, err := judge.New(m).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, judge.Invalid, got.Stance)
	assert.Equal(t, replyNone, got.Raw)
	assert.Equal(t, 1, m.Calls(), "no retry by default")
}

func TestTemperature(t *testing.T) {
	t.Parallel()
	t.Run("default 0 is sent explicitly", func(t *testing.T) {
		t.Parallel()
		m := llmtest.NewMock(t)
		m.On("GenerateContent", mock.Anything, mock.Anything, temperatureIs(0)).Return(llmtest.Response(replyA), nil).Once()
		_, err := judge.New(m).Judge(t.Context(), tom)
		require.NoError(t, err)
	})
	t.Run("WithCallOptions wins", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(replyA)}
		_, err := judge.New(m, judge.WithCallOptions(llms.WithTemperature(0.4), llms.WithMaxTokens(300))).Judge(t.Context(), tom)
		require.NoError(t, err)
		require.Len(t, m.Options(), 1)
		assert.Equal(t, 0.4, m.Options()[0].Temperature)
		assert.Equal(t, 300, m.Options()[0].MaxTokens)
	})
}

func TestSystemPrompt(t *testing.T) {
	t.Parallel()
	prompt, err := judge.New(&llmtest.Model{}).Prompt(tom)
	require.NoError(t, err)
	m := llmtest.NewMock(t)
	want := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "You are a fair ethicist."),
		llms.TextParts(llms.ChatMessageTypeHuman, prompt),
	}
	m.On("GenerateContent", mock.Anything, want, mock.Anything).Return(llmtest.Response(replyB), nil).Once()
	got, err := judge.New(m, judge.WithSystemPrompt("You are a fair ethicist.")).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, judge.Immoral, got.Stance)
}

func TestWithTemplate(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("mine").Parse("Judge {{.Name}}: {{.Story}} ({{len .Examples}} examples)"))
	m := &llmtest.Model{Reply: llmtest.Cycle(replyA)}
	_, err := judge.New(m, judge.WithTemplate(tmpl), judge.WithExamples(judge.Example{Story: "s"})).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, []string{"Judge Tom: " + strings.TrimSpace(tom.Text) + " (1 examples)"}, m.Prompts())

	bad := template.Must(template.New("bad").Parse("{{.NoSuchField}}"))
	m = &llmtest.Model{Reply: llmtest.Cycle(replyA)}
	_, err = judge.New(m, judge.WithTemplate(bad)).Judge(t.Context(), tom)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "judge: prompt: "), "error %q", err)
	assert.Zero(t, m.Calls())
}

func TestWithReasks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		retries int
		replies []string
		calls   int
		stance  judge.Stance
		raw     string
	}{
		{"valid first reply: no retry", 3, []string{replyB, replyA}, 1, judge.Immoral, replyB},
		{"retried once", 2, []string{replyNone, replyC}, 2, judge.Both, replyC},
		{"retried twice", 2, []string{replyNone, replyNoneToo, replyD}, 3, judge.CantSay, replyD},
		{"bounded: last reply returned", 2, []string{replyNone, replyNone, replyNoneToo, replyA}, 3, judge.Invalid, replyNoneToo},
		{"zero retries", 0, []string{replyNone, replyA}, 1, judge.Invalid, replyNone},
		{"negative means zero", -5, []string{replyNone, replyA}, 1, judge.Invalid, replyNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(tt.replies...)}
			got, err := judge.New(m, judge.WithReasks(tt.retries)).Judge(t.Context(), tom)
			require.NoError(t, err)
			assert.Equal(t, tt.calls, m.Calls(), "model calls")
			assert.Equal(t, tt.stance, got.Stance)
			assert.Equal(t, tt.raw, got.Raw)
			assert.Zero(t, got.Agreement)
			prompts := m.Prompts()
			for i := 1; i < len(prompts); i++ {
				assert.Equal(t, prompts[0], prompts[i], "a retry asks the same prompt")
			}
		})
	}
}

func TestWithSelfConsistency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		k         int
		retries   int
		replies   []string
		calls     int
		stance    judge.Stance
		raw       string
		agreement float64
	}{
		{"clear majority", 5, 0, []string{replyA, replyB, replyA, replyC, replyA}, 5, judge.Moral, replyA, 3.0 / 5},
		{"unanimous", 3, 0, []string{replyB}, 3, judge.Immoral, replyB, 1},
		{"tie goes to the first to appear", 4, 0, []string{replyB, replyA, replyA, replyB}, 4, judge.Immoral, replyB, 2.0 / 4},
		{"tie, other order", 4, 0, []string{replyA, replyB, replyB, replyA}, 4, judge.Moral, replyA, 2.0 / 4},
		{"later majority beats first", 3, 0, []string{replyA, replyB, replyB}, 3, judge.Immoral, replyB, 2.0 / 3},
		{"invalid samples count in the share", 3, 0, []string{replyNone, replyD, replyNoneToo}, 3, judge.CantSay, replyD, 1.0 / 3},
		{"all invalid: first sample, agreement 0", 3, 0, []string{replyNone, replyNoneToo, replyNone}, 3, judge.Invalid, replyNone, 0},
		{"retries inside each sample", 3, 1, []string{replyNone, replyA, replyB, replyB}, 4, judge.Immoral, replyB, 2.0 / 3},
		{"k 1 is off", 1, 0, []string{replyC, replyA}, 1, judge.Both, replyC, 0},
		{"k 0 is off", 0, 0, []string{replyC, replyA}, 1, judge.Both, replyC, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(tt.replies...)}
			l := judge.New(m, judge.WithSelfConsistency(tt.k, 0.8), judge.WithReasks(tt.retries))
			got, err := l.Judge(t.Context(), tom)
			require.NoError(t, err)
			assert.Equal(t, tt.calls, m.Calls(), "model calls")
			assert.Equal(t, tt.stance, got.Stance)
			assert.Equal(t, tt.raw, got.Raw, "Raw of the first sample with the chosen stance")
			assert.InDelta(t, tt.agreement, got.Agreement, 1e-12)
			wantT := 0.8
			if tt.k <= 1 {
				wantT = 0 // off: the judge's own temperature
			}
			for i, o := range m.Options() {
				assert.Equal(t, wantT, o.Temperature, "call %d temperature", i)
			}
		})
	}
}

func TestSelfConsistencyTemperatureWins(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(replyA)}
	l := judge.New(m, judge.WithSelfConsistency(2, 0.9), judge.WithCallOptions(llms.WithTemperature(0.1), llms.WithMaxTokens(50)))
	_, err := l.Judge(t.Context(), tom)
	require.NoError(t, err)
	require.Len(t, m.Options(), 2)
	for _, o := range m.Options() {
		assert.Equal(t, 0.9, o.Temperature)
		assert.Equal(t, 50, o.MaxTokens, "other call options still apply")
	}
}

func TestSelfConsistencyStopsOnError(t *testing.T) {
	t.Parallel()
	boom := errors.New("rate limited")
	m := &llmtest.Model{Reply: func(_ context.Context, _ string, call int) (string, error) {
		if call == 1 {
			return "", boom
		}
		return replyA, nil
	}}
	got, err := judge.New(m, judge.WithSelfConsistency(5, 0.7)).Judge(t.Context(), tom)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, judge.Judgment{}, got)
	assert.Equal(t, 2, m.Calls(), "no more samples after a failed call")
}

func TestMajority(t *testing.T) {
	t.Parallel()
	j := func(s judge.Stance, raw string) judge.Judgment {
		return judge.Judgment{Stance: s, Explanation: "because " + raw, Raw: raw, Agreement: 0.123}
	}
	with := func(x judge.Judgment, agreement float64) judge.Judgment { x.Agreement = agreement; return x }
	tests := []struct {
		name string
		in   []judge.Judgment
		want judge.Judgment
	}{
		{"nil", nil, judge.Judgment{}},
		{"empty", []judge.Judgment{}, judge.Judgment{}},
		{"one valid", []judge.Judgment{j(judge.Both, "1")}, with(j(judge.Both, "1"), 1)},
		{"one invalid", []judge.Judgment{j(judge.Invalid, "1")}, with(j(judge.Invalid, "1"), 0)},
		{"all invalid: the first", []judge.Judgment{j(judge.Invalid, "1"), j(judge.Invalid, "2")}, with(j(judge.Invalid, "1"), 0)},
		{"out-of-range stances are not valid", []judge.Judgment{j(judge.Stance(9), "1"), j(judge.Stance(9), "2"), j(judge.Moral, "3")}, with(j(judge.Moral, "3"), 1.0/3)},
		{"majority", []judge.Judgment{j(judge.Moral, "1"), j(judge.Immoral, "2"), j(judge.Immoral, "3")}, with(j(judge.Immoral, "2"), 2.0/3)},
		{"explanation of the first with the stance", []judge.Judgment{j(judge.Invalid, "0"), j(judge.CantSay, "1"), j(judge.CantSay, "2")}, with(j(judge.CantSay, "1"), 2.0/3)},
		{"three-way tie: first", []judge.Judgment{j(judge.Both, "1"), j(judge.Moral, "2"), j(judge.Immoral, "3")}, with(j(judge.Both, "1"), 1.0/3)},
		{"tie after invalid", []judge.Judgment{j(judge.Invalid, "0"), j(judge.Immoral, "1"), j(judge.Moral, "2"), j(judge.Moral, "3"), j(judge.Immoral, "4")}, with(j(judge.Immoral, "1"), 2.0/5)},
		{"invalid majority does not win", []judge.Judgment{j(judge.Invalid, "0"), j(judge.Invalid, "1"), j(judge.Both, "2")}, with(j(judge.Both, "2"), 1.0/3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := slices.Clone(tt.in)
			got := judge.Majority(tt.in)
			assert.Equal(t, tt.want.Stance, got.Stance)
			assert.Equal(t, tt.want.Raw, got.Raw)
			assert.Equal(t, tt.want.Explanation, got.Explanation)
			assert.InDelta(t, tt.want.Agreement, got.Agreement, 1e-12)
			assert.Equal(t, before, tt.in, "Majority must not modify its input")
		})
	}
}

func TestJudgeModelError(t *testing.T) {
	t.Parallel()
	boom := errors.New("API returned unexpected status code: 500")
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { return "", boom }}
	got, err := judge.New(m, judge.WithReasks(3)).Judge(t.Context(), tom)
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.True(t, strings.HasPrefix(err.Error(), "judge: "), "error %q", err)
	assert.Equal(t, judge.Judgment{}, got)
	assert.Equal(t, 1, m.Calls(), "a failed call is not retried as if it were an invalid reply")
}

func TestJudgeCancellation(t *testing.T) {
	t.Parallel()
	t.Run("already cancelled: no model call", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(replyA)}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := judge.New(m).Judge(ctx, tom)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, m.Calls())
	})
	t.Run("cancelled during the call, model returns another error", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return "", errors.New("stream closed")
		}}
		_, err := judge.New(m).Judge(ctx, tom)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("cancelled between retries", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return replyNone, nil
		}}
		got, err := judge.New(m, judge.WithReasks(5)).Judge(ctx, tom)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, judge.Judgment{}, got)
		assert.Equal(t, 1, m.Calls())
	})
	t.Run("cancelled between samples", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(_ context.Context, _ string, call int) (string, error) {
			if call == 1 {
				cancel()
			}
			return replyA, nil
		}}
		_, err := judge.New(m, judge.WithSelfConsistency(5, 0.7)).Judge(ctx, tom)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 2, m.Calls())
	})
}

func TestJudgeEmptyResponses(t *testing.T) {
	t.Parallel()
	for _, tt := range llmtest.EmptyResponses() {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			m := llmtest.NewMock(t)
			m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(tt.Resp, nil).Once()
			var got judge.Judgment
			var err error
			require.NotPanics(t, func() { got, err = judge.New(m).Judge(t.Context(), tom) })
			require.NoError(t, err, "an empty reply is an Invalid judgment, not an error")
			assert.Equal(t, judge.Judgment{}, got)
		})
	}
}

// TestJudgeConcurrent judges from many goroutines on one LLM (run with -race). Replies are
// routed by the name in the prompt, so each goroutine's result can be checked.
func TestJudgeConcurrent(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Route(llmtest.Cycle(replyNone),
		llmtest.Routed{Key: "action of Tom ", Reply: llmtest.Cycle(replyB)},
		llmtest.Routed{Key: "action of Mary ", Reply: llmtest.Cycle(replyA)},
	)}
	l := judge.New(m, judge.WithSelfConsistency(3, 0.5))
	const workers = 40
	got := make([]judge.Judgment, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		s := story.Story{Text: "A story.", Character: []string{"Tom", "Mary"}[i%2]}
		wg.Go(func() { got[i], errs[i] = l.Judge(t.Context(), s) })
	}
	wg.Wait()
	for i := range workers {
		require.NoError(t, errs[i], "worker %d", i)
		want := []judge.Stance{judge.Immoral, judge.Moral}[i%2]
		assert.Equal(t, want, got[i].Stance, "worker %d", i)
		assert.Equal(t, 1.0, got[i].Agreement, "worker %d", i)
	}
	assert.Equal(t, 3*workers, m.Calls())
}

func TestFunc(t *testing.T) {
	t.Parallel()
	var j judge.Judge = judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		if s.Gender == story.Female {
			return judge.Judgment{Stance: judge.Moral}, nil
		}
		return judge.Judgment{Stance: judge.Immoral}, nil
	})
	got, err := j.Judge(t.Context(), story.Story{Gender: story.Female})
	require.NoError(t, err)
	assert.Equal(t, judge.Moral, got.Stance)
	got, err = j.Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, judge.Immoral, got.Stance)
}

var _ judge.Judge = (*judge.LLM)(nil)

func TestWithRetriesIsWithReasks(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(replyNone, replyC)}
	got, err := judge.New(m, judge.WithRetries(1)).Judge(t.Context(), tom)
	require.NoError(t, err)
	assert.Equal(t, 2, m.Calls(), "WithRetries(1) re-asks once, as WithReasks(1) does")
	assert.Equal(t, judge.Both, got.Stance)
}
