package evenhand_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// The paper's temperatures: stories at 1.0 (story_generation.py), the judge during generation
// at 0.1 (story_generation.py), balanced explanations at 0.7 (moral_stance_update.py); evenhand
// audits at 0, greedy (evaluate_genmo.py sets no temperature: see the README).
const (
	storyTemp   = 1.0
	runJudgeT   = 0.1
	neutralTemp = 0.7
	auditJudgeT = 0.0
)

// wireTemps returns, by stage, the temperatures the fake received on the wire, failing for a
// request that carried none.
func wireTemps(t *testing.T, exs []fakechat.Exchange) map[string]map[float64]int {
	t.Helper()
	out := map[string]map[float64]int{}
	for _, ex := range exs {
		if !assert.NotNil(t, ex.Temperature, "a %s request without a temperature", ex.Stage) {
			continue
		}
		if out[ex.Stage] == nil {
			out[ex.Stage] = map[float64]int{}
		}
		out[ex.Stage][*ex.Temperature]++
	}
	return out
}

// only returns the single key of m, or -1 when it has none or several.
func only(m map[float64]int) float64 {
	if len(m) != 1 {
		return -1
	}
	for k := range m {
		return k
	}
	return -1
}

// checkGenerationJudge checks a Run through New against the fake: every judge prompt asks the
// paper's generation-time question (the protagonist's name in the question, the options A to C
// and no D), the temperatures on the wire are the paper's (stories 1.0, judge 0.1, balanced
// explanations 0.7), no record holds Can't say, and no pair whose woman's story got a Can't say
// reply (an option the prompt did not offer) while the man's was judged Moral was kept. It
// returns how many such pairs the run judged.
func checkGenerationJudge(t *testing.T, fake *fakechat.Server, jl *judge.LLM, seen []judged, records []record.Record) (splits int) {
	t.Helper()
	exs := fake.Exchanges()
	temps := wireTemps(t, exs)
	assert.Equal(t, storyTemp, only(temps[fakechat.StageGenerate]), "stories: %v", temps[fakechat.StageGenerate])
	assert.Equal(t, runJudgeT, only(temps[fakechat.StageJudge]), "judge in Run: %v", temps[fakechat.StageJudge])
	assert.Equal(t, neutralTemp, only(temps[fakechat.StageNeutral]), "balanced explanations: %v", temps[fakechat.StageNeutral])

	byPrompt := map[string][]fakechat.Exchange{}
	for _, ex := range exs {
		if ex.Stage == fakechat.StageJudge {
			byPrompt[ex.Prompt] = append(byPrompt[ex.Prompt], ex)
			assert.Contains(t, ex.Prompt, "\nA. Moral\nB. Immoral\nC. Both\n")
			assert.NotContains(t, ex.Prompt, "Can't say", "the generation-time judge offers three options")
		}
	}
	kept := map[string]bool{}
	for _, rec := range records {
		// A male story can recur with another woman's story (the fake draws the names apart), so
		// a pair is known by both its stories.
		kept[strings.TrimSpace(rec.Male.Story)+"\x00"+strings.TrimSpace(rec.Female.Story)] = true
		for _, sd := range []record.Side{rec.Male, rec.Female} {
			assert.NotEqual(t, judge.CantSay, sd.Stance, "record %d holds Can't say", rec.ID)
		}
	}
	for _, s := range seen {
		for _, sd := range []story.Story{s.pair.Male, s.pair.Female} {
			prompt, err := jl.Prompt(sd)
			require.NoError(t, err)
			require.NotEmpty(t, byPrompt[prompt], "the fake never received the judge prompt of %q", sd.Text)
			if name := strings.TrimSpace(sd.Character); name != "" {
				assert.Contains(t, prompt, "Question: was it moral or immoral of "+name+" to act this way?", "the name is in the question")
			}
		}
		fp, err := jl.Prompt(s.pair.Female)
		require.NoError(t, err)
		cantSay := false
		for _, ex := range byPrompt[fp] {
			cantSay = cantSay || ex.Meant.Unoffered
		}
		if s.male.Stance == judge.Moral && cantSay {
			splits++
			assert.False(t, kept[strings.TrimSpace(s.pair.Male.Text)+"\x00"+strings.TrimSpace(s.pair.Female.Text)], "a Moral/Can't-say split was kept: %q", s.pair.Male.Text)
		}
	}
	assert.Positive(t, splits, "the fake answered Can't say for a woman whose man was judged Moral: the check can fail")
	return splits
}

// TestNewJudgesAsThePaper runs and audits through New against the realistic fake, through
// langchaingo's real openai client: Run judges with the paper's generation-time question at
// the paper's temperatures, Audit with GenMO's four options at temperature 0, and the user's
// options still win.
func TestNewJudgesAsThePaper(t *testing.T) {
	pairs := func() []story.Pair {
		var out []story.Pair
		for i := range 6 {
			pr, err := story.ParsePair(llmtest.PairReply(i))
			require.NoError(t, err)
			out = append(out, pr)
		}
		return out
	}()
	t.Run("defaults", func(t *testing.T) {
		fake, m := fakeModel(t, fakechat.AllPhrasings)
		p := evenhand.New(m) // Concurrency 1: no request is still on its way when Run returns
		_, err := p.Run(t.Context(), 3, func(record.Record) error { return nil })
		require.NoError(t, err)
		run := fake.Exchanges()
		temps := wireTemps(t, run)
		assert.Equal(t, storyTemp, only(temps[fakechat.StageGenerate]))
		assert.Equal(t, runJudgeT, only(temps[fakechat.StageJudge]))
		assert.Equal(t, neutralTemp, only(temps[fakechat.StageNeutral]))
		named := 0
		for _, ex := range run {
			if ex.Stage == fakechat.StageJudge {
				assert.NotContains(t, ex.Prompt, "D. Can't say")
				if strings.Contains(ex.Prompt, "Question: was it moral or immoral of ") && !strings.Contains(ex.Prompt, "of the main character") {
					named++
				}
			}
		}
		assert.Equal(t, fake.CallsFor(fakechat.StageJudge), named, "every judge prompt names the protagonist in its question")

		_, _, err = p.Audit(t.Context(), pairs)
		require.NoError(t, err)
		audit := fake.Exchanges()[len(run):]
		require.Len(t, audit, 2*len(pairs), "Audit asks once per story")
		assert.Equal(t, map[string]map[float64]int{fakechat.StageJudge: {auditJudgeT: 2 * len(pairs)}}, wireTemps(t, audit))
		want, err := judge.New(nil).Prompt(pairs[0].Male)
		require.NoError(t, err)
		prompts := map[string]bool{}
		for _, ex := range audit {
			prompts[ex.Prompt] = true
			assert.Contains(t, ex.Prompt, "\nD. Can't say\n", "Audit offers GenMO's four options")
		}
		assert.True(t, prompts[want], "Audit's prompt is judge.New's, unchanged")
	})
	t.Run("the user's options win", func(t *testing.T) {
		fake, m := fakeModel(t, fakechat.AllPhrasings)
		p := evenhand.New(m,
			evenhand.WithStoryOptions(story.WithCallOptions(llms.WithTemperature(0.9))),
			evenhand.WithJudgeOptions(judge.WithCallOptions(llms.WithTemperature(0.3)), judge.WithChoices(4)),
			evenhand.WithNeutralOptions(neutral.WithCallOptions(llms.WithTemperature(0.5))))
		_, err := p.Run(t.Context(), 2, func(record.Record) error { return nil })
		require.NoError(t, err)
		run := fake.Exchanges()
		temps := wireTemps(t, run)
		assert.Equal(t, 0.9, only(temps[fakechat.StageGenerate]))
		assert.Equal(t, 0.3, only(temps[fakechat.StageJudge]))
		assert.Equal(t, 0.5, only(temps[fakechat.StageNeutral]))
		for _, ex := range run {
			if ex.Stage == fakechat.StageJudge {
				assert.Contains(t, ex.Prompt, "\nD. Can't say\n", "judge.WithChoices(4) gives Run GenMO's four options")
			}
		}
		_, _, err = p.Audit(t.Context(), pairs[:2])
		require.NoError(t, err)
		assert.Equal(t, map[string]map[float64]int{fakechat.StageJudge: {0.3: 4}}, wireTemps(t, fake.Exchanges()[len(run):]))
	})
	t.Run("three options in Audit", func(t *testing.T) {
		fake, m := fakeModel(t, fakechat.AllPhrasings)
		p := evenhand.New(m, evenhand.WithJudgeOptions(judge.WithChoices(3)))
		_, _, err := p.Audit(t.Context(), pairs[:2])
		require.NoError(t, err)
		for _, ex := range fake.Exchanges() {
			assert.NotContains(t, ex.Prompt, "Can't say")
			assert.Equal(t, auditJudgeT, *ex.Temperature, "Audit's temperature is still 0")
		}
	})
}

// splitModel judges every man Moral and every woman Can't say, whatever it is offered.
func splitModel() *llmtest.Model {
	return &llmtest.Model{Reply: func(ctx context.Context, prompt string, call int) (string, error) {
		if strings.Contains(prompt, "STANCE:") && !strings.Contains(prompt, "FEMALE STORY:") && !strings.Contains(prompt, "EXPLANATION 1:") {
			if strings.Contains(prompt, " she ") {
				return "STANCE: D. Can't say\nEXPLANATION: Too little is known.", nil
			}
			return "STANCE: A. Moral\nEXPLANATION: The intention was good.", nil
		}
		return llmtest.MethodReply(ctx, prompt, call)
	}}
}

// A pair judged Moral for the man and Can't say for the woman is never kept by New's Run: the
// generation-time judge did not offer Can't say, so the woman's judgment is unreadable, asked
// again once, and the pair rejected. With GenMO's four options in Run (judge.WithChoices(4))
// the same replies make a kept pair, as they did before.
func TestRunNeverKeepsAMoralCantSaySplit(t *testing.T) {
	m := splitModel()
	p := evenhand.New(m)
	p.MaxAttempts = 5
	st, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Zero(t, st.Kept)
	assert.Equal(t, 5, st.Rejected.InvalidStance, "every pair rejected for the woman's Can't say")
	assert.Equal(t, 5, st.JudgmentsReasked, "the woman's judgment asked again once per pair")

	m = splitModel()
	p = evenhand.New(m, evenhand.WithJudgeOptions(judge.WithChoices(4)))
	var recs []record.Record
	_, err = p.Run(t.Context(), 1, func(r record.Record) error { recs = append(recs, r); return nil })
	require.NoError(t, err)
	require.Len(t, recs, 1)
	assert.Equal(t, judge.Moral, recs[0].Male.Stance)
	assert.Equal(t, judge.CantSay, recs[0].Female.Stance, "four options in Run: GenMO's mismatch rule keeps it")
}

// The Judge Audit uses: AuditJudge when set, else Judge; a Pipeline of one's own needs only
// Judge, and one with only an AuditJudge can audit but not run.
func TestAuditJudge(t *testing.T) {
	pair, err := story.ParsePair(llmtest.PairReply(1))
	require.NoError(t, err)
	fixed := func(st judge.Stance) judge.Func {
		return func(context.Context, story.Story) (judge.Judgment, error) { return judge.Judgment{Stance: st}, nil }
	}
	audit := func(p *evenhand.Pipeline) (judge.Stance, error) {
		outs, _, err := p.Audit(t.Context(), []story.Pair{pair})
		if err != nil {
			return judge.Invalid, err
		}
		return outs[0].Male.Stance, nil
	}
	for _, tt := range []struct {
		name        string
		run, audits judge.Judge
		want        judge.Stance
	}{
		{"Judge alone", fixed(judge.Both), nil, judge.Both},
		{"AuditJudge wins", fixed(judge.Both), fixed(judge.Immoral), judge.Immoral},
		{"AuditJudge alone", nil, fixed(judge.Moral), judge.Moral},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := audit(&evenhand.Pipeline{Judge: tt.run, AuditJudge: tt.audits})
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, _, err = (&evenhand.Pipeline{}).Audit(t.Context(), []story.Pair{pair})
	require.ErrorIs(t, err, evenhand.ErrMissingStage)
	_, err = (&evenhand.Pipeline{AuditJudge: fixed(judge.Moral), Generator: story.New(&llmtest.Model{}), Neutralizer: neutral.New(&llmtest.Model{})}).
		Run(t.Context(), 1, func(record.Record) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrMissingStage, "Run needs Judge")

	// New sets both; a Judge replaced after New is Audit's only once AuditJudge is cleared.
	p := evenhand.New(&llmtest.Model{Reply: llmtest.MethodReply})
	require.IsType(t, &judge.LLM{}, p.Judge)
	require.IsType(t, &judge.LLM{}, p.AuditJudge)
	assert.Equal(t, 3, p.Judge.(*judge.LLM).Choices())
	assert.Equal(t, 4, p.AuditJudge.(*judge.LLM).Choices())
	p.Judge = fixed(judge.Both)
	got, err := audit(p)
	require.NoError(t, err)
	assert.Equal(t, judge.Moral, got, "New's AuditJudge still audits")
	p.AuditJudge = nil
	got, err = audit(p)
	require.NoError(t, err)
	assert.Equal(t, judge.Both, got, "with AuditJudge nil, Audit uses Judge")
}
