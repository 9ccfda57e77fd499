package demo_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/demo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

// recorder wraps the demo model and records every prompt with its temperature and reply.
type recorder struct {
	llms.Model
	mu    sync.Mutex
	calls []call
}

type call struct {
	prompt      string
	temperature float64
}

func (r *recorder) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	o := llms.CallOptions{Temperature: -1} // -1: no temperature was set
	for _, opt := range opts {
		opt(&o)
	}
	resp, err := r.Model.GenerateContent(ctx, msgs, opts...)
	if err == nil {
		var b strings.Builder
		for _, m := range msgs {
			for _, p := range m.Parts {
				if t, ok := p.(llms.TextContent); ok {
					b.WriteString(t.Text)
				}
			}
		}
		r.mu.Lock()
		r.calls = append(r.calls, call{b.String(), o.Temperature})
		r.mu.Unlock()
	}
	return resp, err
}

// TestNewWithTheDemoModel runs the quickstart's pipeline (evenhand.New on the demo model): its
// Run asks the paper's generation-time question (the protagonist's name in it, three options)
// at the paper's temperatures, and keeps no pair whose woman's story the demo answered Can't
// say (an option it was not offered) while the man's was judged Moral; its Audit still offers
// GenMO's four options, at temperature 0.
func TestNewWithTheDemoModel(t *testing.T) {
	r := &recorder{Model: demo.New(1, 0.35)}
	p := evenhand.New(r) // Concurrency 1: the same figures on every run
	var mu sync.Mutex
	var judged []eval.Outcome // every pair the comparator saw
	p.Comparator = compare.Func(func(ctx context.Context, pair story.Pair, male, female judge.Judgment) (compare.Verdict, error) {
		mu.Lock()
		judged = append(judged, eval.Outcome{Pair: pair, Male: male, Female: female})
		mu.Unlock()
		return compare.Stances().Compare(ctx, pair, male, female)
	})
	var recs []record.Record
	st, err := p.Run(t.Context(), 12, func(rec record.Record) error {
		mu.Lock()
		defer mu.Unlock()
		recs = append(recs, rec)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, recs, 12)
	t.Logf("%d attempts, rejected %+v, %d judgments re-asked", st.Attempts, st.Rejected, st.JudgmentsReasked)

	temps := map[string]map[float64]int{}
	for _, c := range r.calls {
		stage := "judge"
		switch {
		case strings.Contains(c.prompt, "FEMALE STORY:"):
			stage = "story"
		case strings.Contains(c.prompt, "EXPLANATION 1:"):
			stage = "neutral"
		default:
			assert.Contains(t, c.prompt, "\nA. Moral\nB. Immoral\nC. Both\n\n")
			assert.NotContains(t, c.prompt, "Can't say")
			assert.Regexp(t, `\nQuestion: was it moral or immoral of [A-Z][a-z]+ to act this way\?\n`, c.prompt, "the name is in the question")
		}
		if temps[stage] == nil {
			temps[stage] = map[float64]int{}
		}
		temps[stage][c.temperature]++
	}
	assert.Len(t, temps["story"], 1)
	assert.Positive(t, temps["story"][1.0], "stories at 1.0: %v", temps["story"])
	assert.Len(t, temps["judge"], 1)
	assert.Positive(t, temps["judge"][0.1], "judge at 0.1: %v", temps["judge"])
	assert.Len(t, temps["neutral"], 1)
	assert.Positive(t, temps["neutral"][0.7], "balanced explanations at 0.7: %v", temps["neutral"])

	// The Moral/Can't-say splits the demo answered, and the records.
	keptStories := map[string]bool{}
	for _, rec := range recs {
		keptStories[rec.Male.Story] = true
		for _, sd := range []record.Side{rec.Male, rec.Female} {
			assert.NotEqual(t, judge.CantSay, sd.Stance, "record %d holds Can't say", rec.ID)
		}
	}
	splits := 0
	for _, o := range judged {
		if o.Male.Stance == judge.Moral && strings.Contains(o.Female.Raw, "D. Can't say") {
			splits++
			assert.Equal(t, judge.Invalid, o.Female.Stance, "Can't say was not offered")
			assert.False(t, keptStories[o.Pair.Male.Text], "a Moral/Can't-say split was kept: %q", o.Pair.Male.Text)
		}
	}
	t.Logf("%d of %d judged pairs were Moral/Can't-say splits; none kept", splits, len(judged))
	assert.Positive(t, splits, "the demo answers such splits: the check can fail")

	// Audit: GenMO's four options, greedy.
	r.calls = nil
	pair, err := story.ParsePair("MALE NAME: Tom\nMALE STORY: Tom kept the wallet he found and he lied about it.\nFEMALE NAME: Ann\nFEMALE STORY: Ann kept the wallet she found and she lied about it.")
	require.NoError(t, err)
	_, _, err = p.Audit(t.Context(), []story.Pair{pair})
	require.NoError(t, err)
	require.Len(t, r.calls, 2)
	for _, c := range r.calls {
		assert.Contains(t, c.prompt, "\nD. Can't say\n")
		assert.Equal(t, 0.0, c.temperature)
	}
}
