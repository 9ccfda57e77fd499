package story_test

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

// pairReply formats a reply in the format the prompt asks for.
func pairReply(maleName, maleText, femaleName, femaleText string) string {
	return fmt.Sprintf("MALE NAME: %s\nMALE STORY: %s\nFEMALE NAME: %s\nFEMALE STORY: %s", maleName, maleText, femaleName, femaleText)
}

const (
	tomStory  = "Tom finds a wallet on the bus and keeps the cash before handing it in."
	maryStory = "Mary finds a wallet on the bus and keeps the cash before handing it in."
)

var goodReply = pairReply("Tom", tomStory, "Mary", maryStory)

var goodPair = story.Pair{
	Male:   story.Story{Text: tomStory, Character: "Tom", Gender: story.Male},
	Female: story.Story{Text: maryStory, Character: "Mary", Gender: story.Female},
}

func TestPromptGolden(t *testing.T) {
	t.Parallel()
	l := story.New(&llmtest.Model{})
	tests := []struct {
		golden  string
		variant int
		env     string
	}{
		{"variant0", 0, ""},
		{"variant1", 1, ""},
		{"variant2", 2, ""},
		{"variant3", 3, ""},
		{"variant0_environment", 0, "workplace"},
		{"variant2_environment", 2, "family"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			got, err := l.Prompt(tt.variant, tt.env)
			require.NoError(t, err)
			checkGolden(t, tt.golden, got)
		})
	}
}

// TestPromptContent checks, independently of the golden files, what each variant must contain.
func TestPromptContent(t *testing.T) {
	t.Parallel()
	l := story.New(&llmtest.Model{})
	for v := range story.Variants {
		p, err := l.Prompt(v, "")
		require.NoError(t, err)
		for _, label := range []string{"MALE NAME:", "MALE STORY:", "FEMALE NAME:", "FEMALE STORY:"} {
			assert.Contains(t, p, "\n"+label, "variant %d: the reply format must name %s at a line start", v, label)
		}
		assert.NotContains(t, p, "Set the story in", "variant %d without environment", v)
		ex, ok := story.Example(v)
		if v == 0 {
			assert.False(t, ok)
			assert.NotContains(t, p, "example", "zero-shot shows no example")
			continue
		}
		require.True(t, ok, "variant %d has an example", v)
		assert.Contains(t, p, ex.Male.Text, "variant %d shows its male example", v)
		assert.Contains(t, p, ex.Female.Text, "variant %d shows its female example", v)
		assert.Contains(t, p, "MALE NAME: "+ex.Male.Character+"\n", "variant %d", v)
		assert.Contains(t, p, "FEMALE NAME: "+ex.Female.Character+"\n", "variant %d", v)
		for other := 1; other < story.Variants; other++ {
			if other != v {
				oex, _ := story.Example(other)
				assert.NotContains(t, p, oex.Male.Text, "variant %d shows only its own example, not %d's", v, other)
			}
		}
	}
	p, err := l.Prompt(1, "workplace")
	require.NoError(t, err)
	assert.Contains(t, p, "Set the story in this area of life: workplace.")
}

func TestExample(t *testing.T) {
	t.Parallel()
	for _, v := range []int{-1, 0, 4, 100} {
		_, ok := story.Example(v)
		assert.False(t, ok, "Example(%d)", v)
	}
	for v := 1; v < story.Variants; v++ {
		ex, ok := story.Example(v)
		require.True(t, ok, "Example(%d)", v)
		assert.Equal(t, story.Male, ex.Male.Gender)
		assert.Equal(t, story.Female, ex.Female.Gender)
		assert.NotEmpty(t, ex.Male.Character)
		assert.NotEmpty(t, ex.Female.Character)
		// The example must be readable by the parser the prompt asks for.
		got, err := story.ParsePair(pairReply(ex.Male.Character, ex.Male.Text, ex.Female.Character, ex.Female.Text))
		require.NoError(t, err, "Example(%d) as a reply", v)
		assert.Equal(t, ex.Male, got.Male)
		assert.Equal(t, ex.Female, got.Female)
		// A worked example must itself be a good pair: only the protagonist changes.
		score := story.Rouge1(ex.Male.Text, ex.Female.Text)
		assert.GreaterOrEqual(t, score.F1, 0.8, "Example(%d) stories differ too much", v)
		assert.LessOrEqual(t, score.F1, 0.95, "Example(%d) stories hardly differ", v)
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	l := story.New(m)
	got, err := l.Generate(t.Context())
	require.NoError(t, err)
	want := goodPair
	want.Source = "0"
	assert.Equal(t, want, got)

	prompt, err := l.Prompt(0, "")
	require.NoError(t, err)
	assert.Equal(t, []string{prompt}, m.Prompts(), "the zero-shot prompt is sent, alone")
}

func TestVariantCycling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    []story.Option
		sources []string
	}{
		{"default is zero-shot", nil, []string{"0", "0", "0"}},
		{"all four", []story.Option{story.WithVariants(0, 1, 2, 3)}, []string{"0", "1", "2", "3", "0", "1"}},
		{"one one-shot variant", []story.Option{story.WithVariants(2)}, []string{"2", "2", "2"}},
		{"order kept", []story.Option{story.WithVariants(3, 1)}, []string{"3", "1", "3", "1"}},
		{"out of range ignored", []story.Option{story.WithVariants(9, 1, -1, 4, 2)}, []string{"1", "2", "1"}},
		{"nothing valid falls back to zero-shot", []story.Option{story.WithVariants(5, -2)}, []string{"0", "0"}},
		{"no variants falls back to zero-shot", []story.Option{story.WithVariants()}, []string{"0", "0"}},
		{"last option wins", []story.Option{story.WithVariants(1), story.WithVariants(3)}, []string{"3", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
			l := story.New(m, tt.opts...)
			var got []string
			for range tt.sources {
				p, err := l.Generate(t.Context())
				require.NoError(t, err)
				got = append(got, p.Source)
			}
			assert.Equal(t, tt.sources, got)
			// Each call sent the prompt of the variant it recorded.
			prompts := m.Prompts()
			require.Len(t, prompts, len(tt.sources))
			for i, src := range tt.sources {
				var v int
				_, err := fmt.Sscan(src, &v)
				require.NoError(t, err)
				want, err := l.Prompt(v, "")
				require.NoError(t, err)
				assert.Equal(t, want, prompts[i], "call %d should use variant %s", i, src)
			}
		})
	}
}

func TestWithVariantsDoesNotAlias(t *testing.T) {
	t.Parallel()
	// One option value applied to two generators must not let them share state.
	opt := story.WithVariants(1, 2)
	a := story.New(&llmtest.Model{Reply: llmtest.Cycle(goodReply)}, opt)
	b := story.New(&llmtest.Model{Reply: llmtest.Cycle(goodReply)}, opt, story.WithVariants(3))
	pa, err := a.Generate(t.Context())
	require.NoError(t, err)
	pb, err := b.Generate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "1", pa.Source)
	assert.Equal(t, "3", pb.Source)
}

func TestWithEnvironments(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	envs := []string{"workplace", "family", "friendship"}
	l := story.New(m, story.WithEnvironments(envs...), story.WithVariants(0, 1))
	envs[0] = "changed after New" // the option keeps its own copy
	var got []string
	var sources []string
	for range 4 {
		p, err := l.Generate(t.Context())
		require.NoError(t, err)
		got = append(got, p.Environment)
		sources = append(sources, p.Source)
	}
	assert.Equal(t, []string{"workplace", "family", "friendship", "workplace"}, got)
	assert.Equal(t, []string{"0", "1", "0", "1"}, sources)
	prompts := m.Prompts()
	require.Len(t, prompts, 4)
	for i, env := range got {
		assert.Contains(t, prompts[i], "Set the story in this area of life: "+env+".", "call %d", i)
		want, err := l.Prompt([]int{0, 1}[i%2], env)
		require.NoError(t, err)
		assert.Equal(t, want, prompts[i], "call %d", i)
	}

	// Without WithEnvironments the model chooses: nothing in the prompt, nothing recorded.
	plain := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	p, err := story.New(plain).Generate(t.Context())
	require.NoError(t, err)
	assert.Empty(t, p.Environment)
	assert.NotContains(t, plain.Prompts()[0], "Set the story in")
}

func TestCallOptions(t *testing.T) {
	t.Parallel()
	t.Run("default temperature 1.0", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
		_, err := story.New(m).Generate(t.Context())
		require.NoError(t, err)
		require.Len(t, m.Options(), 1)
		assert.Equal(t, 1.0, m.Options()[0].Temperature)
	})
	t.Run("WithCallOptions overrides and adds", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
		l := story.New(m, story.WithCallOptions(llms.WithTemperature(0.3), llms.WithMaxTokens(800)),
			story.WithCallOptions(llms.WithSeed(11)))
		_, err := l.Generate(t.Context())
		require.NoError(t, err)
		require.Len(t, m.Options(), 1)
		o := m.Options()[0]
		assert.Equal(t, 0.3, o.Temperature)
		assert.Equal(t, 800, o.MaxTokens)
		assert.Equal(t, 11, o.Seed, "a second WithCallOptions adds to the first")
	})
}

func TestSystemPrompt(t *testing.T) {
	t.Parallel()
	l0 := story.New(&llmtest.Model{})
	prompt, err := l0.Prompt(0, "")
	require.NoError(t, err)

	t.Run("sent as a system message first", func(t *testing.T) {
		t.Parallel()
		m := llmtest.NewMock(t)
		want := []llms.MessageContent{
			llms.TextParts(llms.ChatMessageTypeSystem, "You write short fiction."),
			llms.TextParts(llms.ChatMessageTypeHuman, prompt),
		}
		m.On("GenerateContent", mock.Anything, want, mock.Anything).Return(llmtest.Response(goodReply), nil).Once()
		_, err := story.New(m, story.WithSystemPrompt("You write short fiction.")).Generate(t.Context())
		require.NoError(t, err)
	})
	t.Run("no system message by default", func(t *testing.T) {
		t.Parallel()
		m := llmtest.NewMock(t)
		want := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)}
		m.On("GenerateContent", mock.Anything, want, mock.Anything).Return(llmtest.Response(goodReply), nil).Once()
		_, err := story.New(m).Generate(t.Context())
		require.NoError(t, err)
	})
}

func TestWithTemplate(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("mine").Parse("Pair please{{if .Example}} like {{.Example.Male.Character}}{{end}}{{with .Environment}} at {{.}}{{end}}."))
	m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	l := story.New(m, story.WithTemplate(tmpl), story.WithVariants(0, 1), story.WithEnvironments("school"))
	for range 2 {
		_, err := l.Generate(t.Context())
		require.NoError(t, err)
	}
	ex, _ := story.Example(1)
	assert.Equal(t, []string{"Pair please at school.", "Pair please like " + ex.Male.Character + " at school."}, m.Prompts())
}

func TestTemplateError(t *testing.T) {
	t.Parallel()
	bad := template.Must(template.New("bad").Parse("{{.NoSuchField}}"))
	m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	l := story.New(m, story.WithTemplate(bad))
	_, err := l.Prompt(0, "")
	require.Error(t, err)
	_, err = l.Generate(t.Context())
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "story: prompt: "), "error %q", err)
	assert.NotErrorIs(t, err, story.ErrUnparsable)
	assert.Zero(t, m.Calls(), "no model call without a prompt")
}

func TestParsePair(t *testing.T) {
	t.Parallel()
	tom := func(text string) story.Story { return story.Story{Text: text, Character: "Tom", Gender: story.Male} }
	mary := func(text string) story.Story { return story.Story{Text: text, Character: "Mary", Gender: story.Female} }
	tests := []struct {
		name   string
		reply  string
		male   story.Story
		female story.Story
	}{
		{"plain", goodReply, tom(tomStory), mary(maryStory)},
		// Headings without a colon are labels, as for every parser of model output (internal/scan).
		{"headings without colon", "## MALE NAME\nTom\n## MALE STORY\nx\n## FEMALE NAME\nMary\n## FEMALE STORY\ny", tom("x"), mary("y")},
		// Chatter never reaches a record (issue 10).
		{"fenced reply", "```\n" + pairReply("Tom", "x", "Mary", "y") + "\n```", tom("x"), mary("y")},
		{"name glosses", pairReply("Tom (male)", "x", "Mary [she/her]", "y"), tom("x"), mary("y")},
		{"name gloss after a dash", pairReply("Tom – male", "x", "Mary, 34", "y"), tom("x"), mary("y")},
		{"note after a rule between the stories", "MALE NAME: Tom\nMALE STORY: x\n\n---\n\nNow the female version:\n\nFEMALE NAME: Mary\nFEMALE STORY: y\n\n*Note: only the gender changed.*", tom("x"), mary("y")},
		{"lone carriage returns end lines", "MALE NAME: Tom\rMALE STORY: x\rFEMALE NAME: Mary\rFEMALE STORY: y", tom("x"), mary("y")},
		{"closing remark after the last story", goodReply + "\n\nI hope these stories work for your study!", tom(tomStory), mary(maryStory)},
		{"bold stories", pairReply("Tom", "**"+tomStory+"**", "Mary", "**"+maryStory+"**"), tom(tomStory), mary(maryStory)},
		{
			"two-paragraph stories keep both paragraphs",
			pairReply("Tom", tomStory+"\n\nLater that day.", "Mary", maryStory+"\n\nLater that day.") + "\n\nLet me know if you need more.",
			tom(tomStory + "\n\nLater that day."), mary(maryStory + "\n\nLater that day."),
		},
		{
			"chatty preface",
			"Sure! Here is a pair of stories for you.\n\n" + goodReply,
			tom(tomStory), mary(maryStory),
		},
		{
			"markdown bold labels and emphasised names",
			"**MALE NAME:** **Tom**\n**MALE STORY:** " + tomStory + "\n\n**FEMALE NAME:** *Mary*\n**FEMALE STORY:** " + maryStory,
			tom(tomStory), mary(maryStory),
		},
		{
			"markdown headings and values on the next line",
			"### Male name:\nTom\n\n### Male story:\n" + tomStory + "\n\n### Female name:\nMary\n\n### Female story:\n" + maryStory + "\n",
			tom(tomStory), mary(maryStory),
		},
		{
			"numbered list, lower case, dashes",
			"1. male name - Tom\n2. male story - " + tomStory + "\n3. female name - Mary\n4. female story - " + maryStory,
			tom(tomStory), mary(maryStory),
		},
		{
			"crlf line ends",
			strings.ReplaceAll(pairReply("Tom", "Line one.\nLine two.", "Mary", "Line one.\nLine two."), "\n", "\r\n"),
			tom("Line one.\nLine two."), mary("Line one.\nLine two."),
		},
		{
			"multi-paragraph stories",
			pairReply("Tom", "Paragraph one.\n\nParagraph two.", "Mary", "Paragraph one.\n\nParagraph two."),
			tom("Paragraph one.\n\nParagraph two."), mary("Paragraph one.\n\nParagraph two."),
		},
		{
			"quoted stories and names",
			pairReply(`"Tom"`, `"`+tomStory+`"`, "“Mary”", "“"+maryStory+"”"),
			tom(tomStory), mary(maryStory),
		},
		{
			"inner quotes kept",
			pairReply("Tom", `"Fine," Tom said. "I will go."`, "Mary", `"Fine," Mary said. "I will go."`),
			tom(`"Fine," Tom said. "I will go."`), mary(`"Fine," Mary said. "I will go."`),
		},
		{
			"name with trailing punctuation and extra lines",
			"MALE NAME: Tom.\n(he is 40)\nMALE STORY: " + tomStory + "\nFEMALE NAME: Mary;\nFEMALE STORY: " + maryStory,
			tom(tomStory), mary(maryStory),
		},
		{
			"label words mid-line stay in the story",
			pairReply("Tom", "Tom read the female story: a fable. His male name: Tom.", "Mary", "Mary read the male story: a fable. Her female name: Mary."),
			tom("Tom read the female story: a fable. His male name: Tom."), mary("Mary read the male story: a fable. Her female name: Mary."),
		},
		{
			"a story line starting with a label word but no colon",
			pairReply("Tom", "Tom hesitated.\nFemale colleagues watched him.", "Mary", "Mary hesitated.\nFemale colleagues watched her."),
			tom("Tom hesitated.\nFemale colleagues watched him."), mary("Mary hesitated.\nFemale colleagues watched her."),
		},
		{
			"a story line starting with a hyphenated label word",
			pairReply("Tom", "Tom hesitated.\nFemale name-calling was common there.", "Mary", "Mary hesitated.\nFemale name-calling was common there."),
			tom("Tom hesitated.\nFemale name-calling was common there."), mary("Mary hesitated.\nFemale name-calling was common there."),
		},
		{
			"an earlier label repeated inside a later story is text",
			pairReply("Tom", tomStory, "Mary", "Mary wrote on the form:\nMALE NAME: none"),
			tom(tomStory), mary("Mary wrote on the form:\nMALE NAME: none"),
		},
		{
			"non-ascii names",
			pairReply("José", "José helps.", "Zoë", "Zoë helps."),
			story.Story{Text: "José helps.", Character: "José", Gender: story.Male},
			story.Story{Text: "Zoë helps.", Character: "Zoë", Gender: story.Female},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := story.ParsePair(tt.reply)
			require.NoError(t, err, "ParsePair(%q)", tt.reply)
			assert.Equal(t, story.Pair{Male: tt.male, Female: tt.female}, got, "ParsePair(%q)", tt.reply)
		})
	}
}

func TestParsePairErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply string
		why   string // a part of the error message that names the problem
	}{
		{"empty", "", "missing MALE NAME label"},
		{"refusal", "I'm sorry, but I can't help with that.", "missing MALE NAME label"},
		{"missing male story", "MALE NAME: Tom\nFEMALE NAME: Mary\nFEMALE STORY: x", "missing MALE STORY label"},
		{"missing female name", "MALE NAME: Tom\nMALE STORY: x\nFEMALE STORY: y", "missing FEMALE NAME label"},
		{"missing female story (truncated reply)", "MALE NAME: Tom\nMALE STORY: x\nFEMALE NAME: Mary\n", "missing FEMALE STORY label"},
		{"out of order", "FEMALE NAME: Mary\nFEMALE STORY: y\nMALE NAME: Tom\nMALE STORY: x", "missing FEMALE NAME label"},
		{"labels mid-line only", "Here: MALE NAME: Tom, MALE STORY: x, FEMALE NAME: Mary, FEMALE STORY: y", "missing MALE NAME label"},
		{"empty male name", pairReply("", "x", "Mary", "y"), "empty name"},
		{"empty female name", pairReply("Tom", "x", "", "y"), "empty name"},
		{"name only punctuation", pairReply(`"**"`, "x", "Mary", "y"), "empty name"},
		{"name far too long", pairReply(strings.Repeat("Tom ", 20), "x", "Mary", "y"), "empty name"},
		{"empty male story", pairReply("Tom", "", "Mary", "y"), "empty story"},
		{"empty female story", pairReply("Tom", "x", "Mary", "   \n  "), "empty story"},
		{"story only quotes", pairReply("Tom", `""`, "Mary", "y"), "empty story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := story.ParsePair(tt.reply)
			require.Error(t, err, "ParsePair(%q)", tt.reply)
			assert.ErrorIs(t, err, story.ErrUnparsable)
			assert.Contains(t, err.Error(), tt.why)
			assert.True(t, strings.HasPrefix(err.Error(), "story: "), "error %q", err)
			assert.Equal(t, story.Pair{}, got, "no partial pair on error")
		})
	}
}

func TestParsePairShortensReply(t *testing.T) {
	t.Parallel()
	long := "Once upon a time " + strings.Repeat("é", 2000) + " THE END"
	_, err := story.ParsePair(long)
	require.ErrorIs(t, err, story.ErrUnparsable)
	msg := err.Error()
	assert.Contains(t, msg, "Once upon a time", "the reply is quoted")
	assert.NotContains(t, msg, "THE END", "the reply is shortened")
	assert.Less(t, len(msg), 400, "error message length")
	assert.Contains(t, msg, "…")
	assert.NotContains(t, msg, `\x`, "cut on a rune boundary, so no broken bytes are quoted")
}

func TestGenerateUnparsable(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("I would rather not write that.")}
	p, err := story.New(m).Generate(t.Context())
	require.Error(t, err)
	assert.ErrorIs(t, err, story.ErrUnparsable)
	assert.Contains(t, err.Error(), "I would rather not write that.")
	assert.Equal(t, story.Pair{}, p)
}

func TestGenerateModelError(t *testing.T) {
	t.Parallel()
	boom := errors.New("API returned unexpected status code: 429")
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { return "", boom }}
	p, err := story.New(m).Generate(t.Context())
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, story.ErrUnparsable, "a failed call is not an unparsable reply")
	assert.True(t, strings.HasPrefix(err.Error(), "story: "), "error %q", err)
	assert.Equal(t, story.Pair{}, p)
}

func TestGenerateCancellation(t *testing.T) {
	t.Parallel()
	t.Run("already cancelled: no model call", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := story.New(m).Generate(ctx)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, m.Calls())
	})
	t.Run("cancelled during the call, model returns another error", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return "", errors.New("unexpected EOF")
		}}
		_, err := story.New(m).Generate(ctx)
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("cancelled during the call, model still replies", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return goodReply, nil
		}}
		p, err := story.New(m).Generate(ctx)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, story.Pair{}, p)
	})
}

func TestGenerateEmptyResponses(t *testing.T) {
	t.Parallel()
	for _, tt := range llmtest.EmptyResponses() {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			m := llmtest.NewMock(t)
			m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(tt.Resp, nil).Once()
			var err error
			require.NotPanics(t, func() { _, err = story.New(m).Generate(t.Context()) })
			assert.ErrorIs(t, err, story.ErrUnparsable)
		})
	}
}

// TestGenerateConcurrent calls one LLM from many goroutines (run with -race). Each call takes
// its own turn of the variant and environment cycles, so every variant is used equally.
func TestGenerateConcurrent(t *testing.T) {
	t.Parallel()
	const workers = 64
	m := &llmtest.Model{Reply: llmtest.Cycle(goodReply)}
	l := story.New(m, story.WithVariants(0, 1, 2, 3), story.WithEnvironments("a", "b"))
	pairs := make([]story.Pair, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { pairs[i], errs[i] = l.Generate(t.Context()) })
	}
	wg.Wait()
	sources := map[string]int{}
	envs := map[string]int{}
	for i := range workers {
		require.NoError(t, errs[i], "worker %d", i)
		assert.Equal(t, goodPair.Male, pairs[i].Male)
		assert.Equal(t, goodPair.Female, pairs[i].Female)
		sources[pairs[i].Source]++
		envs[pairs[i].Environment]++
	}
	assert.Equal(t, map[string]int{"0": 16, "1": 16, "2": 16, "3": 16}, sources)
	assert.Equal(t, map[string]int{"a": 32, "b": 32}, envs)
	assert.Equal(t, workers, m.Calls())
}

func TestFunc(t *testing.T) {
	t.Parallel()
	var g story.Generator = story.Func(func(ctx context.Context) (story.Pair, error) {
		if err := ctx.Err(); err != nil {
			return story.Pair{}, err
		}
		return goodPair, nil
	})
	got, err := g.Generate(t.Context())
	require.NoError(t, err)
	assert.Equal(t, goodPair, got)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = g.Generate(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

// The stage packages accept any llms.Model; the scripted fakes are such models.
var (
	_ llms.Model      = (*llmtest.Model)(nil)
	_ story.Generator = (*story.LLM)(nil)
	_ story.Generator = story.GeneratorFunc(nil) // the deprecated name still works, for one release
)
