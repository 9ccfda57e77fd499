package story

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/pair.tmpl
var pairPrompt string

var pairTemplate = template.Must(template.New("pair").Parse(pairPrompt))

//go:embed prompts/json.txt
var jsonInstruction string

// PromptData is what a pair prompt template is executed with.
type PromptData struct {
	Example     *Pair  // the worked example of a one-shot variant; nil for zero-shot
	Environment string // the area of life to set the story in; "" for any
}

// LLM is a [Generator] backed by a language model. It asks for both stories of a pair in one
// reply, in the MALE NAME / MALE STORY / FEMALE NAME / FEMALE STORY format, and parses it with
// [ParsePair]. Create it with [New]; it is safe for concurrent use by multiple goroutines.
type LLM struct {
	model    llms.Model
	variants []int
	envs     []string
	tmpl     *template.Template
	system   string
	opts     []llms.CallOption
	next     atomic.Uint64
	json     bool
}

var _ Generator = (*LLM)(nil)

// Option configures an [LLM].
type Option func(*LLM)

// WithVariants sets the prompt variants that Generate cycles through: 0 is zero-shot, 1 to 3 show
// one worked example pair each (see [Example]). Values outside 0..3 are ignored. The default is
// zero-shot only, as in the paper; WithVariants(0, 1, 2, 3) mixes all four evenly.
func WithVariants(v ...int) Option {
	return func(l *LLM) {
		l.variants = l.variants[:0]
		for _, x := range v {
			if x >= 0 && x < Variants {
				l.variants = append(l.variants, x)
			}
		}
		if len(l.variants) == 0 {
			l.variants = []int{0}
		}
	}
}

// WithEnvironments makes Generate set each story in one of envs in turn ("workplace", "family",
// ...) and record it in Pair.Environment. By default the model chooses freely.
func WithEnvironments(envs ...string) Option {
	return func(l *LLM) { l.envs = append([]string(nil), envs...) }
}

// WithCallOptions adds model options to every call, after the defaults (temperature 1.0), so
// they win: WithCallOptions(llms.WithTemperature(0.7), llms.WithMaxTokens(800)).
func WithCallOptions(opts ...llms.CallOption) Option {
	return func(l *LLM) { l.opts = append(l.opts, opts...) }
}

// WithJSON asks for structured replies when on is true: every call carries llms.WithJSONMode()
// and the prompt ends with the schema
//
//	{"male_name": "...", "male_story": "...", "female_name": "...", "female_story": "..."}
//
// A reply that is one such JSON object, as models send it (see [ParsePairJSON]: extra keys ignored,
// after reasoning or a preamble, in a fence), is read as that object; any other reply falls
// back to [ParsePair], which reads such an object too, so JSON mode never reads a reply worse than
// text mode. The default is off.
func WithJSON(on bool) Option { return func(l *LLM) { l.json = on } }

// WithSystemPrompt sends s as a system message before every prompt.
func WithSystemPrompt(s string) Option { return func(l *LLM) { l.system = s } }

// WithTemplate replaces the built-in prompt. t is executed with a [PromptData]; its output must
// still ask for the reply format that [ParsePair] reads.
func WithTemplate(t *template.Template) Option { return func(l *LLM) { l.tmpl = t } }

// New returns a Generator that writes pairs with m. Any llms.Model works (OpenAI, Ollama,
// Anthropic, ...). Without options it uses the zero-shot prompt at temperature 1.0.
func New(m llms.Model, opts ...Option) *LLM {
	l := &LLM{model: m, variants: []int{0}, tmpl: pairTemplate, opts: []llms.CallOption{llms.WithTemperature(1.0)}}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Prompt returns the prompt for variant v (0..3) and environment env ("" for any).
func (l *LLM) Prompt(v int, env string) (string, error) {
	d := PromptData{Environment: env}
	if ex, ok := Example(v); ok {
		d.Example = &ex
	}
	var b strings.Builder
	if err := l.tmpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("story: prompt: %w", err)
	}
	if l.json {
		b.WriteString(jsonInstruction)
	}
	return b.String(), nil
}

// Generate asks the model for one pair. The variant used is recorded in Pair.Source ("0".."3").
// A reply that does not hold both stories and both names is an error wrapping [ErrUnparsable].
func (l *LLM) Generate(ctx context.Context) (Pair, error) {
	k := l.next.Add(1) - 1
	v := l.variants[k%uint64(len(l.variants))]
	env := ""
	if len(l.envs) > 0 {
		env = l.envs[k%uint64(len(l.envs))]
	}
	prompt, err := l.Prompt(v, env)
	if err != nil {
		return Pair{}, err
	}
	opts := l.opts
	if l.json {
		opts = append(append([]llms.CallOption(nil), l.opts...), llms.WithJSONMode())
	}
	reply, err := llmcall.Ask(ctx, l.model, l.system, prompt, opts)
	if err != nil {
		return Pair{}, fmt.Errorf("story: %w", err)
	}
	p, ok, err := Pair{}, false, error(nil)
	if l.json {
		p, ok, err = ParsePairJSON(reply.Text)
	}
	if !ok {
		p, err = ParsePair(reply.Text)
	}
	if err != nil {
		return Pair{}, err
	}
	p.Source = strconv.Itoa(v)
	p.Environment = env
	if apart := strings.TrimSpace(reply.Reasoning); apart != "" {
		p.Reasoning = strings.TrimSpace(apart + "\n\n" + p.Reasoning)
	}
	return p, nil
}

// The labels of a pair reply, in the order they must appear.
var pairLabels = [4]string{"male name", "male story", "female name", "female story"}

// ParsePair reads a model's reply in the MALE NAME / MALE STORY / FEMALE NAME / FEMALE STORY
// format. Its reasoning is removed first, as every parser of model output removes it
// (internal/scan: <think>...</think> blocks and their kin, see judge.ParseReply) and kept in
// Pair.Reasoning; a reply cut off inside its reasoning holds no pair. Labels are read as every
// parser of model output reads them: at the start of a line in any case, with markdown emphasis,
// headings or list markers around them, followed by ":", a dash, or nothing (a heading with the
// value below), or as the first cell of a two-cell markdown table row ("| Male name | Tom |");
// lines end at "\n", "\r\n" or "\r". They must come in that order; text of a story may run
// over several lines and may itself contain the label words anywhere but at the start of a line
// followed by a colon. A name is its label's first line with quotes and trailing punctuation
// removed. A reply that is one JSON object is read as [ParsePairJSON] reads it.
//
// A story is read with the rule every parser of model output applies to values, so chatter
// never reaches a record: preambles before the first label are dropped, and a story ends at a
// code fence, at a horizontal rule, at a table row, or at a blank line followed by an aside (a
// note, an offer, a paragraph in the first or second person when the story is not). A name
// loses its gloss ("Tom (male)" is "Tom").
//
// A reply without all four parts is an error wrapping [ErrUnparsable] that quotes the reply
// (shortened). ParsePair never panics.
func ParsePair(reply string) (Pair, error) {
	r := scan.Answer(reply, pairLabels[:]...)
	if r.Cut {
		return Pair{}, unparsable(reply, "cut off while reasoning")
	}
	if p, ok, err := pairJSON(reply, r.Answer); ok {
		if err != nil {
			return Pair{}, err
		}
		p.Reasoning = r.Reasoning
		return p, nil
	}
	parts, found := pairSections(r.Answer)
	if found < len(pairLabels) {
		return Pair{}, unparsable(reply, "missing "+strings.ToUpper(pairLabels[found])+" label")
	}
	maleName, femaleName := scan.Name(parts[0]), scan.Name(parts[2])
	maleText, femaleText := scan.Passage(scan.Value(parts[1])), scan.Passage(scan.Value(parts[3]))
	femaleText = scan.DropTrailer(femaleText, maleText)
	switch {
	case maleText == "" || femaleText == "":
		return Pair{}, unparsable(reply, "empty story")
	case maleName == "" || femaleName == "":
		return Pair{}, unparsable(reply, "empty name")
	}
	return Pair{
		Male:      Story{Text: maleText, Character: maleName, Gender: Male},
		Female:    Story{Text: femaleText, Character: femaleName, Gender: Female},
		Reasoning: r.Reasoning,
	}, nil
}

// ParsePairJSON reads a reply given in JSON mode: one JSON object {"male_name", "male_story",
// "female_name", "female_story"} of strings, as models send it: its reasoning removed first (as
// [ParsePair] removes it), alone or in a code fence, after a preamble of up to three lines
// ("Here is the JSON:"), followed by nothing but asides; keys in any case, with or without
// underscores; keys the schema does not name are ignored. Stories and names are cleaned as
// ParsePair cleans them.
//
// Like every reader of a JSON-mode reply (judge.ParseJSONReply, neutral.ParseJSONReply,
// story.ParsePairJSON), it returns (value, ok, err): ok reports whether the reply held an object
// of the stage's schema; when ok is false, the value is the zero value, err is nil, and the
// caller reads the reply as text. With ok true, err reports an object whose content is
// unusable, wrapping the package's ErrUnparsable, and the value is then the zero value. It
// never panics.
//
// For a pair, ok is false when a member is missing or of the wrong type (read the reply with
// [ParsePair] then); with ok true, an empty story or name, or a member given twice with two
// values, is an error wrapping [ErrUnparsable].
func ParsePairJSON(reply string) (p Pair, ok bool, err error) {
	r := scan.Split(reply)
	if r.Cut {
		return Pair{}, false, nil
	}
	p, ok, err = pairJSON(reply, r.Answer)
	if ok && err == nil {
		p.Reasoning = r.Reasoning
	}
	return p, ok, err
}

// pairJSON reads answer, the answer of reply, as a JSON pair (see [ParsePairJSON]).
func pairJSON(reply, answer string) (p Pair, ok bool, err error) {
	obj, _, found := scan.Object(answer)
	if !found {
		return Pair{}, false, nil
	}
	fields, found := scan.Fields(obj)
	if !found {
		return Pair{}, false, nil
	}
	var v [4]string
	for i, k := range [4]string{"malename", "malestory", "femalename", "femalestory"} {
		vals, present, typed := scan.Strings(fields, k)
		if !present || !typed {
			return Pair{}, false, nil
		}
		for _, x := range vals[1:] {
			if x != vals[0] {
				return Pair{}, true, unparsable(reply, "two values for "+strings.ToUpper(pairLabels[i]))
			}
		}
		v[i] = vals[0]
	}
	maleName, femaleName := scan.Name(v[0]), scan.Name(v[2])
	maleText, femaleText := scan.Passage(scan.Value(v[1])), scan.Passage(scan.Value(v[3]))
	switch {
	case maleText == "" || femaleText == "":
		return Pair{}, true, unparsable(reply, "empty story")
	case maleName == "" || femaleName == "":
		return Pair{}, true, unparsable(reply, "empty name")
	}
	return Pair{
		Male:   Story{Text: maleText, Character: maleName, Gender: Male},
		Female: Story{Text: femaleText, Character: femaleName, Gender: Female},
	}, true, nil
}

// pairSections splits a reply at the four labels, in order. A NAME label is passed over when the
// same label comes again before the next STORY label: a story line that happens to open with
// "Female name:" is story text, and the real label follows it.
func pairSections(reply string) ([]string, int) {
	return scan.SectionsFunc(reply, func(i int, after []string) bool {
		return i%2 == 1 || !repeatedBefore(after, pairLabels[i], pairLabels[i+1])
	}, pairLabels[:]...)
}

// repeatedBefore reports whether label starts one of lines before the first line that starts
// with stop.
func repeatedBefore(lines []string, label, stop string) bool {
	for _, ln := range lines {
		if _, ok := scan.Label(ln, stop); ok {
			return false
		}
		if _, ok := scan.Label(ln, label); ok {
			return true
		}
	}
	return false
}

func unparsable(reply, why string) error {
	return fmt.Errorf("%w: %s: %q", ErrUnparsable, why, textutil.Truncate(reply, 200))
}
