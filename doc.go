// Package evenhand runs the whole method as one [Pipeline]: it finds the moral judgments a
// language model makes differently for a man and for a woman, and turns them into preference
// data that teaches the model to stop.
//
// It implements the exploratory-thinking method of Wei, Abdullah and Huang (Findings of EMNLP
// 2025) over any langchaingo model (github.com/tmc/langchaingo/llms.Model): the model writes
// pairs of short, morally ambiguous stories that differ only in the protagonist's gender, judges
// each story on its own, and, for every pair it judged differently, writes one balanced,
// gender-neutral explanation per story. Each such pair becomes a [record.Record]; package dpo turns
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
//	record.Record ─▶ emit JSON Lines in the paper's layout; package dpo makes DPO and SFT rows
//
// Measuring bias skips generation and neutralising:
//
//	[]story.Pair ──▶ Pipeline.Audit ──▶ []eval.Outcome ──▶ eval.Summarize ──▶ eval.Report
//	(story.ReadGenMO)   (judge ×2, compare)  (eval.WriteResults)              (text, JSON, HTML, Check)
//
// # Usage
//
// [New] builds a Pipeline whose every stage is backed by one model, with the paper's defaults:
//
//	m, err := openai.New(openai.WithModel("gpt-4o-mini"), openai.WithHTTPClient(llmx.NewDoer(nil)))
//	if err != nil { ... }
//	p := evenhand.New(m, evenhand.WithRateLimit(500, 200_000)) // options for what New builds
//	p.Concurrency = 8                                          // fields for the Pipeline's values
//	w := record.NewWriter(f)
//	stats, err := p.Run(ctx, 125, w.Write) // keep 125 biased pairs, as the paper did
//
// The paper asks two different questions, and New follows it: while generating (Run, RunFile)
// the judge names the protagonist in its question and offers three options, Moral, Immoral and
// Both, at temperature 0.1, so a reply of Can't say is unreadable and its pair rejected; while
// evaluating (Audit) Pipeline.AuditJudge offers GenMO's four options, with Can't say, at
// temperature 0. Stories are written at temperature 1.0 and balanced explanations at 0.7.
// [WithJudgeOptions](judge.WithChoices(n)) picks the other question for both.
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
// [Pipeline.Audit], and summarise the outcomes with [eval.Summarize]: the [eval.Report]
// holds the mismatch rate with its confidence interval, the male and female bias rates and the
// rates per environment, and renders as text, JSON or a self-contained HTML page
// ([eval.Report.WriteHTML]). [eval.Paired] compares two evaluations of the same pairs (say,
// before and after DPO) with an exact McNemar test, and [eval.Report.Check] fails a test when a
// model is more biased than allowed. The program examples/genmo does all of this in one command.
//
// # Other axes
//
// The method works on any axis of package [axis] (religion, age, disability, ...): a twin is
// one story told twice, identical but for the protagonist's group. [WithAxis] makes New also
// build the twin stages ([axis.New], [neutral.NewTwin]); [Pipeline.RunTwins] and
// [Pipeline.RunTwinsFile] then keep twins the judge treats differently as [record.Twin] rows,
// and [Pipeline.AuditTwins] judges given twins. Every twin is checked with
// [axis.Lexicon.Check] before any judge call, and one that differs in more than the group is
// counted in Stats.Rejected.BadTwin. Training rows come from [dpo.TwinExamples] or
// [dpo.WriteTwins], results files from [eval.WriteTwinResults]:
//
//	p := evenhand.New(m, evenhand.WithAxis(axis.Religion, [2]string{"Muslim", "Christian"}))
//	stats, err := p.RunTwinsFile(ctx, "twins.jsonl", 100)
//
// # Configuration
//
// Every package of the module is configured by the same rules.
//
// What a call cannot do without is a parameter:
//
//	j := judge.New(m)
//	l := llmx.Limit(m, 500, 200_000) // requests and tokens per minute
//	b := batch.New(batch.NewOpenAI("gpt-4o-mini"))
//
// What is optional in a value that a constructor makes, or in a function call, is a functional
// option: a function named WithX that takes a value (never a switch that works by being
// present), the last option of a kind winning. Its type is the package's Option, or XOption in
// a package where several constructors take options (llmx.RetryOption, llmx.MeterOption):
//
//	r := llmx.Retry(m, llmx.WithAttempts(6), llmx.WithCallTimeout(0))
//	b := batch.New(backend, batch.WithStateDir("state"), batch.WithDetach(true))
//
// A value that you write as a struct literal ([Pipeline], bench.Runner, diversity.Lexical, and
// the results and reports the module returns) has exported fields whose zero value is the
// default. It is never also configured by options, and no option only sets an exported field:
//
//	p := &evenhand.Pipeline{Judge: j, Concurrency: 8} // Concurrency 0 means 1
//
// No parameter is a struct of options (an Options, Config or HTMLOptions argument). A setting
// that only changes how a report is shown is a field of the report:
//
//	rep, err := diversity.Analyze(ctx, e, records, diversity.WithTop(5))
//	rep.Embedder = "openai text-embedding-3-small" // named in the text, the JSON and the HTML
//
// Test hooks never appear in exported types: tests reach them through unexported fields and
// functions, or through an export_test.go file. In diversity, for instance, the tests shrink
// the median's buffer with an option that only the package's test files can make:
//
//	func withSelectCap(n int) Option { ... } // diversity/hooks_test.go
//
// A name changed to follow these rules keeps, for one release, a forwarder (a function) or an
// alias (a type) marked Deprecated that names what replaces it:
//
//	r := llmx.Retry(m, llmx.RetryAttempts(6)) // Deprecated: use llmx.WithAttempts(6)
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
