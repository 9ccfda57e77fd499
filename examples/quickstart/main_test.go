package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/dpo"
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
	assert.Contains(t, stdout.String(), "3 records written to "+out)
	assert.Contains(t, stderr.String(), "progress: kept 3/3 (100%)", "the last progress line")

	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	recs, err := dpo.ReadRecords(f)
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
