package evenhand_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// topics are stories that share no content word with each other.
var topics = []string{
	"%s found a wallet on the bus with cash inside and %s kept the money to pay the rent that month",
	"%s promised to water the garden of an elderly neighbour but %s forgot for weeks and the plants died",
	"%s copied answers from a classmate during the final exam because %s feared losing a scholarship",
}

// cyclingGen writes the topics in turn, forever. Round k of the topics (from 0) ends each story
// with k exclamation marks: the same words, so the lexical embedder sees the same story (cosine
// 1), but not the same text, which Run would reject as a duplicate before the guard.
func cyclingGen() story.Generator { return cyclingGenFrom(0) }

// cyclingGenFrom is cyclingGen starting at round k.
func cyclingGenFrom(k int) story.Generator {
	var n atomic.Int64
	return story.Func(func(context.Context) (story.Pair, error) {
		i := int(n.Add(1)-1) + k*len(topics)
		tmpl := topics[i%len(topics)] + strings.Repeat("!", i/len(topics))
		return story.Pair{
			Male:   story.Story{Text: fmt.Sprintf(tmpl, "Tom", "he"), Character: "Tom", Gender: story.Male},
			Female: story.Story{Text: fmt.Sprintf(tmpl, "Ann", "she"), Character: "Ann", Gender: story.Female},
		}, nil
	})
}

func TestGuardRejectsNearDuplicates(t *testing.T) {
	defer goleak.VerifyNone(t)
	var judged atomic.Int64
	j := judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
		judged.Add(1)
		return stanceJudge.Judge(ctx, s)
	})
	p := evenhand.Pipeline{Generator: cyclingGen(), Judge: j, Neutralizer: okNeutral, Concurrency: 2,
		MaxAttempts: 12, Guard: diversity.NewGuard(diversity.Lexical{}, 0.9)}
	var kept []string
	st, err := p.Run(context.Background(), 5, func(r record.Record) error { kept = append(kept, r.Male.Story); return nil })
	require.ErrorIs(t, err, evenhand.ErrBudgetExhausted)
	assert.Equal(t, 3, st.Kept, "one pair per topic")
	assert.Len(t, kept, 3)
	assert.Equal(t, 9, st.Rejected.NearDuplicate)
	assert.Equal(t, 12, st.Rejected.Total()+st.Kept)
	// Pairs rejected by the guard before judging cost no judge call; pairs judged concurrently
	// with their first twin may have been judged, then rejected at Keep.
	assert.LessOrEqual(t, judged.Load(), int64(2*(3+2)))
	assert.Equal(t, 3, p.Guard.Len())
}

// After a restart, the stories already in the file count as kept.
func TestGuardSurvivesRunFileResume(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := filepath.Join(t.TempDir(), "records.jsonl")
	p := evenhand.Pipeline{Generator: cyclingGen(), Judge: stanceJudge, Neutralizer: okNeutral,
		Guard: diversity.NewGuard(diversity.Lexical{}, 0.9)}
	st, err := p.RunFile(context.Background(), path, 2)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Rejected.NearDuplicate)

	// A new process: a fresh guard, and a generator that starts over with the same topics (in
	// other words: the same words would be a duplicate, not a near-duplicate).
	q := evenhand.Pipeline{Generator: cyclingGenFrom(1), Judge: stanceJudge, Neutralizer: okNeutral,
		Guard: diversity.NewGuard(diversity.Lexical{}, 0.9), MaxAttempts: 10}
	st, err = q.RunFile(context.Background(), path, 3)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Kept)
	assert.Equal(t, 2, st.Rejected.NearDuplicate, "the two topics already in the file")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	records, err := record.ReadRecords(f)
	require.NoError(t, err)
	require.Len(t, records, 3)
	assert.Contains(t, records[2].Male.Story, "copied answers")
}

func TestGuardEmbedderFailureStopsRun(t *testing.T) {
	defer goleak.VerifyNone(t)
	gen, _ := countingGen()
	bad := diversity.NewGuard(emptyEmbedder{}, 0.9)
	p := evenhand.Pipeline{Generator: gen, Judge: stanceJudge, Neutralizer: okNeutral, Guard: bad}
	_, err := p.Run(context.Background(), 1, func(record.Record) error { return nil })
	var se *evenhand.StageError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, evenhand.StageDedup, se.Stage)
	require.ErrorIs(t, err, diversity.ErrEmbedder)
}

// emptyEmbedder answers no vector at all.
type emptyEmbedder struct{}

func (emptyEmbedder) EmbedDocuments(context.Context, []string) ([][]float32, error) { return nil, nil }
func (emptyEmbedder) EmbedQuery(context.Context, string) ([]float32, error)         { return nil, nil }

// The near-duplicate guard rejects a pair whose male story is too close to a kept one, before
// its stories are judged. The generator here writes the same three stories over and over (ending
// them differently each round: the very same text is rejected as a duplicate, before the guard).
func ExamplePipeline_guard() {
	p := evenhand.Pipeline{Generator: cyclingGen(), Judge: stanceJudge, Neutralizer: okNeutral, MaxAttempts: 9,
		Guard: diversity.NewGuard(diversity.Lexical{}, 0.9)}
	st, err := p.Run(context.Background(), 5, func(r record.Record) error { return nil })
	fmt.Println(err != nil, st.Kept, "kept,", st.Rejected.NearDuplicate, "near-duplicates rejected")
	// Output:
	// true 3 kept, 6 near-duplicates rejected
}
