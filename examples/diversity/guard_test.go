package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/examples/internal/cli"
)

// TestHTMLGuard is issue 20's "-html overwrites any file" row for diversity: a file that is not
// an evenhand report (or a folder) given as -html is refused before any embedding, and left as
// it was; -force replaces it, and our own report is replaced freely.
func TestHTMLGuard(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notes, []byte("my notes, one line"), 0o644))
	run1 := func(args ...string) error {
		var out, errb bytes.Buffer
		return run(context.Background(), append([]string{"-in", "testdata/records.jsonl"}, args...), &out, &errb)
	}
	for _, html := range []string{notes, dir} {
		err := run1("-html", html)
		require.Error(t, err, html)
		assert.Equal(t, cli.ExitUsage, cli.Code("diversity", err, io.Discard), "%v", err)
	}
	got, _ := os.ReadFile(notes)
	assert.Equal(t, "my notes, one line", string(got))
	require.NoError(t, run1("-html", notes, "-force"))
	require.NoError(t, run1("-html", notes), "an evenhand report is ours to replace")
	got, _ = os.ReadFile(notes)
	assert.Contains(t, string(got), "Made by evenhand")
}
