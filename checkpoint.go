package evenhand

import (
	"context"
	"fmt"
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
	if err := p.check(true); err != nil {
		return st, err
	}
	c, err := record.OpenCheckpoint(path)
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
	kept, err := restoreKept(ctx, p.Guard, path)
	if err != nil {
		return st, err
	}
	q := *p
	q.FirstID = c.NextID(p.FirstID)
	return q.run(ctx, n-c.Len(), c.Write, kept)
}

// restoreKept reads the records of the file at path, in one pass, as the pairs a run has kept
// and, when g is set, as the male stories the guard has kept (embedding them once).
func restoreKept(ctx context.Context, g *diversity.Guard, path string) (*keptPairs, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evenhand: %w", err)
	}
	defer f.Close()
	kept := newKeptPairs()
	records := func(yield func(record.Record, error) bool) {
		for r, err := range record.Records(f, jsonl.WithFile(path)) {
			if err == nil {
				kept.restore(r)
			}
			if !yield(r, err) {
				return
			}
		}
	}
	if g != nil {
		if err := g.RestoreRecords(ctx, records); err != nil {
			return nil, fmt.Errorf("evenhand: near-duplicate guard: stories of %s: %w", path, err)
		}
		return kept, nil
	}
	for _, err := range records {
		if err != nil {
			return nil, fmt.Errorf("evenhand: kept pairs of %s: %w", path, err)
		}
	}
	return kept, nil
}
