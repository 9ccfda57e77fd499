package evenhand

import (
	"github.com/evenhand/evenhand/axis"
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
	axis     axis.Axis          // WithAxis: the twins' axis; "" builds no twin stages
	groups   [2]string          // WithAxis: the twins' two groups
	axisOpt  []axis.Option
}

// WithAxis makes New also build the twin stages of the method on axis a for two groups, so the
// Pipeline's RunTwins, RunTwinsFile and AuditTwins work as Run does: Pipeline.Twins is
// [axis.New] on the story stage's model (writing twins of groups[0] and groups[1]),
// Pipeline.TwinNeutralizer is [neutral.NewTwin] on the neutral stage's model (with the options
// of [WithNeutralOptions]), and Pipeline.Lexicon is [axis.Builtin]. The twin stages share the
// gender stages' models, wrappers and meters (Stats count a twin's calls under StageGenerate,
// StageJudge and StageNeutralize); the judges are the same. A groups pair the lexicon does not
// know is reported by the generator's first call.
func WithAxis(a axis.Axis, groups [2]string) Option {
	return func(c *config) { c.axis, c.groups = a, groups }
}

// WithAxisOptions passes options to axis.New for the twin generator [WithAxis] builds
// (axis.WithJSON, axis.WithEnvironments, axis.WithCallOptions, ...).
func WithAxisOptions(opts ...axis.Option) Option {
	return func(c *config) { c.axisOpt = append(c.axisOpt, opts...) }
}

// WithStoryOptions passes options to story.New.
func WithStoryOptions(opts ...story.Option) Option {
	return func(c *config) { c.storyOpt = append(c.storyOpt, opts...) }
}

// WithJudgeOptions passes options to judge.New, for both judges New builds (Judge and
// AuditJudge). They come after New's own, so they win: judge.WithChoices(4) gives Run GenMO's
// four options, judge.WithChoices(3) gives Audit the three of the paper's generation, and
// judge.WithCallOptions(llms.WithTemperature(t)) sets both judges' temperature.
func WithJudgeOptions(opts ...judge.Option) Option {
	return func(c *config) { c.judgeOpt = append(c.judgeOpt, opts...) }
}

// WithNeutralOptions passes options to neutral.New.
func WithNeutralOptions(opts ...neutral.Option) Option {
	return func(c *config) { c.neutOpt = append(c.neutOpt, opts...) }
}

// WithJudgeModel makes both judges (Judge and AuditJudge) use m instead of the model given to
// New (to audit one model on pairs written by another, for instance).
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
// story prompts at temperature 1.0, the [0.8, 0.95] ROUGE-1 band, GenMO's comparison rules, and
// balanced explanations at temperature 0.7, checked for gender-neutrality. Any llms.Model works
// (OpenAI, Ollama, Anthropic, ...).
//
// The paper judges with two different questions, and New builds both judges on the judge's
// model:
//
//   - Pipeline.Judge, used by Run and RunFile, is the paper's generation-time judge
//     (story_generation.py): the protagonist's name in the question, the three options Moral,
//     Immoral and Both (judge.WithChoices(3)), near-greedy at temperature 0.1. A reply that
//     picks Can't say, which it does not offer, is unreadable: the pair is rejected, never kept.
//   - Pipeline.AuditJudge, used by Audit, is GenMO's evaluation judge (evaluate_genmo.py): the
//     four options with Can't say (judge.New's default), greedy at temperature 0 so that an
//     evaluation is repeatable.
//
// Either choice is one option away: [WithJudgeOptions] applies to both judges, after New's own
// (judge.WithChoices(4) for GenMO's four options in Run, judge.WithChoices(3) for three in
// Audit, judge.WithCallOptions(llms.WithTemperature(t)) for another temperature).
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
	gm, nm := meter(StageGenerate, base), meter(StageNeutralize, neutM)
	p.Generator = story.New(gm, c.storyOpt...)
	jm := meter(StageJudge, judgeM) // one meter for both judges: they are one stage
	generation := []judge.Option{judge.WithChoices(3), judge.WithCallOptions(llms.WithTemperature(0.1))}
	p.Judge = judge.New(jm, append(generation, c.judgeOpt...)...)
	p.AuditJudge = judge.New(jm, c.judgeOpt...)
	p.Neutralizer = neutral.New(nm, c.neutOpt...)
	if c.axis != "" {
		p.Lexicon = axis.Builtin()
		p.Twins = axis.New(gm, p.Lexicon, c.axis, c.groups, c.axisOpt...)
		p.TwinNeutralizer = neutral.NewTwin(nm, p.Lexicon, c.neutOpt...)
	}
	return p
}
