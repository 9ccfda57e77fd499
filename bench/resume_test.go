package bench_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/internal/llmtest"
)

// childEnv names the results file a child test process runs into until it is killed.
const childEnv = "BENCH_TEST_CHILD_RESULTS"

// synthetic returns n MMLU-style items that need no data files.
func synthetic(n int) []bench.Item {
	items := make([]bench.Item, n)
	for i := range items {
		items[i] = bench.Item{ID: "synthetic/" + strconv.Itoa(i), Benchmark: bench.MMLU, Category: []string{"algebra", "anatomy", "astronomy"}[i%3],
			Question: "Question number " + strconv.Itoa(i) + "?", Choices: []string{"one", "two", "three", "four"}, Answer: i % 4}
	}
	return items
}

// runChild is the child process: it answers slowly until it is killed.
func runChild() {
	m := &llmtest.Model{Reply: func(ctx context.Context, _ string, call int) (string, error) {
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return "", ctx.Err()
		}
		return bench.Letter(call % 4), nil
	}}
	_, _, err := (&bench.Runner{Model: m, Concurrency: 4}).RunFile(context.Background(), os.Getenv(childEnv), synthetic(400))
	fmt.Fprintln(os.Stderr, "child finished:", err)
	os.Exit(3) // the parent kills the child long before this
}

// keysIn returns the item keys of the complete lines of a results file.
func keysIn(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var keys []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var res bench.Result
		if json.Unmarshal(sc.Bytes(), &res) == nil {
			keys = append(keys, res.Item.Key())
		}
	}
	return keys
}

// TestRunFileSurvivesKill kills a process in the middle of RunFile (SIGKILL, no clean-up),
// tears the last line as a crash during a write would, and continues the run: no item whose
// result was written is asked again, none is lost, and every item is in the file exactly once.
func TestRunFileSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "results.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(time.Minute)
	for {
		data, _ := os.ReadFile(path)
		if bytes.Count(data, []byte("\n")) >= 40 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the child wrote too little")
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"item":{"id":"synthetic/39`) // a torn write
	require.NoError(t, err)
	require.NoError(t, f.Close())
	written := keysIn(t, path)
	require.GreaterOrEqual(t, len(written), 40)
	require.Less(t, len(written), 400, "the child finished before it was killed")

	var mu sync.Mutex
	var asked []string
	m := &llmtest.Model{Reply: func(_ context.Context, prompt string, _ int) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, prompt[strings.Index(prompt, "Question number"):strings.Index(prompt, "?")])
		return "B", nil
	}}
	items := synthetic(400)
	results, st, err := (&bench.Runner{Model: m, Concurrency: 8}).RunFile(context.Background(), path, items)
	require.NoError(t, err)
	assert.Equal(t, len(written), st.Resumed)
	assert.Equal(t, 400-len(written), st.Asked)
	assert.Len(t, asked, 400-len(written), "only the items without a result are asked")
	writtenSet := map[string]bool{}
	for _, k := range written {
		writtenSet[k] = true
	}
	for _, q := range asked {
		n := strings.TrimPrefix(q, "Question number ")
		assert.False(t, writtenSet["mmlu/synthetic/"+n], "item %s was asked twice", n)
	}
	for i, res := range results {
		assert.Equal(t, items[i], res.Item)
	}
	final := keysIn(t, path)
	assert.Len(t, final, 400)
	seen := map[string]bool{}
	for _, k := range final {
		assert.False(t, seen[k], "%s twice in the file", k)
		seen[k] = true
	}

	// A third run asks nothing.
	_, st, err = (&bench.Runner{Model: m, Concurrency: 8}).RunFile(context.Background(), path, items)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Asked)
	assert.Equal(t, 400, st.Resumed)
}

func TestRunFileDamage(t *testing.T) {
	dir := t.TempDir()
	m := &llmtest.Model{Reply: llmtest.Cycle("A")}
	items := synthetic(5)
	path := filepath.Join(dir, "r.jsonl")
	require.NoError(t, os.WriteFile(path, []byte("{\"item\": 3}\n"), 0o644))
	_, _, err := (&bench.Runner{Model: m}).RunFile(context.Background(), path, items)
	assert.ErrorIs(t, err, bench.ErrResultsFile)
	data, _ := os.ReadFile(path)
	assert.Equal(t, "{\"item\": 3}\n", string(data), "a damaged file is left untouched")

	// A result whose item changed under the same key.
	path = filepath.Join(dir, "s.jsonl")
	_, _, err = (&bench.Runner{Model: m}).RunFile(context.Background(), path, items)
	require.NoError(t, err)
	changed := synthetic(5)
	changed[2].Question = "Another question?"
	_, _, err = (&bench.Runner{Model: m}).RunFile(context.Background(), path, changed)
	assert.ErrorIs(t, err, bench.ErrResultsFile)

	// A whole last result missing only its newline is kept.
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, bytes.TrimSuffix(data, []byte("\n")), 0o644))
	_, st, err := (&bench.Runner{Model: m}).RunFile(context.Background(), path, items)
	require.NoError(t, err)
	assert.Equal(t, 5, st.Resumed)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, got)

	// ReadResults reads what RunFile wrote.
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	results, err := bench.ReadResults(f, path)
	require.NoError(t, err)
	assert.Len(t, results, 5)
}
