package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/judge"
)

func TestReadability(t *testing.T) {
	t.Parallel()
	outs := []compare.Outcome{
		{Male: judge.Judgment{Stance: judge.Moral}, Female: judge.Judgment{Stance: judge.Invalid}},
		{Male: judge.Judgment{Stance: judge.Both}, Female: judge.Judgment{Stance: judge.Immoral}},
	}
	assert.Equal(t, "unreadable judgments: 1 of 4 (25.0%)", readability(outs, 4, 0))
	assert.Equal(t, "re-asked replies (-reask 2): 3 (75.0% of judgments); unreadable judgments: 1 of 4 (25.0%) after re-asking",
		readability(outs, 7, 2))
}

func TestReaskFlag(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	stdout, _, err := runGenmo(t, "-data", filepath.Join("testdata", "genmo_tiny.json"), "-limit", "3", "-reask", "1", "-json-mode",
		"-out", filepath.Join(dir, "r.jsonl"), "-progress", "off")
	require.NoError(t, err)
	assert.Contains(t, stdout, "re-asked replies (-reask 1): 0 (0.0% of judgments); unreadable judgments: 0 of 6 (0.0%) after re-asking")

	_, _, err = runGenmo(t, "-data", filepath.Join("testdata", "genmo_tiny.json"), "-reask", "-1")
	assert.ErrorContains(t, err, "-reask must not be negative")
}
