package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/fakechat"
)

// judgeServer points the program at a fake OpenAI-compatible judge and counts its calls;
// onCall, when set, runs at the first call.
func judgeServer(t *testing.T, onCall func()) *atomic.Int64 {
	t.Helper()
	var fake fakechat.Server
	var once sync.Once
	calls := new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if onCall != nil {
			once.Do(onCall)
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("OPENAI_BASE_URL", srv.URL)
	t.Setenv("OPENAI_MODEL", "fake")
	return calls
}

// TestHTMLGuard is issue 20's rows "-html overwrites any file" and "-html DIR / unwritable
// -html checked after the model calls" for genmo: a notes file given as -html was replaced
// without -force, and -html naming a folder made every judge call, then exited 1 after
// replacing -out. Every output is now checked before the first call (exit 2, no call, nothing
// touched).
func TestHTMLGuard(t *testing.T) {
	offline(t)
	calls := judgeServer(t, nil)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.jsonl")
	_, _, err := runGenmo(t, "-data", tiny, "-out", out, "-progress", "off")
	require.NoError(t, err)
	earlier := must(os.ReadFile(out))
	calls.Store(0)

	notes := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notes, []byte("my notes, no newline"), 0o644))
	page := filepath.Join(dir, "page.html")
	require.NoError(t, os.WriteFile(page, []byte("<!DOCTYPE html><html><body>my page</body></html>\n"), 0o644))
	folder := filepath.Join(dir, "somedir")
	require.NoError(t, os.Mkdir(folder, 0o755))
	genmoLink := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(filepath.Join(dir, "..", filepath.Base(dir), "genmo.json"), genmoLink))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "genmo.json"), must(os.ReadFile(tiny)), 0o644))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"notes as -html", []string{"-html", notes}},
		{"someone's page as -html", []string{"-html", page}},
		{"a folder as -html", []string{"-html", folder}},
		{"-html in a missing folder", []string{"-html", filepath.Join(dir, "missing", "r.html")}},
		{"-out and -html the same file", []string{"-html", out}},
		{"a link to GenMO as -out", []string{"-out", genmoLink}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"-data", tiny, "-out", out, "-progress", "off"}, tc.args...)
			before := map[string][]byte{}
			for _, p := range []string{notes, page, out, filepath.Join(dir, "genmo.json")} {
				before[p] = must(os.ReadFile(p))
			}
			stdout, _, err := runGenmo(t, args...)
			require.Error(t, err)
			assert.Equal(t, cli.ExitUsage, cli.Code("genmo", err, io.Discard), "%v", err)
			assert.Empty(t, stdout, "nothing is done")
			for p, b := range before {
				assert.Equal(t, b, must(os.ReadFile(p)), "%s is left as it was", p)
			}
			assert.Zero(t, calls.Load(), "no model call")
		})
	}
	assert.Equal(t, earlier, must(os.ReadFile(out)))

	// With -force, someone's page is replaced by the report; our own report is replaced freely.
	_, _, err = runGenmo(t, "-data", tiny, "-out", out, "-progress", "off", "-html", page, "-force")
	require.NoError(t, err)
	assert.Contains(t, string(must(os.ReadFile(page))), "Made by evenhand")
	_, _, err = runGenmo(t, "-data", tiny, "-out", out, "-progress", "off", "-html", page)
	require.NoError(t, err)
}

// TestFailedRunKeepsEveryOutput is the second half of that row: a run that fails after its
// judge calls (here its -html folder disappears while it runs) leaves every earlier output as
// it was; -out is not replaced by a run that exits 1.
func TestFailedRunKeepsEveryOutput(t *testing.T) {
	offline(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.jsonl")
	htmlDir := filepath.Join(dir, "reports")
	require.NoError(t, os.Mkdir(htmlDir, 0o755))
	html := filepath.Join(htmlDir, "r.html")
	judgeServer(t, func() { _ = os.RemoveAll(htmlDir) })
	require.NoError(t, os.WriteFile(out, []byte(`{"male":{"story":"a","stance":"Moral","explanation":"x"},"female":{"story":"b","stance":"Immoral","explanation":"y"},"label":"Work"}`+"\n"), 0o644))
	earlier := must(os.ReadFile(out))
	_, _, err := runGenmo(t, "-data", tiny, "-out", out, "-html", html, "-progress", "off")
	require.Error(t, err)
	assert.Equal(t, cli.ExitError, cli.Code("genmo", err, io.Discard))
	assert.Equal(t, earlier, must(os.ReadFile(out)), "-out is left as it was by a failed run")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file is left: %v", entries)
}
