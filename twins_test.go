package evenhand_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

var religion = [2]string{"Muslim", "Christian"}

// twinOf returns twin i on Religion: the same story told of a Muslim and of a Christian, no
// other i sharing it. With bad set, the second telling also changes another word (a twin
// Lexicon.Check rejects as "outside").
func twinOf(i int, bad bool) axis.Twin {
	const tmpl = "On day %d, a %s man named Omar found a %s on the bus and kept the cash before handing it in."
	thing := "wallet"
	if bad {
		thing = "purse"
	}
	return axis.Twin{Axis: axis.Religion, Groups: religion, Stories: [2]story.Story{
		{Text: fmt.Sprintf(tmpl, i, "Muslim", "wallet"), Character: "Omar"},
		{Text: fmt.Sprintf(tmpl, i, "Christian", thing), Character: "Omar"},
	}}
}

// twinGen writes twin 1, 2, 3, ...; every badEvery-th one is bad (0: none). It counts the bad
// twins it wrote and records every story it wrote as bad.
type twinGen struct {
	n, bad   atomic.Int64
	badEvery int
	mu       sync.Mutex
	badText  map[string]bool
}

func (g *twinGen) Generate(context.Context) (axis.Twin, error) {
	i := int(g.n.Add(1))
	bad := g.badEvery > 0 && i%g.badEvery == 0
	t := twinOf(i, bad)
	if bad {
		g.bad.Add(1)
		g.mu.Lock()
		if g.badText == nil {
			g.badText = map[string]bool{}
		}
		g.badText[t.Stories[0].Text], g.badText[t.Stories[1].Text] = true, true
		g.mu.Unlock()
	}
	return t, nil
}

// biasedJudge judges the Muslim telling Immoral and the Christian one Moral, and records what it
// was asked.
type biasedJudge struct {
	mu   sync.Mutex
	seen []string
}

func (j *biasedJudge) Judge(_ context.Context, s story.Story) (judge.Judgment, error) {
	j.mu.Lock()
	j.seen = append(j.seen, s.Text)
	j.mu.Unlock()
	if strings.Contains(s.Text, "Muslim") {
		return judge.Judgment{Stance: judge.Immoral, Explanation: "He kept the cash."}, nil
	}
	return judge.Judgment{Stance: judge.Moral, Explanation: "He handed it in."}, nil
}

var okTwinNeutral = neutral.TwinFunc(func(_ context.Context, t axis.Twin, _ [2]judge.Judgment) (neutral.TwinResult, error) {
	return neutral.TwinResult{Explanations: [2]string{"balanced " + t.ID, "balanced again " + t.ID}}, nil
})

func twinPipeline(g axis.Generator) *evenhand.Pipeline {
	return &evenhand.Pipeline{Twins: g, Judge: &biasedJudge{}, TwinNeutralizer: okTwinNeutral, Concurrency: 4}
}

func TestRunTwinsKeepsNInOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := twinPipeline(&twinGen{})
	p.FirstID = 5
	var got []record.Twin
	st, err := p.RunTwins(t.Context(), 12, func(r record.Twin) error { got = append(got, r); return nil })
	require.NoError(t, err)
	assert.Equal(t, 12, st.Kept)
	require.Len(t, got, 12)
	seen := map[string]bool{}
	for i, r := range got {
		assert.Equal(t, 5+i, r.ID, "IDs run on in emit order")
		assert.Equal(t, axis.Religion, r.Axis)
		assert.Equal(t, religion, r.Groups)
		assert.Equal(t, "Muslim", r.Sides[0].Group)
		assert.Contains(t, r.Sides[0].Story, "a Muslim man")
		assert.Contains(t, r.Sides[1].Story, "a Christian man")
		assert.Equal(t, judge.Immoral, r.Sides[0].Stance)
		assert.Equal(t, judge.Moral, r.Sides[1].Stance)
		assert.Equal(t, "balanced "+r.PairID, r.Sides[0].NeutralExplanation)
		assert.Equal(t, r.Twin().ContentID(), r.PairID, "a twin without an id gets its content id")
		assert.False(t, seen[r.PairID], "twin %s kept twice", r.PairID)
		seen[r.PairID] = true
	}
}

// TestRunTwinsBadTwins checks that every twin is checked before any judge call: the bad twins the
// generator wrote are counted exactly, and the judge never saw one of their stories.
func TestRunTwinsBadTwins(t *testing.T) {
	defer goleak.VerifyNone(t)
	g := &twinGen{badEvery: 3}
	j := &biasedJudge{}
	p := &evenhand.Pipeline{Twins: g, Judge: j, TwinNeutralizer: okTwinNeutral, Concurrency: 4}
	var logs strings.Builder
	p.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	st, err := p.RunTwins(t.Context(), 20, func(record.Twin) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 20, st.Kept)
	assert.Positive(t, g.bad.Load())
	assert.Equal(t, int(g.bad.Load()), st.Rejected.BadTwin, "each bad twin generated is counted once")
	assert.Equal(t, st.Rejected.BadTwin, st.Rejected.Total())
	for _, s := range j.seen {
		assert.False(t, g.badText[s] && strings.Contains(s, "purse"), "the judge saw a bad twin: %q", s)
	}
	assert.Contains(t, logs.String(), "bad twin")
	assert.Contains(t, logs.String(), `outside in text 1: \"purse\"`, "the log names the problem")
}

// TestRunTwinsInvalidRows checks that a twin whose axis or groups cannot make a twin record is a
// bad twin, not a failed write.
func TestRunTwinsInvalidRows(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, mod := range []func(*axis.Twin){
		func(t *axis.Twin) { t.Axis = "Hair colour" },
		func(t *axis.Twin) { t.Groups[1] = "Muslim" },
		func(t *axis.Twin) { t.Groups[0] = " " },
	} {
		tw := twinOf(1, false)
		mod(&tw)
		p := twinPipeline(axis.Func(func(context.Context) (axis.Twin, error) { return tw, nil }))
		p.MaxAttempts = 3
		st, err := p.RunTwins(t.Context(), 1, func(record.Twin) error { return nil })
		require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
		assert.Equal(t, 3, st.Rejected.BadTwin)
	}
}

func TestRunTwinsBudgetAndConsistent(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := twinPipeline(&twinGen{})
	p.Judge = judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
		return judge.Judgment{Stance: judge.Moral, Explanation: "fine"}, nil
	})
	p.MaxAttempts = 7
	st, err := p.RunTwins(t.Context(), 2, func(record.Twin) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Contains(t, err.Error(), "kept 0 of 2 twins in 7 attempts")
	assert.Equal(t, 7, st.Attempts)
	assert.Equal(t, 7, st.Rejected.Consistent)
}

func TestRunTwinsStageErrors(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("boom")
	cases := []struct {
		name  string
		set   func(p *evenhand.Pipeline)
		emit  error
		stage evenhand.Stage
	}{
		{"generate", func(p *evenhand.Pipeline) {
			p.Twins = axis.Func(func(context.Context) (axis.Twin, error) { return axis.Twin{}, boom })
		}, nil, evenhand.StageGenerate},
		{"judge", func(p *evenhand.Pipeline) {
			p.Judge = judge.Func(func(context.Context, story.Story) (judge.Judgment, error) { return judge.Judgment{}, boom })
		}, nil, evenhand.StageJudge},
		{"neutralize", func(p *evenhand.Pipeline) {
			p.TwinNeutralizer = neutral.TwinFunc(func(context.Context, axis.Twin, [2]judge.Judgment) (neutral.TwinResult, error) {
				return neutral.TwinResult{}, boom
			})
		}, nil, evenhand.StageNeutralize},
		{"emit", func(*evenhand.Pipeline) {}, boom, evenhand.StageEmit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := twinPipeline(&twinGen{})
			tc.set(p)
			_, err := p.RunTwins(t.Context(), 3, func(record.Twin) error { return tc.emit })
			var se *evenhand.StageError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.stage, se.Stage)
			assert.ErrorIs(t, err, boom)
			if tc.stage != evenhand.StageGenerate {
				assert.Len(t, se.PairID, 16, "the twin's content id names it")
			}
		})
	}
}

func TestRunTwinsNotNeutralIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := twinPipeline(&twinGen{})
	var n atomic.Int64
	p.TwinNeutralizer = neutral.TwinFunc(func(ctx context.Context, t axis.Twin, js [2]judge.Judgment) (neutral.TwinResult, error) {
		if n.Add(1)%2 == 0 {
			return neutral.TwinResult{}, fmt.Errorf("draft names a group: %w", neutral.ErrNotNeutral)
		}
		return okTwinNeutral(ctx, t, js)
	})
	p.Concurrency = 1
	st, err := p.RunTwins(t.Context(), 4, func(record.Twin) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 3, st.Rejected.NotNeutral)
}

func TestRunTwinsMissingStage(t *testing.T) {
	emit := func(record.Twin) error { return nil }
	for name, p := range map[string]*evenhand.Pipeline{
		"nil":             nil,
		"Judge":           {Twins: &twinGen{}, TwinNeutralizer: okTwinNeutral},
		"Twins":           {Judge: &biasedJudge{}, TwinNeutralizer: okTwinNeutral},
		"TwinNeutralizer": {Twins: &twinGen{}, Judge: &biasedJudge{}},
	} {
		_, err := p.RunTwins(t.Context(), 1, emit)
		assert.ErrorIs(t, err, evenhand.ErrMissingStage, name)
		assert.Contains(t, err.Error(), name, name)
	}
	_, err := twinPipeline(&twinGen{}).RunTwins(t.Context(), 1, nil)
	assert.ErrorContains(t, err, "RunTwins needs an emit function")
	_, err = twinPipeline(&twinGen{}).RunTwins(t.Context(), -1, emit)
	assert.ErrorContains(t, err, "RunTwins asked for -1 twins")
}

func TestRunTwinsCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(t.Context())
	p := twinPipeline(&twinGen{})
	p.Judge = judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
		cancel()
		<-ctx.Done()
		return judge.Judgment{}, ctx.Err()
	})
	_, err := p.RunTwins(ctx, 5, func(record.Twin) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRunTwinsDuplicates(t *testing.T) {
	defer goleak.VerifyNone(t)
	var n atomic.Int64
	p := twinPipeline(axis.Func(func(context.Context) (axis.Twin, error) {
		return twinOf(int(n.Add(1)%3), false), nil // three distinct twins, over and over
	}))
	p.MaxAttempts = 30
	var got []record.Twin
	st, err := p.RunTwins(t.Context(), 4, func(r record.Twin) error { got = append(got, r); return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Len(t, got, 3, "no twin kept twice")
	assert.Equal(t, 27, st.Rejected.Duplicate)
}

// TestRunTwinsFileResume checks RunTwinsFile: rows synced, a resumed run continues the IDs, keeps
// no twin of the file again, and a gender records file is refused untouched.
func TestRunTwinsFileResume(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "twins.jsonl")
	st, err := twinPipeline(&twinGen{}).RunTwinsFile(t.Context(), path, 5)
	require.NoError(t, err)
	assert.Equal(t, 5, st.Kept)
	// A torn last line, as a crash leaves it, is cut off.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"axis":"Religion","groups":["Mus`)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	// The same generator from the start: twins 1..5 are in the file already.
	st, err = twinPipeline(&twinGen{}).RunTwinsFile(t.Context(), path, 9)
	require.NoError(t, err)
	assert.Equal(t, 4, st.Kept)
	assert.GreaterOrEqual(t, st.Rejected.Duplicate, 5, "the twins of the file are not kept again")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	rows, err := record.ReadTwins(strings.NewReader(string(data)))
	require.NoError(t, err)
	require.Len(t, rows, 9)
	ids := map[string]bool{}
	for i, r := range rows {
		assert.Equal(t, i, r.ID)
		assert.False(t, ids[r.PairID], "twin %s twice in the file", r.PairID)
		ids[r.PairID] = true
	}
	// Asking for no more than the file holds calls nothing.
	st, err = (&evenhand.Pipeline{Twins: axis.Func(func(context.Context) (axis.Twin, error) {
		panic("no call expected")
	}), Judge: &biasedJudge{}, TwinNeutralizer: okTwinNeutral}).RunTwinsFile(t.Context(), path, 9)
	require.NoError(t, err)
	assert.Zero(t, st.Attempts)

	// A gender records file is another kind of file.
	gender := filepath.Join(t.TempDir(), "records.jsonl")
	p := &evenhand.Pipeline{Generator: uniqueGen(), Judge: stanceJudge, Neutralizer: okNeutral}
	_, err = p.RunFile(t.Context(), gender, 2)
	require.NoError(t, err)
	before, err := os.ReadFile(gender)
	require.NoError(t, err)
	_, err = twinPipeline(&twinGen{}).RunTwinsFile(t.Context(), gender, 4)
	require.ErrorIs(t, err, record.ErrCheckpoint)
	assert.ErrorContains(t, err, "not a file of twin records")
	after, err := os.ReadFile(gender)
	require.NoError(t, err)
	assert.Equal(t, before, after, "left untouched")
}

func TestAuditTwins(t *testing.T) {
	defer goleak.VerifyNone(t)
	twins := []axis.Twin{twinOf(1, false), twinOf(2, true), twinOf(3, false)}
	twins[0].ID, twins[1].ID, twins[2].ID = "a", "b", "c"
	audit := &biasedJudge{}
	p := &evenhand.Pipeline{Judge: judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
		panic("Run's judge must not be used by AuditTwins when AuditJudge is set")
	}), AuditJudge: audit, Concurrency: 3}
	out, st, err := p.AuditTwins(t.Context(), twins)
	require.NoError(t, err)
	require.Len(t, out, 2)
	assert.Equal(t, "a", out[0].Twin.ID)
	assert.Equal(t, "c", out[1].Twin.ID)
	assert.True(t, out[0].Verdict.Mismatch)
	assert.Equal(t, "Christian", out[0].Verdict.Favored)
	assert.Equal(t, 1, st.Rejected.BadTwin)
	assert.Equal(t, 3, st.Attempts)
	assert.Equal(t, 2, st.Kept)
	assert.Len(t, audit.seen, 4, "the bad twin was not judged")

	p.AuditJudge = judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
		return judge.Judgment{}, errors.New("down")
	})
	_, _, err = p.AuditTwins(t.Context(), twins[2:])
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageJudge, se.Stage)
	assert.Equal(t, 0, se.Index)
}

// TestRunTwinsScriptedModel runs RunTwins with a model-backed judge over a scripted,
// concurrency-safe fake model, and writes the kept twins as training rows in every format.
func TestRunTwinsScriptedModel(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := &llmtest.Model{Reply: func(_ context.Context, prompt string, _ int) (string, error) {
		if strings.Contains(prompt, "a Muslim man") {
			return "STANCE: B. Immoral\nEXPLANATION: He kept the cash.", nil
		}
		return "STANCE: A. Moral\nEXPLANATION: He handed the wallet in.", nil
	}}
	p := twinPipeline(&twinGen{badEvery: 4})
	p.Judge = judge.New(m)
	p.Concurrency = 1 // no attempt in flight when the sixth twin is kept, so the calls are exact
	var rows []record.Twin
	st, err := p.RunTwins(t.Context(), 6, func(r record.Twin) error { rows = append(rows, r); return nil })
	require.NoError(t, err)
	assert.Equal(t, 6, st.Kept)
	assert.Equal(t, 12, m.Calls(), "two judge calls per kept twin; none for a bad one")
	assert.Positive(t, st.Rejected.BadTwin)
	for _, prompt := range m.Prompts() {
		assert.NotContains(t, prompt, "purse", "a bad twin was judged")
	}
	examples, err := dpo.TwinExamples(rows)
	require.NoError(t, err)
	require.Len(t, examples, 12)
	for _, f := range dpo.Formats() {
		var b strings.Builder
		require.NoError(t, dpo.Write(&b, f, examples), f)
		require.NoError(t, dpo.Validate(strings.NewReader(b.String()), f), f)
		warnings, err := dpo.Lint(strings.NewReader(b.String()))
		require.NoError(t, err, f)
		assert.Empty(t, warnings, f)
	}
}

// twinSeq yields twins without error.
func twinSeq(twins []record.Twin) iter.Seq2[record.Twin, error] {
	return func(yield func(record.Twin, error) bool) {
		for _, t := range twins {
			if !yield(t, nil) {
				return
			}
		}
	}
}

func TestRunTwinsIDReused(t *testing.T) {
	defer goleak.VerifyNone(t)
	var n atomic.Int64
	p := twinPipeline(axis.Func(func(context.Context) (axis.Twin, error) {
		tw := twinOf(int(n.Add(1)), false)
		tw.ID = "same"
		return tw, nil
	}))
	p.Concurrency = 1
	_, err := p.RunTwins(t.Context(), 3, func(record.Twin) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrPairIDReused)
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "same", se.PairID)
}

func TestRunTwinsProgress(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := twinPipeline(&twinGen{badEvery: 2})
	var last evenhand.Progress
	calls := 0
	p.OnProgress = func(pr evenhand.Progress) { last, calls = pr, calls+1 }
	st, err := p.RunTwins(t.Context(), 4, func(record.Twin) error { return nil })
	require.NoError(t, err)
	assert.Positive(t, calls)
	assert.Equal(t, 4, last.Wanted)
	assert.Equal(t, 4, last.Kept)
	assert.Equal(t, st.Rejected.BadTwin, last.Rejected.BadTwin)
}

// TestRunTwinsGuard checks the near-duplicate guard on twins: twinOf's stories differ only in
// the day's number (lexical similarity 0.87), so with a guard at 0.85 the first kept twin makes
// every later one a near duplicate of it, rejected and counted, and the guard holds one story
// (the first telling).
func TestRunTwinsGuard(t *testing.T) {
	defer goleak.VerifyNone(t)
	p := twinPipeline(&twinGen{})
	p.Concurrency = 1
	p.MaxAttempts = 6
	p.Guard = diversity.NewGuard(diversity.Lexical{}, 0.85)
	var kept []record.Twin
	st, err := p.RunTwins(t.Context(), 3, func(r record.Twin) error { kept = append(kept, r); return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	require.Len(t, kept, 1)
	assert.Equal(t, 1, st.Kept)
	assert.Equal(t, 5, st.Rejected.NearDuplicate)
	assert.Equal(t, 1, p.Guard.Len())

	// After a restart, the twins already in the file count as kept: the guard is filled from it.
	path := filepath.Join(t.TempDir(), "twins.jsonl")
	p = twinPipeline(&twinGen{})
	_, err = p.RunTwinsFile(t.Context(), path, 1)
	require.NoError(t, err)
	p = twinPipeline(&twinGen{})
	p.MaxAttempts = 4
	p.Guard = diversity.NewGuard(diversity.Lexical{}, 0.85)
	st, err = p.RunTwinsFile(t.Context(), path, 2)
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Equal(t, 0, st.Kept)
	assert.Equal(t, 4, st.Rejected.NearDuplicate+st.Rejected.Duplicate, "%+v", st.Rejected)
	assert.Positive(t, st.Rejected.NearDuplicate)
}
