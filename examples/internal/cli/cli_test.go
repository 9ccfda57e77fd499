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

// TestDedupDropsOnlyTrueRepeats is issue 20's "-dedup drops 20 different pairs": pair ids that
// repeat with other stories (written by a resumed run before pair ids were content ids) were
// dropped by -dedup as if they were repeats. -dedup now drops only repeated stories (white
// space aside); one id for two pairs is an error either way, with the program's hint.
func TestDedupDropsOnlyTrueRepeats(t *testing.T) {
	d := cli.Dedup{Drop: true, IDHint: "; pass -renumber"}
	keep, err := d.Keep("line 1", "8", "Tom kept it.", "Ann kept it.")
	require.NoError(t, err)
	assert.True(t, keep)
	keep, err = d.Keep("line 2", "9", " Tom  kept it.\n", "Ann kept\tit.")
	require.NoError(t, err)
	assert.False(t, keep, "the same stories up to white space are a repeat")
	keep, err = d.Keep("line 3", "8", "Tom lied.", "Ann lied.")
	assert.False(t, keep)
	assert.EqualError(t, err, `line 3 repeats pair id "8" of line 1 with other stories: one id for two pairs, which -dedup does not drop; pass -renumber`)
	assert.Equal(t, 1, d.Dropped)
}
