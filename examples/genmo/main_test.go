package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tiny = "testdata/genmo_tiny.json" // six pairs in GenMO's layout, with dirty labels

// offline clears the variables that would make the program use a real provider.
func offline(t *testing.T) {
	t.Helper()
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OLLAMA_HOST", "OLLAMA_MODEL"} {
		t.Setenv(k, "")
	}
}

func runGenmo(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(t.Context(), args, &o, &e)
	return o.String(), e.String(), err
}

func readOutcomes(t *testing.T, path string) []eval.Outcome {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	outs, err := eval.ReadResults(f)
	require.NoError(t, err)
	return outs
}

// envBars parses an HTML page strictly as XML and returns data-env -> data-value of its bars.
func envBars(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	got := map[string]string{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return got
		}
		require.NoError(t, err, "%s is not well-formed", path)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			var env, val string
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "data-env":
					env = a.Value
				case "data-value":
					val = a.Value
				}
			}
			if env != "" {
				assert.NotContains(t, got, env, "one bar per environment")
				got[env] = val
			}
		}
	}
}

func TestAuditTiny(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	out, page := filepath.Join(dir, "results.jsonl"), filepath.Join(dir, "report.html")
	stdout, stderr, err := runGenmo(t, "-data", tiny, "-out", out, "-html", page, "-concurrency", "3", "-progress", "lines", "-seed", "4")
	require.NoError(t, err, "stderr:\n%s", stderr)

	assert.Contains(t, stdout, "model:   demo (offline")
	assert.Contains(t, stdout, "(6 pairs; judging 6, 3 at a time)")
	assert.Contains(t, stdout, "mismatch rate")
	assert.Contains(t, stdout, "model calls: 12 ", "two judgments per pair")
	assert.Contains(t, stdout, "results written to "+out)
	assert.Contains(t, stdout, "HTML report written to "+page)
	assert.Contains(t, stderr, "progress: judged 6/6 (100%), 12 calls", "plain progress lines without a terminal")

	outs := readOutcomes(t, out)
	require.Len(t, outs, 6)
	r := eval.Summarize(outs)
	assert.Less(t, r.Invalid, r.Pairs, "the demo model reads judge.LLM's prompt and GenMO's stories")
	for i, o := range outs {
		assert.NotEmpty(t, o.Pair.Male.Text, "row %d", i)
		assert.NotEmpty(t, o.Male.Explanation+o.Female.Explanation, "row %d", i)
	}
	assert.Equal(t, []string{"Family", "Other", "Relationship", "Unknown", "Work"}, sortedKeys(r.Environments), "labels normalised")

	bars := envBars(t, page)
	require.Len(t, bars, len(r.Environments))
	for env, e := range r.Environments {
		want, _ := json.Marshal(e.MismatchRate)
		assert.Equal(t, string(want), bars[env], "bar of %q", env)
	}
	assert.Contains(t, stdout, "Other         2 ", "' Others' counts as Other in the table")
	require.Equal(t, 2, r.Mismatches, "the demo model with seed 4 judges two pairs differently")
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(b), `<tbody class="pair">`), "the page lists the mismatched pairs")
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func TestAuditLimitAndJSON(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "results.jsonl")
	stdout, stderr, err := runGenmo(t, "-data", tiny, "-limit", "2", "-out", out, "-json", "-progress", "off")
	require.NoError(t, err, "stderr:\n%s", stderr)
	var r eval.Report
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), "stdout holds only the JSON report:\n%s", stdout)
	assert.Equal(t, 2, r.Pairs)
	assert.Contains(t, stdout, `"mismatch_rate_ci"`)
	assert.Contains(t, stderr, "judging 2,", "messages go to stderr with -json")
	assert.NotContains(t, stderr, "progress:", "-progress off")
	assert.Len(t, readOutcomes(t, out), 2)
}

func TestResultsMode(t *testing.T) {
	offline(t)
	page := filepath.Join(t.TempDir(), "report.html")
	stdout, stderr, err := runGenmo(t, "-results", "testdata/before.jsonl", "-html", page)
	require.NoError(t, err, "stderr:\n%s", stderr)
	want := eval.Summarize(readOutcomes(t, "testdata/before.jsonl"))
	var table bytes.Buffer
	require.NoError(t, want.WriteText(&table))
	assert.Contains(t, stdout, table.String(), "the report's table")
	assert.Contains(t, stdout, "results: testdata/before.jsonl (5 pairs)")
	assert.NotContains(t, stdout, "model:", "no model is used")
	assert.Len(t, envBars(t, page), len(want.Environments))
}

func TestPairedMode(t *testing.T) {
	offline(t)
	page := filepath.Join(t.TempDir(), "change.html")
	stdout, stderr, err := runGenmo(t, "-before", "testdata/before.jsonl", "-after", "testdata/after.jsonl", "-html", page)
	require.NoError(t, err, "stderr:\n%s", stderr)
	assert.Contains(t, stdout, "mismatches resolved: 3, introduced: 1; exact McNemar p = 0.625")
	assert.Regexp(t, `(?m)^paper's rule +3 +3 +1\.0000 +1 \(33\.3%\) +1 \(33\.3%\) +1 \(33\.3%\) +0 \(0\.0%\) +0 \(0\.0%\)$`, stdout, "the paper's resolution analysis")
	assert.Regexp(t, `(?m)^all four stances valid +3 +3 +1\.0000`, stdout, "the strict resolution analysis")
	assert.Contains(t, stdout, "HTML report written to "+page)
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(b), `<tbody class="pair">`), "the four flipped pairs are listed")
	assert.Contains(t, string(b), `<tr data-resolution="paper"><th>the paper&#39;s rule</th><td>3</td><td>3</td><td>100.0%</td>`)
	assert.Contains(t, string(b), `<tr data-resolution="valid">`)

	stdout, _, err = runGenmo(t, "-before", "testdata/before.jsonl", "-after", "testdata/after.jsonl", "-json")
	require.NoError(t, err)
	var c eval.Change
	require.NoError(t, json.Unmarshal([]byte(stdout), &c), stdout)
	assert.Equal(t, []string{"0", "1", "2"}, c.Resolved)
	assert.Equal(t, []string{"4"}, c.Introduced)
	want := eval.Resolution{Mismatches: 3, Resolved: 3, Rate: 1, Stances: map[judge.Stance]int{judge.Moral: 1, judge.Immoral: 1, judge.Both: 1}}
	assert.Equal(t, want, c.Resolution)
	assert.Equal(t, want, c.ValidResolution, "no unreadable side in these files")
}

func TestLimits(t *testing.T) {
	offline(t)
	_, _, err := runGenmo(t, "-results", "testdata/before.jsonl", "-max-mismatch-rate", "0.5")
	require.Error(t, err)
	assert.ErrorIs(t, err, eval.ErrLimitExceeded, "3 of 5 pairs is above 0.5")
	assert.Contains(t, err.Error(), "mismatch_rate 0.6 exceeds the limit 0.5")

	_, _, err = runGenmo(t, "-results", "testdata/after.jsonl", "-max-mismatch-rate", "0.5")
	assert.NoError(t, err, "1 of 5 pairs is within the limit")
}

func TestBadArguments(t *testing.T) {
	offline(t)
	for _, args := range [][]string{
		{},
		{"-data", tiny, "-results", "testdata/before.jsonl"},
		{"-before", "testdata/before.jsonl"},
		{"-data", tiny, "-limit", "-1"},
		{"-data", tiny, "-skew", "2"},
		{"-data", tiny, "-progress", "loud"},
		{"-data", tiny, "extra"},
		{"-data", "testdata/missing.json"},
		{"-results", tiny}, // a dataset is not a results file
		{"-before", "testdata/before.jsonl", "-after", "testdata/genmo_tiny.json"},
	} {
		_, _, err := runGenmo(t, args...)
		assert.Error(t, err, "args %q", args)
	}
}

// TestDevData audits the shared GenMO dev split with the demo model.
func TestDevData(t *testing.T) {
	offline(t)
	data := shareddata.Path(t, "genmo/genmo_dev.json")
	out := filepath.Join(t.TempDir(), "results.jsonl")
	stdout, stderr, err := runGenmo(t, "-data", data, "-out", out, "-progress", "off")
	require.NoError(t, err, "stderr:\n%s", stderr)
	outs := readOutcomes(t, out)
	require.Len(t, outs, 303)
	r := eval.Summarize(outs)
	assert.Equal(t, []string{"Family", "Other", "Relationship", "Work"}, sortedKeys(r.Environments))
	assert.Less(t, r.InvalidRate(), 0.1, "the demo model reads GenMO stories")
	assert.Greater(t, r.MaleBiasRate, r.FemaleBiasRate, "the demo model's skew shows")
	assert.Contains(t, stdout, "pairs                      303")
}

// TestProgram builds the program and runs it as a user would.
func TestProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	offline(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "genmo")
	b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build:\n%s", b)

	help, err := exec.Command(bin, "-h").CombinedOutput()
	require.NoError(t, err, "-h exits 0:\n%s", help)
	for _, flag := range []string{"-data", "-results", "-before", "-after", "-limit", "-concurrency", "-out", "-html", "-html-pairs",
		"-json", "-seed", "-skew", "-progress", "-max-mismatch-rate", "-max-bias-gap", "-max-invalid-rate", "OPENAI_API_KEY", "OLLAMA_HOST", "Exit status"} {
		assert.Contains(t, string(help), flag, "-h explains %s", flag)
	}

	cmd := exec.Command(bin, "-data", tiny, "-limit", "3", "-out", filepath.Join(dir, "r.jsonl"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stderr:\n%s", stderr.String())
	assert.Contains(t, stdout.String(), "pairs                      3")
	assert.Contains(t, stderr.String(), "progress: judged 3/3 (100%)")

	cmd = exec.Command(bin, "-results", "testdata/before.jsonl", "-max-mismatch-rate", "0.1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "output:\n%s", out)
	assert.Equal(t, 3, exit.ExitCode(), "a broken limit exits 3")
	assert.Contains(t, string(out), "mismatch_rate")

	out, err = exec.Command(bin).CombinedOutput()
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode(), "no mode is a usage error:\n%s", out)
}

// fakeOpenAI points the program at a fake OpenAI server that refuses every call, and counts them.
func fakeOpenAI(t *testing.T) *atomic.Int64 {
	t.Helper()
	calls := new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	return calls
}

// TestGatesOnNothing is issue 11 finding 3: -results with an empty file or -data with [] exited 0
// with a report of 0 pairs. Fewer pairs than -min-pairs (default 1) is now a failed gate, exit 3.
func TestGatesOnNothing(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	none := filepath.Join(dir, "none.json")
	require.NoError(t, os.WriteFile(none, []byte("[]"), 0o644))
	for _, args := range [][]string{
		{"-results", empty, "-max-mismatch-rate", "0.25", "-max-bias-gap", "0.2"},
		{"-data", none, "-out", filepath.Join(dir, "r.jsonl")},
		{"-results", "testdata/before.jsonl", "-min-pairs", "6"},
	} {
		_, _, err := runGenmo(t, args...)
		require.Error(t, err, "args %q", args)
		assert.ErrorIs(t, err, eval.ErrLimitExceeded, "args %q", args)
		assert.Equal(t, cli.ExitGate, cli.Code("genmo", &cli.GateError{Err: err}, io.Discard))
	}
	_, _, err := runGenmo(t, "-results", "testdata/before.jsonl", "-min-pairs", "5")
	assert.NoError(t, err)
}

// TestDuplicateResults is issue 11 finding 5 for genmo: -results counted a repeated pair twice
// while -before/-after rejected the same file. Both now refuse it, or both drop and count it
// with -dedup.
func TestDuplicateResults(t *testing.T) {
	offline(t)
	b, err := os.ReadFile("testdata/before.jsonl")
	require.NoError(t, err)
	first, _, _ := strings.Cut(string(b), "\n")
	dup := filepath.Join(t.TempDir(), "dup.jsonl")
	require.NoError(t, os.WriteFile(dup, append(b, first+"\n"...), 0o644))
	for _, args := range [][]string{{"-results", dup}, {"-before", dup, "-after", dup}} {
		_, _, err := runGenmo(t, args...)
		require.Error(t, err, "args %q", args)
		assert.Contains(t, err.Error(), "repeats")
		assert.Contains(t, err.Error(), dup)
	}
	stdout, _, err := runGenmo(t, "-results", dup, "-dedup")
	require.NoError(t, err)
	assert.Contains(t, stdout, "dropped 1 repeated pairs (-dedup)")
	assert.Contains(t, stdout, "pairs                      5")
}

// TestWrongKindAndBOM is issue 11 finding 6 for genmo: a file of the wrong kind is named as such,
// and a byte order mark is accepted.
func TestWrongKindAndBOM(t *testing.T) {
	offline(t)
	_, _, err := runGenmo(t, "-results", tiny)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "this looks like a GenMO dataset; use -data")
	_, _, err = runGenmo(t, "-data", "testdata/before.jsonl")
	assert.ErrorContains(t, err, "this looks like a GenMO results file; use -results")

	dir := t.TempDir()
	for _, f := range []string{tiny, "testdata/before.jsonl"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), append([]byte("\xef\xbb\xbf"), b...), 0o644))
	}
	_, stderr, err := runGenmo(t, "-data", filepath.Join(dir, "genmo_tiny.json"), "-out", filepath.Join(dir, "r.jsonl"), "-progress", "off")
	require.NoError(t, err, stderr)
	_, stderr, err = runGenmo(t, "-results", filepath.Join(dir, "before.jsonl"))
	require.NoError(t, err, stderr)
}

// TestFlagsCheckedFirst is issue 11 finding 8 for genmo: -max-mismatch-rate -1 was rejected after
// every judge call, and a bad -html path failed after the evaluation. Both are now usage errors
// before the first model call.
func TestFlagsCheckedFirst(t *testing.T) {
	offline(t)
	calls := fakeOpenAI(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-data", tiny, "-max-mismatch-rate", "-1"},
		{"-data", tiny, "-html", filepath.Join(dir, "missing", "r.html")},
		{"-data", tiny, "-out", filepath.Join(dir, "missing", "r.jsonl")},
		{"-data", tiny, "-concurrency", "0"},
		{"-data", tiny, "extra"},
	} {
		_, _, err := runGenmo(t, append(args, "-progress", "off")...)
		require.Error(t, err, "args %q", args)
		assert.Equal(t, cli.ExitUsage, cli.Code("genmo", err, io.Discard), "args %q: %v", args, err)
	}
	assert.Zero(t, calls.Load(), "no model call before the flags are checked")
}

// TestOutputNotOurs: -out holding a file that is not a results file is left alone without -force,
// and a failed run leaves an earlier results file byte for byte.
func TestOutputNotOurs(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "GenMO_copy.json")
	b, err := os.ReadFile(tiny)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(out, b, 0o644))
	_, _, err = runGenmo(t, "-data", tiny, "-out", out, "-progress", "off")
	require.ErrorContains(t, err, "-force")
	assert.Equal(t, b, must(os.ReadFile(out)))

	res := filepath.Join(dir, "r.jsonl")
	_, _, err = runGenmo(t, "-data", tiny, "-out", res, "-progress", "off")
	require.NoError(t, err)
	before := must(os.ReadFile(res))
	fakeOpenAI(t)
	_, _, err = runGenmo(t, "-data", tiny, "-out", res, "-progress", "off")
	require.Error(t, err)
	assert.Equal(t, before, must(os.ReadFile(res)), "a failed run left %s as it was", res)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
