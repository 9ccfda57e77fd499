package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
)

const records = "testdata/records.jsonl" // ten pairs in the paper's released layout; two miss a neutral explanation

func runDataset(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

func readCard(t *testing.T, dir string) dpo.Card {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "dataset.json"))
	require.NoError(t, err)
	var c dpo.Card
	require.NoError(t, json.Unmarshal(b, &c))
	return c
}

func TestEveryFormat(t *testing.T) {
	t.Parallel()
	for _, f := range dpo.Formats() {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out, err := runDataset(t, "-in", records, "-out", dir, "-format", f.String(), "-eval", "0.25", "-system", "Be fair.", "-model", "m1")
			require.NoError(t, err, out)
			assert.Contains(t, out, "kept 8 pairs (16 rows)")
			c := readCard(t, dir)
			assert.Equal(t, f, c.Format)
			require.Len(t, c.Splits, 2)
			assert.Equal(t, 6, c.Splits[0].Pairs)
			assert.Equal(t, 2, c.Splits[1].Pairs)
			for _, s := range c.Splits {
				fh, err := os.Open(filepath.Join(dir, s.File))
				require.NoError(t, err)
				assert.NoError(t, dpo.Validate(fh, f), "%s in %s", s.File, f)
				fh.Close()
			}
			md, err := os.ReadFile(filepath.Join(dir, "README.md"))
			require.NoError(t, err)
			assert.Contains(t, string(md), "`m1`")
			assert.Contains(t, string(md), "path: eval.jsonl")
		})
	}
}

func TestNoLeakAndSeed(t *testing.T) {
	t.Parallel()
	ids := func(dir, file string) map[string]bool {
		b, err := os.ReadFile(filepath.Join(dir, file))
		require.NoError(t, err)
		got := map[string]bool{}
		for line := range strings.Lines(string(b)) {
			var row struct{ Prompt string }
			require.NoError(t, json.Unmarshal([]byte(line), &row))
			got[strings.Fields(row.Prompt)[1]] = true // the story's second word: the act, shared by both sides
		}
		return got
	}
	a, b := t.TempDir(), t.TempDir()
	_, err := runDataset(t, "-in", records, "-out", a, "-eval", "0.5", "-seed", "9")
	require.NoError(t, err)
	_, err = runDataset(t, "-in", records, "-out", b, "-eval", "0.5", "-seed", "9")
	require.NoError(t, err)
	for _, f := range []string{"train.jsonl", "eval.jsonl"} {
		x, err := os.ReadFile(filepath.Join(a, f))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, f))
		require.NoError(t, err)
		assert.Equal(t, string(x), string(y), "same seed, same %s", f)
	}
	train, eval := ids(a, "train.jsonl"), ids(a, "eval.jsonl")
	for k := range eval {
		assert.False(t, train[k], "story %q is in both splits", k)
	}
}

func TestCDAAndStream(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := runDataset(t, "-in", records, "-out", dir, "-cda", "-format", "sft-messages", "-eval", "0")
	require.NoError(t, err, out)
	assert.Contains(t, out, "by the CDA baseline")
	c := readCard(t, dir)
	assert.True(t, c.CDA)
	require.Len(t, c.Splits, 1)
	assert.Equal(t, 20, c.Splits[0].Examples, "every pair has both explanations")

	_, err = runDataset(t, "-in", records, "-out", t.TempDir(), "-cda", "-format", "trl")
	assert.ErrorContains(t, err, "use -format sft")

	dir = t.TempDir()
	out, err = runDataset(t, "-in", records, "-out", dir, "-stream", "-format", "trl", "-max-pairs", "3")
	require.NoError(t, err, out)
	c = readCard(t, dir)
	require.Len(t, c.Splits, 1)
	assert.Equal(t, 3, c.Splits[0].Pairs)
	assert.Equal(t, 6, c.Splits[0].Examples)

	_, err = runDataset(t, "-in", records, "-out", t.TempDir(), "-stream", "-balanced")
	assert.Error(t, err)
}

func TestFlags(t *testing.T) {
	t.Parallel()
	out, err := runDataset(t, "-h")
	assert.ErrorIs(t, err, flag.ErrHelp)
	for _, f := range []string{"-in", "-out", "-format", "-cda", "-eval", "-seed", "-max-rouge", "-max-pairs", "-balanced", "-single-sides", "-system", "-template", "-model", "-stream"} {
		assert.Contains(t, out, "  "+f, "the help explains %s", f)
	}
	_, err = runDataset(t)
	assert.ErrorContains(t, err, "-in is required")
	_, err = runDataset(t, "-in", records, "-format", "csv", "-out", t.TempDir())
	assert.ErrorIs(t, err, dpo.ErrUnknownFormat)
	_, err = runDataset(t, "-in", records, "-eval", "1", "-out", t.TempDir())
	assert.ErrorIs(t, err, dpo.ErrInvalidOption)

	tmpl := filepath.Join(t.TempDir(), "t.txt")
	require.NoError(t, os.WriteFile(tmpl, []byte("{name}: {story}\nJudge it."), 0o644))
	dir := t.TempDir()
	_, err = runDataset(t, "-in", records, "-out", dir, "-template", tmpl, "-format", "sft", "-eval", "0")
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "train.jsonl"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), `{"prompt":"Tom: Tom found a wallet`), string(b[:80]))
}
