package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLintWarning checks that rows still holding a model's chatter are written but warned about.
func TestLintWarning(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(records)
	require.NoError(t, err)
	first, rest, _ := strings.Cut(string(b), "\n")
	first = strings.Replace(first, `which is stealing."`, `which is stealing.\n\nLet me know if you need anything else."`, 1)
	in := filepath.Join(t.TempDir(), "records.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(first+"\n"+rest), 0o644))

	out, err := runDataset(t, "-in", in, "-out", filepath.Join(t.TempDir(), "d"))
	require.NoError(t, err, out)
	assert.Contains(t, out, "still hold what a model wrote around its answer")
	assert.Contains(t, out, `rejected holds chatter: "Let me know if you need anything else."`)

	clean, err := runDataset(t, "-in", records, "-out", filepath.Join(t.TempDir(), "d"))
	require.NoError(t, err, clean)
	assert.NotContains(t, clean, "warning:")
}
