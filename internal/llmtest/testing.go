package llmtest

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// NewMock returns a MockModel bound to t: an unexpected call fails t instead of panicking in a
// worker goroutine, and every expectation set on it is checked when t ends.
func NewMock(t *testing.T) *MockModel {
	t.Helper()
	m := &MockModel{}
	m.Test(t)
	t.Cleanup(func() { m.AssertExpectations(t) })
	return m
}

// Golden compares got with the golden file at path, first rewriting the file when update is
// set (pass the value of the test package's -update flag).
func Golden(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file %s; rerun the test with -update", path)
	assert.Equal(t, string(want), got, "differs from %s (rerun with -update if the change is intended)", path)
}
