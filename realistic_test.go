package evenhand_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// fakeModel starts a realistic fake model (internal/fakechat) and returns langchaingo's real
// openai client for it.
func fakeModel(t *testing.T, set fakechat.Phrasings) (*fakechat.Server, llms.Model) {
	t.Helper()
	fake := &fakechat.Server{Phrasings: set}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("fakechat"))
	require.NoError(t, err)
	return fake, m
}

// meantByReply maps every judge reply the fake sent (its content) to what the fake meant by
// it. The same content never means two things: that would make the fake unfair.
func meantByReply(t *testing.T, fake *fakechat.Server) map[string]fakechat.Meant {
	t.Helper()
	out := map[string]fakechat.Meant{}
	for _, ex := range fake.Exchanges() {
		if ex.Stage != fakechat.StageJudge {
			continue
		}
		if m, ok := out[ex.Content]; ok && (m.Stance != ex.Meant.Stance || m.Readable != ex.Meant.Readable || m.Refuse != ex.Meant.Refuse) {
			t.Fatalf("the fake meant two things by %q: %+v and %+v", ex.Content, m, ex.Meant)
		}
		out[ex.Content] = ex.Meant
	}
	return out
}

// readings tallies judgments against what the fake meant. A reply that picks Can't say where
// the prompt offered three options (Meant.Unoffered) is counted apart from the unreadable ones:
// refusing it is the judge's rule, not a failure to read.
type readings struct {
	n, unreadable, wrong, missed, unoffered int
}

func (r *readings) check(t *testing.T, meant map[string]fakechat.Meant, j judge.Judgment) {
	t.Helper()
	m, ok := meant[j.Raw]
	require.True(t, ok, "a judgment whose reply the fake never sent: %q", j.Raw)
	r.n++
	switch {
	case !j.Stance.Valid() && m.Unoffered:
		r.unoffered++
	case !j.Stance.Valid():
		r.unreadable++
		if m.Readable {
			r.missed++
			t.Errorf("a readable reply (%s, meaning %s) was not read: %q", m.Style, m.Stance, j.Raw)
		}
	case m.Refuse || j.Stance.String() != m.Stance:
		r.wrong++
		t.Errorf("read %v where the fake meant %q (refuse %v, %s): %q", j.Stance, m.Stance, m.Refuse, m.Style, j.Raw)
	}
}

func (r readings) String() string {
	return fmt.Sprintf("%d judgments: %d read as a different stance than meant, %d unreadable (%.2f%%), %d readable replies not read, %d Can't say refused (not offered)",
		r.n, r.wrong, r.unreadable, 100*float64(r.unreadable)/float64(max(r.n, 1)), r.missed, r.unoffered)
}

// meantMismatch is GenMO's mismatch rule on the stances the fake meant.
func meantMismatch(male, female string) bool {
	return male != female && (male == "Moral" || male == "Immoral" || female == "Moral" || female == "Immoral")
}

// verdictOf returns the stance the fake means for a story asked about by j (with four options
// or three), whatever style it answers in.
func verdictOf(t *testing.T, j *judge.LLM, s story.Story) string {
	t.Helper()
	prompt, err := j.Prompt(s)
	require.NoError(t, err)
	return fakechat.Verdict(prompt)
}

// assertClean checks that a text of a record or a training row holds none of the fake's
// chatter, reasoning, fences or table pipes.
func assertClean(t *testing.T, fake *fakechat.Server, where, text string) {
	t.Helper()
	for _, c := range fake.Chatter() {
		if strings.Contains(text, c) {
			t.Errorf("%s holds the fake model's %q: %q", where, c, text)
		}
	}
}

// TestRealisticAuditGenMO audits every pair of the GenMO dev file (303 pairs, 606 judgments)
// with a realistic fake model (internal/fakechat: reasoning blocks whose drafts name another
// stance, replies that start inside the thinking, reasoning returned apart, replies cut off
// while thinking, tables, JSON with extras, answers given last, self-corrections, refusals)
// through langchaingo's real openai client, in text and in JSON mode, with one re-ask
// (JudgeReasks 1). The readings asked once are those of the first reply to every story, which
// the same run received: they are read again as the judge reads a reply, and checked too. No
// judgment may be read as another stance than the fake meant; every reply the fake meant to be
// readable must be read; with one re-ask at most 1% may stay unreadable; and the mismatch rate
// over the pairs with both stances read must be within one point of the rate the fake meant,
// asked once and with the re-ask. The figures are logged (go test -v).
func TestRealisticAuditGenMO(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)

	meantRate := 0
	for _, p := range pairs {
		if meantMismatch(verdictOf(t, judge.New(nil), p.Male), verdictOf(t, judge.New(nil), p.Female)) {
			meantRate++
		}
	}
	rate := float64(meantRate) / float64(len(pairs))

	for _, jsonMode := range []bool{false, true} {
		t.Run(fmt.Sprintf("JSON mode %v", jsonMode), func(t *testing.T) {
			fake, m := fakeModel(t, fakechat.AllPhrasings)
			j := judge.New(m, judge.WithJSON(jsonMode))
			p := &evenhand.Pipeline{Judge: j, Concurrency: 8, JudgeReasks: 1}
			outcomes, st, err := p.Audit(t.Context(), pairs)
			require.NoError(t, err)
			meant := meantByReply(t, fake)

			// Asked once: the first reply to every story, read as the judge reads it.
			first := map[string]judge.Judgment{}
			for _, ex := range fake.Exchanges() {
				if ex.Stage == fakechat.StageJudge && ex.Attempt == 0 {
					jd, ok := judge.Judgment{}, false
					if jsonMode {
						jd, ok, _ = judge.ParseJSONReply(ex.Content)
					}
					if !ok {
						jd = judge.ParseReply(ex.Content)
					}
					first[ex.Prompt] = jd
				}
			}
			once := make([]eval.Outcome, len(outcomes))
			var r1, r readings
			for i, o := range outcomes {
				once[i] = o
				for k, s := range []story.Story{o.Pair.Male, o.Pair.Female} {
					prompt, err := j.Prompt(s)
					require.NoError(t, err)
					jd, ok := first[prompt]
					require.True(t, ok, "no first reply for %q", s.Text)
					r1.check(t, meant, jd)
					if k == 0 {
						once[i].Male = jd
					} else {
						once[i].Female = jd
					}
				}
				once[i].Verdict, err = compare.Stances().Compare(t.Context(), o.Pair, once[i].Male, once[i].Female)
				require.NoError(t, err)
				for _, jd := range []judge.Judgment{o.Male, o.Female} {
					r.check(t, meant, jd)
					if jd.Stance.Valid() {
						assertClean(t, fake, "an explanation", jd.Explanation)
					}
				}
			}
			rep1, rep := eval.Summarize(once), eval.Summarize(outcomes)
			t.Logf("asked once: %v; mismatch rate meant %.4f, measured over pairs with both stances read %.4f (%d pairs), GenMO's rate %.4f",
				r1, rate, rep1.ValidMismatchRate, rep1.BothValid, rep1.MismatchRate)
			t.Logf("one re-ask: %v; %d re-asked; mismatch rate meant %.4f, measured over pairs with both stances read %.4f (%d pairs), GenMO's rate %.4f",
				r, st.JudgmentsReasked, rate, rep.ValidMismatchRate, rep.BothValid, rep.MismatchRate)
			assert.Zero(t, r1.wrong+r.wrong, "judgments read as a different stance than the fake meant")
			assert.Zero(t, r1.missed+r.missed, "readable replies not read")
			assert.LessOrEqual(t, float64(r.unreadable), 0.01*float64(r.n), "at most 1%% unreadable with one re-ask")
			assert.InDelta(t, rate, rep1.ValidMismatchRate, 0.01, "asked once: mismatch rate over pairs with both stances read, against the rate the fake meant")
			assert.InDelta(t, rate, rep.ValidMismatchRate, 0.01, "one re-ask: mismatch rate over pairs with both stances read, against the rate the fake meant")
		})
	}
}

// TestRealisticRun runs the whole method against the realistic fake model through langchaingo's
// real openai client, for 40 kept pairs, in text mode and in JSON mode, with evenhand.New's
// defaults (Run re-asks an unreadable judgment once). No judgment may be read as another stance
// than the fake meant, every record's stances must be those the fake means for its stories, at
// most 1% of judgments may stay unreadable, no record and no training row may hold any of the
// fake's chatter, reasoning, fences or table pipes, dpo.Lint must find nothing in the training
// files, and the mismatch rate over the judged pairs with both stances read must be within one
// point of the rate the fake meant for them.
func TestRealisticRun(t *testing.T) {
	for _, jsonMode := range []bool{false, true} {
		name := "text"
		if jsonMode {
			name = "JSON mode"
		}
		t.Run(name, func(t *testing.T) {
			runRealistic(t, jsonMode, fakechat.AllPhrasings, 40)
		})
	}
}

// judged is a pair the comparator saw, with its judgments.
type judged struct {
	pair         story.Pair
	male, female judge.Judgment
}

func runRealistic(t *testing.T, jsonMode bool, set fakechat.Phrasings, n int) {
	fake, m := fakeModel(t, set)
	p := evenhand.New(m,
		evenhand.WithStoryOptions(story.WithJSON(jsonMode)),
		evenhand.WithJudgeOptions(judge.WithJSON(jsonMode)),
		evenhand.WithNeutralOptions(neutral.WithJSON(jsonMode)))
	p.Concurrency = 1 // exact call counts: no attempt is in flight when the run ends
	jl, ok := p.Judge.(*judge.LLM)
	require.True(t, ok, "New's Judge is a *judge.LLM")
	var mu sync.Mutex
	var seen []judged
	p.Comparator = compare.Func(func(ctx context.Context, pair story.Pair, male, female judge.Judgment) (compare.Verdict, error) {
		mu.Lock()
		seen = append(seen, judged{pair, male, female})
		mu.Unlock()
		return compare.Stances().Compare(ctx, pair, male, female)
	})
	var records []record.Record
	st, err := p.Run(t.Context(), n, func(r record.Record) error {
		records = append(records, r)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, records, n)

	meant := meantByReply(t, fake)
	var r readings
	meantMis, readMis, both := 0, 0, 0
	for _, s := range seen {
		r.check(t, meant, s.male)
		r.check(t, meant, s.female)
		if s.male.Stance.Valid() && s.female.Stance.Valid() {
			both++
			if meantMismatch(verdictOf(t, jl, s.pair.Male), verdictOf(t, jl, s.pair.Female)) {
				meantMis++
			}
			if meantMismatch(s.male.Stance.String(), s.female.Stance.String()) {
				readMis++
			}
		}
	}
	jc := fake.CallsFor(fakechat.StageJudge)
	nc, na := fake.CallsFor(fakechat.StageNeutral), fake.CallsFor(fakechat.StageNeutralAgain)
	t.Logf("%d attempts for %d kept pairs, %d model calls; rejected: %+v", st.Attempts, st.Kept, fake.Calls(), st.Rejected)
	t.Logf("judge: %v; %d replies, %d judgments re-asked by Run; %d pairs rejected for a stance still unreadable",
		r, jc, st.JudgmentsReasked, st.Rejected.InvalidStance)
	t.Logf("mismatch over the %d judged pairs with both stances read: meant %.4f, read %.4f",
		both, float64(meantMis)/float64(max(both, 1)), float64(readMis)/float64(max(both, 1)))
	t.Logf("neutral: %d replies, %d of them asked again after a gendered draft", nc, na)
	assert.Zero(t, r.wrong, "judgments read as a different stance than the fake meant")
	assert.Zero(t, r.missed, "readable replies not read")
	assert.LessOrEqual(t, float64(r.unreadable), 0.01*float64(r.n), "at most 1%% of judgments unreadable")
	assert.Equal(t, meantMis, readMis, "mismatches read over pairs with both stances read")
	splits := checkGenerationJudge(t, fake, jl, seen, records)
	t.Logf("the paper's generation-time judge: %d pairs whose woman's story got a Can't say reply (not offered) while the man's was judged Moral; none kept", splits)

	for _, rec := range records {
		assert.Equal(t, verdictOf(t, jl, story.Story{Text: rec.Male.Story, Character: rec.Male.CharacterName}), rec.Male.Stance.String(), "record %d, male", rec.ID)
		assert.Equal(t, verdictOf(t, jl, story.Story{Text: rec.Female.Story, Character: rec.Female.CharacterName}), rec.Female.Stance.String(), "record %d, female", rec.ID)
		for _, s := range []record.Side{rec.Male, rec.Female} {
			for _, text := range []string{s.Story, s.CharacterName, s.Explanation, s.NeutralExplanation} {
				assertClean(t, fake, "record", text)
			}
		}
	}
	examples, err := dpo.Examples(records)
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, e := range examples {
		for _, text := range []string{e.Prompt, e.Chosen, e.Rejected} {
			assertClean(t, fake, "training row", text)
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
}

// TestRealisticHeldOut audits the GenMO dev file and runs the method with only the fake's
// held-out phrasings (fakechat.HeldOutPhrasings: phrasings the parsers' rules were not tuned
// on), and logs the figures (go test -v). A wrong stance fails it; unreadable replies and
// chatter are measured, not asserted, since they are what the held-out set is for.
func TestRealisticHeldOut(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	for _, jsonMode := range []bool{false, true} {
		t.Run(fmt.Sprintf("audit, JSON mode %v", jsonMode), func(t *testing.T) {
			fake, m := fakeModel(t, fakechat.HeldOutPhrasings)
			p := &evenhand.Pipeline{Judge: judge.New(m, judge.WithJSON(jsonMode)), Concurrency: 8}
			outcomes, _, err := p.Audit(t.Context(), pairs)
			require.NoError(t, err)
			meant := meantByReply(t, fake)
			var r readings
			chatter := 0
			missed := map[string]int{}
			for _, o := range outcomes {
				for _, j := range []judge.Judgment{o.Male, o.Female} {
					m := meant[j.Raw]
					r.n++
					switch {
					case !j.Stance.Valid():
						r.unreadable++
						if m.Readable {
							r.missed++
							missed[m.Style]++
						}
					case m.Refuse || j.Stance.String() != m.Stance:
						r.wrong++
						t.Errorf("read %v where the fake meant %q (refuse %v, %s): %q", j.Stance, m.Stance, m.Refuse, m.Style, j.Raw)
					default:
						for _, c := range fake.Chatter() {
							if strings.Contains(j.Explanation, c) {
								chatter++
								t.Logf("chatter %q in %q", c, j.Explanation)
								break
							}
						}
					}
				}
			}
			t.Logf("held-out phrasings, asked once: %v; explanations holding chatter: %d; not read, by style: %v", r, chatter, missed)
		})
		if jsonMode {
			continue // the run in text mode is enough to measure records, and the race detector makes runs slow
		}
		t.Run(fmt.Sprintf("run, JSON mode %v", jsonMode), func(t *testing.T) {
			fake, m := fakeModel(t, fakechat.HeldOutPhrasings)
			p := evenhand.New(m, evenhand.WithStoryOptions(story.WithJSON(jsonMode)),
				evenhand.WithJudgeOptions(judge.WithJSON(jsonMode)), evenhand.WithNeutralOptions(neutral.WithJSON(jsonMode)))
			p.Concurrency = 4
			jl, ok := p.Judge.(*judge.LLM)
			require.True(t, ok, "New's Judge is a *judge.LLM")
			var mu sync.Mutex
			var records []record.Record
			st, err := p.Run(t.Context(), 30, func(r record.Record) error {
				mu.Lock()
				defer mu.Unlock()
				records = append(records, r)
				return nil
			})
			require.NoError(t, err)
			wrong, dirty := 0, 0
			for _, rec := range records {
				for _, sd := range []record.Side{rec.Male, rec.Female} {
					if v := verdictOf(t, jl, story.Story{Text: sd.Story, Character: sd.CharacterName}); v != sd.Stance.String() {
						wrong++
						t.Errorf("record %d holds %v where the fake meant %q", rec.ID, sd.Stance, v)
					}
					for _, text := range []string{sd.Story, sd.CharacterName, sd.Explanation, sd.NeutralExplanation} {
						for _, c := range fake.Chatter() {
							if strings.Contains(text, c) {
								dirty++
								t.Logf("record %d holds %q: %q", rec.ID, c, text)
								break
							}
						}
					}
				}
			}
			t.Logf("held-out phrasings, Run of %d records: %d attempts, rejected %+v, %d judgments re-asked; %d record stances other than meant, %d record texts holding chatter",
				len(records), st.Attempts, st.Rejected, st.JudgmentsReasked, wrong, dirty)
		})
	}
}
