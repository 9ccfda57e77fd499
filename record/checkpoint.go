package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/evenhand/evenhand/internal/filekind"
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
)

// ErrCheckpoint is wrapped by the errors of a checkpoint file that cannot be continued: a
// complete line that is not a record, records whose IDs do not run on from one another, or a
// file of another kind.
var ErrCheckpoint = errors.New("record: checkpoint file cannot be continued")

// ErrLocked is matched (with [errors.Is]) by a *[LockedError]: another writer holds the file.
var ErrLocked = errors.New("record: file is in use by another writer")

// LockedError reports a file that another writer holds: a checkpoint, or any other file a run
// appends to and that [LockFile] locked (bench results, a batch state directory, an output being
// written).
type LockedError struct {
	Path   string // the file
	Holder string // the holder as the system names it ("pid 4242 (quickstart)"), or "" when it does not say
}

func (e *LockedError) Error() string {
	if e.Holder == "" {
		return fmt.Sprintf("%v: %s is locked by another process", ErrLocked, e.Path)
	}
	return fmt.Sprintf("%v: %s is locked by %s", ErrLocked, e.Path, e.Holder)
}

// Is reports whether target is [ErrLocked].
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Checkpoint is a JSONL file of records, written by a [Writer], that a run appends to, one
// record at a time, so that a run killed at any moment can be continued without losing or
// repeating a record. Each [Checkpoint.Write] writes one whole line and waits for it to reach
// the disk (fsync) before it returns.
//
// [OpenCheckpoint] keeps every complete record already in the file and cuts off a torn last line
// (one without its newline: a write the crash interrupted). The root package's Pipeline.RunFile
// uses it; pass Write as the emit function of Pipeline.Run to use it yourself.
//
// # One writer
//
// A Checkpoint holds an exclusive advisory lock (flock) on its file from OpenCheckpoint to
// [Checkpoint.Close]; the system releases it when the process ends, however it ends. A second
// OpenCheckpoint of the same file, from any process, fails at once with a *[LockedError] naming
// the file and, where the system tells (Linux), the holder. On systems without flock (Windows,
// Plan 9) no lock is taken ([LockSupported] reports false) and keeping to one writer is the
// caller's job.
//
// A Checkpoint is not safe for concurrent use; Run never calls emit concurrently.
type Checkpoint struct {
	c *checkpoint[Record]
}

// checkpoint is the machinery of a file of rows of one kind that a run appends to: [Checkpoint]
// for records, [TwinCheckpoint] for twin records.
type checkpoint[T any] struct {
	f       *os.File
	path    string
	rows    *rowKind[T]
	count   int   // complete rows in the file
	firstID int   // ID of the first row; meaningful when count > 0
	size    int64 // bytes of complete rows: the end of the file
	out     *io.OffsetWriter
	w       lineWriter // writes to out, at size
}

// rowKind is what a checkpoint knows of the rows of its kind of file.
type rowKind[T any] struct {
	kind   filekind.Kind         // the kind filekind gives the file
	noun   string                // a row, in messages: "record"
	file   string                // the file, in messages: "a file of records"
	lead   string                // how every line the writer writes begins
	shape  func(b []byte) string // why line b is not a row of this kind at all; "" when it is one
	decode func(b []byte, v *T) error
	id     func(v *T) int
}

// records returns the kind of a records file.
func records() *rowKind[Record] {
	return &rowKind[Record]{
		kind: filekind.Records,
		noun: "record",
		file: "a file of records",
		lead: recordLead,
		shape: func(b []byte) string {
			var sides struct{ Male, Female map[string]json.RawMessage }
			if json.Unmarshal(b, &sides) != nil || sides.Male == nil || sides.Female == nil {
				return "is not a record (it has no male and female sides)"
			}
			return ""
		},
		decode: decodeRecord,
		id:     func(r *Record) int { return r.ID },
	}
}

// LockSupported reports whether [OpenCheckpoint] and [LockFile] lock files on this system.
func LockSupported() bool { return lockSupported }

// LockFile takes the one-writer lock of a [Checkpoint] on f, an open file that a run appends to
// or writes: an exclusive advisory lock (flock), taken without waiting, that belongs to f's open
// file description and goes when f is closed or the process ends, however it ends. When another
// open file description (in this process or another) holds it, LockFile returns a
// *[LockedError] naming f and, where the system tells, the holder. Every resumable file of the
// module is locked this way, so two writers are refused the same way whatever the file: records
// ([OpenCheckpoint]), bench results (bench.Runner.RunFile), a batch state directory (batch.WithStateDir).
// On systems without flock it does nothing and returns nil ([LockSupported] reports false).
func LockFile(f *os.File) error { return lockFile(f) }

// OpenCheckpoint opens the checkpoint file at path, creating it when it does not exist, locks it
// (see [Checkpoint]) and reads the records it holds. A leading byte order mark and blank lines are
// skipped. A last line without its newline is cut off when it is not a whole record (a torn
// write), or completed with a newline when it is. A malformed complete line, records whose IDs are
// not consecutive, or a file of another kind (a results file, a GenMO dataset, a training file) is
// an error wrapping [ErrCheckpoint] that names the file and line: the file is then left untouched.
func OpenCheckpoint(path string) (*Checkpoint, error) {
	c, err := openCheckpoint(path, records())
	if err != nil {
		return nil, err
	}
	return &Checkpoint{c: c}, nil
}

// openCheckpoint opens, locks and loads the checkpoint file at path, holding rows of kind k.
func openCheckpoint[T any](path string, k *rowKind[T]) (*checkpoint[T], error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("record: checkpoint: %w", err)
	}
	if err := lockFile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	c := &checkpoint[T]{f: f, path: path, rows: k, out: io.NewOffsetWriter(f, 0)}
	if err := c.load(); err != nil {
		_ = f.Close()
		return nil, err
	}
	if _, err := c.out.Seek(c.size, io.SeekStart); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("record: checkpoint %s: %w", c.path, err)
	}
	c.w = newLineWriter(c.out)
	return c, nil
}

// load reads the rows of c.f, repairs a torn tail and leaves the offset at the end.
func (c *checkpoint[T]) load() error {
	var end int64
	for l, err := range ijsonl.Lines(c.f, ijsonl.WithFile(c.path)) {
		if err != nil {
			return fmt.Errorf("%w: %w", ErrCheckpoint, err)
		}
		end = l.Offset + int64(l.Size)
		if l.Ended {
			if err := c.take(l.Text, l.N); err != nil {
				return err
			}
			continue
		}
		// The tail after the last newline: a whole record missing only its newline, or a torn
		// write (the start of a record, cut short). Anything else is not ours to cut.
		switch {
		case whole(l.Text):
			if err := c.take(l.Text, l.N); err != nil {
				return err
			}
			if _, err := c.f.WriteAt([]byte{'\n'}, end); err != nil {
				return fmt.Errorf("record: checkpoint %s: %w", c.path, err)
			}
			end++
		case len(l.Text) == 0 || ijsonl.Torn(l.Text, c.rows.lead):
			if err := c.f.Truncate(l.Offset); err != nil {
				return fmt.Errorf("record: checkpoint %s: cut torn line: %w", c.path, err)
			}
			end = l.Offset
		default:
			return fmt.Errorf("%w: %s: line %d is neither a %s nor the start of one cut short by a crash; the file is left as it was", ErrCheckpoint, c.path, l.N, c.rows.noun)
		}
	}
	c.size = end
	if _, err := c.f.Seek(end, io.SeekStart); err != nil {
		return fmt.Errorf("record: checkpoint %s: %w", c.path, err)
	}
	if err := c.f.Sync(); err != nil {
		return fmt.Errorf("record: checkpoint %s: %w", c.path, err)
	}
	syncDir(filepath.Dir(c.path))
	return nil
}

// whole reports whether b is one complete JSON value, as a torn write cannot be.
func whole(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && json.Valid(b)
}

// recordLead is how every line a Checkpoint writes begins (a Record's first field).
const recordLead = `{"male":`

// take counts the row on line n; blank lines are skipped. A line that is not a row of the file's
// kind (of another kind of file, or an object without the row's shape, such as {"a":1}) is an
// error: a file that holds one is not a file of such rows.
func (c *checkpoint[T]) take(b []byte, n int) error {
	if len(b) == 0 {
		return nil
	}
	if k := filekind.OfLine(b); k != c.rows.kind && k != filekind.Unknown {
		return fmt.Errorf("%w: %s: line %d: this looks like %v, not %s", ErrCheckpoint, c.path, n, k, c.rows.file)
	}
	if why := c.rows.shape(b); why != "" {
		return fmt.Errorf("%w: %s: line %d %s: not %s", ErrCheckpoint, c.path, n, why, c.rows.file)
	}
	var v T
	if err := c.rows.decode(b, &v); err != nil {
		return fmt.Errorf("%w: %w", ErrCheckpoint, &ijsonl.LineError{File: c.path, Line: n, Err: err})
	}
	id := c.rows.id(&v)
	if c.count == 0 {
		c.firstID = id
	} else if want := c.firstID + c.count; id != want {
		return fmt.Errorf("%w: %s: line %d: %s id %d, want %d", ErrCheckpoint, c.path, n, c.rows.noun, id, want)
	}
	c.count++
	return nil
}

// syncDir makes a new file's directory entry durable. It is best effort: not every system can
// sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Path returns the file's path.
func (c *Checkpoint) Path() string { return c.c.path }

// Len returns the number of complete records in the file.
func (c *Checkpoint) Len() int { return c.c.count }

// FirstID returns the ID of the file's first record, and false when the file holds none.
func (c *Checkpoint) FirstID() (int, bool) { return c.c.firstID, c.c.count > 0 }

// NextID returns the ID the next record must carry: the last record's ID plus one, or first
// when the file holds no record.
func (c *Checkpoint) NextID(first int) int { return c.c.nextID(first) }

func (c *checkpoint[T]) nextID(first int) int {
	if c.count == 0 {
		return first
	}
	return c.firstID + c.count
}

// Write appends r as one line and syncs the file to disk before returning. r.ID must be
// [Checkpoint.NextID] (any ID for the first record of an empty file). When the write or the sync
// fails, the file is cut back to its last complete record and the error is returned. A record
// longer than [jsonl.MaxLineBytes] is refused (wrapping [jsonl.ErrLineTooLong]) and nothing is written.
func (c *Checkpoint) Write(r Record) error { return c.c.write(r) }

// write appends v as one line and syncs it; see [Checkpoint.Write].
func (c *checkpoint[T]) write(v T) error {
	id := c.rows.id(&v)
	if c.count > 0 && id != c.firstID+c.count {
		return fmt.Errorf("%w: %s: %s id %d, want %d", ErrCheckpoint, c.path, c.rows.noun, id, c.firstID+c.count)
	}
	failed, err := c.w.write(v)
	if err != nil && !failed {
		return fmt.Errorf("record: checkpoint %s: %s %d: %w", c.path, c.rows.noun, id, err)
	}
	if err == nil {
		err = c.f.Sync()
	}
	if err != nil {
		return c.rollback(err)
	}
	if c.count == 0 {
		c.firstID = id
	}
	c.count++
	c.size, _ = c.out.Seek(0, io.SeekCurrent) // the end of the line just written
	return nil
}

// rollback cuts the file back to its complete rows after a failed write, and the next
// write back to their end.
func (c *checkpoint[T]) rollback(err error) error {
	if terr := c.f.Truncate(c.size); terr != nil {
		err = errors.Join(err, terr)
	}
	if _, serr := c.out.Seek(c.size, io.SeekStart); serr != nil {
		err = errors.Join(err, serr)
	}
	return fmt.Errorf("record: checkpoint %s: write: %w", c.path, err)
}

// Close releases the lock and closes the file.
func (c *Checkpoint) Close() error { return c.c.close() }

func (c *checkpoint[T]) close() error {
	if err := c.f.Close(); err != nil {
		return fmt.Errorf("record: checkpoint %s: %w", c.path, err)
	}
	return nil
}
