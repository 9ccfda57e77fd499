// Package llmx makes langchaingo models fit for long, unattended runs: it retries what may pass,
// keeps calls within a provider's rate limits, makes HTTP error statuses visible, and counts
// calls, retries and tokens. Every piece is an [llms.Model] wrapping another, so they stack:
//
//	m := llmx.NewMeter(llmx.Retry(llmx.Limit(provider, 500, 200_000)))
//	// ... use m anywhere an llms.Model goes ...
//	fmt.Println(m.Usage().TotalTokens)
//
// # Seeing the provider's status
//
// langchaingo's providers report an HTTP error as plain text, so a rate limit (429) cannot be told
// from a bad request (400) and the provider's Retry-After is lost. Give the provider an HTTP
// client from this package and errors carry a *[StatusError] instead:
//
//	openai.New(openai.WithHTTPClient(llmx.NewDoer(nil)), ...)
//	ollama.New(ollama.WithHTTPClient(llmx.HTTPClient(nil)), ...)
//
// Credentials sent with a request never appear in a StatusError ([Redact]).
//
// # Retrying
//
// [Retry] retries transient failures ([Transient]) with jittered exponential backoff, obeying
// Retry-After; [Resilient] adds a [Limiter] below it. Without a visible status, an error whose text
// says it was rate-limited waits at least [MinRateLimitWait], and a used-up quota is not retried.
//
// # Embedders
//
// The same rules serve an embeddings.Embedder (langchaingo's OpenAI, Ollama, ... embedders):
// [RetryEmbedder] retries it with a Retrier's options and policy, [LimitEmbedder] keeps it within
// requests and tokens per minute with a Limiter's queue and budget (tokens estimated from the
// texts, since embedders report none), and [NewEmbedMeter] counts its calls, retries and tokens:
//
//	e, _ := embeddings.NewEmbedder(provider) // provider: openai.New(openai.WithHTTPClient(llmx.NewDoer(nil)), ...)
//	em := llmx.NewEmbedMeter(llmx.RetryEmbedder(llmx.LimitEmbedder(e, 3_000, 1_000_000)))
//	vecs, err := em.EmbedDocuments(ctx, texts)
//
// # Composing
//
// Wrappers find each other through small optional interfaces, never concrete types: a [Retrier]
// waits for any [Pacer] below it (an [EmbedRetrier] for any [EmbedPacer]) before starting its
// per-call timeout, [Resilient] rebuilds any [Retrying] model instead of nesting retries, and a
// [Meter] or an [EmbedMeter] learns of the retries below it through the call's context, which
// only this package reads.
//
// # Concurrency
//
// Every wrapper is safe for concurrent use by multiple goroutines when the model (or embedder)
// it wraps is, and starts no goroutine of its own.
package llmx
