package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.txt")
	require.NoError(t, WriteFile(p, func(w io.Writer) error { _, err := io.WriteString(w, "hi"); return err }))
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(b))

	boom := errors.New("boom")
	err = WriteFile(p, func(io.Writer) error { return boom })
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), p)

	assert.Error(t, WriteFile(filepath.Join(t.TempDir(), "missing", "x"), func(io.Writer) error { return nil }))
}

// TestWriteKeepsEarlierFile is issue 11 finding 2 at its root: a failed write leaves the earlier
// file byte for byte, and no temporary file behind.
func TestWriteKeepsEarlierFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.jsonl")
	require.NoError(t, os.WriteFile(p, []byte("earlier\n"), 0o644))
	err := WriteFile(p, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half a new fi")
		return errors.New("boom")
	})
	require.Error(t, err)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "earlier\n", string(b))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left")
}
