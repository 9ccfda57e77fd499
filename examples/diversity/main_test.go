package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTextAndHTML(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "d.html")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"-in", "testdata/records.jsonl", "-top", "3", "-html", page}, &out, &errb)
	require.NoError(t, err, errb.String())
	assert.Contains(t, out.String(), "Story similarity (cosine) over 40 records, embedder lexical")
	assert.Contains(t, out.String(), "Most similar female stories:")
	assert.Contains(t, out.String(), "  3. ")
	assert.NotContains(t, out.String(), "  4. ")
	b, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<svg")
}

func TestJSON(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-in", "testdata/records.jsonl", "-json", "-top", "0"}, &out, &out))
	var r struct {
		Records int
		Male    struct {
			Pairs int64
			Mean  float64
			Top   []any `json:"top_pairs"`
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), out.String())
	assert.Equal(t, 40, r.Records)
	assert.Equal(t, int64(780), r.Male.Pairs)
	assert.Empty(t, r.Male.Top)
}

func TestBadArguments(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "give one of -in and -genmo"},
		{[]string{"-in", "testdata/records.jsonl", "-embedder", "bert"}, `want lexical, openai or ollama`},
		{[]string{"-in", "missing.jsonl"}, "missing.jsonl"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), tt.args, &out, &errb)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
	t.Setenv("OPENAI_API_KEY", "")
	err := run(context.Background(), []string{"-in", "testdata/records.jsonl", "-embedder", "openai"}, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "OPENAI_API_KEY"))
}

// TestExitCodesAndKinds: usage problems are exit status 2, found before any embedding call, and a
// GenMO file given to -in is named as such.
func TestExitCodesAndKinds(t *testing.T) {
	dir := t.TempDir()
	genmo := filepath.Join(dir, "GenMO.json")
	require.NoError(t, os.WriteFile(genmo, []byte(`[{"male_story": "Tom helps.", "female_story": "Ann helps."}]`), 0o644))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "give one of -in and -genmo"},
		{[]string{"-in", genmo}, "this looks like a GenMO dataset; use -genmo"},
		{[]string{"-in", "testdata/records.jsonl", "-batch", "0"}, "-batch"},
		{[]string{"-in", "testdata/records.jsonl", "-html", filepath.Join(dir, "missing", "x.html")}, "cannot write"},
		{[]string{"-in", "testdata/records.jsonl", "extra"}, "unexpected arguments"},
	} {
		err := run(context.Background(), tt.args, &bytes.Buffer{}, &bytes.Buffer{})
		require.Error(t, err, "args %q", tt.args)
		assert.Contains(t, err.Error(), tt.want)
		assert.Equal(t, cli.ExitUsage, cli.Code("diversity", err, io.Discard), "args %q: %v", tt.args, err)
	}
}

// -embedder openai talks to the server OPENAI_BASE_URL names, through langchaingo's client, and
// retries a 429.
func TestOpenAIEmbedder(t *testing.T) {
	var calls, failed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/embeddings") {
			http.NotFound(w, r)
			return
		}
		if calls.Add(1) == 1 {
			failed.Add(1)
			w.Header().Set("Retry-After", "0")
			http.Error(w, `{"error":{"message":"slow down"}}`, http.StatusTooManyRequests)
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		var out struct {
			Data  []item `json:"data"`
			Model string `json:"model"`
		}
		out.Model = req.Model
		for i, s := range req.Input {
			out.Data = append(out.Data, item{Embedding: []float32{1, float32(len(s) % 7), float32(strings.Count(s, "e"))}, Index: i})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()
	t.Setenv("OPENAI_API_KEY", "k")
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1")
	t.Setenv("OPENAI_EMBEDDING_MODEL", "emb-test")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"-in", "testdata/records.jsonl", "-embedder", "openai", "-batch", "16", "-top", "1"}, &out, &errb)
	require.NoError(t, err, errb.String())
	assert.Contains(t, out.String(), "embedder openai emb-test")
	assert.Equal(t, int64(1), failed.Load())
	assert.Equal(t, int64(1+2*3), calls.Load(), "40 stories per side in batches of 16, one retried call")
}
