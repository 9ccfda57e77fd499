package evenhand

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/evenhand/evenhand/llmx"
)

// Progress is a snapshot of a running [Pipeline.Run], passed to Pipeline.OnProgress.
type Progress struct {
	Wanted    int        // the n given to Run
	Attempts  int        // pairs asked of the generator so far (finished or not)
	Done      int        // attempts finished, kept or rejected
	Kept      int        // records emitted
	Rejected  Rejections // attempts rejected, by reason
	Usage     llmx.Usage // model calls, retries and tokens so far, all stages together
	Elapsed   time.Duration
	Remaining time.Duration // estimated time left from the keep rate so far; 0 until a pair is kept
}

// Fraction returns Kept/Wanted in [0, 1].
func (p Progress) Fraction() float64 {
	if p.Wanted <= 0 {
		return 1
	}
	return min(float64(p.Kept)/float64(p.Wanted), 1)
}

// reporter serialises progress callbacks and log lines of one run.
type reporter struct {
	p      *Pipeline
	n      int
	start  time.Time
	c      *counters
	u      *usage
	mu     sync.Mutex
	done   int
	logger *slog.Logger
}

// newReporter reports on a run (or audit) of n items.
func newReporter(p *Pipeline, n int, c *counters, u *usage) *reporter {
	return &reporter{p: p, n: n, start: time.Now(), c: c, u: u, logger: p.Logger}
}

// finished is called after every attempt ends (kept attempts report again when emitted).
func (r *reporter) finished() {
	r.mu.Lock()
	r.done++
	r.mu.Unlock()
	r.report()
}

func (r *reporter) report() {
	if r.p.OnProgress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.c.stats(r.u, time.Since(r.start))
	pr := Progress{Wanted: r.n, Attempts: st.Attempts, Done: r.done, Kept: st.Kept, Rejected: st.Rejected, Usage: st.Usage, Elapsed: st.Elapsed}
	if pr.Kept > 0 && pr.Kept < pr.Wanted {
		per := pr.Elapsed / time.Duration(pr.Kept)
		pr.Remaining = per * time.Duration(pr.Wanted-pr.Kept)
	}
	r.p.OnProgress(pr)
}

// debug and info log when the pipeline has a logger.
func (r *reporter) debug(ctx context.Context, msg string, args ...any) {
	if r.logger != nil {
		r.logger.DebugContext(ctx, msg, args...)
	}
}

func (r *reporter) info(ctx context.Context, msg string, args ...any) {
	if r.logger != nil {
		r.logger.InfoContext(ctx, msg, args...)
	}
}
