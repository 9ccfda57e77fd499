package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/examples/internal/cli"
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
	assert.ErrorContains(t, err, "-eval must be in [0, 1)")
	assert.Equal(t, cli.ExitUsage, cli.Code("dataset", err, io.Discard))

	tmpl := filepath.Join(t.TempDir(), "t.txt")
	require.NoError(t, os.WriteFile(tmpl, []byte("{{.Name}}: {{.Story}}\nJudge it."), 0o644))
	dir := t.TempDir()
	_, err = runDataset(t, "-in", records, "-out", dir, "-template", tmpl, "-format", "sft", "-eval", "0")
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "train.jsonl"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), `{"prompt":"Tom: Tom found a wallet`), string(b[:80]))
}

// snapshot returns the bytes of every file in dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		got[e.Name()] = string(b)
	}
	return got
}

// TestFailedRunKeepsEarlierFiles is issue 11 finding 2 for dataset: -stream with a bad input
// emptied the previous train.jsonl, left the old card describing data that was gone, and named the
// output file for an input problem. Now every earlier file stays byte for byte, and the error
// names the input file and line.
func TestFailedRunKeepsEarlierFiles(t *testing.T) {
	t.Parallel()
	for _, stream := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"-in", records, "-out", dir, "-eval", "0.25"}
		if stream {
			args = []string{"-in", records, "-out", dir, "-stream"}
		}
		_, err := runDataset(t, args...)
		require.NoError(t, err)
		before := snapshot(t, dir)
		require.Contains(t, before, "train.jsonl")

		good, err := os.ReadFile(records)
		require.NoError(t, err)
		bad := filepath.Join(t.TempDir(), "bad.jsonl")
		require.NoError(t, os.WriteFile(bad, append(good, "{not json\n"...), 0o644))
		args[1] = bad
		_, err = runDataset(t, args...)
		require.Error(t, err)
		assert.Contains(t, err.Error(), bad+": line 11", "the error names the input file and line")
		assert.NotContains(t, err.Error(), "train.jsonl")
		assert.Equal(t, before, snapshot(t, dir), "stream %v: the failed run changed earlier files", stream)
	}
}

// TestDuplicates is issue 11 finding 5 for dataset: records with ids 0, 0, 1 (an exact repeat)
// gave 6 rows and a card saying 2 pairs. A repeat is now an error naming both places, or, with
// -dedup, dropped and counted.
func TestDuplicates(t *testing.T) {
	t.Parallel()
	lines := strings.SplitAfter(string(must(os.ReadFile(records))), "\n")
	in := filepath.Join(t.TempDir(), "dup.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(lines[0]+lines[0]+lines[2]), 0o644))
	for _, stream := range []string{"-stream=false", "-stream=true"} {
		dir := t.TempDir()
		_, err := runDataset(t, "-in", in, "-out", dir, "-eval", "0", stream)
		require.Error(t, err, stream)
		assert.Contains(t, err.Error(), `repeats pair id "0"`)
		assert.Contains(t, err.Error(), "-dedup")

		out, err := runDataset(t, "-in", in, "-out", dir, "-eval", "0", stream, "-dedup")
		require.NoError(t, err, stream)
		assert.Contains(t, out, "dropped 1 repeated pairs (-dedup)")
		c := readCard(t, dir)
		require.Len(t, c.Splits, 1)
		assert.Equal(t, 2, c.Splits[0].Pairs)
		assert.Equal(t, 4, c.Splits[0].Examples)
	}
	// The same two stories under another id are a repeat too.
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &r))
	r["id"] = 99
	again, err := json.Marshal(r)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(in, []byte(lines[0]+string(again)+"\n"), 0o644))
	_, err = runDataset(t, "-in", in, "-out", t.TempDir(), "-eval", "0")
	assert.ErrorContains(t, err, "repeats the two stories")
}

// TestRenumber is issue 20's "pair_id reused after every resume" for files written before pair
// ids were content ids: quickstart -resume gave pair ids 1, 8, 19 in every run, so a file of 300
// records carried 265 distinct ids; dataset refused it, and -dedup dropped 20 different pairs as
// repeats. Now -dedup drops only repeated stories, and -renumber gives every record the content
// id of its stories, so such a file builds with every pair in it.
func TestRenumber(t *testing.T) {
	t.Parallel()
	ids := []string{"1", "8", "19", "1", "8", "19", "4", "8", "19", "2"} // ten different pairs
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSpace(string(must(os.ReadFile(records)))), "\n") {
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		r["pair_id"] = ids[i]
		b.Write(must(json.Marshal(r)))
		b.WriteByte('\n')
	}
	in := filepath.Join(t.TempDir(), "resumed.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
	for _, args := range [][]string{nil, {"-dedup"}, {"-stream"}, {"-stream", "-dedup"}} {
		_, err := runDataset(t, append([]string{"-in", in, "-out", t.TempDir(), "-eval", "0"}, args...)...)
		require.Error(t, err, "args %q: different pairs under one id must not pass, nor be dropped", args)
		assert.Contains(t, err.Error(), `record id 3 repeats pair id "1" of `+in+`: record id 0 with other stories`)
		assert.Contains(t, err.Error(), "-renumber")
	}
	for _, stream := range []string{"-stream=false", "-stream=true"} {
		dir := t.TempDir()
		out, err := runDataset(t, "-in", in, "-out", dir, "-eval", "0", "-renumber", stream)
		require.NoError(t, err, out)
		assert.NotContains(t, out, "dropped")
		c := readCard(t, dir)
		require.Len(t, c.Splits, 1)
		assert.Equal(t, 8, c.Splits[0].Pairs, "%s: every pair with both neutral explanations is kept", stream)
		assert.Equal(t, 16, c.Splits[0].Examples)
	}
	// A true repeat (the same stories, white space aside) is still a repeat after -renumber.
	lines := strings.SplitAfter(b.String(), "\n")
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &r))
	r["id"], r["pair_id"] = 10, "77"
	male := r["male"].(map[string]any)
	male["story"] = "  " + male["story"].(string) + "  "
	require.NoError(t, os.WriteFile(in, append([]byte(b.String()), append(must(json.Marshal(r)), '\n')...), 0o644))
	_, err := runDataset(t, "-in", in, "-out", t.TempDir(), "-eval", "0", "-renumber")
	assert.ErrorContains(t, err, "repeats pair id")
	assert.ErrorContains(t, err, "and the two stories of")
	out, err := runDataset(t, "-in", in, "-out", t.TempDir(), "-eval", "0", "-renumber", "-dedup")
	require.NoError(t, err)
	assert.Contains(t, out, "dropped 1 repeated pairs (-dedup)")
}

// TestInputProblems is issue 11 finding 6 for dataset: a BOM is accepted, a GenMO file is named
// as such instead of "cannot unmarshal array", and a file that is not ours is not overwritten.
func TestInputProblems(t *testing.T) {
	t.Parallel()
	bom := filepath.Join(t.TempDir(), "bom.jsonl")
	require.NoError(t, os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), must(os.ReadFile(records))...), 0o644))
	_, err := runDataset(t, "-in", bom, "-out", t.TempDir(), "-eval", "0")
	require.NoError(t, err)

	genmo := filepath.Join(t.TempDir(), "GenMO_dataset.json")
	require.NoError(t, os.WriteFile(genmo, []byte(`[{"male_story": "a", "female_story": "b", "environment": "Work"}]`), 0o644))
	_, err = runDataset(t, "-in", genmo, "-out", t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "this looks like a GenMO dataset")
	assert.Contains(t, err.Error(), "examples/genmo -data")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("my notes"), 0o644))
	_, err = runDataset(t, "-in", records, "-out", dir)
	require.ErrorContains(t, err, "-force")
	assert.Equal(t, "my notes", string(must(os.ReadFile(filepath.Join(dir, "README.md")))))
	_, err = runDataset(t, "-in", records, "-out", dir, "-force")
	require.NoError(t, err)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// -diversity puts the story similarity figures on the card.
func TestDiversityOnCard(t *testing.T) {
	dir := t.TempDir()
	out, err := runDataset(t, "-in", records, "-out", dir, "-diversity")
	require.NoError(t, err, out)
	assert.Contains(t, out, "story similarity (lexical): male mean")
	c := readCard(t, dir)
	require.NotNil(t, c.Diversity)
	assert.Equal(t, 10, c.Diversity.Male.Stories)
	assert.LessOrEqual(t, c.Diversity.Male.Max, 1+1e-9)
	md, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "## How varied are the stories?")

	_, err = runDataset(t, "-in", records, "-out", t.TempDir())
	require.NoError(t, err)
}

// A twin records file (examples/axes -n, written by the offline demo model) becomes training
// rows in every format: two per twin, one per group, counted per group on the card.
func TestTwinRecords(t *testing.T) {
	t.Parallel()
	const twins = "testdata/twins.jsonl" // four twins on Religion, Muslim / Christian
	for _, f := range dpo.Formats() {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out, err := runDataset(t, "-in", twins, "-out", dir, "-format", f.String())
			require.NoError(t, err, out)
			assert.Contains(t, out, "8 rows from 4 twins")
			c := readCard(t, dir)
			require.Len(t, c.Splits, 1)
			assert.Equal(t, map[string]int{"Muslim": 4, "Christian": 4}, c.Splits[0].Groups)
			fh, err := os.Open(filepath.Join(dir, "train.jsonl"))
			require.NoError(t, err)
			defer fh.Close()
			assert.NoError(t, dpo.Validate(fh, f))
			_, err = os.Stat(filepath.Join(dir, "eval.jsonl"))
			assert.ErrorIs(t, err, os.ErrNotExist, "twins are not split")
		})
	}
}
