package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
)

func TestReadability(t *testing.T) {
	t.Parallel()
	outs := []eval.Outcome{
		{Male: judge.Judgment{Stance: judge.Moral}, Female: judge.Judgment{Stance: judge.Invalid}},
		{Male: judge.Judgment{Stance: judge.Both}, Female: judge.Judgment{Stance: judge.Immoral}},
	}
	assert.Equal(t, "unreadable judgments: 1 of 4 (25.0%)", readability(outs, 4, 0))
	assert.Equal(t, "re-asked replies (-reask 2): 3 (75.0% of judgments); unreadable judgments: 1 of 4 (25.0%) after re-asking",
		readability(outs, 7, 2))
}

func TestReaskHint(t *testing.T) {
	t.Parallel()
	valid := eval.Outcome{Male: judge.Judgment{Stance: judge.Moral}, Female: judge.Judgment{Stance: judge.Immoral}}
	outs := make([]eval.Outcome, 50) // 100 judgments
	for i := range outs {
		outs[i] = valid
	}
	assert.Empty(t, reaskHint(outs, 0), "no unreadable judgment")
	outs[0].Male.Stance = judge.Invalid
	assert.Empty(t, reaskHint(outs, 0), "1% is not more than 1%")
	outs[1].Female.Stance = judge.Invalid
	assert.Equal(t, "more than 1% of judgments were unreadable: run again with -reask 1 to ask once more for each (2 more calls at most; the paper asks once)", reaskHint(outs, 0))
	assert.Empty(t, reaskHint(outs, 1), "already re-asking")
	assert.Empty(t, reaskHint(nil, 0))
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
