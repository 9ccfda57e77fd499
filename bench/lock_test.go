package bench_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/record"
)

// TestRunFileSecondWriterFails is issue 20's "two bench -out on one file" row for the library:
// two writers of one results file, started a moment apart in two processes, both finished and
// left corrupt lines. The second now fails at once with the module's one lock error, naming the
// file and the holder, and leaves the file as the first writes it.
func TestRunFileSecondWriterFails(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	path := filepath.Join(t.TempDir(), "results.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(time.Minute)
	for {
		data, _ := os.ReadFile(path)
		if bytes.Count(data, []byte("\n")) >= 5 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the child wrote too little")
		time.Sleep(5 * time.Millisecond)
	}

	m := &llmtest.Model{Reply: llmtest.Cycle("A")}
	_, st, err := (&bench.Runner{Model: m, Concurrency: 4}).RunFile(context.Background(), path, synthetic(400))
	require.ErrorIs(t, err, record.ErrLocked)
	le, ok := errors.AsType[*record.LockedError](err)
	require.True(t, ok, "the error is the module's one lock error: %v", err)
	assert.Equal(t, path, le.Path)
	if runtime.GOOS == "linux" {
		assert.Contains(t, le.Holder, "pid "+strconv.Itoa(cmd.Process.Pid), "Linux names the holder")
	}
	assert.Zero(t, m.Calls(), "the second writer asks nothing")
	assert.Zero(t, st.Asked)
	t.Log(err)

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	// Every complete line is one result, each item once: the file can be continued and scored.
	written := keysIn(t, path)
	seen := map[string]bool{}
	for _, k := range written {
		assert.False(t, seen[k], "%s twice in the file", k)
		seen[k] = true
	}
	_, st, err = (&bench.Runner{Model: m, Concurrency: 4}).RunFile(context.Background(), path, synthetic(400))
	require.NoError(t, err, "the lock goes with its holder")
	assert.Equal(t, len(written), st.Resumed)
	assert.Len(t, keysIn(t, path), 400)
}

// TestRunFileSecondWriterInProcess: the lock holds within one process too.
func TestRunFileSecondWriterInProcess(t *testing.T) {
	t.Parallel()
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	path := filepath.Join(t.TempDir(), "results.jsonl")
	started, release := make(chan struct{}), make(chan struct{})
	first := &llmtest.Model{Reply: func(ctx context.Context, _ string, call int) (string, error) {
		if call == 0 {
			close(started)
		}
		select {
		case <-release:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		return "A", nil
	}}
	done := make(chan error, 1)
	go func() {
		_, _, err := (&bench.Runner{Model: first}).RunFile(context.Background(), path, synthetic(3))
		done <- err
	}()
	<-started
	second := &llmtest.Model{Reply: llmtest.Cycle("B")}
	_, _, err := (&bench.Runner{Model: second}).RunFile(context.Background(), path, synthetic(3))
	require.ErrorIs(t, err, record.ErrLocked)
	assert.Zero(t, second.Calls())
	close(release)
	require.NoError(t, <-done)
	assert.Len(t, keysIn(t, path), 3)
}

// TestRunFileRefusesFilesThatAreNotResults is issue 20's "bench -out wipes a one-line file" row
// for the library: a one-line file without a newline was taken for a torn write and emptied. A
// file is now continued only when it holds results; anything else is refused, byte for byte
// untouched, before any model call.
func TestRunFileRefusesFilesThatAreNotResults(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"minified GenMO":         `[{"male_story":"Tom lied.","female_story":"Ann lied.","environment":"Work","source":"x"}]`,
		"GenMO with a newline":   `[{"male_story":"Tom lied.","female_story":"Ann lied."}]` + "\n",
		"hello world":            "hello world",
		"one object":             `{"a":1}`,
		"one object and newline": `{"a":1}` + "\n",
		"records":                `{"male":{"story":"a","character_name":"Tom"},"female":{"story":"b"},"example_source":0,"id":0}`,
		"a result, then prose":   `{"item":{"id":"synthetic/0","benchmark":"mmlu","question":"Question number 0?","choices":["one","two","three","four"],"answer":0},"reply":"A","choice":0,"correct":true}` + "\nhello",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "g.json")
			require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
			m := &llmtest.Model{Reply: llmtest.Cycle("A")}
			_, _, err := (&bench.Runner{Model: m}).RunFile(context.Background(), path, synthetic(2))
			require.ErrorIs(t, err, bench.ErrResultsFile)
			assert.Contains(t, err.Error(), path)
			got, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, content, string(got), "the file is left as it was")
			assert.Zero(t, m.Calls(), "no model call")
		})
	}
}

// TestRunFileRefusesRepeatedResults: a results file holding one item twice (two writers of old)
// is named, not silently read as one.
func TestRunFileRefusesRepeatedResults(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "r.jsonl")
	m := &llmtest.Model{Reply: llmtest.Cycle("A")}
	_, _, err := (&bench.Runner{Model: m}).RunFile(context.Background(), path, synthetic(2))
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	first, _, _ := bytes.Cut(data, []byte("\n"))
	twice := append(append(bytes.Clone(data), first...), '\n')
	require.NoError(t, os.WriteFile(path, twice, 0o644))
	_, _, err = (&bench.Runner{Model: m}).RunFile(context.Background(), path, synthetic(2))
	require.ErrorIs(t, err, bench.ErrResultsFile)
	assert.ErrorContains(t, err, "line 3 repeats the result for item mmlu/synthetic/0 of line 1")
	got, _ := os.ReadFile(path)
	assert.Equal(t, twice, got)
}
