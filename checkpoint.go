package evenhand

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/record"
)

// RunFile makes the JSONL file at path hold n records, running the pipeline only for those
// still missing: it opens the file as a [record.Checkpoint] (keeping every complete record, cutting off
// a torn last line), then runs [Pipeline.Run] for the rest with IDs continuing from the last
// record, appending and fsyncing each record before the next is accepted. A run killed at any
// moment (even by SIGKILL or a power cut) can be continued by calling RunFile again: no record is
// lost or repeated, and a file that already holds n records makes no model call at all.
//
// The records of a new file start at p.FirstID; an existing file must start there too (else
// the error wraps [record.ErrCheckpoint]). Stats cover this call only, not the records found in the file.
//
// The pairs already in the file count as kept: a pair whose stories repeat one of them is
// rejected as a duplicate, and a Generator's pair id that names one of them stops the run
// (see [Pipeline.Run]), so a file resumed any number of times holds each pair once, under an id
// of its own.
//
// The file is locked for the whole call: a second RunFile (or [record.OpenCheckpoint]) on the same
// file, from this process or another, fails at once with an error wrapping [record.ErrLocked] that
// names the file and, where the system tells, the process holding it.
func (p *Pipeline) RunFile(ctx context.Context, path string, n int) (st Stats, err error) {
	return runFile(ctx, p, p.pairs(), recordFiles(), path, n)
}

// fileKind is what RunFile and RunTwinsFile need of their kind of file, holding rows R.
type fileKind[R any] struct {
	open func(path string) (checkpoint[R], error)
	read func(r io.Reader, opts ...jsonl.ReadOption) iter.Seq2[R, error]
	// item returns what a row of the file keeps: its item's id (as the file has it, "" when
	// none), its content id, and the story a Guard compares.
	item func(r *R) (id, content, story string)
}

// checkpoint is a file of rows a run appends to ([record.Checkpoint], [record.TwinCheckpoint]).
type checkpoint[R any] interface {
	FirstID() (int, bool)
	Len() int
	NextID(first int) int
	Write(r R) error
	Close() error
}

// recordFiles returns the kind of file RunFile writes: records.
func recordFiles() *fileKind[record.Record] {
	return &fileKind[record.Record]{
		open: func(path string) (checkpoint[record.Record], error) {
			c, err := record.OpenCheckpoint(path)
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		read: record.Records,
		item: func(r *record.Record) (string, string, string) { return r.PairID, r.Pair().ContentID(), r.Male.Story },
	}
}

// runFile makes the file at path, of kind f, hold n rows made by m.
func runFile[R any](ctx context.Context, p *Pipeline, m *method[R], f *fileKind[R], path string, n int) (st Stats, err error) {
	if err := m.check(); err != nil {
		return st, err
	}
	c, err := f.open(path)
	if err != nil {
		return st, err
	}
	defer func() {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}()
	if first, ok := c.FirstID(); ok && first != p.FirstID {
		return st, fmt.Errorf("%w: %s: records start at id %d, the pipeline at %d", record.ErrCheckpoint, path, first, p.FirstID)
	}
	if c.Len() >= n {
		return st, nil
	}
	kept, err := restoreKept(ctx, p.Guard, path, f)
	if err != nil {
		return st, err
	}
	return run(ctx, p, m, c.NextID(p.FirstID), n-c.Len(), c.Write, kept)
}

// restoreKept reads the rows of the file at path, in one pass, as the items a run has kept
// and, when g is set, as the stories the guard has kept (embedding them once).
func restoreKept[R any](ctx context.Context, g *diversity.Guard, path string, f *fileKind[R]) (*keptPairs, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evenhand: %w", err)
	}
	defer file.Close()
	kept := newKeptPairs()
	var stories []string
	for r, err := range f.read(file, jsonl.WithFile(path)) {
		if err != nil && g != nil {
			return nil, fmt.Errorf("evenhand: near-duplicate guard: stories of %s: %w", path, err)
		}
		if err != nil {
			return nil, fmt.Errorf("evenhand: kept pairs of %s: %w", path, err)
		}
		id, content, story := f.item(&r)
		kept.restore(id, content)
		if g != nil {
			stories = append(stories, story)
		}
	}
	if g != nil {
		if err := g.Restore(ctx, stories); err != nil {
			return nil, fmt.Errorf("evenhand: near-duplicate guard: stories of %s: %w", path, err)
		}
	}
	return kept, nil
}
