package judge_test

import (
	"net/http/httptest"
	"os"
	"strings"
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

// TestRealisticJudgeGenMO judges the stories of the first 150 pairs of the GenMO dev file (the
// root package's TestRealisticAuditGenMO audits all of them) with a realistic fake model
// (internal/fakechat: reasoning blocks whose drafts name another stance, reasoning returned
// apart, replies cut off while thinking, tables, JSON with extras, answers given last,
// self-corrections, refusals, hedges) through langchaingo's real openai client. No reply may be
// read as another stance than the fake meant, every reply it meant to be readable must be read,
// the reasoning must be kept in Judgment.Reasoning and never reach an explanation; with one
// re-ask at most 1% of the judgments may stay unreadable. The figures are logged (go test -v).
func TestRealisticJudgeGenMO(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	var stories []story.Story
	for _, p := range pairs[:min(len(pairs), 150)] {
		stories = append(stories, p.Male, p.Female)
	}

	for _, tc := range []struct {
		name   string
		reasks int
		json   bool
	}{{"text, one re-ask", 1, false}, {"JSON mode, asked once", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakechat.Server{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			t.Setenv("OPENAI_API_KEY", "")
			t.Setenv("OPENAI_BASE_URL", "")
			m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("fakechat"))
			require.NoError(t, err)
			j := judge.New(m, judge.WithReasks(tc.reasks), judge.WithJSON(tc.json))

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

			// What the fake meant by each reply it sent, and the reasoning it sent with it.
			meant := map[string]fakechat.Meant{}
			reasoned := map[string]bool{} // every reply with this content came with reasoning
			for _, ex := range fake.Exchanges() {
				meant[ex.Content] = ex.Meant
				with := ex.Reasoning != "" || strings.Contains(strings.ToLower(ex.Content), "think>") ||
					strings.Contains(ex.Content, "reasoning>")
				if r, seen := reasoned[ex.Content]; !seen || r {
					reasoned[ex.Content] = with
				}
			}
			unreadable, wrong, missed, keptReasoning := 0, 0, 0, 0
			for _, jd := range got {
				mt := meant[jd.Raw]
				switch {
				case !jd.Stance.Valid():
					unreadable++
					if mt.Readable {
						missed++
						t.Errorf("a readable reply (%s) was not read: %q", mt.Style, jd.Raw)
					}
				case mt.Refuse || jd.Stance.String() != mt.Stance:
					wrong++
					t.Errorf("read %v where the fake meant %q (%s): %q", jd.Stance, mt.Stance, mt.Style, jd.Raw)
				}
				if reasoned[jd.Raw] && jd.Stance.Valid() {
					assert.NotEmpty(t, jd.Reasoning, "the reasoning of %q is kept", jd.Raw)
					keptReasoning++
				}
				for _, mark := range fake.Reasoning() {
					if jd.Stance.Valid() {
						assert.NotContains(t, jd.Explanation, mark, "the explanation of %q holds reasoning", jd.Raw)
					}
				}
			}
			n := len(stories)
			t.Logf("%d judgments, %d model calls (%d re-asks): %d read as another stance than meant, %d unreadable (%.2f%%), %d readable replies missed; reasoning kept for %d",
				n, fake.Calls(), fake.Calls()-n, wrong, unreadable, 100*float64(unreadable)/float64(n), missed, keptReasoning)
			assert.Zero(t, wrong, "judgments read as another stance than the fake meant")
			assert.Zero(t, missed, "readable replies that were not read")
			if tc.reasks > 0 {
				assert.LessOrEqual(t, float64(unreadable), 0.01*float64(n), "at most 1%% unreadable")
			}
		})
	}
}

// TestRealisticThreeChoicesGenMO asks the paper's generation-time question (WithChoices(3):
// no Can't say) about every story of the GenMO dev file, asked once, in text and in JSON mode,
// through langchaingo's real openai client, of the realistic fake, which still answers Can't
// say to some of them (fakechat's Meant.Unoffered). Every such reply must be refused (Invalid),
// none may be read as CantSay or as another stance than meant, and every readable reply must be
// read. The figures are logged (go test -v).
func TestRealisticThreeChoicesGenMO(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	var stories []story.Story
	for _, p := range pairs {
		stories = append(stories, p.Male, p.Female)
	}
	for _, jsonMode := range []bool{false, true} {
		t.Run(map[bool]string{false: "text", true: "JSON mode"}[jsonMode], func(t *testing.T) {
			fake := &fakechat.Server{}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			t.Setenv("OPENAI_API_KEY", "")
			t.Setenv("OPENAI_BASE_URL", "")
			m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("fakechat"))
			require.NoError(t, err)
			j := judge.New(m, judge.WithChoices(3), judge.WithJSON(jsonMode))
			got := make([]judge.Judgment, len(stories))
			var g errgroup.Group
			g.SetLimit(8)
			for i, s := range stories {
				g.Go(func() (err error) {
					got[i], err = j.Judge(t.Context(), s)
					return err
				})
			}
			require.NoError(t, g.Wait())
			meant := map[string]fakechat.Meant{}
			for _, ex := range fake.Exchanges() {
				assert.NotContains(t, ex.Prompt, "Can't say", "three options")
				meant[ex.Content] = ex.Meant
			}
			unoffered, refused, unreadable, wrong, missed := 0, 0, 0, 0, 0
			for _, jd := range got {
				mt := meant[jd.Raw]
				if mt.Unoffered {
					unoffered++
				}
				switch {
				case jd.Stance == judge.CantSay:
					wrong++
					t.Errorf("read Can't say, which the prompt did not offer: %q", jd.Raw)
				case !jd.Stance.Valid() && mt.Unoffered:
					refused++
				case !jd.Stance.Valid():
					unreadable++
					if mt.Readable {
						missed++
						t.Errorf("a readable reply (%s) was not read: %q", mt.Style, jd.Raw)
					}
				case mt.Refuse || jd.Stance.String() != mt.Stance:
					wrong++
					t.Errorf("read %v where the fake meant %q (%s): %q", jd.Stance, mt.Stance, mt.Style, jd.Raw)
				}
			}
			t.Logf("%d judgments: %d answered Can't say (not offered), %d of them refused; %d otherwise unreadable; %d read as another stance than meant; %d readable replies missed",
				len(got), unoffered, refused, unreadable, wrong, missed)
			assert.Positive(t, unoffered, "the fake answered Can't say to some stories")
			assert.Equal(t, unoffered, refused, "every Can't say refused")
			assert.Zero(t, wrong)
			assert.Zero(t, missed)
		})
	}
}
