package evenhand

import (
	"context"
	"fmt"
	"os"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/dpo"
)

// RunFile makes the JSONL file at path hold n records, running the pipeline only for those
// still missing: it opens the file as a [dpo.Checkpoint] (keeping every complete record, cutting off
// a torn last line), then runs [Pipeline.Run] for the rest with IDs continuing from the last
// record, appending and fsyncing each record before the next is accepted. A run killed at any
// moment (even by SIGKILL or a power cut) can be continued by calling RunFile again: no record is
// lost or repeated, and a file that already holds n records makes no model call at all.
//
// The records of a new file start at p.FirstID; an existing file must start there too (else
// the error wraps [dpo.ErrCheckpoint]). Stats cover this call only, not the records found in the file.
//
// The file is locked for the whole call: a second RunFile (or [dpo.OpenCheckpoint]) on the same
// file, from this process or another, fails at once with an error wrapping [dpo.ErrLocked] that
// names the file and, where the system tells, the process holding it.
func (p *Pipeline) RunFile(ctx context.Context, path string, n int) (st Stats, err error) {
	if err := p.check(true); err != nil {
		return st, err
	}
	c, err := dpo.OpenCheckpoint(path)
	if err != nil {
		return st, err
	}
	defer func() {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}()
	if first, ok := c.FirstID(); ok && first != p.FirstID {
		return st, fmt.Errorf("%w: %s: records start at id %d, the pipeline at %d", dpo.ErrCheckpoint, path, first, p.FirstID)
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
