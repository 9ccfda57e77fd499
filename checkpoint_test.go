package evenhand

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunFileResumes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	m := &llmtest.Model{Reply: llmtest.MethodReply}
	p := New(m)
	p.Concurrency = 2

	st, err := p.RunFile(t.Context(), path, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, st.Kept)
	first, err := os.ReadFile(path)
	require.NoError(t, err)

	// A crash tore the next write.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.Write(first[:len(first)/5])
	require.NoError(t, err)
	require.NoError(t, f.Close())

	st, err = p.RunFile(t.Context(), path, 5)
	require.NoError(t, err)
	assert.Equal(t, 2, st.Kept, "only the missing records are made")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, first), "the records of the first run changed")
	recs, err := record.ReadRecords(bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, recs, 5)
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
	}

	calls := m.Calls()
	st, err = p.RunFile(t.Context(), path, 5)
	require.NoError(t, err)
	assert.Equal(t, calls, m.Calls(), "a finished file made model calls")
	assert.Zero(t, st.Attempts)
	again, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, again)
}

func TestRunFileFirstID(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	p := New(&llmtest.Model{Reply: llmtest.MethodReply})
	p.FirstID = 100
	_, err := p.RunFile(t.Context(), path, 2)
	require.NoError(t, err)
	_, err = p.RunFile(t.Context(), path, 4)
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := record.ReadRecords(bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, recs, 4)
	for i, r := range recs {
		assert.Equal(t, 100+i, r.ID)
	}
	p.FirstID = 0
	_, err = p.RunFile(t.Context(), path, 5)
	require.ErrorIs(t, err, record.ErrCheckpoint)
}

func TestRunFileMissingStage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	_, err := (&Pipeline{}).RunFile(t.Context(), path, 1)
	require.ErrorIs(t, err, ErrMissingStage)
	_, statErr := os.Stat(path)
	assert.True(t, os.IsNotExist(statErr), "no file is created for a pipeline that cannot run")
}

// The kill-and-resume test: a child process (this test binary, re-executed) runs RunFile
// against a slow fake pipeline and is killed with SIGKILL mid-run, again and again.
const (
	childPathEnv = "EVENHAND_CHECKPOINT_CHILD_PATH"
	childNEnv    = "EVENHAND_CHECKPOINT_CHILD_N"
)

// slowPipeline has stages that each take delay (judging a third of it), with no model.
func slowPipeline(delay time.Duration) *Pipeline {
	var n atomic.Int64
	return &Pipeline{
		Generator: story.Func(func(ctx context.Context) (story.Pair, error) {
			k := int(n.Add(1))
			if err := sleep(ctx, delay); err != nil {
				return story.Pair{}, err
			}
			return story.ParsePair(llmtest.PairReply(k))
		}),
		Judge: judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
			if err := sleep(ctx, delay/3); err != nil {
				return judge.Judgment{}, err
			}
			if s.Gender == story.Male {
				return judge.Judgment{Stance: judge.Moral, Explanation: "kind"}, nil
			}
			return judge.Judgment{Stance: judge.Immoral, Explanation: "rude"}, nil
		}),
		Neutralizer: neutral.Func(func(ctx context.Context, _ story.Pair, _, _ judge.Judgment) (neutral.Result, error) {
			if err := sleep(ctx, delay/3); err != nil {
				return neutral.Result{}, err
			}
			return neutral.Result{Male: "balanced", Female: "balanced"}, nil
		}),
		Concurrency: 3,
	}
}

// TestCheckpointChild is the child process of TestCheckpointSurvivesKill; run alone it skips.
func TestCheckpointChild(t *testing.T) {
	path := os.Getenv(childPathEnv)
	if path == "" {
		t.Skip("helper process for TestCheckpointSurvivesKill")
	}
	n, err := strconv.Atoi(os.Getenv(childNEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad", childNEnv, err)
		os.Exit(2)
	}
	if _, err := slowPipeline(15*time.Millisecond).RunFile(context.Background(), path, n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Exit(0)
}

func TestCheckpointSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	const n = 60
	path := filepath.Join(t.TempDir(), "run.jsonl")
	rng := rand.New(rand.NewPCG(2026, 6))
	var durable []byte // the complete records found after the previous run
	countLines := func(path string) int {
		b, _ := os.ReadFile(path)
		return bytes.Count(b, []byte{'\n'})
	}
	runs, kills, torn := 0, 0, 0
	var progress []int
	for {
		runs++
		require.LessOrEqual(t, runs, 100, "the run never finished")
		cmd := exec.Command(os.Args[0], "-test.run=^TestCheckpointChild$", "-test.count=1")
		// GORACE: a race-enabled child would otherwise sleep a second before exiting.
		cmd.Env = append(os.Environ(), childPathEnv+"="+path, childNEnv+"="+strconv.Itoa(n), "GORACE=atexit_sleep_ms=0")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		// Kill once the child has written a random number (3 to 12) of new records, found by
		// polling the file, so that every run dies mid-run after making progress.
		target := bytes.Count(durable, []byte{'\n'}) + 3 + rng.IntN(10)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		killed := false
		tick := time.NewTicker(time.Millisecond)
	wait:
		for {
			select {
			case err = <-done:
				break wait
			case <-tick.C:
				if !killed && countLines(path) >= target {
					_ = cmd.Process.Kill() // SIGKILL on Unix: no chance to clean up
					killed = true
				}
			}
		}
		tick.Stop()

		data, rerr := os.ReadFile(path)
		if os.IsNotExist(rerr) { // killed before it opened the file
			rerr = nil
		}
		require.NoError(t, rerr)
		require.True(t, bytes.HasPrefix(data, durable), "run %d: records written before were lost or changed", runs)
		durable = data[:bytes.LastIndexByte(data, '\n')+1]
		recs, rerr := record.ReadRecords(bytes.NewReader(durable))
		require.NoError(t, rerr)
		progress = append(progress, len(recs))
		if err == nil {
			break
		}
		require.True(t, killed, "run %d failed on its own: %v\n%s", runs, err, stderr.String())
		kills++
		if runs%3 == 0 && len(durable) > 0 {
			// A kill in the middle of a write leaves part of a line: simulate one.
			f, ferr := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, ferr)
			line := durable[:bytes.IndexByte(durable, '\n')]
			_, ferr = f.Write(line[:len(line)/2])
			require.NoError(t, ferr)
			require.NoError(t, f.Close())
			torn++
		}
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := record.ReadRecords(bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, recs, n, "records lost or duplicated")
	seen := make(map[int]bool, n)
	// Each child's generator starts its sequence over (as the demo model does), so every run
	// first meets the stories of the runs before it: issue 20 found them kept again, under pair
	// ids (attempt numbers) that every run reused.
	pairIDs, stories := map[string]int{}, map[[2]string]int{}
	for i, r := range recs {
		assert.Equal(t, i, r.ID, "ids must run 0..n-1 in order")
		assert.False(t, seen[r.ID], "duplicate id %d", r.ID)
		seen[r.ID] = true
		assert.Equal(t, judge.Moral, r.Male.Stance)
		assert.Equal(t, "balanced", r.Female.NeutralExplanation)
		if first, ok := pairIDs[r.PairID]; ok {
			t.Errorf("record %d repeats the pair id %q of record %d", r.ID, r.PairID, first)
		}
		pairIDs[r.PairID] = r.ID
		if first, ok := stories[[2]string{r.Male.Story, r.Female.Story}]; ok {
			t.Errorf("record %d repeats the stories of record %d", r.ID, first)
		}
		stories[[2]string{r.Male.Story, r.Female.Story}] = r.ID
	}
	assert.Positive(t, kills, "no run was killed: the test proved nothing")
	t.Logf("%d runs, %d killed mid-run, %d torn lines cut, records after each run %v: %d records, ids 0..%d, 0 lost, 0 duplicated, %d distinct pair ids, %d distinct pairs of stories",
		runs, kills, torn, progress, len(recs), n-1, len(pairIDs), len(stories))
}

// TestRunFileSecondWriterFails is issue 11 finding 1: two processes running RunFile on one file
// both exited 0 and left malformed lines. The second now fails at once, naming the file, and the
// first finishes a clean file.
func TestRunFileSecondWriterFails(t *testing.T) {
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	const n = 20
	path := filepath.Join(t.TempDir(), "run.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCheckpointChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childPathEnv+"="+path, childNEnv+"="+strconv.Itoa(n), "GORACE=atexit_sleep_ms=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	for { // wait for the first writer's first record
		if b, _ := os.ReadFile(path); bytes.Count(b, []byte{'\n'}) >= 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	_, err := slowPipeline(time.Millisecond).RunFile(t.Context(), path, n)
	require.ErrorIs(t, err, record.ErrLocked)
	assert.Contains(t, err.Error(), path)
	require.NoError(t, cmd.Wait(), stderr.String())
	recs, err := record.ReadRecords(bytes.NewReader(must(os.ReadFile(path))))
	require.NoError(t, err)
	require.Len(t, recs, n)
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
