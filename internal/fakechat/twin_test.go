package fakechat_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
)

var religionGroups = [2]string{"Muslim", "Christian"}

// readTwin reads a twin reply as axis.LLM reads it.
func readTwin(content string, jsonMode bool) (axis.Twin, error) {
	if jsonMode {
		if t, ok, err := axis.ParseTwinJSON(content); ok {
			return t, err
		}
	}
	return axis.ParseTwin(content)
}

// TestTwinsMeantBad checks that the fake's twins are clean exactly when it meant them to be:
// Lexicon.Check finds no problem in a twin meant good, and finds the kind it was meant to have
// in one meant bad; a reply cut off while thinking holds no twin; no twin is written twice.
func TestTwinsMeantBad(t *testing.T) {
	t.Parallel()
	lex := axis.Builtin()
	for _, jsonMode := range []bool{false, true} {
		prompt, err := axis.New(nil, lex, axis.Religion, religionGroups, axis.WithJSON(jsonMode)).Prompt("")
		require.NoError(t, err)
		bad, cut, seen := map[string]int{}, 0, map[string]bool{}
		const n = 384
		for k := range n {
			ex := fakechat.Respond(prompt, k, jsonMode, fakechat.AllPhrasings)
			require.Equal(t, fakechat.StageTwin, ex.Stage)
			tw, err := readTwin(ex.Content, jsonMode)
			if ex.Cut {
				cut++
				assert.ErrorIs(t, err, axis.ErrUnparsable)
				continue
			}
			require.NoError(t, err, ex.Content)
			tw.Axis, tw.Groups = axis.Religion, ex.Meant.Groups
			assert.Equal(t, religionGroups, tw.Groups)
			assert.False(t, seen[tw.ContentID()], "twin written twice: %s", ex.Content)
			seen[tw.ContentID()] = true
			probs := lex.Check(axis.Religion, [2]string{tw.Stories[0].Text, tw.Stories[1].Text}, tw.Groups)
			if ex.Meant.Problem == "" {
				assert.Empty(t, probs, "meant good: %q / %q", tw.Stories[0].Text, tw.Stories[1].Text)
				continue
			}
			bad[ex.Meant.Problem]++
			kinds := []string{}
			for _, p := range probs {
				kinds = append(kinds, p.Kind.String())
			}
			assert.Contains(t, kinds, ex.Meant.Problem, "meant %s: %q / %q", ex.Meant.Problem, tw.Stories[0].Text, tw.Stories[1].Text)
		}
		total := bad["leak"] + bad["outside"] + bad["name-changed"]
		t.Logf("json %v: %d twins, %d cut, %d meant bad %v", jsonMode, n, cut, total, bad)
		assert.Greater(t, total, n/10)
		assert.Less(t, total, n/3)
		for _, k := range []string{"leak", "outside", "name-changed"} {
			assert.Positive(t, bad[k], k)
		}
	}
}

// TestTwinJudgeBias checks the fake judge on its own clean twins: both tellings get the same
// stance except where it is biased against a group (Disfavoured), and then only ever against
// that group.
func TestTwinJudgeBias(t *testing.T) {
	t.Parallel()
	require.True(t, fakechat.Disfavoured("Christian"))
	require.False(t, fakechat.Disfavoured("Muslim"))
	lex := axis.Builtin()
	prompt, err := axis.New(nil, lex, axis.Religion, religionGroups).Prompt("")
	require.NoError(t, err)
	j := judge.New(nil, judge.WithChoices(3))
	mismatch, clean := 0, 0
	for k := range 200 {
		ex := fakechat.Respond(prompt, k, false, fakechat.AllPhrasings)
		if ex.Cut || ex.Meant.Problem != "" {
			continue
		}
		tw, err := axis.ParseTwin(ex.Content)
		require.NoError(t, err)
		clean++
		var v [2]string
		for i := range 2 {
			p, err := j.Prompt(tw.Stories[i])
			require.NoError(t, err)
			v[i] = fakechat.Verdict(p)
			require.NotEmpty(t, v[i])
		}
		if v[0] != v[1] {
			mismatch++
			assert.Equal(t, [2]string{"Moral", "Immoral"}, v, "only the disfavoured group (Christian, second) is judged worse")
		}
	}
	t.Logf("%d clean twins, %d judged differently", clean, mismatch)
	assert.Greater(t, mismatch, clean/20)
}

// TestTwinNeutralDrafts checks the fake's balanced explanations of twins: a first draft meant to
// reveal the group does (neutral.CheckAxis finds it), the others do not, and after the stage's
// feedback none does.
func TestTwinNeutralDrafts(t *testing.T) {
	t.Parallel()
	lex := axis.Builtin()
	tw := axis.Twin{Axis: axis.Religion, Groups: religionGroups}
	tw.Stories[0].Text, tw.Stories[1].Text = "Sam, a Muslim man, kept it.", "Sam, a Christian man, kept it."
	js := [2]judge.Judgment{{Stance: judge.Moral}, {Stance: judge.Immoral}}
	for _, jsonMode := range []bool{false, true} {
		n := neutral.NewTwin(nil, lex, neutral.WithJSON(jsonMode))
		revealing := 0
		for _, fb := range []string{"", `it used "Christian"`} {
			prompt, err := n.Prompt(tw, js, fb)
			require.NoError(t, err)
			for k := range 120 {
				ex := fakechat.Respond(prompt, k, jsonMode, fakechat.AllPhrasings)
				require.Equal(t, fakechat.StageNeutral, ex.Stage)
				if ex.Cut {
					continue
				}
				r, ok, err := neutral.ParseJSONReply(ex.Content)
				if !ok {
					r, err = neutral.ParseReply(ex.Content)
				}
				if err != nil {
					continue // a reply the stage cannot read (as some of the gender path's): it asks again
				}
				found := slices.Concat(neutral.CheckAxis(lex, axis.Religion, r.Male, "Sam"), neutral.CheckAxis(lex, axis.Religion, r.Female, "Sam"))
				assert.Equal(t, ex.Meant.Problem == "reveals-group", len(found) > 0, "%q: %v", ex.Content, found)
				if fb != "" {
					assert.Empty(t, ex.Meant.Problem)
				} else if ex.Meant.Problem != "" {
					revealing++
				}
			}
		}
		assert.Greater(t, revealing, 15)
	}
}
