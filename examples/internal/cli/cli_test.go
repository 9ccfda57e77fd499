package cli_test

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCode(t *testing.T) {
	for err, want := range map[error]int{
		nil:                                  cli.ExitOK,
		flag.ErrHelp:                         cli.ExitOK,
		errors.New("boom"):                   cli.ExitError,
		cli.Usagef("bad"):                    cli.ExitUsage,
		&cli.GateError{Err: errors.New("x")}: cli.ExitGate,
	} {
		assert.Equal(t, want, cli.Code("p", err, io.Discard), "%v", err)
	}
}

func TestOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, os.WriteFile(a, []byte("old a"), 0o640))
	var o cli.Outputs
	require.NoError(t, o.Write(a, func(w io.Writer) error { _, err := io.WriteString(w, "new a"); return err }))
	require.NoError(t, o.Write(b, func(w io.Writer) error { _, err := io.WriteString(w, "new b"); return err }))
	o.Abort()
	got, _ := os.ReadFile(a)
	assert.Equal(t, "old a", string(got))
	_, err := os.Stat(b)
	assert.True(t, os.IsNotExist(err))

	o = cli.Outputs{}
	require.NoError(t, o.Write(a, func(w io.Writer) error { _, err := io.WriteString(w, "new a"); return err }))
	require.NoError(t, o.Write(b, func(w io.Writer) error { _, err := io.WriteString(w, "new b"); return err }))
	require.NoError(t, o.Commit())
	got, _ = os.ReadFile(a)
	assert.Equal(t, "new a", string(got))
	st, err := os.Stat(a)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm(), "a replaced file keeps its mode")
	st, err = os.Stat(b)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "a new file is 0644, not CreateTemp's 0600")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 2)
}

func TestCheckOverwrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.jsonl")
	assert.NoError(t, cli.CheckOverwrite(p, false, filekind.Records), "missing")
	require.NoError(t, os.WriteFile(p, []byte(`[{"male_story": "a"}]`), 0o644))
	err := cli.CheckOverwrite(p, false, filekind.Records)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "looks like a GenMO dataset")
	assert.NoError(t, cli.CheckOverwrite(p, true, filekind.Records))
}

func TestDedup(t *testing.T) {
	var d cli.Dedup
	keep, err := d.Keep("line 1", "0", "a", "b")
	require.NoError(t, err)
	assert.True(t, keep)
	_, err = d.Keep("line 2", "0", "c", "d")
	assert.ErrorContains(t, err, `line 2 repeats pair id "0" of line 1`)
	_, err = d.Keep("line 3", "1", "a", "b")
	assert.ErrorContains(t, err, "line 3 repeats the two stories of line 1")
	d.Drop = true
	keep, err = d.Keep("line 4", "0", "a", "b")
	require.NoError(t, err)
	assert.False(t, keep)
	assert.Equal(t, 1, d.Dropped)
}
