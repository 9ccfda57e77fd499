package dpo_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForwarders checks that the deprecated names of the records file give what package record
// gives.
func TestForwarders(t *testing.T) {
	t.Parallel()
	recs := []dpo.Record{{ID: 0, Male: dpo.Side{Story: "a"}, Female: dpo.Side{Story: "b"}}, {ID: 1}}
	var a, b bytes.Buffer
	for _, r := range recs {
		require.NoError(t, dpo.NewWriter(&a).Write(r))
		require.NoError(t, record.NewWriter(&b).Write(r))
	}
	assert.Equal(t, b.String(), a.String())
	want, err := record.ReadRecords(&b)
	require.NoError(t, err)
	got, err := dpo.ReadRecords(bytes.NewReader(a.Bytes()), dpo.WithFile("r.jsonl"), dpo.WithMaxLineBytes(1000))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	n := 0
	for r, err := range dpo.Records(bytes.NewReader(a.Bytes())) {
		require.NoError(t, err)
		assert.Equal(t, want[n], r)
		n++
	}
	assert.Equal(t, 2, n)
	_, err = dpo.ReadRecords(strings.NewReader("{\"id\": \"x\"}\n"))
	_, ok := errors.AsType[*dpo.LineError](err)
	assert.True(t, ok, "%v", err)
	_, err = dpo.ReadRecords(strings.NewReader("{}\n"), dpo.WithMaxLineBytes(1))
	assert.ErrorIs(t, err, dpo.ErrLineTooLong)
	assert.Equal(t, jsonl.MaxLineBytes, dpo.MaxLineBytes)

	path := filepath.Join(t.TempDir(), "run.jsonl")
	c, err := dpo.OpenCheckpoint(path)
	require.NoError(t, err)
	require.NoError(t, c.Write(recs[0]))
	if dpo.LockSupported() {
		_, err = record.OpenCheckpoint(path)
		assert.ErrorIs(t, err, dpo.ErrLocked)
		_, ok := errors.AsType[*dpo.LockedError](err)
		assert.True(t, ok)
	}
	require.NoError(t, c.Close())
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, dpo.LockFile(f))
	require.NoError(t, f.Close())
}
