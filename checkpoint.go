package evenhand

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/dpo"
)

// ErrCheckpoint is wrapped by the errors of a checkpoint file that cannot be continued: a
// complete line that is not a record, or records whose IDs do not run on from one another.
var ErrCheckpoint = errors.New("evenhand: checkpoint file cannot be continued")

// Checkpoint is a JSONL file of records (the layout of [dpo.Writer]) that a run appends to, one
// record at a time, so that a run killed at any moment can be continued without losing or
// repeating a record. Each [Checkpoint.Write] writes one whole line and waits for it to reach
// the disk (fsync) before it returns.
//
// [OpenCheckpoint] keeps every complete record already in the file and cuts off a torn last line
// (one without its newline: a write the crash interrupted). Use it through [Pipeline.RunFile],
// or pass Write as the emit function of [Pipeline.Run] yourself.
//
// Only one process may write a checkpoint file at a time. A Checkpoint is not safe for
// concurrent use; Run never calls emit concurrently.
type Checkpoint struct {
	f       *os.File
	path    string
	count   int   // complete records in the file
	firstID int   // ID of the first record; meaningful when count > 0
	size    int64 // bytes of complete records: the end of the file
	buf     bytes.Buffer
}

// OpenCheckpoint opens the checkpoint file at path, creating it when it does not exist, and
// reads the records it holds. A last line without its newline is cut off when it is not a whole
// record (a torn write), or completed with a newline when it is. A malformed complete line, or
// records whose IDs are not consecutive, is an error wrapping [ErrCheckpoint]: the file is then
// left untouched.
func OpenCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("evenhand: checkpoint: %w", err)
	}
	c := &Checkpoint{f: f, path: path}
	if err := c.load(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return c, nil
}

// load reads the records of c.f, repairs a torn tail and leaves the offset at the end.
func (c *Checkpoint) load() error {
	r := bufio.NewReaderSize(c.f, 64<<10)
	var off int64
	line := 0
	for {
		b, err := r.ReadBytes('\n')
		if len(b) > 0 && b[len(b)-1] == '\n' {
			line++
			if err := c.take(b, line); err != nil {
				return err
			}
			off += int64(len(b))
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("evenhand: checkpoint %s: %w", c.path, err)
		}
		// b is the tail after the last newline: empty, a whole record missing only its
		// newline, or a torn write.
		if whole(b) {
			if err := c.take(b, line+1); err != nil {
				return err
			}
			if _, err := c.f.WriteAt([]byte{'\n'}, off+int64(len(b))); err != nil {
				return fmt.Errorf("evenhand: checkpoint %s: %w", c.path, err)
			}
			off += int64(len(b)) + 1
		} else if len(b) > 0 {
			if err := c.f.Truncate(off); err != nil {
				return fmt.Errorf("evenhand: checkpoint %s: cut torn line: %w", c.path, err)
			}
		}
		break
	}
	c.size = off
	if _, err := c.f.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("evenhand: checkpoint %s: %w", c.path, err)
	}
	if err := c.f.Sync(); err != nil {
		return fmt.Errorf("evenhand: checkpoint %s: %w", c.path, err)
	}
	syncDir(filepath.Dir(c.path))
	return nil
}

// whole reports whether b is one complete JSON value, as a torn write cannot be.
func whole(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && json.Valid(b)
}

// take counts the record on line b (1-based line number n); blank lines are skipped.
func (c *Checkpoint) take(b []byte, n int) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	var rec dpo.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return fmt.Errorf("%w: %s: line %d: %w", ErrCheckpoint, c.path, n, err)
	}
	if c.count == 0 {
		c.firstID = rec.ID
	} else if want := c.firstID + c.count; rec.ID != want {
		return fmt.Errorf("%w: %s: line %d: record id %d, want %d", ErrCheckpoint, c.path, n, rec.ID, want)
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

// Len returns the number of complete records in the file.
func (c *Checkpoint) Len() int { return c.count }

// FirstID returns the ID of the file's first record, and false when the file holds none.
func (c *Checkpoint) FirstID() (int, bool) { return c.firstID, c.count > 0 }

// NextID returns the ID the next record must carry: the last record's ID plus one, or first
// when the file holds no record.
func (c *Checkpoint) NextID(first int) int {
	if c.count == 0 {
		return first
	}
	return c.firstID + c.count
}

// Write appends r as one line and syncs the file to disk before returning. r.ID must be
// [Checkpoint.NextID] (any ID for the first record of an empty file). When the write or the sync
// fails, the file is cut back to its last complete record and the error is returned.
func (c *Checkpoint) Write(r dpo.Record) error {
	if c.count > 0 && r.ID != c.firstID+c.count {
		return fmt.Errorf("%w: %s: record id %d, want %d", ErrCheckpoint, c.path, r.ID, c.firstID+c.count)
	}
	c.buf.Reset()
	if err := dpo.NewWriter(&c.buf).Write(r); err != nil {
		return err
	}
	if _, err := c.f.WriteAt(c.buf.Bytes(), c.size); err != nil {
		return c.rollback(err)
	}
	if err := c.f.Sync(); err != nil {
		return c.rollback(err)
	}
	if c.count == 0 {
		c.firstID = r.ID
	}
	c.count++
	c.size += int64(c.buf.Len())
	return nil
}

// rollback cuts the file back to its complete records after a failed write.
func (c *Checkpoint) rollback(err error) error {
	if terr := c.f.Truncate(c.size); terr != nil {
		err = errors.Join(err, terr)
	}
	return fmt.Errorf("evenhand: checkpoint %s: write: %w", c.path, err)
}

// Close closes the file.
func (c *Checkpoint) Close() error {
	if err := c.f.Close(); err != nil {
		return fmt.Errorf("evenhand: checkpoint %s: %w", c.path, err)
	}
	return nil
}

// RunFile makes the JSONL file at path hold n records, running the pipeline only for those
// still missing: it opens the file as a [Checkpoint] (keeping every complete record, cutting off
// a torn last line), then runs [Pipeline.Run] for the rest with IDs continuing from the last
// record, appending and fsyncing each record before the next is accepted. A run killed at any
// moment (even by SIGKILL or a power cut) can be continued by calling RunFile again: no record is
// lost or repeated, and a file that already holds n records makes no model call at all.
//
// The records of a new file start at p.FirstID; an existing file must start there too (else
// the error wraps [ErrCheckpoint]). Stats cover this call only, not the records found in the file.
func (p *Pipeline) RunFile(ctx context.Context, path string, n int) (st Stats, err error) {
	if err := p.check(true); err != nil {
		return st, err
	}
	c, err := OpenCheckpoint(path)
	if err != nil {
		return st, err
	}
	defer func() {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}()
	if first, ok := c.FirstID(); ok && first != p.FirstID {
		return st, fmt.Errorf("%w: %s: records start at id %d, the pipeline at %d", ErrCheckpoint, path, first, p.FirstID)
	}
	if c.Len() >= n {
		return st, nil
	}
	if p.Guard != nil {
		// The stories already in the file count as kept: embed them once.
		if err := restoreGuard(ctx, p.Guard, path); err != nil {
			return st, fmt.Errorf("evenhand: near-duplicate guard: stories of %s: %w", path, err)
		}
	}
	q := *p
	q.FirstID = c.NextID(p.FirstID)
	return q.Run(ctx, n-c.Len(), c.Write)
}

// restoreGuard makes the male stories of the records in the file at path the guard's kept set.
func restoreGuard(ctx context.Context, g *diversity.Guard, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return g.RestoreRecords(ctx, dpo.Records(f))
}
