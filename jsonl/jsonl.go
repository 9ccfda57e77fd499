// Package jsonl names what every JSON Lines reader and writer of the module shares: the
// line-size limit, the read options and the error for a line that cannot be read.
//
// The readers of package records (the records file), eval (GenMO results), dpo (training files),
// story (datasets) and bench (results and benchmark files) take these [ReadOption]s and return
// these errors; their writers refuse a line longer than [MaxLineBytes], so every file the
// module writes reads back with the default limit. A UTF-8 byte order mark at the start of an
// input is skipped everywhere, and UTF-16 input is refused by name.
package jsonl

import (
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
)

// MaxLineBytes is the longest line, in bytes without its end of line, that the module's JSONL
// readers accept by default and that its writers write: 128 MiB. Raise a reader's limit with
// [WithMaxLineBytes].
const MaxLineBytes = ijsonl.MaxLineBytes

// ErrLineTooLong is wrapped by the error for a line longer than the limit, read or written. The
// error states the limit and how to raise it.
var ErrLineTooLong = ijsonl.ErrLineTooLong

// ErrUTF16 is wrapped by the error for input in UTF-16 (as some Windows tools save text), with or
// without its byte order mark: the error says how to convert it.
var ErrUTF16 = ijsonl.ErrUTF16

// LineError reports a line of a JSONL input that could not be read: File, the file's name (when
// the reader knows it; see [WithFile]), Line, the 1-based line number, Field, the path of the
// field at fault ("male.stance") when one field is, and Err, what was wrong (Unwrap returns it).
// Every reader of the module returns this type, as a *LineError.
type LineError = ijsonl.LineError

// ReadOption configures a JSONL reader of the module: [WithMaxLineBytes], [WithFile].
type ReadOption = ijsonl.Option

// WithMaxLineBytes sets the longest line a reader accepts; n <= 0 means [MaxLineBytes].
func WithMaxLineBytes(n int) ReadOption { return ijsonl.WithMaxLineBytes(n) }

// WithFile names the file being read, so that a *[LineError] names it too.
func WithFile(name string) ReadOption { return ijsonl.WithFile(name) }
