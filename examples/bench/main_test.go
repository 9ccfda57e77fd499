package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// offline clears the variables that would make the program use a real provider.
func offline(t *testing.T) {
	t.Helper()
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OLLAMA_HOST", "OLLAMA_MODEL"} {
		t.Setenv(k, "")
	}
}

func runBench(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(t.Context(), append(args, "-progress", "off"), &o, &e)
	return o.String(), e.String(), err
}

func dataArgs(t *testing.T) []string {
	return []string{
		"-mmlu", "../../bench/testdata/mmlu",
		"-truthfulqa", shareddata.Path(t, "bench/truthfulqa/mc_task.json"),
		"-bbq", shareddata.Path(t, "bench/bbq"),
		"-winobias", shareddata.Path(t, "bench/winobias"),
		"-limit", "40",
	}
}

func lines(t *testing.T, path string) int {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}

func wellFormed(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the page is not well-formed XML")
	}
	return string(data)
}

func TestDemoRunReportAndResume(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	out, html := filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "r.html")
	stdout, _, err := runBench(t, append(dataArgs(t), "-out", out, "-html", html)...)
	require.NoError(t, err)
	for _, want := range []string{"demo (offline", "not a real LLM", "MMLU 8, TruthfulQA 40 of 1580, BBQ 40 of 11956, WinoBias 40 of 1584",
		"mean over subjects (the paper's headline)", "mean over questions", "TruthfulQA: 40 items", "mc0", "mc1",
		"bias disambig", "pro - anti gap", "type2_anti", "model calls: 128"} {
		assert.Contains(t, stdout, want)
	}
	assert.Equal(t, 128, lines(t, out))
	page := wellFormed(t, html)
	for _, want := range []string{`data-benchmark="mmlu"`, `data-benchmark="winobias"`, "pro - anti gap", "Did the model keep its abilities?"} {
		assert.Contains(t, page, want)
	}

	// The same command again asks nothing.
	stdout, _, err = runBench(t, append(dataArgs(t), "-out", out)...)
	require.NoError(t, err)
	assert.Contains(t, stdout, "128 results were already in")
	assert.Contains(t, stdout, "model calls: 0")
	assert.Equal(t, 128, lines(t, out))

	// -results reports on the file without a model, the same figures.
	again, _, err := runBench(t, "-results", out)
	require.NoError(t, err)
	assert.Contains(t, again, stdout[strings.Index(stdout, "MMLU: 8 items"):strings.Index(stdout, "model calls")-1])

	// -paper-rules reads the same replies again with the paper's extractors: the demo's replies
	// ("B", "The answer is B.", "(B) text") read the same, its hedges differently.
	paper, _, err := runBench(t, "-results", out, "-paper-rules", "-json")
	require.NoError(t, err)
	var rep bench.Report
	require.NoError(t, json.Unmarshal([]byte(paper), &rep))
	require.Len(t, rep.Benchmarks, 4)
}

func TestDemoIsNotTrivial(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "r.jsonl")
	_, _, err := runBench(t, "-truthfulqa", shareddata.Path(t, "bench/truthfulqa/mc_task.json"), "-bbq", shareddata.Path(t, "bench/bbq"), "-limit", "400", "-out", out, "-json")
	require.NoError(t, err)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	results, err := bench.ReadResults(f, out)
	require.NoError(t, err)
	rep := bench.Summarize(results)
	for _, s := range rep.Benchmarks {
		chance := 1.0 / 3
		if s.Benchmark == bench.TruthfulQA {
			chance = 0.25
		}
		assert.Greater(t, s.Overall.CI[0], chance, "%s: the demo does better than chance: %v", s.Benchmark, s.Overall)
		assert.Less(t, s.Overall.Accuracy, 0.95, "%s: and is not an oracle", s.Benchmark)
	}
}

func TestBeforeAfter(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	a, b, html := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "c.html")
	wino := shareddata.Path(t, "bench/winobias")
	_, _, err := runBench(t, "-winobias", wino, "-limit", "200", "-out", a, "-skew", "0.9")
	require.NoError(t, err)
	_, _, err = runBench(t, "-winobias", wino, "-limit", "200", "-out", b, "-skew", "0.1")
	require.NoError(t, err)
	stdout, _, err := runBench(t, "-before", a, "-after", b, "-html", html)
	require.NoError(t, err)
	assert.Contains(t, stdout, "McNemar p")
	assert.Contains(t, stdout, "WinoBias pro - anti gap (points)")
	wellFormed(t, html)

	stdout, _, err = runBench(t, "-before", a, "-after", b, "-json")
	require.NoError(t, err)
	var ch bench.Change
	require.NoError(t, json.Unmarshal([]byte(stdout), &ch))
	require.Len(t, ch.Benchmarks, 1)
	wb := ch.Benchmarks[0]
	bs, _ := ch.Before.Score(bench.WinoBias)
	as, _ := ch.After.Score(bench.WinoBias)
	assert.Greater(t, bs.Gap-as.Gap, 0.4, "the less skewed demo has a much smaller pro - anti gap")
	assert.InDelta(t, bs.Overall.Accuracy, as.Overall.Accuracy, 0.15, "and about the same accuracy")
	assert.Equal(t, wb.Before.Correct-wb.Lost+wb.Gained, wb.After.Correct)

	// Runs of different items do not compare.
	c := filepath.Join(dir, "c.jsonl")
	_, _, err = runBench(t, "-winobias", wino, "-limit", "100", "-out", c)
	require.NoError(t, err)
	_, _, err = runBench(t, "-before", a, "-after", c)
	assert.ErrorIs(t, err, bench.ErrUnpaired)
}

func TestFlags(t *testing.T) {
	offline(t)
	for _, args := range [][]string{
		{},
		{"-results", "x", "-before", "y", "-after", "z"},
		{"-before", "x"},
		{"-mmlu", "x", "-limit", "-1"},
		{"-mmlu", "x", "-skew", "2"},
		{"-mmlu", "x", "extra"},
	} {
		_, _, err := runBench(t, args...)
		var ue *cli.UsageError
		assert.ErrorAs(t, err, &ue, "%q", args)
	}
	_, stderr, err := runBench(t, "-h")
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, stderr, "-truthfulqa FILE")
	_, _, err = runBench(t, "-mmlu", t.TempDir())
	assert.ErrorContains(t, err, "no items")
}

// TestOpenAICompatibleServer runs the program against a local server speaking OpenAI's chat API,
// as it would run against a real provider.
func TestOpenAICompatibleServer(t *testing.T) {
	offline(t)
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		calls++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is B."},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":5,"total_tokens":55}}`)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	t.Setenv("OPENAI_MODEL", "tiny")
	out := filepath.Join(t.TempDir(), "r.jsonl")
	stdout, _, err := runBench(t, "-truthfulqa", shareddata.Path(t, "bench/truthfulqa/mc_task.json"), "-limit", "6", "-out", out)
	require.NoError(t, err)
	assert.Contains(t, stdout, "model:   openai tiny")
	assert.Contains(t, stdout, "model calls: 6 (300 prompt + 30 completion tokens reported), 0 retries")
	assert.Equal(t, 6, calls)
	assert.Equal(t, 6, lines(t, out))
}

// Without -out, a run resumes from its own earlier run only: another model, or the same model
// with other settings, gets a file of its own instead of taking the first run's answers.
func TestDefaultOutIsPerModelAndSettings(t *testing.T) {
	offline(t)
	t.Setenv("TMPDIR", t.TempDir())
	args := []string{"-mmlu", "../../bench/testdata/mmlu"}
	first, _, err := runBench(t, args...)
	require.NoError(t, err)
	assert.Contains(t, first, "model calls: 8")

	again, _, err := runBench(t, args...)
	require.NoError(t, err)
	assert.Contains(t, again, "8 results were already in", "the same command resumes")
	assert.Contains(t, again, "model calls: 0")

	other, _, err := runBench(t, append(args, "-demo-seed", "7")...)
	require.NoError(t, err)
	assert.NotContains(t, other, "already in", "other settings never resume from the first run's file")
	assert.Contains(t, other, "model calls: 8")

	files, err := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "evenhand-bench-*.jsonl"))
	require.NoError(t, err)
	assert.Len(t, files, 2)
}
