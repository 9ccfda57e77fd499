package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runTwins(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), err
}

func readRecords(t *testing.T, s string) []record.Record {
	t.Helper()
	recs, err := record.ReadRecords(strings.NewReader(s))
	require.NoError(t, err)
	return recs
}

func TestJSONL(t *testing.T) {
	out, report, err := runTwins(t, "", "-in", "testdata/stories.jsonl")
	require.NoError(t, err)
	recs := readRecords(t, out)
	require.Len(t, recs, 3)

	assert.Equal(t, "Josh", recs[0].Male.CharacterName)
	assert.Equal(t, "Ashley", recs[0].Female.CharacterName)
	assert.Equal(t, "Ashley drives Mike to work every day and waits outside his house to pick him up. Ashley is late.", recs[0].Female.Story)
	assert.Equal(t, "line 1", recs[0].PairID)
	assert.Equal(t, "swap", recs[0].Source)

	assert.Equal(t, "I am a woman. I usually give my husband a haircut but didn't today because he was busy.", recs[1].Female.Story)
	assert.Empty(t, recs[1].Male.CharacterName)

	assert.Equal(t, "Sarah lost her keys, so she asked her brother for help.", recs[2].Female.Story)
	assert.Equal(t, "Sarah", recs[2].Female.CharacterName)
	assert.NotEmpty(t, recs[2].Male.CharacterName)
	for i, r := range recs {
		assert.Equal(t, i, r.ID)
	}

	assert.Contains(t, report, "paired 3 of 6 stories; 3 could not be paired")
	assert.Contains(t, report, "no protagonist")
	assert.Contains(t, report, "line 4")
	assert.Contains(t, report, "unreadable: invalid character 'h' in literal true (expecting 'r'): line 5", "the real JSON error, not a guess")
	assert.Contains(t, report, `no "story" or "text" field: line 6`)
}

func TestTextFileToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "twins.jsonl")
	out, report, err := runTwins(t, "", "-in", "testdata/stories.txt", "-out", path)
	require.NoError(t, err)
	assert.Empty(t, out)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	recs := readRecords(t, string(b))
	require.Len(t, recs, 2)
	assert.Equal(t, "She walks into her house from work and throws her keys into a corner.", recs[0].Female.Story)
	assert.Equal(t, "Maria told her husband\nthat she would be late.", recs[1].Female.Story)
	assert.Equal(t, "story 3", recs[1].PairID)
	assert.Contains(t, report, "paired 2 of 3 stories; 1 could not be paired")
	assert.Contains(t, report, "story 2")
}

func TestStdinAndFormat(t *testing.T) {
	out, report, err := runTwins(t, "He left.\n\nShe stayed.\n", "-in", "-", "-format", "text")
	require.NoError(t, err)
	recs := readRecords(t, out)
	require.Len(t, recs, 2)
	assert.Equal(t, "She left.", recs[0].Female.Story)
	assert.Equal(t, "He stayed.", recs[1].Male.Story)
	assert.Contains(t, report, "paired 2 of 2 stories\n")
}

func TestErrors(t *testing.T) {
	_, stderr, err := runTwins(t, "", "-h")
	require.ErrorIs(t, err, flag.ErrHelp)
	for _, f := range []string{"-in", "-out", "-format", "blank lines", "standard input"} {
		assert.Contains(t, stderr, f)
	}

	_, _, err = runTwins(t, "")
	assert.ErrorContains(t, err, "-in is required")

	_, _, err = runTwins(t, "", "-in", "testdata/stories.txt", "-format", "xml")
	assert.ErrorContains(t, err, "-format")

	_, _, err = runTwins(t, "", "-in", filepath.Join(t.TempDir(), "missing.txt"))
	assert.Error(t, err)

	_, _, err = runTwins(t, "\n\n", "-in", "-")
	assert.ErrorContains(t, err, "no stories")
}

// TestBinary builds the program and runs it once on the tiny input, as a user would.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "twins")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	cmd := exec.Command(bin, "-in", "testdata/stories.jsonl")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	require.NoError(t, cmd.Run(), e.String())
	assert.Len(t, readRecords(t, o.String()), 3)
	assert.Contains(t, e.String(), "paired 3 of 6 stories")
}

// TestNothingPaired is issue 11 finding 3 for twins: it exited 0 when it paired 0 of N stories,
// and said "not a JSON object with a story" instead of the real JSON error. Pairing nothing is an
// error now, nothing is written, and an earlier -out stays as it was.
func TestNothingPaired(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "twins.jsonl")
	_, _, err := runTwins(t, "", "-in", "testdata/stories.txt", "-out", out)
	require.NoError(t, err)
	before, err := os.ReadFile(out)
	require.NoError(t, err)

	in := filepath.Join(dir, "none.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(`{"story": "The weather was nice, so everyone went out."}`+"\n"+`{"story": 3}`+"\n"), 0o644))
	_, report, err := runTwins(t, "", "-in", in, "-out", out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "paired none of the 2 stories in "+in)
	assert.Equal(t, cli.ExitError, cli.Code("twins", err, io.Discard))
	assert.Contains(t, report, `unreadable: field "story": want string, got JSON number: line 2`)
	after, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the failed run changed %s", out)
}

// TestTwinsBOMAndKinds is issue 11 finding 6 for twins: a byte order mark is accepted, a records
// file is named as such, and -out that is not a records file needs -force.
func TestTwinsBOMAndKinds(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/stories.jsonl")
	require.NoError(t, err)
	bom := filepath.Join(dir, "bom.jsonl")
	require.NoError(t, os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), b...), 0o644))
	out, _, err := runTwins(t, "", "-in", bom)
	require.NoError(t, err)
	assert.Len(t, readRecords(t, out), 3)

	recs := filepath.Join(dir, "recs.jsonl")
	require.NoError(t, os.WriteFile(recs, []byte(out), 0o644))
	_, _, err = runTwins(t, "", "-in", recs)
	assert.ErrorContains(t, err, "this looks like a file of dpo records")

	notOurs := filepath.Join(dir, "stories-copy.jsonl")
	require.NoError(t, os.WriteFile(notOurs, b, 0o644))
	_, _, err = runTwins(t, "", "-in", "testdata/stories.jsonl", "-out", notOurs)
	require.ErrorContains(t, err, "-force")
	got, _ := os.ReadFile(notOurs)
	assert.Equal(t, b, got)
}

// TestMemoryFollowsTheLongestStory is issue 11 finding 7 for twins at the program's level:
// stories are read, paired and written one at a time, so many stories never sit in memory
// together. (Peak RSS figures for 1, 10 and 50 MB stories are in the README.)
func TestMemoryFollowsTheLongestStory(t *testing.T) {
	var in strings.Builder
	for range 2000 {
		in.WriteString(`{"story": "Tom lost his keys, so he asked his sister for help."}` + "\n")
	}
	var seen int
	for s := range parseJSONL(strings.NewReader(in.String()), "x") {
		require.NoError(t, s.err)
		seen++
		if seen == 3 {
			break // a lazy reader: breaking stops the read
		}
	}
	assert.Equal(t, 3, seen)
	out, _, err := runTwins(t, in.String(), "-in", "-", "-dedup")
	require.NoError(t, err)
	assert.Len(t, readRecords(t, out), 1, "repeats dropped with -dedup")
}
