package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

const tiny = "testdata/genmo_tiny.json" // six pairs in GenMO's layout

// offline clears the variables that would make the program use a real provider.
func offline(t *testing.T) {
	t.Helper()
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OLLAMA_HOST", "OLLAMA_MODEL"} {
		t.Setenv(k, "")
	}
}

func runAxes(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(t.Context(), args, &o, &e)
	return o.String(), e.String(), err
}

func wellFormed(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return string(b)
		}
		require.NoError(t, err, "%s is not well-formed", path)
	}
}

func TestTwinsOffline(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	out, html := filepath.Join(dir, "r.jsonl"), filepath.Join(dir, "r.html")
	stdout, _, err := runAxes(t, "-axis", "religion", "-groups", "Muslim, Christian", "-genmo", tiny, "-out", out, "-html", html)
	require.NoError(t, err)
	// The cost is printed before any call, and it is what the audit then spends.
	est := strings.Index(stdout, "cost:    24 model calls (one per telling)")
	spent := strings.Index(stdout, "model calls: 24 ")
	require.True(t, est >= 0 && spent > est, "%s", stdout)
	assert.Contains(t, stdout, "twins made: 12 of 12 (100.0%)")
	assert.Contains(t, stdout, "twins                      12")

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	outs, err := eval.ReadTwinResults(f)
	require.NoError(t, err)
	require.Len(t, outs, 12)
	r := eval.SummarizeTwins(outs)
	assert.Equal(t, "Religion", r.Axis)
	assert.Equal(t, "Christian", r.Groups[1].Group)
	assert.Contains(t, stdout, fmt.Sprintf("mismatches                 %d\n", r.Mismatches), "the results file gives the report printed")
	assert.Contains(t, wellFormed(t, html), "Religion bias report")

	// -out and -html are ours now: a second run may replace them.
	_, _, err = runAxes(t, "-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "-out", out, "-html", html, "-limit", "2")
	require.NoError(t, err)
}

func TestQuadsOffline(t *testing.T) {
	offline(t)
	html := filepath.Join(t.TempDir(), "q.html")
	stdout, _, err := runAxes(t, "-axis", "Age", "-groups", "78-year-old,22-year-old", "-genmo", tiny, "-quads", "-html", html)
	require.NoError(t, err)
	assert.Contains(t, stdout, "cost:    24 model calls")
	assert.Contains(t, stdout, "quads made: 6 of 6")
	assert.Contains(t, stdout, "(s11 - s10) - (s01 - s00)")
	assert.Contains(t, wellFormed(t, html), "Age x gender report")

	stdout, stderr, err := runAxes(t, "-axis", "Age", "-groups", "78-year-old,22-year-old", "-genmo", tiny, "-quads", "-json")
	require.NoError(t, err)
	var r eval.QuadReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), "stdout holds only the JSON")
	assert.Equal(t, 6, r.Quads)
	assert.Contains(t, stderr, "model calls: 24")
}

func TestGate(t *testing.T) {
	offline(t)
	_, _, err := runAxes(t, "-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "-min-pairs", "100")
	require.ErrorIs(t, err, eval.ErrLimitExceeded)
	var le *eval.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "pairs", le.Metric)
	wrapped := &cli.GateError{Err: err}
	assert.Equal(t, cli.ExitGate, cli.Code("axes", wrapped, io.Discard))

	_, _, err = runAxes(t, "-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "-max-mismatch-rate", "1e-9", "-min-pairs", "0")
	if err != nil { // the demo model's judgments of the two groups may differ: then the gate fails
		require.ErrorIs(t, err, eval.ErrLimitExceeded)
	}
}

func TestUsage(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	notOurs := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notOurs, []byte("my notes\n"), 0o644))
	for name, args := range map[string][]string{
		"no axis":         {"-groups", "Muslim,Christian", "-genmo", tiny},
		"unknown axis":    {"-axis", "Planet", "-groups", "Muslim,Christian", "-genmo", tiny},
		"unknown group":   {"-axis", "Religion", "-groups", "Muslim,Klingon", "-genmo", tiny},
		"one group":       {"-axis", "Religion", "-groups", "Muslim", "-genmo", tiny},
		"same groups":     {"-axis", "Religion", "-groups", "Muslim,muslim", "-genmo", tiny},
		"missing data":    {"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", filepath.Join(dir, "none.json")},
		"wrong kind":      {"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", "../genmo/testdata/before.jsonl"},
		"rate above 1":    {"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "-max-mismatch-rate", "2"},
		"not our file":    {"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "-html", notOurs},
		"positional args": {"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", tiny, "extra"},
	} {
		t.Run(name, func(t *testing.T) {
			stdout, _, err := runAxes(t, args...)
			var ue *cli.UsageError
			require.ErrorAs(t, err, &ue)
			assert.NotContains(t, stdout, "model calls", "no model is called on a usage error")
		})
	}
	b, err := os.ReadFile(notOurs)
	require.NoError(t, err)
	assert.Equal(t, "my notes\n", string(b), "a file not ours is never replaced")

	_, stderr, err := runAxes(t, "-h")
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, stderr, "-max-mismatch-rate")
	assert.Contains(t, stderr, "Exit status: 0 success")
}

// TestDatasetThroughFakechat writes twins with -n through the real openai client against
// fakechat, which writes some twins with problems on purpose: every kept twin passes the check
// and no balanced explanation names a group.
func TestDatasetThroughFakechat(t *testing.T) {
	offline(t)
	var fake fakechat.Server
	srv := httptest.NewServer(&fake)
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "test-key")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	out := filepath.Join(t.TempDir(), "twins.jsonl")
	stdout, _, err := runAxes(t, "-axis", "Religion", "-groups", "Muslim,Christian", "-n", "6", "-out", out, "-concurrency", "2")
	require.NoError(t, err)
	assert.Contains(t, stdout, "cost:    at least 24 model calls")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rows, err := record.ReadTwins(f)
	require.NoError(t, err)
	require.Len(t, rows, 6)
	lex := axis.Builtin()
	for _, r := range rows {
		texts := [2]string{r.Sides[0].Story, r.Sides[1].Story}
		assert.Empty(t, lex.Check(axis.Religion, texts, r.Groups), "row %d", r.ID)
		for _, s := range r.Sides {
			assert.Empty(t, neutral.CheckAxis(lex, axis.Religion, s.NeutralExplanation, s.CharacterName), "row %d: %q", r.ID, s.NeutralExplanation)
		}
	}
	t.Logf("%s", stdout)

	// Usage: -n needs -out, and goes without -genmo, -quads and -html.
	for _, args := range [][]string{
		{"-axis", "Religion", "-groups", "Muslim,Christian", "-n", "2"},
		{"-axis", "Religion", "-groups", "Muslim,Christian", "-n", "2", "-out", out, "-genmo", tiny},
		{"-axis", "Religion", "-groups", "Muslim,Christian", "-n", "2", "-out", out, "-quads"},
	} {
		_, _, err := runAxes(t, args...)
		var ue *cli.UsageError
		require.ErrorAs(t, err, &ue, "%v", args)
	}
}

// TestGenerateOffline runs -n on the offline demo model: it writes twins of its own, skewed
// against one group, and every kept twin passes the check with balanced explanations that name
// no group.
func TestGenerateOffline(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "twins.jsonl")
	stdout, _, err := runAxes(t, "-axis", "Religion", "-groups", "Muslim,Christian", "-n", "5", "-out", out)
	require.NoError(t, err)
	assert.Contains(t, stdout, "model:   demo")
	assert.Contains(t, stdout, "kept 5 of")
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	rows, err := record.ReadTwins(f)
	require.NoError(t, err)
	require.Len(t, rows, 5)
	lex := axis.Builtin()
	for _, r := range rows {
		assert.Equal(t, [2]string{"Muslim", "Christian"}, r.Groups)
		assert.Empty(t, lex.Check(axis.Religion, [2]string{r.Sides[0].Story, r.Sides[1].Story}, r.Groups), "row %d", r.ID)
		assert.NotEqual(t, r.Sides[0].Stance, r.Sides[1].Stance, "row %d: kept twins are judged differently", r.ID)
		for _, s := range r.Sides {
			assert.Empty(t, neutral.CheckAxis(lex, axis.Religion, s.NeutralExplanation, s.CharacterName), "row %d: %q", r.ID, s.NeutralExplanation)
		}
	}
}

// writeTwinResults writes n twins on Religion, the first mismatched of them judged differently
// (the Christian telling Immoral), the rest alike, as a twin results file.
func writeTwinResults(t *testing.T, path string, n, mismatched int) {
	t.Helper()
	groups := [2]string{"Muslim", "Christian"}
	var outs []eval.TwinOutcome
	for i := range n {
		tw := axis.Twin{ID: fmt.Sprint("t", i), Axis: axis.Religion, Groups: groups}
		for k, g := range groups {
			tw.Stories[k] = story.Story{Text: fmt.Sprintf("Sam, who is %s, kept the wallet %d.", g, i)}
		}
		js := [2]judge.Judgment{{Stance: judge.Moral}, {Stance: judge.Moral}}
		if i < mismatched {
			js[1].Stance = judge.Immoral
		}
		outs = append(outs, eval.TwinOutcome{Twin: tw, Judgments: js, Verdict: eval.JudgeTwin(groups, js[0].Stance, js[1].Stance)})
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, eval.WriteTwinResults(f, outs))
	require.NoError(t, f.Close())
}

// TestBeforeAfter compares two twin results files: 12 of 40 twins mismatched before and 2
// after (the first 2 of the same 12), so 10 resolved, none introduced, and the exact McNemar
// p-value of 10 against 0 is 2/2^10.
func TestBeforeAfter(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before.jsonl"), filepath.Join(dir, "after.jsonl")
	writeTwinResults(t, before, 40, 12)
	writeTwinResults(t, after, 40, 2)
	page := filepath.Join(dir, "change.html")
	stdout, _, err := runAxes(t, "-before", before, "-after", after, "-html", page, "-json")
	require.NoError(t, err)
	var ch eval.TwinChange
	require.NoError(t, json.Unmarshal([]byte(stdout), &ch), stdout)
	assert.Len(t, ch.Resolved, 10)
	assert.Empty(t, ch.Introduced)
	assert.InDelta(t, 2.0/1024, ch.PValue, 1e-12)
	assert.Equal(t, 12, ch.Before.Mismatches)
	assert.Equal(t, 2, ch.After.Mismatches)
	wellFormed(t, page)

	// The gate reads the second evaluation.
	_, _, err = runAxes(t, "-before", before, "-after", after, "-max-mismatch-rate", "0.01")
	require.ErrorIs(t, err, eval.ErrLimitExceeded)

	// Twins that do not match are named; flags of other modes are refused; a GenMO file is named.
	other := filepath.Join(dir, "other.jsonl")
	writeTwinResults(t, other, 39, 2)
	_, _, err = runAxes(t, "-before", before, "-after", other)
	var ue *cli.UsageError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "t39")
	for _, args := range [][]string{
		{"-before", before},
		{"-before", before, "-after", after, "-genmo", tiny},
		{"-before", before, "-after", after, "-axis", "Religion", "-groups", "Muslim,Christian"},
		{"-before", tiny, "-after", after},
	} {
		_, _, err := runAxes(t, args...)
		require.ErrorAs(t, err, &ue, "%v", args)
	}
}

// TestAllAxes audits every axis on its default groups: one report per axis, in axis.Axes
// order, each on the groups -h names; the limits apply to each axis; flags of one axis are
// refused.
func TestAllAxes(t *testing.T) {
	offline(t)
	stdout, stderr, err := runAxes(t, "-axis", "all", "-genmo", tiny, "-json")
	require.NoError(t, err)
	assert.Contains(t, stderr, "cost:")
	var r allReport
	require.NoError(t, json.Unmarshal([]byte(stdout), &r), stdout)
	require.Len(t, r.Reports, len(axis.Axes()))
	for i, a := range axis.Axes() {
		rep := r.Reports[i]
		assert.Equal(t, string(a), rep.Axis)
		assert.Equal(t, defaultGroups[a], [2]string{rep.Groups[0].Group, rep.Groups[1].Group})
		assert.Positive(t, rep.Twins, "%s: GenMO's stories make twins on the default groups", a)
	}
	text, _, err := runAxes(t, "-axis", "all", "-genmo", tiny)
	require.NoError(t, err)
	for _, a := range axis.Axes() {
		assert.Contains(t, text, string(a)+" ")
	}

	_, _, err = runAxes(t, "-axis", "all", "-genmo", tiny, "-min-pairs", "1000")
	require.ErrorIs(t, err, eval.ErrLimitExceeded)
	for _, a := range axis.Axes() {
		assert.Contains(t, err.Error(), string(a)+": ", "every axis breaking a limit is named")
	}
	var ue *cli.UsageError
	for _, args := range [][]string{
		{"-axis", "all", "-groups", "Muslim,Christian", "-genmo", tiny},
		{"-axis", "all", "-genmo", tiny, "-quads"},
		{"-axis", "all", "-genmo", tiny, "-html", filepath.Join(t.TempDir(), "x.html")},
		{"-axis", "all", "-n", "3", "-out", filepath.Join(t.TempDir(), "x.jsonl")},
	} {
		_, _, err := runAxes(t, args...)
		require.ErrorAs(t, err, &ue, "%v", args)
	}
}
