package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/evenhand/evenhand/batch/internal/state"
)

// loop runs the batches of m while calls wait: it submits the queue, polls the batches, reads
// their results and cancels those whose callers have gone. It ends when no call waits and
// nothing is left to cancel, or when ctx is cancelled (Close).
func (m *Model) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		m.mu.Lock()
		if ctx.Err() != nil {
			m.running = false
			m.mu.Unlock()
			return
		}
		act, sleep := m.nextLocked()
		if act == nil && m.waiting == 0 {
			m.running = false
			m.stop() // releases the loop's context
			m.mu.Unlock()
			return
		}
		m.mu.Unlock()
		if act != nil {
			act(ctx)
			continue
		}
		timer.Reset(sleep)
		select {
		case <-ctx.Done():
		case <-m.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// nextLocked picks the next thing to do, or how long to sleep before looking again: cancel a
// batch its callers have left, submit the queue, adopt or poll a batch.
func (m *Model) nextLocked() (act func(context.Context), sleep time.Duration) {
	now := m.now()
	if b := m.abandonedLocked(); b != nil {
		return func(ctx context.Context) { m.cancel(ctx, b) }, 0
	}
	if m.waiting == 0 {
		return nil, 0
	}
	if act, sleep = m.submitNextLocked(now); act != nil {
		return act, 0
	}
	if act, sleep = m.batchNextLocked(now, sleep); act != nil {
		return act, 0
	}
	return nil, max(sleep, time.Millisecond)
}

// abandonedLocked returns a submitted batch that every call waiting for it has left, to be
// cancelled (unless the Model detaches such batches), or nil.
func (m *Model) abandonedLocked() *inflight {
	for _, b := range m.batches {
		if !m.detach && b.id != "" && b.callers && b.live == 0 {
			return b
		}
	}
	return nil
}

// submitNextLocked returns the submission of the queue's next batch when the queue is full or
// quiet; else how long until it is quiet (an hour when it is empty).
func (m *Model) submitNextLocked(now time.Time) (act func(context.Context), sleep time.Duration) {
	if len(m.queue) == 0 {
		return nil, time.Hour
	}
	limit, maxBytes := m.batchLimits()
	due := m.last.Add(m.quiet)
	ready := func() bool {
		return len(m.queue) >= limit || (maxBytes > 0 && m.queueBytes >= maxBytes) || !now.Before(due)
	}
	if ready() {
		m.compactLocked()
		if len(m.queue) > 0 && ready() {
			chunk := m.takeLocked(limit, maxBytes)
			return func(ctx context.Context) { m.submit(ctx, chunk) }, 0
		}
	}
	if len(m.queue) > 0 {
		return nil, due.Sub(now)
	}
	return nil, time.Hour
}

// batchLimits returns the most requests of one batch (the backend's, or WithMaxRequests' when
// lower; the whole queue when neither says) and the most bytes (0: no limit).
func (m *Model) batchLimits() (limit, maxBytes int) {
	limit = m.backend.MaxRequests()
	if m.maxReqs > 0 && (limit <= 0 || m.maxReqs < limit) {
		limit = m.maxReqs
	}
	if limit <= 0 {
		limit = len(m.queue)
	}
	if mb, ok := m.backend.(interface{ MaxBytes() int }); ok {
		maxBytes = mb.MaxBytes()
	}
	return limit, maxBytes
}

// takeLocked takes requests from the queue in arrival order up to the provider's count and
// size limits (at least one, whatever its size).
func (m *Model) takeLocked(limit, maxBytes int) []*entry {
	k, size := 0, 0
	for k < len(m.queue) && k < limit {
		n := len(m.queue[k].body) + requestOverhead
		if k > 0 && maxBytes > 0 && size+n > maxBytes {
			break
		}
		size += n
		k++
	}
	chunk := make([]*entry, k)
	copy(chunk, m.queue)
	m.queue = append(m.queue[:0:0], m.queue[k:]...)
	m.queueBytes -= size
	return chunk
}

// batchNextLocked returns the adoption or the poll of a batch that is due; else sleep, lowered
// to the time until the next one is due.
func (m *Model) batchNextLocked(now time.Time, sleep time.Duration) (func(context.Context), time.Duration) {
	for _, b := range m.batches {
		if b.adopt != "" && !now.Before(b.next) {
			return func(ctx context.Context) { m.adoptBatch(ctx, b) }, 0
		}
		if b.id == "" || b.gone {
			continue
		}
		if !now.Before(b.next) {
			return func(ctx context.Context) { m.poll(ctx, b) }, 0
		}
		sleep = min(sleep, b.next.Sub(now))
	}
	return nil, sleep
}

// requestOverhead is what a request adds to a batch beyond its body: its custom_id and framing.
const requestOverhead = 128

// compactLocked drops the requests withdrawn by their callers from the queue and recounts its
// size.
func (m *Model) compactLocked() {
	q := m.queue[:0]
	m.queueBytes = 0
	for _, e := range m.queue {
		if m.entries[e.key] == e && e.waiting {
			q = append(q, e)
			m.queueBytes += len(e.body) + requestOverhead
		}
	}
	clear(m.queue[len(q):])
	m.queue = q
}

// submit sends chunk as one batch.
func (m *Model) submit(ctx context.Context, chunk []*entry) {
	m.mu.Lock()
	b := &inflight{entries: make(map[string]*entry, len(chunk)), callers: true, wait: m.pollMin}
	reqs := make([]Request, len(chunk))
	keys := make([]string, len(chunk))
	for i, e := range chunk {
		e.batch = b
		e.tries++
		b.entries[e.key] = e
		if e.waiting {
			b.live++
		}
		reqs[i] = Request{Key: e.key, Body: e.body}
		keys[i] = e.key
	}
	set := setOf(keys)
	// The intent comes first: a process that dies before the id is recorded can still find
	// the batch by its request set (see Finder).
	m.store.Add(state.Record{Type: state.KindSubmit, Backend: m.backend.Name(), Set: set, Keys: keys})
	ferr := m.store.Flush()
	m.mu.Unlock()

	var id string
	err := ferr
	if err == nil {
		id, err = m.backend.Submit(ctx, reqs)
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil && id == "" {
		err = errors.New("batch: the provider returned no batch id")
	}
	if err != nil {
		m.store.Add(state.Record{Type: state.KindEnd, Set: set, State: "not created"})
		_ = m.store.Flush()
		rerr := asRequestError(err, http.StatusServiceUnavailable)
		for _, e := range chunk {
			m.finishLocked(e, nil, "", rerr.clone(e.key))
		}
		m.eventLocked(Event{Kind: EventFailed, Requests: len(chunk), Err: err})
		return
	}
	b.id = id
	b.next = m.now().Add(m.pollMin)
	m.batches[id] = b
	m.store.Add(state.Record{Type: state.KindBatch, Backend: m.backend.Name(), Batch: id, Set: set, Keys: keys})
	if err := m.store.Flush(); err != nil {
		m.eventLocked(Event{Kind: EventFailed, BatchID: id, Requests: len(chunk), Err: err})
	}
	m.eventLocked(Event{Kind: EventSubmitted, BatchID: id, Requests: len(chunk)})
}

// poll polls b and, once it has ended, reads its results.
func (m *Model) poll(ctx context.Context, b *inflight) {
	st, ok := m.endedStatus(ctx, b)
	if !ok {
		return
	}
	var got []Result
	err := m.backend.Results(ctx, b.id, func(r Result) error {
		got = append(got, r)
		return nil
	})
	if err != nil {
		m.pollFailed(ctx, b, err)
		return
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	replies := m.recordLocked(b, st, got)
	failed := m.answerLocked(b, got)
	failed += m.failMissingLocked(b, st)
	b.gone = true
	delete(m.batches, b.id)
	m.eventLocked(Event{Kind: EventEnded, BatchID: b.id, Requests: len(got) + len(b.entries), State: st.State, Replies: replies, Failed: failed})
}

// endedStatus returns the status of b once it has ended, as an earlier poll saw it or as it is
// polled now. ok is false while b runs (its next poll is then scheduled) and when the poll
// failed.
func (m *Model) endedStatus(ctx context.Context, b *inflight) (st *Status, ok bool) {
	m.mu.Lock()
	st = b.ended
	m.mu.Unlock()
	if st != nil {
		return st, true
	}
	s, err := m.backend.Poll(ctx, b.id)
	if err != nil {
		m.pollFailed(ctx, b, err)
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.eventLocked(Event{Kind: EventPolled, BatchID: b.id, Requests: s.Total, State: s.State, Done: s.Done})
	if !s.Ended {
		m.backoffLocked(b, s.RetryAfter)
		return nil, false
	}
	b.ended = &s
	return &s, true
}

// recordLocked records the replies of the ended batch b and its end in the state directory,
// and returns how many replies it holds.
func (m *Model) recordLocked(b *inflight, st *Status, got []Result) (replies int) {
	for _, r := range got {
		if r.Reply != nil {
			replies++
			m.storeReplyLocked(r)
		}
	}
	m.store.Add(state.Record{Type: state.KindEnd, Batch: b.id, State: st.State})
	if err := m.store.Flush(); err != nil {
		m.eventLocked(Event{Kind: EventFailed, BatchID: b.id, Err: err})
	}
	return replies
}

// storeReplyLocked adds the reply of r to the state directory, unless it holds it already.
func (m *Model) storeReplyLocked(r Result) {
	if m.store == nil {
		return
	}
	if _, ok := m.stored[r.Key]; ok {
		return
	}
	if raw, err := json.Marshal(r.Reply); err == nil {
		m.stored[r.Key] = raw
		m.store.Add(state.Record{Type: state.KindReply, Key: r.Key, Reply: raw})
	}
}

// answerLocked answers the requests of b that have a result: with their reply, or with their
// error (unless they go to a later batch). It returns how many failed.
func (m *Model) answerLocked(b *inflight, got []Result) (failed int) {
	for _, r := range got {
		e := b.entries[r.Key]
		if e == nil {
			continue
		}
		if r.Reply != nil {
			m.finishLocked(e, r.Reply, b.id, nil)
			continue
		}
		failed++
		rerr := r.Err
		if rerr == nil {
			rerr = &RequestError{Status: http.StatusInternalServerError, Message: "no reply and no error"}
		}
		rerr = rerr.clone(e.key)
		rerr.BatchID = b.id
		m.failLocked(e, rerr)
	}
	return failed
}

// failMissingLocked fails the requests of the ended batch b left without a result: the batch
// failed, expired or was cancelled by someone else. It returns how many there were.
func (m *Model) failMissingLocked(b *inflight, st *Status) (failed int) {
	missing := st.Err
	if missing == nil {
		missing = missingError(st.State)
	}
	for _, e := range b.entries {
		failed++
		rerr := missing.clone(e.key)
		rerr.BatchID = b.id
		m.failLocked(e, rerr)
	}
	return failed
}

// missingError is the error of a request that a batch ended in state without answering.
func missingError(state string) *RequestError {
	switch state {
	case "expired":
		return &RequestError{Status: http.StatusRequestTimeout, Code: "batch_expired", Message: "the batch expired before the request was answered"}
	case "cancelled", "canceled", "cancelling", "canceling":
		return &RequestError{Status: http.StatusConflict, Code: "batch_cancelled", Message: "the batch was cancelled before the request was answered"}
	default:
		return &RequestError{Status: http.StatusInternalServerError, Code: "no_result", Message: "the ended batch holds no result for the request"}
	}
}

// failLocked sends e to a later batch when its error is retryable and it has submissions left,
// or answers it with rerr.
func (m *Model) failLocked(e *entry, rerr *RequestError) {
	if b := e.batch; b != nil {
		delete(b.entries, e.key)
		if e.waiting {
			b.live--
		}
	}
	e.batch = nil
	if e.waiting && rerr.Retryable() && e.tries < m.attempts && !m.closed {
		m.queue = append(m.queue, e)
		m.queueBytes += len(e.body) + requestOverhead
		return
	}
	m.finishLocked(e, nil, rerr.BatchID, rerr)
}

// pollFailed handles a failed poll or results read: a transient failure waits for the next
// poll; a permanent one (the batch is unknown, the key is refused) fails the batch's requests.
func (m *Model) pollFailed(ctx context.Context, b *inflight, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	var rerr *RequestError
	if errors.As(err, &rerr) && rerr.Status == http.StatusNotFound {
		m.lostLocked(b, rerr)
		return
	}
	if errors.As(err, &rerr) && !rerr.Retryable() {
		m.eventLocked(Event{Kind: EventFailed, BatchID: b.id, Err: err})
		for _, e := range b.entries {
			c := rerr.clone(e.key)
			c.BatchID = b.id
			m.finishLocked(e, nil, b.id, c)
		}
		b.gone = true
		delete(m.batches, b.id)
		m.store.Add(state.Record{Type: state.KindEnd, Batch: b.id, State: "lost"})
		_ = m.store.Flush()
		return
	}
	m.eventLocked(Event{Kind: EventFailed, BatchID: b.id, Err: err})
	var after time.Duration
	if rerr != nil {
		after = rerr.RetryAfter
	}
	m.backoffLocked(b, after)
}

// lostLocked handles a batch the provider no longer knows (404 on a poll or a results read: a
// batch id recorded by an earlier process, on an account or server that has forgotten it). Its
// requests are not failed: the batch is recorded as lost, and the requests that a call waits
// for go back to the queue and are submitted again in this run (up to [WithAttempts] submissions);
// the others are forgotten, so a later call asks for them afresh.
func (m *Model) lostLocked(b *inflight, rerr *RequestError) {
	lost := &RequestError{BatchID: b.id, Status: rerr.Status, Code: cmpOr(rerr.Code, "batch_not_found"),
		Message: "the provider no longer knows the batch: " + rerr.Message}
	b.gone = true
	delete(m.batches, b.id)
	m.store.Add(state.Record{Type: state.KindEnd, Batch: b.id, State: "lost"})
	_ = m.store.Flush()
	again := 0
	for _, e := range b.entries {
		delete(b.entries, e.key)
		e.batch = nil
		switch {
		case e.waiting && e.tries < m.attempts && !m.closed:
			m.queue = append(m.queue, e)
			m.queueBytes += len(e.body) + requestOverhead
			again++
		case e.waiting:
			c := lost.clone(e.key)
			m.finishLocked(e, nil, b.id, c)
		default:
			delete(m.entries, e.key)
		}
	}
	b.live = 0
	m.last = m.now().Add(-m.quiet) // the queue need not wait for more calls
	m.eventLocked(Event{Kind: EventFailed, BatchID: b.id, Requests: again,
		Err: fmt.Errorf("%w; its %d waiting requests are submitted again", lost, again)})
}

func (m *Model) backoffLocked(b *inflight, retryAfter time.Duration) {
	b.next = m.now().Add(max(b.wait, retryAfter))
	b.wait = min(2*b.wait, m.pollMax)
}

// cancel cancels b, whose callers have all gone.
func (m *Model) cancel(ctx context.Context, b *inflight) {
	m.mu.Lock()
	b.gone = true
	delete(m.batches, b.id)
	for _, e := range b.entries {
		delete(m.entries, e.key)
	}
	n := len(b.entries)
	m.mu.Unlock()

	cctx, cancel := context.WithTimeout(ctx, cancelTimeout)
	err := m.backend.Cancel(cctx, b.id)
	cancel()

	m.mu.Lock()
	defer m.mu.Unlock()
	m.store.Add(state.Record{Type: state.KindEnd, Batch: b.id, State: "cancelled"})
	if ferr := m.store.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		m.eventLocked(Event{Kind: EventFailed, BatchID: b.id, Requests: n, Err: err})
		return
	}
	m.eventLocked(Event{Kind: EventCancelled, BatchID: b.id, Requests: n})
}

// eventLocked reports ev with m.mu released.
func (m *Model) eventLocked(ev Event) {
	if m.onEvent == nil && m.logger == nil {
		return
	}
	m.mu.Unlock()
	defer m.mu.Lock()
	m.event(ev)
}

// asRequestError returns err as a *RequestError, or wraps it in one with the given status.
func asRequestError(err error, status int) *RequestError {
	var rerr *RequestError
	if errors.As(err, &rerr) {
		return rerr
	}
	return &RequestError{Status: status, Message: err.Error()}
}

// adoptBatch looks for the batch of a request set whose creation was started by an earlier
// process but whose id was never recorded. Found, it is polled like any other; not found (or
// the backend cannot look), its requests go back to the queue.
func (m *Model) adoptBatch(ctx context.Context, b *inflight) {
	var id string
	var err error
	if f, ok := m.backend.(Finder); ok {
		id, err = f.FindBatch(ctx, b.adopt)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		var rerr *RequestError
		if !errors.As(err, &rerr) || rerr.Retryable() {
			m.eventLocked(Event{Kind: EventFailed, Requests: len(b.entries), Err: err})
			m.backoffLocked(b, 0)
			return
		}
		id = "" // the provider refuses to look: submit again
	}
	set := b.adopt
	delete(m.batches, "set:"+set)
	b.adopt = ""
	keys := make([]string, 0, len(b.entries))
	for k := range b.entries {
		keys = append(keys, k)
	}
	if id != "" {
		b.id, b.next, b.wait = id, m.now(), m.pollMin
		m.batches[id] = b
		m.store.Add(state.Record{Type: state.KindBatch, Backend: m.backend.Name(), Batch: id, Set: set, Keys: keys})
		_ = m.store.Flush()
		m.eventLocked(Event{Kind: EventAttached, BatchID: id, Requests: len(keys)})
		return
	}
	m.store.Add(state.Record{Type: state.KindEnd, Set: set, State: "not found"})
	_ = m.store.Flush()
	for _, e := range b.entries {
		e.batch = nil
		if e.waiting {
			m.queue = append(m.queue, e)
			m.queueBytes += len(e.body) + requestOverhead
		} else {
			delete(m.entries, e.key)
		}
	}
	clear(b.entries)
	b.live = 0
}
