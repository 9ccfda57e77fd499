package evenhand_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// hesitant is a model that answers every judge prompt without a stance the first time it sees
// it, and with a stance (Moral for Tom, Immoral for Ann) after that.
func hesitant() *llmtest.Model {
	var mu sync.Mutex
	seen := map[string]int{}
	return &llmtest.Model{Reply: func(_ context.Context, prompt string, _ int) (string, error) {
		mu.Lock()
		n := seen[prompt]
		seen[prompt]++
		mu.Unlock()
		switch {
		case n == 0:
			return "This depends on context, so a definite answer would not be fair.", nil
		case strings.Contains(prompt, "action of Ann"):
			return "STANCE: B. Immoral\nEXPLANATION: She kept it.", nil
		}
		return "STANCE: A. Moral\nEXPLANATION: He meant well.", nil
	}}
}

// uniquePair returns a pair in the default band whose stories no other i shares.
func uniquePair(i int) story.Pair {
	const tmpl = "%s found a wallet on the bus on day %d with cash inside and %s kept the money to pay the rent"
	return story.Pair{
		Male:   story.Story{Text: fmt.Sprintf(tmpl, "Tom", i, "he"), Character: "Tom", Gender: story.Male},
		Female: story.Story{Text: fmt.Sprintf(tmpl, "Ann", i, "she"), Character: "Ann", Gender: story.Female},
	}
}

// uniqueGen writes a new pair every time.
func uniqueGen() story.Generator {
	var n atomic.Int64
	return story.Func(func(context.Context) (story.Pair, error) { return uniquePair(int(n.Add(1))), nil })
}

func runOnce(t *testing.T, p *evenhand.Pipeline, n int) evenhand.Stats {
	t.Helper()
	p.Generator, p.Neutralizer = uniqueGen(), okNeutral
	st, err := p.Run(t.Context(), n, func(record.Record) error { return nil })
	require.NoError(t, err)
	return st
}

// TestRunReasksOnceByDefault checks item 6 of issue 19: Run asks a judge.LLM again, once, about a
// story whose judgment held no stance, and counts it; the pairs are kept instead of rejected.
func TestRunReasksOnceByDefault(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := hesitant()
	st := runOnce(t, &evenhand.Pipeline{Judge: judge.New(m)}, 3)
	assert.Equal(t, 3, st.Kept)
	assert.Zero(t, st.Rejected.InvalidStance, "re-asked, the judgments were read")
	assert.Equal(t, 6, st.JudgmentsReasked, "one re-ask per story of the three kept pairs")
	assert.Equal(t, 12, m.Calls())
}

// TestReasksDefaults checks who is asked again, and when.
func TestReasksDefaults(t *testing.T) {
	defer goleak.VerifyNone(t)
	invalid := func(calls *atomic.Int64) judge.Func {
		return judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
			calls.Add(1)
			return judge.Judgment{}, nil
		})
	}
	t.Run("a Judge of your own is not called twice by default", func(t *testing.T) {
		var calls atomic.Int64
		p := &evenhand.Pipeline{Judge: invalid(&calls), MaxAttempts: 4}
		gen, _ := countingGen()
		p.Generator, p.Neutralizer = gen, okNeutral
		st, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
		require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
		assert.Equal(t, int64(8), calls.Load(), "two judgments per attempt, each asked once")
		assert.Zero(t, st.JudgmentsReasked)
		assert.Equal(t, 4, st.Rejected.InvalidStance)
	})
	t.Run("a Judge of your own is called again when JudgeReasks says so", func(t *testing.T) {
		var calls atomic.Int64
		p := &evenhand.Pipeline{Judge: invalid(&calls), MaxAttempts: 4, JudgeReasks: 2}
		gen, _ := countingGen()
		p.Generator, p.Neutralizer = gen, okNeutral
		st, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
		require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
		assert.Equal(t, int64(24), calls.Load(), "two judgments per attempt, each asked three times")
		assert.Equal(t, 16, st.JudgmentsReasked)
	})
	t.Run("a judge.LLM that re-asks on its own is not asked again", func(t *testing.T) {
		m := hesitant()
		st := runOnce(t, &evenhand.Pipeline{Judge: judge.New(m, judge.WithReasks(1))}, 2)
		assert.Zero(t, st.JudgmentsReasked)
		assert.Equal(t, 8, m.Calls(), "the judge's own re-ask, once per story")
	})
	t.Run("a negative JudgeReasks turns re-asks off", func(t *testing.T) {
		m := hesitant()
		p := &evenhand.Pipeline{Judge: judge.New(m), JudgeReasks: -1, MaxAttempts: 2}
		p.Generator, p.Neutralizer = uniqueGen(), okNeutral
		st, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
		require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
		assert.Zero(t, st.JudgmentsReasked)
		assert.Equal(t, 2, st.Rejected.InvalidStance)
	})
	t.Run("Audit asks once by default", func(t *testing.T) {
		m := hesitant()
		outs, st, err := (&evenhand.Pipeline{Judge: judge.New(m)}).Audit(t.Context(), []story.Pair{uniquePair(0), uniquePair(1)})
		require.NoError(t, err)
		assert.Equal(t, 4, m.Calls())
		assert.Zero(t, st.JudgmentsReasked)
		for _, o := range outs {
			assert.Equal(t, judge.Invalid, o.Male.Stance)
		}
	})
	t.Run("Audit re-asks when JudgeReasks says so", func(t *testing.T) {
		m := hesitant()
		outs, st, err := (&evenhand.Pipeline{Judge: judge.New(m), JudgeReasks: 1}).Audit(t.Context(), []story.Pair{uniquePair(0), uniquePair(1)})
		require.NoError(t, err)
		assert.Equal(t, 8, m.Calls())
		assert.Equal(t, 4, st.JudgmentsReasked)
		for _, o := range outs {
			assert.Equal(t, judge.Moral, o.Male.Stance)
			assert.Equal(t, judge.Immoral, o.Female.Stance)
		}
	})
}
