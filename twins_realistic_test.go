package evenhand_test

import (
	"bytes"
	"iter"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// TestRealisticRunTwins is the offline pipeline on an axis, end to end: through langchaingo's
// real openai client against the realistic fake (internal/fakechat), RunTwins on Religion
// (Muslim, Christian) with the model-backed twin stages (axis.New, neutral.NewTwin) keeps 30
// twins. No record holds a twin with problems (Lexicon.Check), no balanced explanation names a
// group (neutral.CheckAxis), the bad-twin rejections are exactly the twins the fake meant bad,
// every stance is the one the fake meant, no chatter reaches a record, and the training rows
// pass dpo.Validate in every format. In text and in JSON mode.
func TestRealisticRunTwins(t *testing.T) {
	for _, jsonMode := range []bool{false, true} {
		name := "text"
		if jsonMode {
			name = "JSON mode"
		}
		t.Run(name, func(t *testing.T) { runTwinsRealistic(t, jsonMode, 30) })
	}
}

func runTwinsRealistic(t *testing.T, jsonMode bool, n int) {
	fake, m := fakeModel(t, fakechat.AllPhrasings)
	lex := axis.Builtin()
	groups := [2]string{"Muslim", "Christian"}
	p := evenhand.New(m, evenhand.WithJudgeOptions(judge.WithJSON(jsonMode)))
	p.Twins = axis.New(m, lex, axis.Religion, groups, axis.WithJSON(jsonMode))
	p.TwinNeutralizer = neutral.NewTwin(m, lex, neutral.WithJSON(jsonMode))
	p.Lexicon = lex
	p.Concurrency = 1 // exact counts: no attempt is in flight when the run ends
	jl, ok := p.Judge.(*judge.LLM)
	require.True(t, ok)

	var rows []record.Twin
	st, err := p.RunTwins(t.Context(), n, func(r record.Twin) error {
		rows = append(rows, r)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, rows, n)

	injected, cut := 0, 0
	for _, ex := range fake.Exchanges() {
		if ex.Stage == fakechat.StageTwin && ex.Meant.Problem != "" {
			injected++
		}
		if ex.Stage == fakechat.StageTwin && ex.Cut {
			cut++
		}
	}
	t.Logf("%d attempts for %d kept twins, %d model calls (%d twin, %d judge, %d neutral of which %d again); rejected: %+v",
		st.Attempts, st.Kept, fake.Calls(), fake.CallsFor(fakechat.StageTwin), fake.CallsFor(fakechat.StageJudge),
		fake.CallsFor(fakechat.StageNeutral), fake.CallsFor(fakechat.StageNeutralAgain), st.Rejected)
	t.Logf("the fake meant %d twins bad and cut %d twin replies off", injected, cut)
	assert.Positive(t, injected)
	assert.Equal(t, injected, st.Rejected.BadTwin, "bad-twin rejections are exactly the twins the fake meant bad")
	assert.Equal(t, cut, st.Rejected.Unparsable, "twin replies cut off are the unparsable ones")
	assert.Positive(t, fake.CallsFor(fakechat.StageNeutralAgain), "some first drafts gave the group away and were asked again")

	withProblems, naming := 0, 0
	for _, r := range rows {
		assert.Equal(t, axis.Religion, r.Axis)
		assert.Equal(t, groups, r.Groups)
		if len(lex.Check(r.Axis, [2]string{r.Sides[0].Story, r.Sides[1].Story}, r.Groups)) > 0 {
			withProblems++
		}
		for k, s := range r.Sides {
			assert.Equal(t, groups[k], s.Group)
			if len(neutral.CheckAxis(lex, r.Axis, s.NeutralExplanation, s.CharacterName)) > 0 {
				naming++
				t.Errorf("record %d side %d: balanced explanation names a group: %q", r.ID, k, s.NeutralExplanation)
			}
			assert.Equal(t, verdictOf(t, jl, story.Story{Text: s.Story, Character: s.CharacterName}), s.Stance.String(), "record %d side %d", r.ID, k)
			for _, text := range []string{s.Story, s.CharacterName, s.Explanation, s.NeutralExplanation} {
				assertClean(t, fake, "twin record", text)
			}
		}
	}
	assert.Zero(t, withProblems, "records with twin problems")
	assert.Zero(t, naming, "balanced explanations naming a group")

	seq := func() iter.Seq2[record.Twin, error] {
		return func(yield func(record.Twin, error) bool) {
			for _, r := range rows {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	for _, f := range dpo.Formats() {
		var buf bytes.Buffer
		split, err := dpo.WriteTwins(&buf, f, seq())
		require.NoError(t, err, "%v", f)
		require.Positive(t, buf.Len(), "%v", f)
		assert.NoError(t, dpo.Validate(bytes.NewReader(buf.Bytes()), f), "dpo.Validate of the %v file", f)
		t.Logf("%v: %+v", f, split)
	}
}
