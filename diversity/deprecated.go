package diversity

import "time"

// The option structs below were the package's configuration before the module's rule
// (functional options for what a function or constructor takes; see the root package's
// documentation). Each is still an [Option], so code written for them keeps compiling and
// working; they will be removed in a later release.

// Options tune [Pairwise].
//
// Deprecated: use [WithTop] and [WithWorkers]. A zero field keeps the default; a negative Top
// reports no pair.
type Options struct {
	Top     int // how many of the most similar pairs to report; 0 means 10, a negative number none
	Workers int // goroutines computing similarities; 0 (or less) means runtime.GOMAXPROCS(0)
}

func (o Options) apply(c *config) {
	if o.Top != 0 {
		WithTop(o.Top).apply(c)
	}
	WithWorkers(o.Workers).apply(c)
}

// EmbedOptions tune [Embed].
//
// Deprecated: use [WithBatchSize] and [WithProgress], and wrap the embedder with
// [llmx.RetryEmbedder] and [llmx.LimitEmbedder] for retries and a rate limit. Attempts above 1
// and RPM do exactly that: the embedder is wrapped in an llmx.EmbedRetrier (Attempts,
// Retryable, and Backoff as its base, one second when 0; jittered, with no per-call timeout)
// around an llmx.EmbedLimiter of RPM requests a minute, made afresh for each call of Embed.
type EmbedOptions struct {
	BatchSize int                   // the most texts sent in one EmbedDocuments call; 0 means 64
	Attempts  int                   // how many times a failed batch is tried in all; 0 or 1 means once
	Retryable func(error) bool      // whether an error is worth another attempt; nil means llmx.Transient
	Backoff   time.Duration         // the base of the backoff; 0 means one second
	RPM       int                   // when positive, at most RPM embedding calls (retries included) start in a minute
	OnBatch   func(done, total int) // called after each batch with the number of texts embedded so far
}

func (o EmbedOptions) apply(c *config) {
	WithBatchSize(o.BatchSize).apply(c)
	if o.OnBatch != nil {
		c.progress = o.OnBatch
	}
	if o.Attempts > 1 || o.RPM > 0 {
		c.legacy = &o
	}
}

// ReportOptions tune [Analyze].
//
// Deprecated: use [WithTop], [WithWorkers], [WithBatchSize] and [WithProgress], and set the
// embedder's name in the returned Report's Embedder field.
type ReportOptions struct {
	Embedder string       // a name for the embedder, shown in the report
	Top      int          // the most similar pairs to list per side; 0 means 10, negative none
	Workers  int          // see [Options]
	Embed    EmbedOptions // batching and retries of the embedding calls
}

func (o ReportOptions) apply(c *config) {
	Options{Top: o.Top, Workers: o.Workers}.apply(c)
	o.Embed.apply(c)
	if o.Embedder != "" {
		c.name = o.Embedder
	}
}
