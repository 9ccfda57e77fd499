package cli_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/record"
)

func records() cli.Output {
	return cli.Output{Flag: "-out", Kinds: []filekind.Kind{filekind.Records}}
}

// TestCheckOutputsOneLineFiles: a file that is not ours is refused whatever its shape, one-line
// files without a newline included; -force lets a replaced file go, never an appended one.
func TestCheckOutputsOneLineFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, content := range []string{
		`[{"male_story":"a","female_story":"b"}]`, // minified GenMO
		"hello world",
		`{"a":1}`,
		"hello world\n",
		"<!DOCTYPE html><html><body>mine</body></html>",
	} {
		p := filepath.Join(dir, "f")
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		o := records()
		o.Path = p
		err := cli.CheckOutputs(io.Discard, false, o)
		assert.Error(t, err, "%q", content)
		assert.NoError(t, cli.CheckOutputs(io.Discard, true, o), "-force replaces %q", content)
		o.Append, o.Lead = true, `{"male":`
		assert.Error(t, cli.CheckOutputs(io.Discard, true, o), "%q is never appended to", content)
		got, _ := os.ReadFile(p)
		assert.Equal(t, content, string(got))
	}
	// The first record of a killed appending run, cut short, is ours to continue.
	p := filepath.Join(dir, "torn.jsonl")
	require.NoError(t, os.WriteFile(p, []byte(`{"male":{"story":"Tom`), 0o644))
	o := records()
	o.Path, o.Append, o.Lead = p, true, `{"male":`
	assert.NoError(t, cli.CheckOutputs(io.Discard, false, o))
}

// TestCheckOutputsLinks: a link is judged by its target; a link to a foreign file is refused,
// a dangling one resolves to where its target would be.
func TestCheckOutputsLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	foreign := filepath.Join(dir, "genmo.json")
	require.NoError(t, os.WriteFile(foreign, []byte(`[{"male_story":"a"}]`), 0o644))
	link := filepath.Join(dir, "out.jsonl")
	require.NoError(t, os.Symlink("genmo.json", link))
	o := records()
	o.Path = link
	err := cli.CheckOutputs(io.Discard, false, o)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a symbolic link to "+foreign)
	assert.Contains(t, err.Error(), "GenMO")

	dangling := filepath.Join(dir, "new.jsonl")
	require.NoError(t, os.Symlink(filepath.Join("sub", "later.jsonl"), dangling))
	target, err := cli.Resolve(dangling)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "sub", "later.jsonl"), target)
	o.Path = dangling
	assert.Error(t, cli.CheckOutputs(io.Discard, false, o), "the target's folder does not exist")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	assert.NoError(t, cli.CheckOutputs(io.Discard, false, o))

	// Writing through the link replaces the target and keeps the link.
	require.NoError(t, cli.WriteFile(dangling, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }))
	got, err := os.ReadFile(filepath.Join(dir, "sub", "later.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	st, err := os.Lstat(dangling)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink)

	// Two flags naming one file, directly and through a link.
	a := records()
	a.Path = filepath.Join(dir, "sub", "later.jsonl")
	b := cli.Output{Flag: "-html", Path: dangling, Kinds: []filekind.Kind{filekind.Report}}
	assert.ErrorContains(t, cli.CheckOutputs(io.Discard, true, a, b), "name the same file")
}

// TestCheckOutputsLeftovers: a temporary file that a killed run left is removed and named; one
// that a running run holds makes the output refused.
func TestCheckOutputsLeftovers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "q.jsonl")
	orphan := filepath.Join(dir, ".q.jsonl.tmp-123")
	require.NoError(t, os.WriteFile(orphan, []byte("half a fi"), 0o644))
	o := records()
	o.Path = out
	var log bytes.Buffer
	require.NoError(t, cli.CheckOutputs(&log, false, o))
	assert.Contains(t, log.String(), "removed "+orphan+" (9 bytes)")
	assert.Contains(t, log.String(), "killed")
	assert.Empty(t, cli.Orphans(out))

	if !record.LockSupported() {
		return
	}
	var running cli.Outputs
	_, err := running.Create(out)
	require.NoError(t, err)
	defer running.Abort()
	err = cli.CheckOutputs(&log, false, o)
	require.ErrorIs(t, err, record.ErrLocked)
	assert.Contains(t, err.Error(), "being written by another run")
	assert.Len(t, cli.Orphans(out), 1, "the running run's file is kept")
	require.NoError(t, running.Commit())
	assert.Empty(t, cli.Orphans(out))
	assert.NoError(t, cli.CheckOutputs(&log, false, o))
}

// TestReportsAreOurs: every HTML page the module writes is recognised as an evenhand report, so
// -html replaces an earlier report without -force.
func TestReportsAreOurs(t *testing.T) {
	t.Parallel()
	var pages []string
	page := func(write func(io.Writer) error) {
		var b bytes.Buffer
		require.NoError(t, write(&b))
		pages = append(pages, b.String())
	}
	o := eval.Outcome{}
	r := eval.Summarize([]eval.Outcome{o})
	page(r.WriteHTML)
	ch, err := eval.Paired([]eval.Outcome{o}, []eval.Outcome{o})
	require.NoError(t, err)
	page(ch.WriteHTML)
	br := bench.Summarize(nil)
	page(br.WriteHTML)
	recs := []record.Record{{ID: 0, Male: record.Side{Story: "Tom helps a friend."}, Female: record.Side{Story: "Ann helps a friend."}},
		{ID: 1, Male: record.Side{Story: "Tom lies to a friend."}, Female: record.Side{Story: "Ann lies to a friend."}}}
	dr, err := diversity.Analyze(t.Context(), diversity.Lexical{}, recs)
	require.NoError(t, err)
	page(dr.WriteHTML)
	for _, p := range pages {
		assert.Equal(t, filekind.Report, filekind.Of([]byte(p)), "%.80q", p)
	}
	assert.Equal(t, filekind.HTML, filekind.Of([]byte(strings.ToUpper("<!doctype html><html><body>x</body></html>"))))
}
