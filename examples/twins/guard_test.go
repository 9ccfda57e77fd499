package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// TestGenMOInput is issue 20's "wrong kind of input" row: twins -in genmo_dev.json read the
// whole benchmark as one story, reported "paired 1 of 1" and wrote 226 KB of junk with exit 0.
// It now recognises a GenMO dataset and refuses it with a hint, writing nothing.
func TestGenMOInput(t *testing.T) {
	genmo := shareddata.Path(t, "genmo/genmo_dev.json")
	out := filepath.Join(t.TempDir(), "t.jsonl")
	for _, format := range []string{"auto", "text", "jsonl"} {
		stdout, _, err := runTwins(t, "", "-in", genmo, "-out", out, "-format", format)
		require.Error(t, err, format)
		assert.Equal(t, cli.ExitUsage, cli.Code("twins", err, io.Discard), "%v", err)
		assert.Contains(t, err.Error(), "looks like a GenMO dataset")
		assert.Contains(t, err.Error(), "examples/genmo -data")
		assert.Empty(t, stdout)
		assert.False(t, cli.Exists(out), "nothing is written")
	}
}

// TestUTF16Input is issue 20's UTF-16 row for twins: a story file saved as UTF-16 is named as
// such, with or without its byte order mark, instead of being paired as garbage.
func TestUTF16Input(t *testing.T) {
	dir := t.TempDir()
	story := "Tom said he would pay. Tom kept his word.\n"
	for _, bom := range []string{"\xff\xfe", ""} {
		var b strings.Builder
		b.WriteString(bom)
		for _, c := range []byte(story) {
			b.WriteByte(c)
			b.WriteByte(0)
		}
		in := filepath.Join(dir, "stories.txt")
		require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
		out := filepath.Join(dir, "t.jsonl")
		_, _, err := runTwins(t, "", "-in", in, "-out", out)
		require.Error(t, err, "BOM %q", bom)
		assert.Contains(t, err.Error(), "UTF-16")
		assert.False(t, cli.Exists(out))
	}
}

// TestOutputGuard: -out holding a file that is not records, directly or through a link, is
// refused before anything is read, and left as it was.
func TestOutputGuard(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notes, []byte("hello world"), 0o644))
	link := filepath.Join(dir, "link.jsonl")
	require.NoError(t, os.Symlink(notes, link))
	for _, out := range []string{notes, link} {
		_, _, err := runTwins(t, "", "-in", "testdata/stories.jsonl", "-out", out)
		require.Error(t, err, out)
		assert.Equal(t, cli.ExitUsage, cli.Code("twins", err, io.Discard))
		assert.Equal(t, "hello world", string(must(os.ReadFile(notes))))
	}
	_, _, err := runTwins(t, "", "-in", "testdata/stories.jsonl", "-out", link, "-force")
	require.NoError(t, err)
	st, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink, "the link stays; its target is replaced")
	assert.Contains(t, string(must(os.ReadFile(notes))), `"male"`)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
