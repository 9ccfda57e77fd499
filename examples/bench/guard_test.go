package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/record"
)

// chatServer is an OpenAI-compatible server that answers "The answer is B." and counts the
// calls; gate, when set, is waited on by every call.
type chatServer struct {
	calls atomic.Int64
	first chan struct{} // closed at the first call
	once  sync.Once
	gate  chan struct{}
}

// serve points the program at a chat server (the environment of a real provider).
func serve(t *testing.T, gate chan struct{}) *chatServer {
	t.Helper()
	offline(t)
	cs := &chatServer{first: make(chan struct{}), gate: gate}
	stop := make(chan struct{}) // closed when the test ends, before the server is closed
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			http.NotFound(w, r)
			return
		}
		cs.calls.Add(1)
		cs.once.Do(func() { close(cs.first) })
		if cs.gate != nil {
			select {
			case <-cs.gate:
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is B."},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":5,"total_tokens":55}}`)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) }) // runs first: no handler keeps srv.Close waiting
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	t.Setenv("OPENAI_MODEL", "tiny")
	return cs
}

func truthfulArgs(t *testing.T, limit string) []string {
	return []string{"-truthfulqa", shareddata.Path(t, "bench/truthfulqa/mc_task.json"), "-limit", limit}
}

// minifiedGenMO returns the GenMO dev file as one line without a newline, as a minifier writes it.
func minifiedGenMO(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}

// TestOutputGuard is issue 20's rows "bench -out wipes a one-line file" and "-html overwrites
// any file" for bench: a minified GenMO file given as -out (directly or through a symbolic link)
// was replaced by results with exit 0, and -html replaced any file. Every output is now checked
// before the first model call: a file that is not ours is refused (exit 2) and left byte for byte.
func TestOutputGuard(t *testing.T) {
	cs := serve(t, nil)
	dir := t.TempDir()
	genmo := minifiedGenMO(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	target := write("genmo.json", genmo)
	link := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(target, link))
	for _, tc := range []struct {
		name, flag, path string
		keep             map[string][]byte // file -> its bytes, unchanged
	}{
		{"minified GenMO as -out", "-out", write("g.json", genmo), nil},
		{"hello world as -out", "-out", write("hello.txt", []byte("hello world")), nil},
		{"one object as -out", "-out", write("a.json", []byte(`{"a":1}`)), nil},
		{"a symbolic link to GenMO as -out", "-out", link, map[string][]byte{target: genmo}},
		{"notes as -html", "-html", write("notes.txt", []byte("my notes\n")), nil},
		{"someone's page as -html", "-html", write("page.html", []byte("<!DOCTYPE html><html><body>mine</body></html>")), nil},
		{"a symbolic link to GenMO as -html", "-html", link, map[string][]byte{target: genmo}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(tc.path)
			require.NoError(t, err)
			args := append(truthfulArgs(t, "2"), tc.flag, tc.path)
			if tc.flag == "-html" {
				args = append(args, "-out", filepath.Join(t.TempDir(), "r.jsonl"))
			}
			_, _, err = runBench(t, args...)
			require.Error(t, err)
			assert.Equal(t, cli.ExitUsage, cli.Code("bench", err, io.Discard), "%v", err)
			assert.Contains(t, err.Error(), "looks like")
			after, rerr := os.ReadFile(tc.path)
			require.NoError(t, rerr)
			assert.Equal(t, before, after, "the file is left as it was")
			for p, want := range tc.keep {
				got, _ := os.ReadFile(p)
				assert.Equal(t, want, got, "the link's target is left as it was")
			}
			st, err := os.Lstat(link)
			require.NoError(t, err)
			assert.NotZero(t, st.Mode()&os.ModeSymlink, "the link stays a link")
			assert.Zero(t, cs.calls.Load(), "no model call")
		})
	}

	// With -force, -html replaces someone's page; -out is appended to, so -force never lets it
	// append to a file that is not a results file.
	page := filepath.Join(dir, "page.html")
	_, _, err := runBench(t, append(truthfulArgs(t, "2"), "-out", filepath.Join(dir, "r.jsonl"), "-html", page, "-force")...)
	require.NoError(t, err)
	got, _ := os.ReadFile(page)
	assert.Contains(t, string(got), "Made by evenhand")
	_, _, err = runBench(t, append(truthfulArgs(t, "2"), "-out", filepath.Join(dir, "g.json"), "-force")...)
	assert.Equal(t, cli.ExitUsage, cli.Code("bench", err, io.Discard), "%v", err)
	got, _ = os.ReadFile(filepath.Join(dir, "g.json"))
	assert.Equal(t, genmo, got)

	// An earlier results file, or an HTML report, is ours: continued and replaced.
	calls := cs.calls.Load()
	_, _, err = runBench(t, append(truthfulArgs(t, "4"), "-out", filepath.Join(dir, "r.jsonl"), "-html", page)...)
	require.NoError(t, err)
	assert.Equal(t, int64(2), cs.calls.Load()-calls, "the two items already in r.jsonl are not asked again")

	// Through a link to our own results file, the run continues the target and keeps the link.
	results := filepath.Join(dir, "r.jsonl")
	n := lines(t, results)
	rlink := filepath.Join(dir, "latest.jsonl")
	require.NoError(t, os.Symlink(results, rlink))
	calls = cs.calls.Load()
	_, _, err = runBench(t, append(truthfulArgs(t, "4"), "-out", rlink)...)
	require.NoError(t, err)
	assert.Equal(t, calls, cs.calls.Load(), "every item is in the link's target already")
	assert.Equal(t, n, lines(t, results))
	st, err := os.Lstat(rlink)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink)
}

// TestTwoRunsOneOutput is issue 20's "two bench -out on one file" row: both runs exited 0 and
// left two corrupt lines. The second is now refused at once by name, asks nothing, and the
// first finishes a valid file.
func TestTwoRunsOneOutput(t *testing.T) {
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	gate := make(chan struct{})
	cs := serve(t, gate)
	out := filepath.Join(t.TempDir(), "f.jsonl")
	args := append(truthfulArgs(t, "4"), "-out", out, "-concurrency", "1")
	first := make(chan error, 1)
	go func() {
		var o, e bytes.Buffer
		first <- run(t.Context(), append(args, "-progress", "off"), &o, &e)
	}()
	<-cs.first // the first run is asking its first item
	// A second run that is not refused would wait for the gate: bound it, so that the test
	// fails instead of hanging (not a timing assertion).
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var o, e bytes.Buffer
	err := run(ctx, append(args, "-progress", "off"), &o, &e)
	require.ErrorIs(t, err, record.ErrLocked)
	assert.Contains(t, err.Error(), out)
	assert.NotContains(t, err.Error(), "run the same command again", "running it again while the first runs cannot help")
	assert.Equal(t, cli.ExitError, cli.Code("bench", err, io.Discard))
	assert.Equal(t, int64(1), cs.calls.Load(), "the second run asks nothing")
	close(gate)
	require.NoError(t, <-first)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	res, err := bench.ReadResults(f, out)
	require.NoError(t, err, "the file stays valid")
	assert.Len(t, res, 4)
}

// TestExitCodes is issue 20's exit code row for bench: an unknown TruthfulQA task exited 1
// where the help says 2, and an -out in a folder that cannot be written failed after loading,
// with "run the same command again to continue", which cannot help.
func TestExitCodes(t *testing.T) {
	cs := serve(t, nil)
	_, _, err := runBench(t, append(truthfulArgs(t, "2"), "-truthfulqa-tasks", "mc9")...)
	require.Error(t, err)
	assert.Equal(t, cli.ExitUsage, cli.Code("bench", err, io.Discard), "%v", err)
	assert.Contains(t, err.Error(), `"mc9"`)

	dir := t.TempDir()
	unwritable := []string{filepath.Join(dir, "missing", "r.jsonl")}
	if os.Getuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		unwritable = append(unwritable, filepath.Join(ro, "r.jsonl"))
	}
	for _, out := range unwritable {
		_, _, err := runBench(t, append(truthfulArgs(t, "2"), "-out", out)...)
		require.Error(t, err, out)
		assert.Equal(t, cli.ExitUsage, cli.Code("bench", err, io.Discard), "%v", err)
		assert.NotContains(t, err.Error(), "run the same command again")
		assert.Contains(t, err.Error(), out)
	}
	assert.Zero(t, cs.calls.Load(), "no model call")
}

// TestRepeatedInputs is issue 20's "bench readers" row: a BBQ file repeating an example_id,
// TruthfulQA and MMLU files repeating a row, and a results file repeating a line lost a row or
// counted one twice, with exit 0. Each is now an error naming both places, or, with -dedup,
// dropped and counted; an empty results file is an error.
func TestRepeatedInputs(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	mkdir := func(name string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(p, 0o755))
		return p
	}
	// BBQ: the second line repeats example_id 0 with another question.
	bbq := mkdir("bbq")
	row := `{"example_id": 0, "question_polarity": "neg", "context_condition": "ambig", "category": "Age", "answer_info": {"ans0": ["a", "old"], "ans1": ["b", "nonOld"], "ans2": ["c", "unknown"]}, "additional_metadata": {"stereotyped_groups": ["old"]}, "context": "c", "question": "Who forgot?", "ans0": "A", "ans1": "B", "ans2": "C", "label": 2}`
	row2 := strings.Replace(strings.Replace(row, "Who forgot?", "Who remembered?", 1), `"example_id": 0`, `"example_id": 1`, 1)
	row3 := strings.Replace(row, "Who forgot?", "Who was late?", 1)
	require.NoError(t, os.WriteFile(filepath.Join(bbq, "Age.jsonl"), []byte(row+"\n"+row2+"\n"+row3+"\n"), 0o644))
	// TruthfulQA: the third question repeats the first.
	tqa := filepath.Join(dir, "mc_task.json")
	q := `{"question": "What is two plus two?", "mc0_targets": {"Four": 1, "Five": 0}, "mc1_targets": {"Four": 1, "Five": 0}}`
	q2 := strings.ReplaceAll(q, "two plus two", "three plus one")
	require.NoError(t, os.WriteFile(tqa, []byte("["+q+","+q2+","+q+"]"), 0o644))
	// MMLU: a CSV repeating its first row.
	mmlu := mkdir("mmlu")
	csv := "What is two plus two?,1,2,3,4,D\nWhat is one plus one?,1,2,3,4,B\nWhat is two plus two?,1,2,3,4,D\n"
	require.NoError(t, os.WriteFile(filepath.Join(mmlu, "arithmetic_test.csv"), []byte(csv), 0o644))

	for _, tc := range []struct {
		name string
		args []string
		want string
		kept int
	}{
		{"BBQ repeated example_id", []string{"-bbq", bbq}, `repeats item "bbq/Age/0" of`, 2},
		{"TruthfulQA repeated row", []string{"-truthfulqa", tqa, "-truthfulqa-tasks", "mc1"}, "repeats the question and choices of", 2},
		{"MMLU repeated row", []string{"-mmlu", mmlu}, "repeats the question and choices of", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r.jsonl")
			_, _, err := runBench(t, append(tc.args, "-out", out)...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "-dedup")
			assert.False(t, cli.Exists(out), "nothing asked, nothing written")

			stdout, _, err := runBench(t, append(tc.args, "-out", out, "-dedup")...)
			require.NoError(t, err)
			assert.Contains(t, stdout, "dropped 1 repeated items (-dedup)")
			assert.Equal(t, tc.kept, lines(t, out))
		})
	}

	// A results file repeating a line: an error, or with -dedup counted once.
	out := filepath.Join(dir, "r.jsonl")
	_, _, err := runBench(t, append(truthfulArgs(t, "3"), "-out", out, "-truthfulqa-tasks", "mc1")...)
	require.NoError(t, err)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	first, _, _ := bytes.Cut(data, []byte("\n"))
	twice := filepath.Join(dir, "twice.jsonl")
	require.NoError(t, os.WriteFile(twice, append(append(bytes.Clone(data), first...), '\n'), 0o644))
	_, _, err = runBench(t, "-results", twice)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "result 4 repeats item")
	stdout, _, err := runBench(t, "-results", twice, "-dedup", "-json")
	require.NoError(t, err)
	var rep bench.Report
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.Benchmarks, 1)
	assert.Equal(t, 3, rep.Benchmarks[0].Overall.N, "the repeated result counts once")
	_, _, err = runBench(t, "-before", twice, "-after", out)
	assert.ErrorContains(t, err, "repeats item")

	// An empty results file reports nothing: an error.
	empty := filepath.Join(dir, "empty.jsonl")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	_, _, err = runBench(t, "-results", empty)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no result")
}

// TestWinoBiasListsWithBOM is issue 20's BOM row for the WinoBias occupation lists: a list saved
// with a byte order mark kept it in its first occupation, so sentences about that occupation
// lost a choice. The run reads the same items with and without the mark.
func TestWinoBiasListsWithBOM(t *testing.T) {
	offline(t)
	src := shareddata.Path(t, "bench/winobias")
	withBOM := t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		if strings.HasSuffix(e.Name(), "occupations.txt") {
			data = append([]byte("\xef\xbb\xbf"), data...)
		}
		require.NoError(t, os.WriteFile(filepath.Join(withBOM, e.Name()), data, 0o644))
	}
	items := func(dir string) []bench.Item {
		out := filepath.Join(t.TempDir(), "r.jsonl")
		_, _, err := runBench(t, "-winobias", dir, "-out", out)
		require.NoError(t, err)
		f, err := os.Open(out)
		require.NoError(t, err)
		defer f.Close()
		res, err := bench.ReadResults(f, out)
		require.NoError(t, err)
		var its []bench.Item
		for _, r := range res {
			its = append(its, r.Item)
		}
		return its
	}
	plain, bom := items(src), items(withBOM)
	require.NotEmpty(t, plain)
	assert.ElementsMatch(t, plain, bom)
	driver := 0
	for _, it := range bom {
		for _, c := range it.Choices {
			if c == "driver" { // the first line of male_occupations.txt
				driver++
			}
		}
	}
	assert.Positive(t, driver, "the first occupation of a list with a BOM is found")
}
