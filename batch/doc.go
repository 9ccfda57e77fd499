// Package batch sends a langchaingo model's calls through a provider's batch API: OpenAI's
// Batch API or Anthropic's Message Batches, which answer within 24 hours at half the price of
// live calls, under their own, much larger rate limits.
//
// [New] returns a [Model], an llms.Model, so every stage of evenhand runs through it unchanged:
//
//	m := batch.New(batch.NewOpenAI("gpt-4o-mini"), batch.WithStateDir("state"))
//	defer m.Close()
//	p := &evenhand.Pipeline{Judge: judge.New(m), Concurrency: len(pairs)}
//	outcomes, stats, err := p.Audit(ctx, pairs) // every judge call in one batch
//
// # How calls become batches
//
// Each GenerateContent call is encoded into the provider's request body, queued, and waits.
// The queue is submitted as one batch when it holds as many requests as the provider takes
// (50,000 for OpenAI, 100,000 for Anthropic), or when no new call has arrived for the quiet
// period ([WithQuietPeriod], 2 seconds by default). A pipeline should therefore run with a
// Concurrency at least as high as the calls of one round: Pipeline.Audit makes two per pair, so
// a Concurrency of the number of pairs puts all of them in one batch. The batch is then polled (from 5
// seconds, doubling to a minute, longer when the provider asks with Retry-After) and its
// replies go back to the waiting calls, with the token usage in GenerationInfo the way the live
// providers report it, so an llmx.Meter counts it.
//
// # Failures
//
// A request the provider failed comes back as a *[RequestError], which unwraps to an
// *llmx.StatusError: llmx.Retry and llmx.Transient understand it. Requests left unanswered by
// an expired batch or one cancelled by someone else, and those failed with a retryable status,
// are first resubmitted in a later batch, up to [WithAttempts] submissions. A call no batch can
// honour (streaming, tools, images, or an option the provider's batch API lacks) is refused at
// once with an error wrapping [ErrUnsupported].
//
// When wrapping a Model in llmx.Retry, turn off its per-call timeout (llmx.WithCallTimeout(0)):
// a batch call takes minutes to hours.
//
// What this package keeps is what only a batch has: resubmitting a request in a later batch
// (a retry that needs no backoff of its own, since the quiet period and the batch's turnaround
// are the wait, and that keeps the request's key), and the poll schedule of a running batch.
// The rules shared with live calls come from llmx, the module's one home for them: which
// statuses are worth another try ([RequestError.Retryable] is llmx.StatusError.Transient), the
// reading of Retry-After (llmx.RetryAfter), and the redaction of credentials (llmx.Redact).
//
// # Cancellation
//
// A call whose context ends before its request is submitted withdraws it. When every call
// waiting for a submitted batch has gone, the batch is cancelled, unless [WithDetach] leaves it
// running for a later process to pick up.
//
// # Durability
//
// With [WithStateDir], a state directory records every submitted batch (its id and the
// custom_id of each request) and every reply, appended to one JSON Lines file and synced to
// disk; a torn last line is cut off when it is opened. A request's custom_id is a hash of its
// provider, its canonical body, and how many identical calls the process made before it, so
// that a rerun of the same job asks for the same ids. A restarted process answers the replies already recorded without
// any call, re-attaches to the batches still running instead of submitting them again, and
// submits only what is missing. Before a batch is created, the set of its requests is recorded
// too: a process killed between the provider's creation of the batch and the record of its id
// looks for it on restart by that set ([Finder]: OpenAI batches carry it in their metadata); a
// backend that cannot look (Anthropic's batches have no metadata) submits that batch again.
// Only one process at a time may use a directory: on Unix systems it is locked (flock), and a
// second process is refused with an error wrapping [ErrState].
//
// # Goroutines
//
// A Model runs one background loop, only while at least one call waits (or while it cancels a
// batch its callers left); it ends within moments of the last call returning, and
// [Model.Close] ends it and waits for it.
package batch
