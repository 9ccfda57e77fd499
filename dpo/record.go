package dpo

import (
	"io"
	"iter"
	"os"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
)

// The records file moved to package record; the names below forward to it for one release.

// Side is one story of a kept pair with its judgment and balanced explanation.
//
// Deprecated: use record.Side; kept for one release.
type Side = record.Side

// Record is one kept pair, as a row of the paper's released JSONL.
//
// Deprecated: use record.Record; kept for one release.
type Record = record.Record

// NewRecord builds the record of a kept pair from its outcome and its neutral explanations.
//
// Deprecated: use record.NewRecord; kept for one release.
func NewRecord(id int, o eval.Outcome, n neutral.Result) Record { return record.NewRecord(id, o, n) }

// Writer writes records as JSON Lines.
//
// Deprecated: use record.Writer; kept for one release.
type Writer = record.Writer

// NewWriter returns a Writer that writes to w.
//
// Deprecated: use record.NewWriter; kept for one release.
func NewWriter(w io.Writer) *Writer { return record.NewWriter(w) }

// ReadRecords reads records written by [Writer] or released by the paper.
//
// Deprecated: use record.ReadRecords; kept for one release.
func ReadRecords(r io.Reader, opts ...ReadOption) ([]Record, error) {
	return record.ReadRecords(r, opts...)
}

// Records returns an iterator over the records of r, read one line at a time.
//
// Deprecated: use record.Records; kept for one release.
func Records(r io.Reader, opts ...ReadOption) iter.Seq2[Record, error] {
	return record.Records(r, opts...)
}

// Checkpoint is a JSONL file of records that a run appends to, one synced record at a time.
//
// Deprecated: use record.Checkpoint; kept for one release.
type Checkpoint = record.Checkpoint

// OpenCheckpoint opens the checkpoint file at path.
//
// Deprecated: use record.OpenCheckpoint; kept for one release.
func OpenCheckpoint(path string) (*Checkpoint, error) { return record.OpenCheckpoint(path) }

// ErrCheckpoint is wrapped by the errors of a checkpoint file that cannot be continued.
//
// Deprecated: use record.ErrCheckpoint; kept for one release.
var ErrCheckpoint = record.ErrCheckpoint

// ErrLocked is matched by a *[LockedError]: another writer holds the file.
//
// Deprecated: use record.ErrLocked; kept for one release.
var ErrLocked = record.ErrLocked

// LockedError reports a file that another writer holds.
//
// Deprecated: use record.LockedError; kept for one release.
type LockedError = record.LockedError

// LockFile takes the one-writer lock of a [Checkpoint] on f.
//
// Deprecated: use record.LockFile; kept for one release.
func LockFile(f *os.File) error { return record.LockFile(f) }

// LockSupported reports whether [OpenCheckpoint] and [LockFile] lock files on this system.
//
// Deprecated: use record.LockSupported; kept for one release.
func LockSupported() bool { return record.LockSupported() }

// MaxLineBytes is the longest line that the readers of this package accept by default and that
// its writers write.
//
// Deprecated: use jsonl.MaxLineBytes; kept for one release.
const MaxLineBytes = jsonl.MaxLineBytes

// ErrLineTooLong is wrapped by the error for a line longer than the limit, read or written.
//
// Deprecated: use jsonl.ErrLineTooLong; kept for one release.
var ErrLineTooLong = jsonl.ErrLineTooLong

// LineError reports a line of a JSONL input that could not be read.
//
// Deprecated: use jsonl.LineError; kept for one release.
type LineError = jsonl.LineError

// ReadOption configures a reader.
//
// Deprecated: use jsonl.ReadOption; kept for one release.
type ReadOption = jsonl.ReadOption

// WithMaxLineBytes sets the longest line a reader accepts; n <= 0 means [MaxLineBytes].
//
// Deprecated: use jsonl.WithMaxLineBytes; kept for one release.
func WithMaxLineBytes(n int) ReadOption { return jsonl.WithMaxLineBytes(n) }

// WithFile names the file being read, so that a *[LineError] names it too.
//
// Deprecated: use jsonl.WithFile; kept for one release.
func WithFile(name string) ReadOption { return jsonl.WithFile(name) }
