package fileio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.txt")
	require.NoError(t, Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "hi"); return err }))
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(b))

	boom := errors.New("boom")
	err = Write(p, func(io.Writer) error { return boom })
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), p)

	assert.Error(t, Write(filepath.Join(t.TempDir(), "missing", "x"), func(io.Writer) error { return nil }))
}
