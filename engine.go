package evenhand

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// The engine: what Run and RunTwins (and Audit and AuditTwins) share, whatever they work on. A
// method says what one kind of item is; the engine launches attempts within the budget,
// Concurrency at a time, hands kept items to emit one at a time, numbered in emit order, counts
// and logs rejections, reports progress, and stops every attempt before it returns.

// method is one kind of item a Pipeline makes: gender pairs (Run) or twins on an axis (RunTwins).
// R is the row an item becomes (record.Record, record.Twin).
type method[R any] struct {
	name  string       // the call, in messages: "Run"
	noun  string       // one item, in messages and logs: "pair"
	check func() error // the Pipeline has what the call needs

	// try takes attempt a through the stages: a kept row, a rejection, or a *StageError.
	try func(ctx context.Context, a int, c *counters, rep *reporter, kept *keptPairs) (R, *rejection, error)

	// number gives r its ID and returns the id of the item it holds, for errors and logs.
	number func(r *R, id int) string
}

// run makes n rows with m, numbered from first, passing each to emit. kept holds the items
// already kept (by RunFile, those of its file).
func run[R any](ctx context.Context, p *Pipeline, m *method[R], first, n int, emit func(R) error, kept *keptPairs) (Stats, error) {
	start := time.Now()
	var c counters
	if err := checkRun(m, n, emit); err != nil {
		return c.stats(nil, 0), err
	}
	if n == 0 {
		return c.stats(nil, time.Since(start)), nil
	}
	budget := p.MaxAttempts
	if budget <= 0 {
		budget = n * DefaultAttemptsPerPair
	}
	u := newUsage(p.Meters)
	rep := newReporter(p, n, &c, u)
	runCtx, stop := context.WithCancel(ctx) // stops the work once n rows are emitted
	defer stop()
	g, gctx := errgroup.WithContext(runCtx)
	g.SetLimit(max(p.Concurrency, 1))
	e := &emitter[R]{first: first, n: n, emit: emit, number: m.number, noun: m.noun, c: &c, rep: rep, stop: stop}
	// Launch attempts while the budget lasts; stop once n rows are on their way to emit, since
	// more attempts would only spend model calls on items that are thrown away.
	for a := 0; a < budget && gctx.Err() == nil && c.reserved.Load() < int64(n); a++ {
		g.Go(func() error {
			if gctx.Err() != nil || c.reserved.Load() >= int64(n) {
				return nil // the run ended while this attempt waited for a worker
			}
			c.attempts.Add(1)
			r, ok, err := attempt(gctx, m, a, &c, rep, kept)
			rep.finished()
			if err != nil || !ok {
				return err
			}
			c.reserved.Add(1)
			return e.keep(ctx, r)
		})
	}
	err := g.Wait()
	return runResult(ctx, c.stats(u, time.Since(start)), m.noun, n, err)
}

// checkRun checks the Pipeline and the arguments of a run.
func checkRun[R any](m *method[R], n int, emit func(R) error) error {
	if err := m.check(); err != nil {
		return err
	}
	switch {
	case emit == nil:
		return fmt.Errorf("evenhand: %s needs an emit function, got nil", m.name)
	case n < 0:
		return fmt.Errorf("evenhand: %s asked for %d %ss", m.name, n, m.noun)
	}
	return nil
}

// runResult is the error of a run that kept st.Kept of n items and whose attempts ended with
// err: none once n were kept, else err, the cancellation, or the budget's end.
func runResult(ctx context.Context, st Stats, noun string, n int, err error) (Stats, error) {
	switch {
	case st.Kept >= n:
		return st, nil
	case err != nil:
		return st, err
	case ctx.Err() != nil:
		return st, ctx.Err()
	default:
		return st, fmt.Errorf("%w: kept %d of %d %ss in %s", ErrBudgetExhausted, st.Kept, n, noun, plural(st.Attempts, "attempt"))
	}
}

// emitter hands the kept rows of a run to its emit function: one at a time (emit is called
// under mu, so never concurrently), numbered from first in emit order, until n are kept.
type emitter[R any] struct {
	mu     sync.Mutex
	first  int
	n      int
	emit   func(R) error
	number func(*R, int) string
	noun   string
	c      *counters
	rep    *reporter
	stop   func() // stops the run's work once n rows are emitted
}

// keep emits r with the next ID, or drops it when n rows are kept already (a surplus item,
// finished while the run was stopping). ctx is the run's, for the log.
func (e *emitter[R]) keep(ctx context.Context, r R) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	kept := int(e.c.kept.Load())
	if kept >= e.n {
		return nil
	}
	id := e.first + kept
	item := e.number(&r, id)
	if err := e.emit(r); err != nil {
		return &StageError{Stage: StageEmit, Index: id, PairID: item, Err: err}
	}
	if e.c.kept.Add(1) == int64(e.n) {
		e.stop()
	}
	e.rep.debug(ctx, "evenhand: record emitted", "id", id, e.noun, item)
	e.rep.report()
	return nil
}

// attempt takes one item through the stages. ok is false for a rejected item; err is a
// *StageError for a failure that must stop the run.
func attempt[R any](ctx context.Context, m *method[R], a int, c *counters, rep *reporter, kept *keptPairs) (r R, ok bool, err error) {
	r, rej, err := m.try(ctx, a, c, rep, kept)
	switch {
	case err != nil:
		var zero R
		return zero, false, err
	case rej != nil:
		rej.log(ctx, rep, m.noun, "attempt", a)
		var zero R
		return zero, false, nil
	}
	return r, true, nil
}

// rejection is why an item was not kept: the counter it adds to, the reason and the details
// that the log shows.
type rejection struct {
	n      *atomic.Int64
	reason string
	args   []any
}

func reject(n *atomic.Int64, reason string, args ...any) *rejection {
	return &rejection{n: n, reason: reason, args: args}
}

// log counts the rejection and logs it at Info level, the item named by key and value ("attempt", 3).
func (r *rejection) log(ctx context.Context, rep *reporter, noun, key string, value int) {
	r.n.Add(1)
	rep.info(ctx, "evenhand: "+noun+" rejected", append([]any{key, value, "reason", r.reason}, r.args...)...)
}

// audit has one do the work of every item, Concurrency at a time, and returns the results in
// input order, with done[i] true for the items one finished and kept (one's ok). The first
// error stops the audit, cancels the work still running, and is returned; the results finished
// before it are returned with it.
func audit[I, O any](ctx context.Context, p *Pipeline, check func() error, items []I,
	one func(ctx context.Context, i int, item I, c *counters, rep *reporter) (O, bool, error),
) (out []O, done []bool, st Stats, err error) {
	start := time.Now()
	var c counters
	if err := check(); err != nil {
		return nil, nil, c.stats(nil, 0), err
	}
	u := newUsage(p.Meters)
	rep := newReporter(p, len(items), &c, u)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(p.Concurrency, 1))
	out, done = make([]O, len(items)), make([]bool, len(items))
	for i, item := range items {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil // the audit stopped while this item waited for a worker
			}
			c.attempts.Add(1)
			o, ok, err := one(gctx, i, item, &c, rep)
			if err != nil {
				return err
			}
			if ok {
				out[i], done[i] = o, true
				c.kept.Add(1)
			}
			rep.finished()
			return nil
		})
	}
	err = g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return out, done, c.stats(u, time.Since(start)), err
}
