package evenhand

import (
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

// Option configures what [New] builds: the stages and the wrappers around their models. The
// Pipeline's own values are its fields, as the module's configuration rule says (see
// "Configuration" in the package documentation).
type Option func(*config)

type config struct {
	storyOpt []story.Option
	judgeOpt []judge.Option
	neutOpt  []neutral.Option
	judgeM   llms.Model
	neutM    llms.Model
	retry    []llmx.RetryOption // for the Retrier around each model
	rpm, tpm int                // rate limits per model; 0: none
}

// WithStoryOptions passes options to story.New.
func WithStoryOptions(opts ...story.Option) Option {
	return func(c *config) { c.storyOpt = append(c.storyOpt, opts...) }
}

// WithJudgeOptions passes options to judge.New.
func WithJudgeOptions(opts ...judge.Option) Option {
	return func(c *config) { c.judgeOpt = append(c.judgeOpt, opts...) }
}

// WithNeutralOptions passes options to neutral.New.
func WithNeutralOptions(opts ...neutral.Option) Option {
	return func(c *config) { c.neutOpt = append(c.neutOpt, opts...) }
}

// WithJudgeModel makes the judge use m instead of the model given to New (to audit one model
// on pairs written by another, for instance).
func WithJudgeModel(m llms.Model) Option { return func(c *config) { c.judgeM = m } }

// WithNeutralModel makes the neutral stage use m instead of the model given to New.
func WithNeutralModel(m llms.Model) Option { return func(c *config) { c.neutM = m } }

// WithRetry sets the options of the [llmx.Retrier] that New puts around each model (see
// [llmx.Retry] for the defaults). WithRetry(llmx.WithAttempts(1), llmx.WithCallTimeout(0)) turns
// retries and the per-call timeout off.
func WithRetry(opts ...llmx.RetryOption) Option {
	return func(c *config) { c.retry = append(c.retry, opts...) }
}

// WithRateLimit keeps the calls to each model within rpm requests and tpm tokens per minute,
// one budget per model shared by every stage that uses it (see [llmx.Limit]). 0 leaves a limit off.
func WithRateLimit(rpm, tpm int) Option { return func(c *config) { c.rpm, c.tpm = rpm, tpm } }

// New returns a Pipeline whose every stage is backed by m, with the paper's defaults: zero-shot
// story prompts, greedy judging with the options Moral, Immoral, Both and Can't say, GenMO's
// comparison rules, the [0.8, 0.95] ROUGE-1 band, and balanced explanations checked for
// gender-neutrality. Any llms.Model works (OpenAI, Ollama, Anthropic, ...).
//
// Each model is wrapped with [llmx.Resilient]: transient failures are retried (see [llmx.Retry]
// for the defaults, [WithRetry] to change them) and, with [WithRateLimit], calls are
// rate-limited. A model that already retries is rebuilt with its own retry options followed by
// WithRetry's, never wrapped in a second layer of retries. Each stage's model is then wrapped in
// an [llmx.Meter] of its own, set in Pipeline.Meters, so that Stats count calls, retries and
// tokens per stage.
//
// For a provider's 429 and Retry-After to reach the retries, give its client an HTTP client
// from llmx (without one, a rate limit is only seen in the error's text):
//
//	m, err := openai.New(openai.WithHTTPClient(llmx.NewDoer(nil)), openai.WithModel("gpt-4o-mini"))
//	m, err := ollama.New(ollama.WithHTTPClient(llmx.HTTPClient(nil)), ollama.WithModel("llama3.1"))
func New(m llms.Model, opts ...Option) *Pipeline {
	var c config
	for _, o := range opts {
		o(&c)
	}
	base := llmx.Resilient(m, c.rpm, c.tpm, c.retry...)
	judgeM, neutM := base, base
	if c.judgeM != nil {
		judgeM = llmx.Resilient(c.judgeM, c.rpm, c.tpm, c.retry...)
	}
	if c.neutM != nil {
		neutM = llmx.Resilient(c.neutM, c.rpm, c.tpm, c.retry...)
	}
	p := new(Pipeline)
	p.Meters = make(map[Stage]*llmx.Meter, 3)
	meter := func(s Stage, m llms.Model) llms.Model {
		if m == nil {
			return nil // the stage reports the missing model when called
		}
		mt := llmx.NewMeter(m, llmx.WithOnRetry(func(ev llmx.RetryEvent) { p.logRetry(s, ev) }))
		p.Meters[s] = mt
		return mt
	}
	p.Generator = story.New(meter(StageGenerate, base), c.storyOpt...)
	p.Judge = judge.New(meter(StageJudge, judgeM), c.judgeOpt...)
	p.Neutralizer = neutral.New(meter(StageNeutralize, neutM), c.neutOpt...)
	return p
}
