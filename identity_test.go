package evenhand_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// readRecords returns the records of the file at path.
func readRecords(t *testing.T, path string) []record.Record {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := record.ReadRecords(bytes.NewReader(data))
	require.NoError(t, err)
	return recs
}

// distinct returns the number of distinct pair ids and of distinct pairs of stories in recs.
func distinct(recs []record.Record) (ids, stories int) {
	idSet, storySet := map[string]bool{}, map[[2]string]bool{}
	for _, r := range recs {
		idSet[r.PairID] = true
		storySet[[2]string{r.Male.Story, r.Female.Story}] = true
	}
	return len(idSet), len(storySet)
}

// TestRunFilePairIDsNeverRepeat is issue 20's "pair_id reused after every resume": the ids were
// attempt numbers, which every resumed run counts from 0 again (quickstart -resume -n 3, then
// -n 6, gave pair ids 1, 8, 19, 4, 8, 19). A pair's id is now its content id: unique in the file
// however many times it is resumed, and the same for the same stories in any file.
func TestRunFilePairIDsNeverRepeat(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	var made atomic.Int64 // one model for the whole test: the stories differ across resumes
	gen := story.Func(func(context.Context) (story.Pair, error) { return bandPair(int(made.Add(1))), nil })
	for _, n := range []int{3, 6, 7, 10} { // four processes, each continuing the file
		p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 2}
		_, err := p.RunFile(t.Context(), path, n)
		require.NoError(t, err)
	}
	recs := readRecords(t, path)
	require.Len(t, recs, 10)
	ids, stories := distinct(recs)
	assert.Equal(t, 10, stories)
	assert.Equal(t, 10, ids, "pair ids repeat: %v", pairIDs(recs))
	for _, r := range recs {
		assert.Equal(t, r.Pair().ContentID(), r.PairID, "record %d: the pair id is the content id", r.ID)
	}
}

func pairIDs(recs []record.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.PairID
	}
	return out
}

// TestRunKeepsNoPairTwice is issue 20's "exact duplicates kept": a model that writes the same pair
// twice had both copies kept (the same DPO rows twice). Run now rejects a pair whose stories equal
// a kept pair's, up to white space, and counts it, with or without a Guard.
func TestRunKeepsNoPairTwice(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, guard := range []*diversity.Guard{nil, diversity.NewGuard(diversity.Lexical{}, 0.9)} {
		t.Run(fmt.Sprintf("guard %v", guard != nil), func(t *testing.T) {
			// Pairs 0, 0, 1, 1, 2, 2, ...; each repeat with its white space changed.
			var n atomic.Int64
			gen := story.Func(func(context.Context) (story.Pair, error) {
				k := int(n.Add(1) - 1)
				p := bandPair(k / 2)
				if k%2 == 1 {
					p.Male.Text = "  " + p.Male.Text + "\n"
					p.Female.Text = "\t" + p.Female.Text
				}
				return p, nil
			})
			var judged atomic.Int64
			p := &evenhand.Pipeline{Generator: gen, Judge: countJudge(&judged), Neutralizer: okNeutral, Guard: guard}
			var recs []record.Record
			st, err := p.Run(t.Context(), 5, func(r record.Record) error { recs = append(recs, r); return nil })
			require.NoError(t, err)
			require.Len(t, recs, 5)
			ids, stories := distinct(recs)
			assert.Equal(t, 5, stories, "the same stories were kept twice")
			assert.Equal(t, 5, ids)
			assert.Equal(t, 9, st.Attempts)
			assert.Equal(t, evenhand.Rejections{Duplicate: 4}, st.Rejected, "counted as duplicates, guard or not")
			assert.Equal(t, int64(2*5), judged.Load(), "a repeat of a kept pair costs no judge call")
		})
	}
}

// countJudge is stanceJudge, counting its calls in n.
func countJudge(n *atomic.Int64) judge.Judge {
	return judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
		n.Add(1)
		return stanceJudge.Judge(ctx, s)
	})
}

// TestRunFileKeepsNoPairTwiceAcrossResumes: RunFile learns the pairs of its file, so a model that
// writes the same stories again after a restart (the demo model replays its sequence) adds none
// of them twice.
func TestRunFileKeepsNoPairTwiceAcrossResumes(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	replay := func() story.Generator { // a new process: the sequence starts over
		var n atomic.Int64
		return story.Func(func(context.Context) (story.Pair, error) { return bandPair(int(n.Add(1))), nil })
	}
	p := &evenhand.Pipeline{Generator: replay(), Judge: stanceJudge, Neutralizer: okNeutral}
	_, err := p.RunFile(t.Context(), path, 4)
	require.NoError(t, err)
	p.Generator = replay()
	st, err := p.RunFile(t.Context(), path, 7)
	require.NoError(t, err)
	assert.Equal(t, 3, st.Kept)
	assert.Equal(t, 4, st.Rejected.Duplicate, "the four pairs already in the file")
	recs := readRecords(t, path)
	require.Len(t, recs, 7)
	ids, stories := distinct(recs)
	assert.Equal(t, 7, stories)
	assert.Equal(t, 7, ids)
}

// A Generator's own ids must name one pair each: an id that names a kept pair with other stories
// (a generator numbering its pairs from 1 again in a resumed run) stops the run instead of
// mislabelling a pair, and the file keeps what it had.
func TestRunFileGeneratorIDReused(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	var made atomic.Int64 // new stories in every run
	numbered := func() story.Generator {
		var n atomic.Int64
		return story.Func(func(context.Context) (story.Pair, error) {
			p := bandPair(int(made.Add(1)))
			p.ID = fmt.Sprintf("gen-%d", n.Add(1))
			return p, nil
		})
	}
	p := &evenhand.Pipeline{Generator: numbered(), Judge: stanceJudge, Neutralizer: okNeutral}
	_, err := p.RunFile(t.Context(), path, 2)
	require.NoError(t, err)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	p.Generator = numbered()
	_, err = p.RunFile(t.Context(), path, 4)
	require.ErrorIs(t, err, evenhand.ErrPairIDReused)
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageGenerate, se.Stage)
	assert.Equal(t, "gen-1", se.PairID)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	// The same id for the same stories is a duplicate, not an error.
	p.Generator = story.Func(func(context.Context) (story.Pair, error) {
		p := bandPair(1)
		p.ID = "gen-1"
		return p, nil
	})
	p.MaxAttempts = 3
	st, err := p.RunFile(t.Context(), path, 4)
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Equal(t, 3, st.Rejected.Duplicate)
}

// Many workers drawing from a small pool of pairs: every pair is kept once, whatever the timing.
func TestRunDuplicatesConcurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	for round := range 20 {
		var n atomic.Int64
		gen := story.Func(func(context.Context) (story.Pair, error) { return bandPair(int(n.Add(1)) % 6), nil })
		p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Concurrency: 8, MaxAttempts: 60}
		var recs []record.Record
		st, err := p.Run(t.Context(), 7, func(r record.Record) error { recs = append(recs, r); return nil })
		require.ErrorIs(t, err, evenhand.ErrBudgetExhausted, "round %d: only six pairs exist", round)
		require.Len(t, recs, 6, "round %d", round)
		ids, stories := distinct(recs)
		assert.Equal(t, 6, stories, "round %d", round)
		assert.Equal(t, 6, ids, "round %d", round)
		assert.Equal(t, 60-6, st.Rejected.Duplicate, "round %d", round)
	}
}

// A file written before pair ids were content ids, whose ids repeat, is continued as it is: its
// records stay, and the new ones carry content ids (dataset -renumber gives the old ones theirs).
func TestRunFileContinuesOldFile(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "old.jsonl")
	var b bytes.Buffer
	w := record.NewWriter(&b)
	for i, id := range []string{"1", "8", "1"} { // attempt numbers of two runs
		p := bandPair(100 + i)
		require.NoError(t, w.Write(record.Record{ID: i, PairID: id,
			Male:   record.Side{Story: p.Male.Text, Stance: judge.Moral},
			Female: record.Side{Story: p.Female.Text, Stance: judge.Immoral}}))
	}
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	var made atomic.Int64
	gen := story.Func(func(context.Context) (story.Pair, error) { return bandPair(int(made.Add(1)) + 99), nil })
	p := &evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral}
	st, err := p.RunFile(t.Context(), path, 5)
	require.NoError(t, err)
	assert.Equal(t, 3, st.Rejected.Duplicate, "pairs 100 to 102 are in the file already")
	recs := readRecords(t, path)
	require.Len(t, recs, 5)
	assert.Equal(t, []string{"1", "8", "1"}, pairIDs(recs[:3]))
	for _, r := range recs[3:] {
		assert.Equal(t, r.Pair().ContentID(), r.PairID)
	}
}
