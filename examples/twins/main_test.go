package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/dpo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runTwins(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), err
}

func readRecords(t *testing.T, s string) []dpo.Record {
	t.Helper()
	recs, err := dpo.ReadRecords(strings.NewReader(s))
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
	assert.Contains(t, report, "not a JSON object")
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
