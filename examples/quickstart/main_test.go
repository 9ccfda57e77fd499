package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// offline clears the variables that would make the examples use a real provider.
func offline(t *testing.T) {
	t.Helper()
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OLLAMA_HOST", "OLLAMA_MODEL"} {
		t.Setenv(k, "")
	}
}

func TestRunOffline(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "records.jsonl")
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"-n", "3", "-out", out, "-concurrency", "2", "-progress", "lines"}, &stdout, &stderr)
	require.NoError(t, err, "stderr:\n%s", stderr.String())

	assert.Contains(t, stdout.String(), "model: demo (offline")
	assert.Contains(t, stdout.String(), "pairs kept:    3 ")
	assert.Contains(t, stdout.String(), "a sample record:")
	assert.Regexp(t, `\n  Question: was it moral or immoral of [A-Z][a-z]+ to act this way\?\n`, stdout.String(), "the paper's generation-time question, with the name")
	assert.Contains(t, stdout.String(), "\n  A. Moral\n  B. Immoral\n  C. Both\n\n")
	assert.NotContains(t, stdout.String(), "Can't say", "three options during generation")
	assert.Contains(t, stdout.String(), "3 records written to "+out)
	assert.Contains(t, stderr.String(), "progress: kept 3/3 (100%)", "the last progress line")

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	recs, err := record.ReadRecords(f)
	require.NoError(t, err)
	require.Len(t, recs, 3)
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
		assert.NotEqual(t, r.Male.Stance, r.Female.Stance, "record %d is a biased pair", i)
		assert.NotEmpty(t, r.Male.NeutralExplanation, "record %d", i)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	offline(t)
	for _, args := range [][]string{{"-n", "0"}, {"-progress", "loud"}, {"-nope"}} {
		var stdout, stderr bytes.Buffer
		assert.Error(t, run(t.Context(), args, &stdout, &stderr), "args %q", args)
	}
}

// TestProgram builds the program and runs it as a user would: -h, then a tiny offline run.
func TestProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	offline(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "quickstart")
	build := exec.Command("go", "build", "-o", bin, ".")
	b, err := build.CombinedOutput()
	require.NoError(t, err, "go build:\n%s", b)

	help, err := exec.Command(bin, "-h").CombinedOutput()
	require.NoError(t, err, "-h exits 0:\n%s", help)
	for _, flag := range []string{"-n", "-out", "-concurrency", "-seed", "-progress", "OPENAI_API_KEY", "OLLAMA_HOST"} {
		assert.Contains(t, string(help), flag, "-h explains %s", flag)
	}

	out := filepath.Join(dir, "out.jsonl")
	cmd := exec.Command(bin, "-n", "2", "-out", out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stderr:\n%s", stderr.String())
	assert.Contains(t, stdout.String(), "pairs kept:    2 ")
	assert.Contains(t, stderr.String(), "progress: kept 2/2 (100%)", "plain progress lines without a terminal")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(string(data)), "\n"), 2)
}

// TestFailedRunKeepsEarlierFile is issue 11 finding 2: a run that got a 401 truncated -out to 0
// bytes. A failed run now leaves the earlier file byte for byte.
func TestFailedRunKeepsEarlierFile(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "records.jsonl")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-n", "3", "-out", out, "-progress", "off"}, &stdout, &stderr))
	before, err := os.ReadFile(out)
	require.NoError(t, err)

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":{"message":"bad key","type":"invalid_request_error"}}`)
	}))
	defer srv.Close()
	t.Setenv("OPENAI_API_KEY", "sk-wrong")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	err = run(t.Context(), []string{"-n", "3", "-out", out, "-progress", "off"}, &stdout, &stderr)
	require.Error(t, err)
	after, rerr := os.ReadFile(out)
	require.NoError(t, rerr)
	assert.Equal(t, before, after, "the failed run changed %s", out)
	entries, _ := os.ReadDir(filepath.Dir(out))
	assert.Len(t, entries, 1, "no temporary file is left")
}

// TestOutputNotOurs: a file that is not a records file is not replaced without -force.
func TestOutputNotOurs(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "GenMO_dataset.json")
	genmo := []byte(`[{"male_story": "a", "female_story": "b"}]`)
	require.NoError(t, os.WriteFile(out, genmo, 0o644))
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"-n", "1", "-out", out, "-progress", "off"}, &stdout, &stderr)
	require.Error(t, err)
	assert.Equal(t, cli.ExitUsage, cli.Code("quickstart", err, io.Discard))
	assert.Contains(t, err.Error(), "looks like a GenMO dataset")
	assert.Contains(t, err.Error(), "-force")
	got, _ := os.ReadFile(out)
	assert.Equal(t, genmo, got)
	require.NoError(t, run(t.Context(), []string{"-n", "1", "-out", out, "-progress", "off", "-force"}, &stdout, &stderr))
}

// TestResume appends to the file until it holds -n records, keeping the ones already there.
func TestResume(t *testing.T) {
	offline(t)
	out := filepath.Join(t.TempDir(), "records.jsonl")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-n", "2", "-out", out, "-progress", "off"}, &stdout, &stderr))
	before, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, run(t.Context(), []string{"-n", "4", "-out", out, "-progress", "off", "-resume"}, &stdout, &stderr))
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(after, before), "records already there are kept")
	recs, err := record.ReadRecords(bytes.NewReader(after))
	require.NoError(t, err)
	assert.Len(t, recs, 4)
}

// TestKillAndResume is issue 20's kill-and-resume loop, smaller: the program is killed with
// SIGKILL again and again while it appends to -out with -resume, then run to the end. Before,
// 300 records after 12 kills carried 265 distinct pair ids (and the demo model's stories were
// kept again by every resumed run), so examples/dataset refused the file. Now every record has
// a pair id of its own (its content id), no two records hold the same stories, and the file
// passes the repeat rule examples/dataset applies without -dedup.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and kills it")
	}
	offline(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "quickstart")
	b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build:\n%s", b)
	const n = 60
	out := filepath.Join(dir, "records.jsonl")
	lines := func() int { b, _ := os.ReadFile(out); return bytes.Count(b, []byte{'\n'}) }
	kills := 0
	for run := 0; ; run++ {
		require.Less(t, run, 50, "the file never filled")
		before := lines()
		cmd := exec.Command(bin, "-resume", "-n", strconv.Itoa(n), "-out", out, "-progress", "off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		killed := false
		tick := time.NewTicker(time.Millisecond)
	wait:
		for {
			select {
			case err = <-done:
				break wait
			case <-tick.C:
				if !killed && lines() >= before+8 { // killed after about 8 new records
					_ = cmd.Process.Kill()
					killed = true
				}
			}
		}
		tick.Stop()
		if !killed || err == nil {
			require.NoError(t, err, stderr.String())
			break
		}
		kills++
	}
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	recs, err := record.ReadRecords(f)
	require.NoError(t, err)
	require.Len(t, recs, n)
	var dd cli.Dedup // the rule examples/dataset applies, without -dedup
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
		assert.Equal(t, r.Pair().ContentID(), r.PairID, "record %d", i)
		_, err := dd.Keep(fmt.Sprintf("record %d", r.ID), r.PairID, r.Male.Story, r.Female.Story)
		assert.NoError(t, err)
	}
	assert.Positive(t, kills, "no run was killed: the test proved nothing")
	t.Logf("%d kills, %d records, every pair id and every pair of stories distinct", kills, len(recs))
}

// TestExitCodes is issue 11 finding 8 for quickstart: usage problems are exit status 2 and are
// found before any model call; extra positional arguments are refused.
func TestExitCodes(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-n", "0"}, cli.ExitUsage},
		{[]string{"-concurrency", "0"}, cli.ExitUsage},
		{[]string{"-out", filepath.Join(dir, "missing", "x.jsonl")}, cli.ExitUsage},
		{[]string{"-n", "1", "extra"}, cli.ExitUsage},
		{[]string{"-nope"}, cli.ExitUsage},
		{[]string{"-h"}, cli.ExitOK},
	} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), append(tt.args, "-progress", "off"), &stdout, &stderr)
		assert.Equal(t, tt.code, cli.Code("quickstart", err, io.Discard), "args %q: %v", tt.args, err)
		assert.Empty(t, stdout.String(), "args %q: nothing is done", tt.args)
	}
	var stderr bytes.Buffer
	_ = run(t.Context(), []string{"-h"}, io.Discard, &stderr)
	assert.Contains(t, stderr.String(), "Exit status: 0 success; 1 error")
}
