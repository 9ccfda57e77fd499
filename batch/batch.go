package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/evenhand/evenhand/batch/internal/state"
	"github.com/tmc/langchaingo/llms"
)

// The defaults of [New].
const (
	DefaultQuiet    = 2 * time.Second  // submit when no call has arrived for this long
	DefaultPollMin  = 5 * time.Second  // the first wait between polls of a batch
	DefaultPollMax  = time.Minute      // the longest wait between polls of our own choosing
	DefaultAttempts = 3                // submissions of one request, the first included
	cancelTimeout   = 30 * time.Second // how long a cancellation of an abandoned batch may take
)

// Model is an [llms.Model] that sends its calls as provider batches. Each GenerateContent call
// is queued and waits; the queue is submitted as one batch when it holds as many requests as the
// backend takes, or when no new call has arrived for the quiet period. The replies go back to
// the waiting callers, so a stage runs unchanged, only slower and at the batch price.
//
// Run a pipeline with a Concurrency at least as high as the number of calls a round makes
// (Pipeline.Audit makes two per pair), or the quiet period splits the work into many small
// batches.
//
// Each call of a process gets its own request: the n-th call with the same messages and
// options is keyed by a hash of its request body and n, so repeated calls (samples at a
// temperature, a judge asking again) stay distinct, and a rerun of the same job asks for the
// same keys. With [WithStateDir], every submitted batch and every reply is recorded; a restarted
// process answers recorded replies without any call and re-attaches to batches still running
// instead of paying twice.
//
// A request the provider failed comes back as a *[RequestError] (status, retryable or not).
// Requests left unanswered by an expired or cancelled batch, and those failed with a
// retryable status, are resubmitted in a later batch, up to [WithAttempts] submissions.
//
// Goroutines: a Model has one background loop, which runs only while at least one call waits
// (or a batch its callers left is being cancelled) and ends within moments of the last call
// returning; [Model.Close] ends it and waits for it. A Model is safe for concurrent use.
type Model struct {
	backend  Backend
	dir      string
	quiet    time.Duration
	pollMin  time.Duration
	pollMax  time.Duration
	attempts int
	maxReqs  int
	detach   bool
	onEvent  func(Event)
	logger   *slog.Logger
	now      func() time.Time

	mu         sync.Mutex
	opened     bool
	openErr    error
	store      *state.Store
	stored     map[string][]byte // replies recorded in the state directory, as JSON
	asked      map[string]int    // body hash -> calls made with it so far
	entries    map[string]*entry // key -> request queued or in a batch
	queue      []*entry
	queueBytes int                  // bodies in the queue, withdrawn ones included until the next compaction             // requests not submitted yet, in arrival order
	batches    map[string]*inflight // provider id -> batch not finished
	last       time.Time            // arrival of the newest queued call
	waiting    int                  // calls waiting
	running    bool                 // the loop runs
	loopDone   chan struct{}        // closed when the loop ends
	wake       chan struct{}        // nudges the loop
	stop       context.CancelFunc   // cancels the loop's calls (Close)
	closed     bool
	pending    []Event // events of openLocked, reported once the lock is released
}

var _ llms.Model = (*Model)(nil)

// entry is one request.
type entry struct {
	key     string
	body    []byte
	waiting bool          // a call waits for it
	batch   *inflight     // nil while queued
	tries   int           // submissions so far
	done    chan struct{} // closed when reply or err is set
	reply   *Reply
	batchID string
	err     error
}

// inflight is a submitted batch not finished yet.
type inflight struct {
	id      string // "" while the submission runs
	entries map[string]*entry
	live    int  // calls waiting for its requests
	callers bool // some call waited for it in this process
	next    time.Time
	wait    time.Duration
	ended   *Status // set when Poll saw it end; results still to read
	gone    bool    // cancelled, failed or finished
	adopt   string  // the request set of a batch an earlier process started creating; "" otherwise
}

// Option configures a [Model]. The last option of a kind wins.
type Option func(*Model)

// WithStateDir keeps the state in the directory dir (created when missing): every submitted
// batch and every reply, appended and synced to disk, so that a restarted process re-attaches to
// its batches and answers replies already received without a call. Only one process at a time
// may use a directory (it is locked where the system has flock). Without a state directory (or
// with ""), nothing outlives the process.
func WithStateDir(dir string) Option { return func(m *Model) { m.dir = dir } }

// WithQuietPeriod sets how long the queue waits for another call before it is submitted
// (default [DefaultQuiet]). Values <= 0 keep the default.
func WithQuietPeriod(d time.Duration) Option {
	return func(m *Model) {
		if d > 0 {
			m.quiet = d
		}
	}
}

// WithPollInterval sets the waits between polls of a running batch: the first is min, each next
// one twice the last, up to max (defaults [DefaultPollMin], [DefaultPollMax]); a provider's
// Retry-After is obeyed when longer. Values <= 0 keep the default.
func WithPollInterval(min, max time.Duration) Option {
	return func(m *Model) {
		if min > 0 {
			m.pollMin = min
		}
		if max > 0 {
			m.pollMax = max
		}
		if m.pollMax < m.pollMin {
			m.pollMax = m.pollMin
		}
	}
}

// WithAttempts sets how many times one request may be submitted, the first included (default
// [DefaultAttempts]): a request that its batch left unanswered (expired, cancelled by someone
// else) or that failed with a retryable status goes into a later batch until then. Values
// below 1 mean 1.
func WithAttempts(n int) Option { return func(m *Model) { m.attempts = max(n, 1) } }

// WithMaxRequests caps the requests of one batch below the backend's own maximum. Values <= 0
// keep the backend's.
func WithMaxRequests(n int) Option { return func(m *Model) { m.maxReqs = n } }

// WithDetach, when true, leaves a submitted batch running when every call waiting for it has
// gone (cancelled), instead of cancelling it (the default, false). With a state directory, a
// later process (or a later call) picks up its replies.
func WithDetach(detach bool) Option { return func(m *Model) { m.detach = detach } }

// WithOnEvent sets a function called after each step of a batch's life, from the Model's loop
// (or, for EventAttached, from the call that opened the state directory), never with a lock
// held. Keep it quick: the loop waits for it. nil calls nothing.
func WithOnEvent(f func(Event)) Option { return func(m *Model) { m.onEvent = f } }

// WithLogger sets a logger for the batch life cycle (Info) and poll failures (Warn). nil logs
// nothing.
func WithLogger(l *slog.Logger) Option { return func(m *Model) { m.logger = l } }

// EventKind says what happened to a batch.
type EventKind uint8

// The events of a batch's life.
const (
	EventSubmitted EventKind = iota + 1 // a batch was created
	EventAttached                       // a batch of an earlier process was found in the state directory
	EventPolled                         // a running batch was polled
	EventEnded                          // a batch ended and its results were read
	EventCancelled                      // a batch was cancelled because its callers had gone
	EventFailed                         // a submission or a batch failed
)

var eventNames = [...]string{"", "submitted", "attached", "polled", "ended", "cancelled", "failed"}

// String returns the event's name, such as "submitted".
func (k EventKind) String() string {
	if int(k) < len(eventNames) && k > 0 {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Event describes one step of a batch's life.
type Event struct {
	Kind     EventKind
	BatchID  string
	Requests int    // requests in the batch
	State    string // the provider's state word, for EventPolled and EventEnded
	Done     int    // requests finished, when the provider says
	Replies  int    // EventEnded: replies received
	Failed   int    // EventEnded: requests failed or left unanswered
	Err      error  // EventFailed: why
}

// New returns a Model sending its calls through b. Options override the defaults; the state
// directory of [WithStateDir] is opened on the first call, whose error reports a directory that cannot
// be used.
func New(b Backend, opts ...Option) *Model {
	m := &Model{
		backend:  b,
		quiet:    DefaultQuiet,
		pollMin:  DefaultPollMin,
		pollMax:  DefaultPollMax,
		attempts: DefaultAttempts,
		now:      time.Now,
		asked:    map[string]int{},
		entries:  map[string]*entry{},
		batches:  map[string]*inflight{},
		stored:   map[string][]byte{},
		wake:     make(chan struct{}, 1),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Call implements the deprecated part of [llms.Model] through GenerateContent.
func (m *Model) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// GenerateContent queues the call and waits for its reply. It returns at once, without a
// request, when the state directory holds the reply; it returns an error wrapping
// [ErrUnsupported] for a call no batch can honour, a *[RequestError] for a request the
// provider failed, and an error wrapping ctx.Err() when ctx ends first (the request is then
// withdrawn when it was not submitted yet).
func (m *Model) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	if m == nil || m.backend == nil {
		return nil, errors.New("batch: model without a backend")
	}
	var o llms.CallOptions
	for _, opt := range opts {
		opt(&o)
	}
	body, err := m.backend.Encode(Call{Messages: msgs, Options: o})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	e, stored, err := m.enqueue(body)
	switch {
	case err != nil:
		return nil, err
	case stored != nil:
		return response(stored, "", true), nil
	}
	return m.await(ctx, e)
}

// enqueue gives the call with body its key and returns its reply when the state directory
// holds it; else the entry of its request, queued (or in a batch re-attached from the state
// directory), with the loop started.
func (m *Model) enqueue(body []byte) (e *entry, stored *Reply, err error) {
	hash := hashKey(m.backend.Name(), body)
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, nil, ErrClosed
	}
	if err := m.openLocked(); err != nil {
		m.mu.Unlock()
		return nil, nil, err
	}
	n := m.asked[hash]
	m.asked[hash] = n + 1
	key := fmt.Sprintf("%s-%d", hash, n)
	if r := m.storedLocked(key); r != nil {
		m.mu.Unlock()
		m.flushEvents()
		return nil, r, nil
	}
	e = m.entryLocked(key, body)
	m.startLocked()
	m.mu.Unlock()
	m.flushEvents()
	return e, nil, nil
}

// storedLocked returns the reply the state directory holds for key, or nil; an unreadable one
// is forgotten, to be asked again.
func (m *Model) storedLocked(key string) *Reply {
	raw, ok := m.stored[key]
	if !ok {
		return nil
	}
	var r Reply
	if json.Unmarshal(raw, &r) == nil {
		return &r
	}
	delete(m.stored, key)
	return nil
}

// entryLocked returns the entry of the request key, queued when new, and counts a call waiting
// for it.
func (m *Model) entryLocked(key string, body []byte) *entry {
	e := m.entries[key]
	switch {
	case e == nil:
		e = &entry{key: key, body: body, done: make(chan struct{})}
		m.entries[key] = e
		m.queue = append(m.queue, e)
		m.queueBytes += len(body) + requestOverhead
		m.last = m.now()
	case e.body == nil:
		e.body = body // a request of a batch re-attached from the state directory
	}
	e.waiting = true
	if b := e.batch; b != nil {
		b.live++
		b.callers = true
	}
	m.waiting++
	return e
}

// await waits for the answer of e, or withdraws the call when ctx ends first.
func (m *Model) await(ctx context.Context, e *entry) (*llms.ContentResponse, error) {
	select {
	case <-e.done:
		m.mu.Lock()
		m.waiting--
		m.mu.Unlock()
		if e.err != nil {
			return nil, e.err
		}
		return response(e.reply, e.batchID, false), nil
	case <-ctx.Done():
		m.withdraw(e)
		return nil, fmt.Errorf("batch: %w", ctx.Err())
	}
}

// withdraw takes back a call that stopped waiting for e: the request leaves the queue when it
// was not submitted yet, and its batch counts one caller fewer when it was.
func (m *Model) withdraw(e *entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waiting--
	select {
	case <-e.done: // answered meanwhile: nothing to withdraw
	default:
		e.waiting = false
		if b := e.batch; b != nil {
			b.live--
		} else {
			delete(m.entries, e.key) // withdrawn: the loop skips it
		}
	}
	m.nudgeLocked()
}

// response builds the langchaingo response of a reply, with the token usage in every choice's
// GenerationInfo the way the live providers report it.
func response(r *Reply, batchID string, stored bool) *llms.ContentResponse {
	out := &llms.ContentResponse{Choices: make([]*llms.ContentChoice, 0, len(r.Choices))}
	for _, c := range r.Choices {
		info := map[string]any{
			"PromptTokens":     r.PromptTokens,
			"CompletionTokens": r.CompletionTokens,
			"TotalTokens":      r.TotalTokens,
		}
		if batchID != "" {
			info["BatchID"] = batchID
		}
		if stored {
			info["Stored"] = true
		}
		out.Choices = append(out.Choices, &llms.ContentChoice{Content: c.Content, StopReason: c.StopReason, GenerationInfo: info})
	}
	return out
}

// Open opens the state directory of [WithStateDir] now, instead of on the first call, and reports a
// directory that cannot be used; it re-attaches to the batches the directory names as running.
// Without a state directory it does nothing.
func (m *Model) Open() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	err := m.openLocked()
	m.mu.Unlock()
	m.flushEvents()
	return err
}

// flushEvents reports the events openLocked left, outside the lock.
func (m *Model) flushEvents() {
	m.mu.Lock()
	evs := m.pending
	m.pending = nil
	m.mu.Unlock()
	for _, ev := range evs {
		m.event(ev)
	}
}

// openLocked opens the state directory once, and sets up the batches it names as running.
func (m *Model) openLocked() error {
	if m.opened {
		return m.openErr
	}
	m.opened = true
	if m.dir == "" {
		return nil
	}
	s, st, err := state.OpenDir(m.dir)
	if err != nil {
		m.openErr = err
		return err
	}
	m.store = s
	m.stored = make(map[string][]byte, len(st.Replies))
	for k, v := range st.Replies {
		m.stored[k] = v
	}
	now := m.now()
	for _, id := range st.OpenBatches(m.backend.Name()) {
		b := &inflight{id: id, entries: map[string]*entry{}, next: now, wait: m.pollMin}
		for _, k := range st.Open[id].Keys {
			if _, ok := m.stored[k]; ok {
				continue
			}
			e := &entry{key: k, batch: b, tries: 1, done: make(chan struct{})}
			b.entries[k] = e
			m.entries[k] = e
		}
		m.batches[id] = b
		m.pending = append(m.pending, Event{Kind: EventAttached, BatchID: id, Requests: len(st.Open[id].Keys)})
	}
	for _, set := range st.PendingSets(m.backend.Name()) {
		b := &inflight{adopt: set, entries: map[string]*entry{}, next: now, wait: m.pollMin}
		for _, k := range st.Pending[set].Keys {
			if _, ok := m.stored[k]; ok || m.entries[k] != nil {
				continue
			}
			e := &entry{key: k, batch: b, tries: 1, done: make(chan struct{})}
			b.entries[k] = e
			m.entries[k] = e
		}
		m.batches["set:"+set] = b
	}
	return nil
}

// startLocked starts the loop when it is not running, or nudges it.
func (m *Model) startLocked() {
	if m.running {
		m.nudgeLocked()
		return
	}
	m.running = true
	m.loopDone = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	go m.loop(ctx, m.loopDone)
}

func (m *Model) nudgeLocked() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Close fails the calls still waiting with [ErrClosed], stops the loop and waits for it, and
// closes the state directory. Batches already submitted keep running at the provider; a later
// Model with the same state directory re-attaches to them. Close is safe to call more than once.
func (m *Model) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	for _, e := range m.entries {
		if e.waiting {
			m.finishLocked(e, nil, "", ErrClosed)
		}
	}
	m.queue, m.queueBytes = nil, 0
	done, stop := m.loopDone, m.stop
	m.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.store.Close()
}

// finishLocked answers e and forgets it.
func (m *Model) finishLocked(e *entry, r *Reply, batchID string, err error) {
	select {
	case <-e.done:
		return
	default:
	}
	e.reply, e.batchID, e.err = r, batchID, err
	close(e.done)
	delete(m.entries, e.key)
	if b := e.batch; b != nil {
		delete(b.entries, e.key)
		if e.waiting {
			b.live--
		}
	}
}

func (m *Model) event(ev Event) {
	if m.logger != nil {
		attrs := []any{"batch", ev.BatchID, "requests", ev.Requests}
		if ev.State != "" {
			attrs = append(attrs, "state", ev.State, "done", ev.Done)
		}
		if ev.Err != nil {
			m.logger.Warn("batch: "+ev.Kind.String(), append(attrs, "error", ev.Err)...)
		} else if ev.Kind != EventPolled {
			m.logger.Info("batch: "+ev.Kind.String(), attrs...)
		}
	}
	if m.onEvent != nil {
		m.onEvent(ev)
	}
}
