package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/record"
)

// childArgs, when set, makes the test binary run the program with these arguments (separated by
// "\x1f") instead of the tests: a run the parent can kill.
const childArgs = "QUICKSTART_TEST_CHILD_ARGS"

func TestMain(m *testing.M) {
	if a := os.Getenv(childArgs); a != "" {
		os.Exit(cli.Code("quickstart", run(context.Background(), strings.Split(a, "\x1f"), io.Discard, os.Stderr), os.Stderr))
	}
	os.Exit(m.Run())
}

// TestResumeRefusesFilesThatAreNotRecords is issue 20's "quickstart -resume wipes or appends to
// a one-line file" row: "hello world" without a newline was emptied as a torn write, and
// {"a":1} kept as a record with records appended after it, both with exit 0. Both are refused
// now (exit 2, before any model call) and left byte for byte.
func TestResumeRefusesFilesThatAreNotRecords(t *testing.T) {
	offline(t)
	for _, content := range []string{"hello world", `{"a":1}`, "hello world\n", `{"a":1}` + "\n", `[{"male_story":"a","female_story":"b"}]`} {
		out := filepath.Join(t.TempDir(), "f")
		require.NoError(t, os.WriteFile(out, []byte(content), 0o644))
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), []string{"-resume", "-n", "2", "-out", out, "-progress", "off"}, &stdout, &stderr)
		require.Error(t, err, "%q", content)
		assert.Equal(t, cli.ExitUsage, cli.Code("quickstart", err, io.Discard), "%q: %v", content, err)
		assert.Empty(t, stdout.String(), "%q: nothing is done", content)
		got, _ := os.ReadFile(out)
		assert.Equal(t, content, string(got), "the file is left as it was")
		// -force does not make a foreign file a records file to append to.
		err = run(t.Context(), []string{"-resume", "-force", "-n", "2", "-out", out, "-progress", "off"}, &stdout, &stderr)
		require.Error(t, err, "%q", content)
		got, _ = os.ReadFile(out)
		assert.Equal(t, content, string(got), "the file is left as it was")
	}

	// The first record of a killed -resume run, cut short, is ours: it is cut off and the run goes on.
	out := filepath.Join(t.TempDir(), "torn.jsonl")
	require.NoError(t, os.WriteFile(out, []byte(`{"male":{"story":"Tom wal`), 0o644))
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-resume", "-n", "2", "-out", out, "-progress", "off"}, &stdout, &stderr))
	recs := readRecords(t, out)
	assert.Len(t, recs, 2)
}

// leftovers lists the temporary files beside path (".NAME.tmp-*").
func leftovers(path string) []string {
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	return m
}

func readRecords(t *testing.T, path string) []record.Record {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := record.ReadRecords(f)
	require.NoError(t, err)
	return recs
}

// TestOrphanedTemporaryFiles is issue 20's "orphaned temporary files" row: a run without
// -resume killed with SIGKILL left .q.jsonl.tmp-* behind, never removed, and the rerun started
// from zero without a word. The rerun now names each leftover: without -resume it removes it;
// with -resume (and no -out yet) it continues from the records it holds.
func TestOrphanedTemporaryFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	offline(t)
	var fake fakechat.Server
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // slow enough that the child is killed mid-run
		case <-time.After(20 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	dir := t.TempDir()
	out := filepath.Join(dir, "q.jsonl")

	// A child writing -out (no -resume) is killed once a few records are in its temporary file.
	kill := func() string {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childArgs+"="+strings.Join([]string{"-n", "200", "-out", out, "-progress", "off", "-concurrency", "2"}, "\x1f"),
			"OPENAI_API_KEY=sk-test", "OPENAI_BASE_URL="+slow.URL, "OPENAI_MODEL=fake")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		deadline := time.Now().Add(2 * time.Minute)
		for {
			tmps := leftovers(out)
			if len(tmps) == 1 {
				if data, _ := os.ReadFile(tmps[0]); bytes.Count(data, []byte("\n")) >= 2 {
					break
				}
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("the child wrote no records: %s", stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		tmps := leftovers(out)
		require.Len(t, tmps, 1, "the killed run left its temporary file")
		return tmps[0]
	}

	// Without -resume: the rerun removes the leftover and says so.
	orphan := kill()
	assert.False(t, cli.Exists(out), "-out appears only when a run succeeds")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-n", "2", "-out", out, "-progress", "off"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "removed "+orphan)
	assert.Contains(t, stderr.String(), "killed")
	assert.Empty(t, leftovers(out), "no leftover remains")
	assert.Len(t, readRecords(t, out), 2)

	// With -resume and no -out yet: the rerun continues from the leftover's records.
	require.NoError(t, os.Remove(out))
	orphan = kill()
	data, err := os.ReadFile(orphan)
	require.NoError(t, err)
	complete := data[:bytes.LastIndexByte(data, '\n')+1] // the records the kill did not cut short
	left, err := record.ReadRecords(bytes.NewReader(complete))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(left), 2)
	stdout.Reset()
	stderr.Reset()
	offline(t)
	n := len(left) + 2
	require.NoError(t, run(t.Context(), []string{"-resume", "-n", fmt.Sprint(n), "-out", out, "-progress", "off"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), fmt.Sprintf("continuing from the %d records that a killed run left in %s", len(left), orphan))
	assert.Empty(t, leftovers(out))
	got := readRecords(t, out)
	require.Len(t, got, n)
	assert.Equal(t, left, got[:len(left)], "the records the killed run paid for are kept")
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(after, complete), "byte for byte")
}

// TestOutputBeingWritten: a second run on an -out that another run is writing now (its
// temporary file is locked) is refused by name instead of racing it.
func TestOutputBeingWritten(t *testing.T) {
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	offline(t)
	out := filepath.Join(t.TempDir(), "q.jsonl")
	var other cli.Outputs // another run, writing out
	_, err := other.Create(out)
	require.NoError(t, err)
	defer other.Abort()
	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"-n", "1", "-out", out, "-progress", "off"}, &stdout, &stderr)
	require.ErrorIs(t, err, record.ErrLocked)
	assert.Contains(t, err.Error(), "being written by another run")
	assert.Len(t, leftovers(out), 1, "the other run's file is not touched")
}
