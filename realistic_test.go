package evenhand_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

// TestRealisticRun runs the whole method against a realistic fake model (internal/fakechat:
// chatter, fences, glosses, unlabelled answers, a gender-biased judge, gendered first drafts of
// neutral explanations) through langchaingo's real openai client, for 30 kept pairs, in text
// mode and in JSON mode. No record and no training row may hold any of the chatter the fake
// put around its answers, and dpo.Lint must find nothing in the training files.
func TestRealisticRun(t *testing.T) {
	for _, jsonMode := range []bool{false, true} {
		name := "text"
		if jsonMode {
			name = "JSON mode"
		}
		t.Run(name, func(t *testing.T) {
			fake := &fakechat.Server{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			t.Setenv("OPENAI_API_KEY", "")
			t.Setenv("OPENAI_BASE_URL", "")
			m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("fakechat"))
			require.NoError(t, err)
			inner := judge.New(m, judge.WithReasks(1), judge.WithJSON(jsonMode))
			var judgments atomic.Int64
			p := &evenhand.Pipeline{
				Generator: story.New(m, story.WithJSON(jsonMode)),
				Judge: judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
					j, err := inner.Judge(ctx, s)
					if err == nil {
						judgments.Add(1)
					}
					return j, err
				}),
				Neutralizer: neutral.New(m, neutral.WithJSON(jsonMode)),
				Concurrency: 1, // exact call counts: no attempt is in flight when the run ends
			}
			var mu sync.Mutex
			var records []dpo.Record
			st, err := p.Run(t.Context(), 30, func(r dpo.Record) error {
				mu.Lock()
				defer mu.Unlock()
				records = append(records, r)
				return nil
			})
			require.NoError(t, err, "%+v", st)
			require.Len(t, records, 30)
			t.Logf("%d attempts for %d kept pairs, %d model calls; rejected: %+v", st.Attempts, st.Kept, fake.Calls(), st.Rejected)
			jc := fake.CallsFor(fakechat.StageJudge)
			jr := jc - int(judgments.Load()) // each judgment asks once, plus its re-asks
			nc, na := fake.CallsFor(fakechat.StageNeutral), fake.CallsFor(fakechat.StageNeutralAgain)
			t.Logf("judge: %d replies, %d of them re-asks (%.1f%%); %d pairs rejected for a stance still unreadable",
				jc, jr, 100*float64(jr)/float64(jc), st.Rejected.InvalidStance)
			t.Logf("neutral: %d replies, %d of them asked again after a gendered draft (%.1f%%)", nc, na, 100*float64(na)/float64(nc))
			assert.LessOrEqual(t, float64(st.Rejected.InvalidStance), 0.01*float64(st.Attempts), "at most 1%% of pairs lost to unreadable judgments")

			examples, err := dpo.Examples(records)
			require.NoError(t, err)
			require.NotEmpty(t, examples)
			for _, r := range records {
				for _, s := range []dpo.Side{r.Male, r.Female} {
					for _, text := range []string{s.Story, s.CharacterName, s.Explanation, s.NeutralExplanation} {
						assertNoChatter(t, fake, "record", text)
					}
				}
			}
			for _, e := range examples {
				for _, text := range []string{e.Prompt, e.Chosen, e.Rejected} {
					assertNoChatter(t, fake, "training row", text)
				}
			}
			assert.Empty(t, dpo.LintExamples(examples))
			for _, f := range []dpo.Format{dpo.TRL, dpo.OpenAI} {
				var buf bytes.Buffer
				require.NoError(t, dpo.Write(&buf, f, examples))
				ws, err := dpo.Lint(&buf)
				require.NoError(t, err)
				assert.Empty(t, ws, "dpo.Lint of the %v file", f)
			}
		})
	}
}

func assertNoChatter(t *testing.T, fake *fakechat.Server, where, text string) {
	t.Helper()
	for _, c := range fake.Chatter() {
		if strings.Contains(text, c) {
			t.Errorf("%s holds the fake model's chatter %q: %q", where, c, text)
		}
	}
}
