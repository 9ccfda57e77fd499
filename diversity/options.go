package diversity

import (
	"runtime"
	"time"

	"github.com/evenhand/evenhand/llmx"
	"github.com/tmc/langchaingo/embeddings"
)

// Option configures [Pairwise], [Embed], [Analyze] and [NewGuard]. Each reads the options that
// concern it and ignores the others, so one list of options can serve a whole job:
//
//   - [WithTop] and [WithWorkers]: Pairwise and Analyze (the similarity statistics);
//   - [WithBatchSize] and [WithProgress]: Embed, Analyze and NewGuard (the embedding calls).
//
// The last option of a kind wins. Retries, rate limits and counts of the embedding calls are
// not options: wrap the embedder with llmx ([llmx.RetryEmbedder], [llmx.LimitEmbedder],
// [llmx.NewEmbedMeter]) before handing it over.
type Option interface{ apply(*config) }

// optionFunc is an Option made of a function.
type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// config is what the options set.
type config struct {
	top      int                   // most similar pairs to report; 0: none
	workers  int                   // goroutines computing similarities
	batch    int                   // texts per embedding call
	progress func(done, total int) // called after each batch; may be nil
	legacy   *EmbedOptions         // the retries and rate limit of a deprecated EmbedOptions
	name     string                // a deprecated ReportOptions.Embedder

	// Test hooks, set by the package's own tests only.
	selectCap int  // the base of the median's buffer (0: selectCap); with noBracket, the most values kept at once
	noBracket bool // skip the sampled bracket, forcing the selection passes
}

// newConfig returns the defaults with opts applied.
func newConfig(opts []Option) config {
	c := config{top: 10, workers: runtime.GOMAXPROCS(0), batch: 64}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTop sets how many of the most similar pairs [Pairwise] and [Analyze] report (default
// 10); 0 or less reports none.
func WithTop(n int) Option { return optionFunc(func(c *config) { c.top = max(n, 0) }) }

// WithWorkers sets how many goroutines compute similarities (default runtime.GOMAXPROCS(0)).
// Values <= 0 keep the default.
func WithWorkers(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.workers = n
		}
	})
}

// WithBatchSize sets the most texts sent in one embedding call (default 64). Values <= 0 keep
// the default.
func WithBatchSize(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.batch = n
		}
	})
}

// WithProgress sets a function called after each embedding call with the number of texts
// embedded so far and the number to embed (in [Analyze], once per side). nil calls nothing.
func WithProgress(f func(done, total int)) Option {
	return optionFunc(func(c *config) { c.progress = f })
}

// embedder returns e with the retries and the rate limit of a deprecated EmbedOptions, if any.
func (c *config) embedder(e embeddings.Embedder) embeddings.Embedder {
	o := c.legacy
	if o == nil {
		return e
	}
	if o.RPM > 0 {
		e = llmx.LimitEmbedder(e, o.RPM, 0)
	}
	if o.Attempts > 1 {
		base := o.Backoff
		if base <= 0 {
			base = time.Second
		}
		e = llmx.RetryEmbedder(e, llmx.WithAttempts(o.Attempts), llmx.WithBackoff(base, 0),
			llmx.WithRetryIf(o.Retryable), llmx.WithCallTimeout(0))
	}
	return e
}
