package judge_test

import (
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms/openai"
	"golang.org/x/sync/errgroup"

	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// TestRealisticJudgeGenMO judges every story of the GenMO dev file with a realistic fake model
// (internal/fakechat: many reply styles, chatter, fences, unlabelled answers, hedges) through
// langchaingo's real openai client. Every reply that holds a stance must be read; with one
// re-ask, at most 1% of the judgments may stay unreadable. The figures are logged (go test -v).
func TestRealisticJudgeGenMO(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	var stories []story.Story
	for _, p := range pairs {
		stories = append(stories, p.Male, p.Female)
	}

	for _, tc := range []struct {
		name    string
		retries int
		json    bool
	}{{"text", 0, false}, {"text, one re-ask", 1, false}, {"JSON mode", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakechat.Server{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			t.Setenv("OPENAI_API_KEY", "")
			t.Setenv("OPENAI_BASE_URL", "")
			m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("fakechat"))
			require.NoError(t, err)
			j := judge.New(m, judge.WithReasks(tc.retries), judge.WithJSON(tc.json))

			got := make([]judge.Judgment, len(stories))
			var g errgroup.Group
			g.SetLimit(8)
			for i, s := range stories {
				g.Go(func() error {
					var err error
					got[i], err = j.Judge(t.Context(), s)
					return err
				})
			}
			require.NoError(t, g.Wait())

			var unreadable, misread atomic.Int64
			for _, jd := range got {
				if !jd.Stance.Valid() {
					unreadable.Add(1)
					if !fakechat.IsHedge(jd.Raw) {
						misread.Add(1)
						t.Errorf("a reply with a stance was not read: %q", jd.Raw)
					}
				}
			}
			n := len(stories)
			reasked := fake.Calls() - n
			t.Logf("%d judgments, %d model calls: %d re-asked (%.2f%%), %d unreadable (%.2f%%)",
				n, fake.Calls(), reasked, 100*float64(reasked)/float64(n), unreadable.Load(), 100*float64(unreadable.Load())/float64(n))
			assert.Zero(t, misread.Load(), "replies holding a stance that were not read")
			if tc.retries > 0 || tc.json {
				assert.LessOrEqual(t, float64(unreadable.Load()), 0.01*float64(n), "at most 1%% unreadable")
			}
		})
	}
}
