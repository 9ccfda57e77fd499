package evenhand_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestRunTwinsOffline is issue 22's offline pipeline: New with WithAxis on langchaingo's real
// openai client against the realistic fake model (internal/fakechat), RunTwins to 30 kept twins
// on Religion. Every kept twin passes Lexicon.Check, no balanced explanation reveals a group
// (neutral.CheckAxis), the bad twins rejected are exactly the ones the fake meant bad, and the
// rows pass dpo.Validate and dpo.Lint in every format; in text and in JSON mode.
func TestRunTwinsOffline(t *testing.T) {
	defer goleak.VerifyNone(t)
	groups := [2]string{"Muslim", "Christian"}
	for _, jsonMode := range []bool{false, true} {
		t.Run(map[bool]string{false: "text", true: "json"}[jsonMode], func(t *testing.T) {
			fake, m := fakeModel(t, fakechat.AllPhrasings)
			p := evenhand.New(m, evenhand.WithAxis(axis.Religion, groups),
				evenhand.WithAxisOptions(axis.WithJSON(jsonMode)),
				evenhand.WithJudgeOptions(judge.WithJSON(jsonMode)),
				evenhand.WithNeutralOptions(neutral.WithJSON(jsonMode)))
			// One worker: no attempt is in flight when the 30th twin is kept, so every twin the
			// fake wrote was checked, and the count of bad ones is exact.
			p.Concurrency = 1
			var rows []record.Twin
			st, err := p.RunTwins(t.Context(), 30, func(r record.Twin) error { rows = append(rows, r); return nil })
			require.NoError(t, err)
			require.Len(t, rows, 30)

			meantBad := 0
			for _, ex := range fake.Exchanges() {
				if ex.Stage == fakechat.StageTwin && ex.Meant.Problem != "" {
					meantBad++
				}
			}
			assert.Positive(t, meantBad)
			assert.Equal(t, meantBad, st.Rejected.BadTwin, "bad twins rejected = bad twins the fake wrote")
			lex := axis.Builtin()
			for _, r := range rows {
				assert.Equal(t, groups, r.Groups)
				assert.Empty(t, lex.Check(r.Axis, [2]string{r.Sides[0].Story, r.Sides[1].Story}, r.Groups), "twin %d", r.ID)
				for k, s := range r.Sides {
					names := []string{s.CharacterName, groups[0], groups[1]}
					assert.Empty(t, neutral.CheckAxis(lex, r.Axis, s.NeutralExplanation, names...), "twin %d side %d: %q", r.ID, k, s.NeutralExplanation)
					assert.NotEqual(t, s.Stance, r.Sides[1-k].Stance)
				}
			}
			// The paper's rule uses a twin when both its rows are usable: a side whose judge gave
			// no explanation (or whose balanced explanation repeats it) has no row.
			usable := 0
			for _, r := range rows {
				ok := true
				for _, s := range r.Sides {
					ok = ok && strings.TrimSpace(s.Explanation) != "" && strings.TrimSpace(s.NeutralExplanation) != "" && s.Explanation != s.NeutralExplanation
				}
				if ok {
					usable++
				} else {
					t.Logf("twin %d has an unusable row: %+v", r.ID, r.Sides)
				}
			}
			assert.GreaterOrEqual(t, usable, 28)
			for _, f := range dpo.Formats() {
				var b bytes.Buffer
				n, err := dpo.WriteTwins(&b, f, twinSeq(rows))
				require.NoError(t, err, f)
				assert.Equal(t, 2*usable, n.Examples, f)
				require.NoError(t, dpo.Validate(bytes.NewReader(b.Bytes()), f), f)
				warnings, err := dpo.Lint(bytes.NewReader(b.Bytes()))
				require.NoError(t, err, f)
				assert.Empty(t, warnings, f)
			}
			t.Logf("json=%v: %d attempts for 30 twins; rejected %+v; %d calls (twin %d, judge %d, neutral %d)", jsonMode, st.Attempts, st.Rejected,
				fake.Calls(), fake.CallsFor(fakechat.StageTwin), fake.CallsFor(fakechat.StageJudge), fake.CallsFor(fakechat.StageNeutral))
		})
	}
}
