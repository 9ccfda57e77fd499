package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
