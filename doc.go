// Package evenhand runs the whole method as one [Pipeline]: it finds the moral judgments a
// language model makes differently for a man and for a woman, and turns them into preference
// data that teaches the model to stop.
//
// It implements the exploratory-thinking method of Wei, Abdullah and Huang (Findings of EMNLP
// 2025) over any langchaingo model (github.com/tmc/langchaingo/llms.Model): the model writes
// pairs of short, morally ambiguous stories that differ only in the protagonist's gender, judges
// each story on its own, and, for every pair it judged differently, writes one balanced,
// gender-neutral explanation per story. Each such pair becomes a [dpo.Record]; package dpo turns
// records into training rows where the balanced explanation is preferred over the one-sided one.
// The same stages measure bias on existing pairs, such as the GenMO benchmark.
//
// # The method
//
// A [Pipeline] takes every generated pair through five stages. Each stage is a one-method
// interface in its own package, with a Func adapter and a model-backed implementation:
//
//	story.Generator       writes a story.Pair: one story, told with a male and a female protagonist
//	     │
//	similarity band       story.Rouge1 of the two texts must lie in Pipeline.Band, [0.8, 0.95]
//	     │                (no model call)           ── outside ──▶ rejected: OutsideBand
//	near-duplicate guard  optional (Pipeline.Guard): the male story embedded once, compared with
//	     │                every kept story          ── too close ─▶ rejected: NearDuplicate
//	judge.Judge  ×2       each story judged alone, both at once: a stance and an explanation
//	     │                                          ── no stance ─▶ rejected: InvalidStance
//	compare.Comparator    compare.Verdict: do the stances disagree? which side is favoured?
//	     │                                          ── agree ─────▶ rejected: Consistent
//	neutral.Neutralizer   one balanced, gender-neutral explanation for each side
//	     │                                          ── not neutral ▶ rejected: NotNeutral
//	dpo.Record ──▶ emit   JSON Lines in the paper's layout; package dpo makes DPO and SFT rows
//
// Measuring bias skips generation and neutralising:
//
//	[]story.Pair ──▶ Pipeline.Audit ──▶ []compare.Outcome ──▶ compare.Summarize ──▶ compare.Report
//	(story.ReadGenMO)   (judge ×2, compare)  (compare.WriteResults)            (text, JSON, HTML, Check)
//
// # Usage
//
// [New] builds a Pipeline whose every stage is backed by one model, with the paper's defaults:
//
//	m, err := openai.New(openai.WithModel("gpt-4o-mini"), openai.WithHTTPClient(llmx.NewDoer(nil)))
//	if err != nil { ... }
//	p := evenhand.New(m, evenhand.WithRateLimit(500, 200_000)) // options for what New builds
//	p.Concurrency = 8                                          // fields for the Pipeline's values
//	w := dpo.NewWriter(f)
//	stats, err := p.Run(ctx, 125, w.Write) // keep 125 biased pairs, as the paper did
//
// To replace a stage, set the Pipeline's fields directly; any value implementing the stage's
// interface works, including the Func adapters ([story.Func], [judge.Func],
// [compare.Func], [neutral.Func]):
//
//	p := &evenhand.Pipeline{
//		Generator:   story.New(writer),
//		Judge:       judge.New(model, judge.WithSelfConsistency(5, 0.7)),
//		Neutralizer: neutral.New(writer),
//		Concurrency: 8,
//	}
//
// To measure a model, read pairs (for instance with [story.ReadGenMO]), judge them with
// [Pipeline.Audit], and summarise the outcomes with [compare.Summarize]: the [compare.Report]
// holds the mismatch rate with its confidence interval, the male and female bias rates and the
// rates per environment, and renders as text, JSON or a self-contained HTML page
// ([compare.Report.WriteHTML]). [compare.Paired] compares two evaluations of the same pairs (say,
// before and after DPO) with an exact McNemar test, and [compare.Report.Check] fails a test when a
// model is more biased than allowed. The program examples/genmo does all of this in one command.
//
// # Concurrency
//
// [Pipeline.Run] and [Pipeline.Audit] are synchronous: they return when all their work is done
// or cancelled, and no goroutine they start outlives the call. At most Pipeline.Concurrency
// pairs are worked on at once; the two stories of a pair are always judged at the same time.
// Run calls emit from one goroutine at a time, with record IDs in emit order; Audit returns
// outcomes in input order. Stages must be safe for concurrent use; all of this module's are.
// A Pipeline may be used by several calls at once, but must not be changed while one runs.
// Panics in stages are not recovered.
//
// Cancel the context to stop a call: the stages' model calls are cancelled with it, and the
// returned error satisfies errors.Is(err, context.Canceled).
//
// Pipeline.OnProgress receives a [Progress] snapshot after every attempt (pairs tried, kept and
// rejected by reason, model calls, retries and tokens, elapsed time and an estimate of the time
// left); Pipeline.Logger receives stage events at Debug level and rejections at Info level. The
// library itself never prints anything.
//
// # Errors
//
// A pair that fails a check of the method is not an error: it is counted in Stats.Rejected and
// the run goes on. A stage that fails (a model call that errors, a cancelled context) stops the
// call with a *[StageError] naming the stage and the input; errors.Is and errors.As see through
// it to the stage's own error. A nil required stage gives [ErrMissingStage]; a Run that spends its
// attempt budget (Pipeline.MaxAttempts) before keeping n pairs gives [ErrBudgetExhausted]. Run
// returns its [Stats] with every error.
//
// Language-model providers fail in ordinary ways (rate limits, timeouts, empty replies) and
// langchaingo's providers neither retry nor type their errors. [New] wraps each model with
// [llmx.Resilient] (retries with backoff, and a rate limit with [WithRateLimit]); give the
// provider [llmx.NewDoer] (openai) or [llmx.HTTPClient] (ollama) so HTTP failures become
// *[llmx.StatusError] values that carry the status code and the provider's Retry-After.
//
// # Cost
//
// [Stats] reports model calls, retries and the tokens the provider reported, in total
// (Stats.Usage) and per stage (Stats.Stages), as counted by the [llmx.Meter] of each stage
// (Pipeline.Meters; New installs them); Progress carries the running totals. Multiply the prompt and
// completion tokens by the provider's prices for a cost estimate (see the example of Stats).
// Providers that report no usage leave the token counts at 0.
package evenhand
