package record_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordLines returns the JSONL lines of records with IDs from..to-1.
func recordLines(t *testing.T, from, to int) []byte {
	t.Helper()
	var b bytes.Buffer
	w := record.NewWriter(&b)
	for id := from; id < to; id++ {
		require.NoError(t, w.Write(record.Record{ID: id, Male: record.Side{Story: "s" + strconv.Itoa(id), Stance: judge.Moral}, Female: record.Side{Story: "t", Stance: judge.Immoral}}))
	}
	return b.Bytes()
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "records.jsonl")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

func TestOpenCheckpoint(t *testing.T) {
	t.Parallel()
	two := recordLines(t, 0, 2)
	third := bytes.TrimSuffix(recordLines(t, 2, 3), []byte("\n"))
	tests := []struct {
		name     string
		data     []byte
		wantLen  int
		wantFile []byte // nil: unchanged
		wantErr  bool
	}{
		{name: "empty", data: nil, wantLen: 0},
		{name: "complete records", data: two, wantLen: 2},
		{name: "torn last line is cut", data: append(bytes.Clone(two), third[:len(third)/2]...), wantLen: 2, wantFile: two},
		{name: "torn line of NULs is cut", data: append(bytes.Clone(two), 0, 0, 0, 0), wantLen: 2, wantFile: two},
		{name: "whole last record gets its newline", data: append(bytes.Clone(two), third...), wantLen: 3, wantFile: recordLines(t, 0, 3)},
		{name: "blank lines are skipped", data: append(append([]byte("\n"), two...), "  \n"...), wantLen: 2},
		{name: "ids may start anywhere", data: recordLines(t, 100, 103), wantLen: 3},
		{name: "malformed complete line", data: append(append(recordLines(t, 0, 1), "{not json\n"...), recordLines(t, 1, 2)...), wantErr: true},
		{name: "gap in ids", data: append(recordLines(t, 0, 1), recordLines(t, 2, 3)...), wantErr: true},
		{name: "duplicate id", data: append(recordLines(t, 0, 1), recordLines(t, 0, 1)...), wantErr: true},
		{name: "whole last record with the wrong id", data: append(bytes.Clone(two), bytes.TrimSpace(recordLines(t, 5, 6))...), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, tt.data)
			c, err := record.OpenCheckpoint(path)
			got, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			if tt.wantErr {
				require.ErrorIs(t, err, record.ErrCheckpoint)
				assert.Equal(t, tt.data, got, "a file that cannot be continued must be left alone")
				return
			}
			require.NoError(t, err)
			defer func() { require.NoError(t, c.Close()) }()
			assert.Equal(t, tt.wantLen, c.Len())
			want := tt.wantFile
			if want == nil {
				want = tt.data
			}
			assert.Equal(t, string(want), string(got))
		})
	}
}

func TestCheckpointWrite(t *testing.T) {
	t.Parallel()
	path := writeFile(t, recordLines(t, 0, 2))
	c, err := record.OpenCheckpoint(path)
	require.NoError(t, err)
	assert.Equal(t, 2, c.NextID(0))
	require.Error(t, c.Write(record.Record{ID: 7}), "a record out of sequence")
	require.NoError(t, c.Write(record.Record{ID: 2}))
	require.NoError(t, c.Close())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := record.ReadRecords(bytes.NewReader(got))
	require.NoError(t, err)
	require.Len(t, recs, 3)
	assert.Equal(t, 2, recs[2].ID)
	assert.Equal(t, recordLines(t, 0, 2), got[:len(recordLines(t, 0, 2))])
}

const lockChildEnv = "EVENHAND_LOCK_CHILD_PATH"

// TestCheckpointLockChild is the child process of TestCheckpointSecondWriterFails: it holds the
// checkpoint open until its standard input closes. Run alone it skips.
func TestCheckpointLockChild(t *testing.T) {
	path := os.Getenv(lockChildEnv)
	if path == "" {
		t.Skip("helper process for TestCheckpointSecondWriterFails")
	}
	c, err := record.OpenCheckpoint(path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = c.Close()
	os.Exit(0)
}

// TestCheckpointSecondWriterFails is issue 11 finding 1: two writers on one file corrupted it.
// A second writer, in another process, now fails at once naming the file and the holder; once the
// first is gone, the file opens again.
func TestCheckpointSecondWriterFails(t *testing.T) {
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	path := writeFile(t, recordLines(t, 0, 2))
	cmd := exec.Command(os.Args[0], "-test.run=^TestCheckpointLockChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+path, "GORACE=atexit_sleep_ms=0")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)

	_, err = record.OpenCheckpoint(path)
	require.ErrorIs(t, err, record.ErrLocked)
	le, ok := errors.AsType[*record.LockedError](err)
	require.True(t, ok)
	assert.Equal(t, path, le.Path)
	assert.Contains(t, err.Error(), path)
	if runtime.GOOS == "linux" {
		assert.Contains(t, le.Holder, "pid "+strconv.Itoa(cmd.Process.Pid), "Linux names the holder")
	}
	t.Log(err)

	require.NoError(t, stdin.Close())
	require.NoError(t, cmd.Wait())
	c, err := record.OpenCheckpoint(path)
	require.NoError(t, err, "the lock goes with its holder")
	assert.Equal(t, 2, c.Len())
	require.NoError(t, c.Close())
}

func TestCheckpointSecondOpenInProcessFails(t *testing.T) {
	t.Parallel()
	if !record.LockSupported() {
		t.Skip("no flock on this system")
	}
	path := writeFile(t, nil)
	c, err := record.OpenCheckpoint(path)
	require.NoError(t, err)
	_, err = record.OpenCheckpoint(path)
	require.ErrorIs(t, err, record.ErrLocked)
	require.NoError(t, c.Close())
	c, err = record.OpenCheckpoint(path)
	require.NoError(t, err)
	require.NoError(t, c.Close())
}

// TestCheckpointWrongKind is issue 11 finding 6 for checkpoints: a results file given as a
// checkpoint said "line 2: record id 0, want 1"; it now says what the file looks like.
func TestCheckpointWrongKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ data, want string }{
		{`{"male": {"story": "a", "stance": "Moral", "explanation": "x"}, "female": {"story": "b", "stance": "Both", "explanation": "y"}, "label": "Work"}` + "\n", "looks like a GenMO results file"},
		{`{"prompt": "p", "chosen": "c", "rejected": "r"}` + "\n", "looks like a training file"},
	} {
		path := writeFile(t, []byte(tt.data+tt.data))
		_, err := record.OpenCheckpoint(path)
		require.ErrorIs(t, err, record.ErrCheckpoint)
		assert.Contains(t, err.Error(), tt.want)
		assert.Contains(t, err.Error(), path+": line 1")
		got, rerr := os.ReadFile(path)
		require.NoError(t, rerr)
		assert.Equal(t, tt.data+tt.data, string(got), "the file is left alone")
	}
}

func TestCheckpointBOM(t *testing.T) {
	t.Parallel()
	path := writeFile(t, append([]byte("\xef\xbb\xbf"), recordLines(t, 0, 2)...))
	c, err := record.OpenCheckpoint(path)
	require.NoError(t, err)
	assert.Equal(t, 2, c.Len())
	require.NoError(t, c.Write(record.Record{ID: 2}))
	require.NoError(t, c.Close())
	recs, err := record.ReadRecords(bytes.NewReader(must(os.ReadFile(path))))
	require.NoError(t, err)
	assert.Len(t, recs, 3)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestCheckpointRefusesOneLineFiles is issue 20's "quickstart -resume wipes or appends to a
// one-line file" row for the library: "hello world" without a newline was taken for a torn
// write and emptied, and {"a":1} was kept as a record with records appended after it. Neither is
// a record file: both are refused, and left byte for byte.
func TestCheckpointRefusesOneLineFiles(t *testing.T) {
	t.Parallel()
	for _, content := range []string{
		"hello world",
		"hello world\n",
		`{"a":1}`,
		`{"a":1}` + "\n",
		`{"a":1`,
		`[{"male_story":"Tom lied.","female_story":"Ann lied."}]`,
		string(recordLines(t, 0, 1)) + "hello",
	} {
		path := writeFile(t, []byte(content))
		_, err := record.OpenCheckpoint(path)
		require.ErrorIs(t, err, record.ErrCheckpoint, "%q", content)
		assert.Contains(t, err.Error(), path)
		got, rerr := os.ReadFile(path)
		require.NoError(t, rerr)
		assert.Equal(t, content, string(got), "%q is left as it was", content)
	}
}
