package evenhand_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// bandPair returns pair i: stories that differ in two of twenty-one tokens (ROUGE-1 F1 0.905,
// inside the default band), and from those of every other i in the bus number, since Run keeps no
// pair twice.
func bandPair(i int) story.Pair {
	const tmpl = "%s found a wallet on bus %d with cash inside and %s kept the money to pay the rent that month"
	return story.Pair{
		Male:   story.Story{Text: fmt.Sprintf(tmpl, "Tom", i, "he"), Character: "Tom", Gender: story.Male},
		Female: story.Story{Text: fmt.Sprintf(tmpl, "Ann", i, "she"), Character: "Ann", Gender: story.Female},
		Source: fmt.Sprint(i % 4),
	}
}

// stanceJudge judges male stories Moral and female stories Immoral: every pair is biased.
var stanceJudge = judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
	if s.Gender == story.Female {
		return judge.Judgment{Stance: judge.Immoral, Explanation: "wrong"}, nil
	}
	return judge.Judgment{Stance: judge.Moral, Explanation: "right"}, nil
})

var okNeutral = neutral.Func(func(_ context.Context, _ story.Pair, _, _ judge.Judgment) (neutral.Result, error) {
	return neutral.Result{Male: "balanced one", Female: "balanced two"}, nil
})

func countingGen() (story.Generator, *atomic.Int64) {
	var n atomic.Int64
	return story.Func(func(context.Context) (story.Pair, error) {
		return bandPair(int(n.Add(1))), nil
	}), &n
}

func TestRunKeepsNInOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	gen, _ := countingGen()
	var inEmit atomic.Int32
	var ids []int
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 8}
	st, err := p.Run(t.Context(), 25, func(r record.Record) error {
		if inEmit.Add(1) != 1 {
			t.Errorf("emit called concurrently")
		}
		defer inEmit.Add(-1)
		ids = append(ids, r.ID)
		assert.Equal(t, judge.Moral, r.Male.Stance)
		assert.Equal(t, "balanced two", r.Female.NeutralExplanation)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 25, st.Kept)
	want := make([]int, 25)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, ids, "records must carry ids 0..n-1 in emit order")
	assert.GreaterOrEqual(t, st.Attempts, 25)
	assert.LessOrEqual(t, st.Attempts, 25+8, "at most Concurrency attempts beyond n may start")
}

func TestRunFirstID(t *testing.T) {
	gen, _ := countingGen()
	var ids []int
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, FirstID: 40}
	_, err := p.Run(t.Context(), 3, func(r record.Record) error { ids = append(ids, r.ID); return nil })
	require.NoError(t, err)
	assert.Equal(t, []int{40, 41, 42}, ids)
}

// TestRunRejections drives one attempt into each rejection reason, in a fixed order, with one
// worker so the counts are exact.
func TestRunRejections(t *testing.T) {
	defer goleak.VerifyNone(t)
	var n atomic.Int64
	gen := story.Func(func(context.Context) (story.Pair, error) {
		i := int(n.Add(1)) - 1
		p := bandPair(i)
		switch i % 6 {
		case 0:
			return story.Pair{}, fmt.Errorf("%w: nonsense", story.ErrUnparsable)
		case 1: // identical stories: F1 = 1, above the band
			p.Female.Text = p.Male.Text
		case 2:
			p.Male.Character = "invalid"
		case 3:
			p.Male.Character = "agree"
		case 4:
			p.Male.Character = "stubborn"
		}
		return p, nil
	})
	j := judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		switch {
		case s.Character == "invalid":
			return judge.Judgment{}, nil
		case s.Character == "agree" || s.Gender == story.Female:
			return judge.Judgment{Stance: judge.Immoral}, nil
		}
		return judge.Judgment{Stance: judge.Moral}, nil
	})
	neu := neutral.Func(func(_ context.Context, p story.Pair, _, _ judge.Judgment) (neutral.Result, error) {
		if p.Male.Character == "stubborn" {
			return neutral.Result{}, fmt.Errorf("%w: he", neutral.ErrNotNeutral)
		}
		return neutral.Result{Male: "a", Female: "b"}, nil
	})
	p := &evenhand.Pipeline{Generator: gen, Judge: j, Neutralizer: neu}
	st, err := p.Run(t.Context(), 3, func(record.Record) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 18, st.Attempts)
	assert.Equal(t, 3, st.Kept)
	assert.Equal(t, evenhand.Rejections{Unparsable: 3, OutsideBand: 3, InvalidStance: 3, Consistent: 3, NotNeutral: 3}, st.Rejected)
	assert.Equal(t, 15, st.Rejected.Total())
}

func TestRunBudget(t *testing.T) {
	defer goleak.VerifyNone(t)
	gen, made := countingGen()
	agree := judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
		return judge.Judgment{Stance: judge.Both}, nil
	})
	p := &evenhand.Pipeline{Generator: gen, Judge: agree, Neutralizer: okNeutral, Concurrency: 4, MaxAttempts: 37}
	st, err := p.Run(t.Context(), 5, func(record.Record) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Equal(t, 37, st.Attempts)
	assert.Equal(t, int64(37), made.Load())
	assert.Equal(t, 37, st.Rejected.Consistent)

	// The default budget is DefaultAttemptsPerPair per pair asked for.
	p.MaxAttempts = 0
	st, err = p.Run(t.Context(), 2, func(record.Record) error { return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Equal(t, 2*evenhand.DefaultAttemptsPerPair, st.Attempts)
}

func TestRunStageErrors(t *testing.T) {
	boom := errors.New("boom")
	gen, _ := countingGen()
	tests := []struct {
		name  string
		p     evenhand.Pipeline
		emit  func(record.Record) error
		stage evenhand.Stage
	}{
		{"generate", evenhand.Pipeline{Generator: story.Func(func(context.Context) (story.Pair, error) { return story.Pair{}, boom }), Judge: stanceJudge, Neutralizer: okNeutral}, nil, evenhand.StageGenerate},
		{"judge", evenhand.Pipeline{Generator: gen, Judge: judge.Func(func(context.Context, story.Story) (judge.Judgment, error) { return judge.Judgment{}, boom }), Neutralizer: okNeutral}, nil, evenhand.StageJudge},
		{"compare", evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Comparator: compare.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (compare.Verdict, error) {
			return compare.Verdict{}, boom
		})}, nil, evenhand.StageCompare},
		{"neutralize", evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: neutral.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (neutral.Result, error) {
			return neutral.Result{}, boom
		})}, nil, evenhand.StageNeutralize},
		{"emit", evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral}, func(record.Record) error { return boom }, evenhand.StageEmit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			emit := tt.emit
			if emit == nil {
				emit = func(record.Record) error { return nil }
			}
			tt.p.Concurrency = 3
			st, err := tt.p.Run(t.Context(), 4, emit)
			require.ErrorIs(t, err, boom)
			var se *evenhand.StageError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.stage, se.Stage, "error: %v", err)
			assert.Contains(t, err.Error(), "evenhand: "+tt.stage.String())
			assert.Zero(t, st.Kept)
		})
	}
}

func TestRunMissingStage(t *testing.T) {
	gen, _ := countingGen()
	for name, p := range map[string]*evenhand.Pipeline{
		"Generator":   {Judge: stanceJudge, Neutralizer: okNeutral},
		"Judge":       {Generator: gen, Neutralizer: okNeutral},
		"Neutralizer": {Generator: gen, Judge: stanceJudge},
		"nil":         nil,
	} {
		_, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
		assert.ErrorIs(t, err, evenhand.ErrMissingStage, name)
		if name != "nil" {
			assert.Contains(t, err.Error(), name)
		}
	}
	var p *evenhand.Pipeline
	_, _, err := p.Audit(t.Context(), nil)
	assert.ErrorIs(t, err, evenhand.ErrMissingStage)
}

func TestRunCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(t.Context())
	var started atomic.Int64
	slow := story.Func(func(ctx context.Context) (story.Pair, error) {
		if started.Add(1) == 6 {
			cancel()
		}
		select {
		case <-ctx.Done():
			return story.Pair{}, fmt.Errorf("model call: %w", ctx.Err())
		case <-time.After(time.Millisecond):
			return bandPair(0), nil
		}
	})
	agree := judge.Func(func(context.Context, story.Story) (judge.Judgment, error) {
		return judge.Judgment{Stance: judge.Both}, nil
	})
	p := &evenhand.Pipeline{Generator: slow, Judge: agree, Neutralizer: okNeutral, Concurrency: 4}
	_, err := p.Run(ctx, 10, func(record.Record) error { return nil })
	require.ErrorIs(t, err, context.Canceled)
}

// TestRunStopsWhenDone checks that work in flight when the n-th pair is kept is cancelled, and
// that nothing is emitted after it.
func TestRunStopsWhenDone(t *testing.T) {
	defer goleak.VerifyNone(t)
	var cancelled atomic.Int64
	var calls atomic.Int64
	gen := story.Func(func(ctx context.Context) (story.Pair, error) {
		if c := calls.Add(1); c <= 2 {
			return bandPair(int(c)), nil
		}
		<-ctx.Done() // everything after the first two pairs hangs until cancelled
		cancelled.Add(1)
		return story.Pair{}, ctx.Err()
	})
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 6}
	var emitted int
	st, err := p.Run(t.Context(), 2, func(record.Record) error { emitted++; return nil })
	require.NoError(t, err)
	assert.Equal(t, 2, emitted)
	assert.Equal(t, 2, st.Kept)
	assert.Equal(t, calls.Load()-2, cancelled.Load(), "every hanging attempt must have been cancelled before Run returned")
}

func TestRunConcurrencyBound(t *testing.T) {
	var inFlight, peak, calls atomic.Int64
	gen := story.Func(func(context.Context) (story.Pair, error) {
		v := inFlight.Add(1)
		for {
			old := peak.Load()
			if v <= old || peak.CompareAndSwap(old, v) {
				break
			}
		}
		time.Sleep(200 * time.Microsecond)
		inFlight.Add(-1)
		return bandPair(int(v*1000 + calls.Add(1))), nil
	})
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 3}
	_, err := p.Run(t.Context(), 30, func(record.Record) error { return nil })
	require.NoError(t, err)
	assert.LessOrEqual(t, peak.Load(), int64(3))
	assert.Positive(t, peak.Load())
}

func TestRunProgress(t *testing.T) {
	gen, _ := countingGen()
	var mu sync.Mutex
	var events []evenhand.Progress
	var busy atomic.Int32
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 4, OnProgress: func(pr evenhand.Progress) {
		if busy.Add(1) != 1 {
			t.Errorf("OnProgress called concurrently")
		}
		defer busy.Add(-1)
		mu.Lock()
		events = append(events, pr)
		mu.Unlock()
	}}
	_, err := p.Run(t.Context(), 6, func(record.Record) error { return nil })
	require.NoError(t, err)
	require.NotEmpty(t, events)
	last := 0
	for _, e := range events {
		assert.GreaterOrEqual(t, e.Kept, last, "kept never goes down")
		last = e.Kept
		assert.Equal(t, 6, e.Wanted)
	}
	assert.Equal(t, 6, last)
	assert.InDelta(t, 1.0, events[len(events)-1].Fraction(), 1e-9)
}

func TestAudit(t *testing.T) {
	defer goleak.VerifyNone(t)
	pairs := make([]story.Pair, 50)
	for i := range pairs {
		pairs[i] = bandPair(i)
		pairs[i].ID = fmt.Sprint(i)
		if i%3 == 0 {
			pairs[i].Male.Character = "even"
		}
	}
	j := judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		time.Sleep(time.Duration(len(s.Character)) * 100 * time.Microsecond) // finish out of order
		if s.Character == "even" || s.Gender == story.Male {
			return judge.Judgment{Stance: judge.Moral, Explanation: s.Character}, nil
		}
		return judge.Judgment{Stance: judge.Immoral}, nil
	})
	p := &evenhand.Pipeline{Judge: j, Concurrency: 7}
	out, st, err := p.Audit(t.Context(), pairs)
	require.NoError(t, err)
	require.Len(t, out, 50)
	assert.Equal(t, 50, st.Attempts)
	assert.Equal(t, 50, st.Kept)
	assert.Positive(t, st.Elapsed)
	for i, o := range out {
		assert.Equal(t, pairs[i], o.Pair, "outcome %d out of order", i)
		assert.Equal(t, compare.Verdict{Mismatch: true, Favored: story.Male}, o.Verdict)
		assert.Equal(t, pairs[i].Male.Character, o.Male.Explanation)
	}

	boom := errors.New("boom")
	p.Judge = judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		if s.Character == "even" {
			return judge.Judgment{}, boom
		}
		return judge.Judgment{Stance: judge.Moral}, nil
	})
	p.Concurrency = 1
	_, st, err = p.Audit(t.Context(), pairs)
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageJudge, se.Stage)
	assert.Equal(t, 0, se.Index)
	assert.ErrorIs(t, err, boom)
	assert.Zero(t, st.Kept, "Stats come with the error")
	assert.Equal(t, 1, st.Attempts)
}

func TestAuditCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p := &evenhand.Pipeline{Judge: stanceJudge, Concurrency: 2}
	_, _, err := p.Audit(ctx, []story.Pair{bandPair(0), bandPair(1)})
	require.ErrorIs(t, err, context.Canceled)
}

func TestBand(t *testing.T) {
	tests := []struct {
		b    evenhand.Band
		f    float64
		want bool
	}{
		{evenhand.Band{}, 0.8, true}, {evenhand.Band{}, 0.95, true}, {evenhand.Band{}, 0.7999, false},
		{evenhand.Band{}, 0.9501, false}, {evenhand.Band{Min: 0, Max: 1}, 1, true}, {evenhand.Band{Min: 0.5, Max: 0.6}, 0.8, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.b.Contains(tt.f), "%+v.Contains(%v)", tt.b, tt.f)
	}
}

func TestStageString(t *testing.T) {
	assert.Equal(t, "neutralize", evenhand.StageNeutralize.String())
	assert.Equal(t, "Stage(42)", evenhand.Stage(42).String())
	var s evenhand.Stage
	require.NoError(t, s.UnmarshalText([]byte("judge")))
	assert.Equal(t, evenhand.StageJudge, s)
}

func TestAuditProgress(t *testing.T) {
	pairs := []story.Pair{bandPair(0), bandPair(1), bandPair(2), bandPair(3), bandPair(4)}
	var mu sync.Mutex
	var last evenhand.Progress
	calls := 0
	p := &evenhand.Pipeline{Judge: stanceJudge, Concurrency: 3, OnProgress: func(pr evenhand.Progress) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		assert.GreaterOrEqual(t, pr.Kept, last.Kept, "judged pairs never go down")
		last = pr
	}}
	_, _, err := p.Audit(t.Context(), pairs)
	require.NoError(t, err)
	assert.Equal(t, 5, calls)
	assert.Equal(t, 5, last.Wanted)
	assert.Equal(t, 5, last.Kept)
	assert.Equal(t, 5, last.Done)
}

func TestRunNilEmit(t *testing.T) {
	gen, made := countingGen()
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral}
	_, err := p.Run(t.Context(), 1, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "emit")
	assert.Zero(t, made.Load(), "no model work without somewhere to put it")
}

// TestRunNegative: a negative count is a caller's mistake, not an empty success (issue 11,
// finding 8); zero is an empty success.
func TestRunNegative(t *testing.T) {
	gen, made := countingGen()
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral}
	_, err := p.Run(t.Context(), -1, func(record.Record) error { return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-1")
	st, err := p.Run(t.Context(), 0, func(record.Record) error { return nil })
	require.NoError(t, err)
	assert.Zero(t, st.Attempts)
	assert.Zero(t, made.Load())
}
