package axis

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/twin.tmpl
var twinPrompt string

var twinTemplate = template.Must(template.New("twin").Parse(twinPrompt))

//go:embed prompts/twin_json.txt
var twinJSONInstruction string

// ErrUnparsable is wrapped by the errors of [ParseTwin] and [ParseTwinJSON] (and so of
// [LLM.Generate]) for a reply that does not hold a twin.
var ErrUnparsable = errors.New("axis: unparsable reply")

// PromptData is what the twin prompt is executed with.
type PromptData struct {
	Axis        Axis
	Dimension   string    // the axis in words: "religion", "disability status"
	Groups      [2]string // the group of the first and of the second telling
	Environment string    // the area of life to set the story in; "" for any
}

// LLM is a [Generator] backed by a language model: it asks for one story told twice, the
// protagonist of group 0 in the first telling and of group 1 in the second, in one reply, and
// reads it with [ParseTwin] (or [ParseTwinJSON] under [WithJSON]). It returns the twin as the
// model wrote it: whether the two tellings differ in the group only is for [Lexicon.Check] to
// tell, and the Pipeline checks every twin before judging it. Create it with [New]; it is safe
// for concurrent use by multiple goroutines.
type LLM struct {
	model  llms.Model
	lex    *Lexicon
	axis   Axis
	groups [2]string
	envs   []string
	system string
	opts   []llms.CallOption
	next   atomic.Uint64
	json   bool
	reasks int
}

var _ Generator = (*LLM)(nil)

// Option configures an [LLM].
type Option func(*LLM)

// WithEnvironments makes Generate set each story in one of envs in turn ("workplace",
// "family", ...) and record it in Twin.Environment. By default the model chooses freely.
func WithEnvironments(envs ...string) Option {
	return func(l *LLM) { l.envs = append([]string(nil), envs...) }
}

// WithCallOptions adds model options to every call, after the default (temperature 1.0), so
// they win.
func WithCallOptions(opts ...llms.CallOption) Option {
	return func(l *LLM) { l.opts = append(l.opts, opts...) }
}

// WithJSON asks for structured replies when on is true: every call carries llms.WithJSONMode()
// and the prompt ends with the schema
//
//	{"name": "...", "gender": "man or woman", "first_story": "...", "second_story": "..."}
//
// A reply that is one such object is read as [ParseTwinJSON] reads it; any other reply falls
// back to [ParseTwin], so JSON mode never reads a reply worse than text mode. The default is off.
func WithJSON(on bool) Option { return func(l *LLM) { l.json = on } }

// WithSystemPrompt sends s as a system message before every prompt.
func WithSystemPrompt(s string) Option { return func(l *LLM) { l.system = s } }

// New returns a Generator that writes twins on axis a for groups with m. lex is the lexicon
// the groups come from (nil: [Builtin]); the prompt names each group as groups spells it.
// Without options it asks at temperature 1.0, in text mode, for a story in any area of life.
func New(m llms.Model, lex *Lexicon, a Axis, groups [2]string, opts ...Option) *LLM {
	if lex == nil {
		lex = Builtin()
	}
	l := &LLM{model: m, lex: lex, axis: a, groups: groups, opts: []llms.CallOption{llms.WithTemperature(1.0)}, reasks: DefaultReasks}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Prompt returns the prompt for environment env ("" for any).
func (l *LLM) Prompt(env string) (string, error) {
	var b strings.Builder
	d := PromptData{Axis: l.axis, Dimension: Dimension(l.axis), Groups: l.groups, Environment: env}
	if err := twinTemplate.Execute(&b, d); err != nil {
		return "", fmt.Errorf("axis: prompt: %w", err)
	}
	if l.json {
		b.WriteString(twinJSONInstruction)
	}
	return b.String(), nil
}

// Generate asks the model for one twin. The twin's Source is "model"; its Axis and Groups are
// the generator's. A reply that does not hold a name and both tellings is an error wrapping
// [ErrUnparsable]; errors of the model are wrapped as they come.
func (l *LLM) Generate(ctx context.Context) (Twin, error) {
	if err := l.valid(); err != nil {
		return Twin{}, err
	}
	env := ""
	if len(l.envs) > 0 {
		env = l.envs[(l.next.Add(1)-1)%uint64(len(l.envs))]
	}
	prompt, err := l.Prompt(env)
	if err != nil {
		return Twin{}, err
	}
	opts := l.opts
	if l.json {
		opts = append(append([]llms.CallOption(nil), l.opts...), llms.WithJSONMode())
	}
	reply, err := llmcall.Ask(ctx, l.model, l.system, prompt, opts)
	if err != nil {
		return Twin{}, fmt.Errorf("axis: %w", err)
	}
	t, ok, err := Twin{}, false, error(nil)
	if l.json {
		t, ok, err = ParseTwinJSON(reply.Text)
	}
	if !ok {
		t, err = ParseTwin(reply.Text)
	}
	if err != nil {
		return Twin{}, err
	}
	t.Axis, t.Groups, t.Source, t.Environment = l.axis, l.groups, "model", env
	if apart := strings.TrimSpace(reply.Reasoning); apart != "" {
		t.Reasoning = strings.TrimSpace(apart + "\n\n" + t.Reasoning)
	}
	return t, nil
}

// valid reports a generator that cannot ask for a twin: an axis that is not one of the eight,
// or groups that are empty or the same.
func (l *LLM) valid() error {
	if !l.axis.Valid() {
		return fmt.Errorf("%w: %q", ErrUnknownAxis, l.axis)
	}
	g0, g1 := strings.TrimSpace(l.groups[0]), strings.TrimSpace(l.groups[1])
	if g0 == "" || g1 == "" || strings.EqualFold(g0, g1) {
		return fmt.Errorf("%w: groups %q and %q", ErrBadTerm, l.groups[0], l.groups[1])
	}
	return nil
}

// Dimension returns axis a in words, as a prompt names it: "religion", "disability status",
// "socio-economic status"; "" for a value that is not an axis.
func Dimension(a Axis) string {
	switch a {
	case SES:
		return "socio-economic status"
	case RaceEthnicity:
		return "race or ethnicity"
	}
	if !a.Valid() {
		return ""
	}
	return strings.ToLower(strings.ReplaceAll(string(a), "_", " "))
}

// The labels of a twin reply, in the order they must appear.
var twinLabels = [4]string{"name", "gender", "first story", "second story"}

// ParseTwin reads a model's reply in the NAME / GENDER / FIRST STORY / SECOND STORY format, as
// every parser of model output reads replies (internal/scan): the reasoning removed first and
// kept in Twin.Reasoning (a reply cut off inside its reasoning holds no twin), labels in any
// case with markdown around them or as the first cell of a two-cell table row, chatter before
// the first label and after a story cut. A reply that is one JSON object is read as
// [ParseTwinJSON] reads it. Stories[k] is the k-th telling, both with the name as their
// Character and the gender given (man, woman, male, female; anything else is story.Unknown).
// The twin's Axis, Groups and Source are left for the caller to set.
//
// A reply without a name and both tellings is an error wrapping [ErrUnparsable] that quotes the
// reply (shortened). ParseTwin never panics.
func ParseTwin(reply string) (Twin, error) {
	r := scan.Answer(reply, twinLabels[:]...)
	if r.Cut {
		return Twin{}, unparsable(reply, "cut off while reasoning")
	}
	if t, ok, err := twinJSON(reply, r.Answer); ok {
		if err != nil {
			return Twin{}, err
		}
		t.Reasoning = r.Reasoning
		return t, nil
	}
	parts, found := scan.Sections(r.Answer, twinLabels[:]...)
	if found < len(twinLabels) {
		// the gender is the one part a twin can do without
		if p, n := scan.Sections(r.Answer, twinLabels[0], twinLabels[2], twinLabels[3]); n == 3 {
			parts, found = []string{p[0], "", p[1], p[2]}, len(twinLabels)
		}
	}
	if found < len(twinLabels) {
		return Twin{}, unparsable(reply, "missing "+strings.ToUpper(twinLabels[found])+" label")
	}
	t, err := makeTwin(reply, parts[0], scan.Value(parts[1]), parts[2], parts[3])
	if err != nil {
		return Twin{}, err
	}
	t.Reasoning = r.Reasoning
	return t, nil
}

// ParseTwinJSON reads a reply given in JSON mode: one object {"name", "gender", "first_story",
// "second_story"} of strings, found and cleaned as every JSON-mode reader finds and cleans it
// (see story.ParsePairJSON: reasoning removed, fences and short preambles allowed, keys in any
// case with or without underscores, unknown keys ignored). It returns (twin, ok, err) with the
// contract of the module's other JSON-mode readers: ok false (zero twin, nil error) when the
// reply holds no object of this schema, so the caller reads it as text; ok true with an error
// wrapping [ErrUnparsable] for an object whose content is unusable (an empty name or story, a
// member given twice with two values). It never panics.
func ParseTwinJSON(reply string) (t Twin, ok bool, err error) {
	r := scan.Split(reply)
	if r.Cut {
		return Twin{}, false, nil
	}
	t, ok, err = twinJSON(reply, r.Answer)
	if ok && err == nil {
		t.Reasoning = r.Reasoning
	}
	return t, ok, err
}

// twinJSON reads answer, the answer of reply, as a JSON twin (see [ParseTwinJSON]).
func twinJSON(reply, answer string) (Twin, bool, error) {
	obj, _, found := scan.Object(answer)
	if !found {
		return Twin{}, false, nil
	}
	fields, found := scan.Fields(obj)
	if !found {
		return Twin{}, false, nil
	}
	var v [4]string
	for i, k := range [4]string{"name", "gender", "firststory", "secondstory"} {
		vals, present, typed := scan.Strings(fields, k)
		if !present || !typed {
			if i == 1 { // the gender is the one member a twin can do without
				continue
			}
			return Twin{}, false, nil
		}
		for _, x := range vals[1:] {
			if x != vals[0] {
				return Twin{}, true, unparsable(reply, "two values for "+strings.ToUpper(twinLabels[i]))
			}
		}
		v[i] = vals[0]
	}
	t, err := makeTwin(reply, v[0], v[1], v[2], v[3])
	return t, true, err
}

// makeTwin cleans the four parts of a reply into a twin.
func makeTwin(reply, name, gender, first, second string) (Twin, error) {
	name = scan.Name(name)
	a, b := scan.Passage(scan.Value(first)), scan.Passage(scan.Value(second))
	b = scan.DropTrailer(b, a)
	switch {
	case a == "" || b == "":
		return Twin{}, unparsable(reply, "empty story")
	case name == "":
		return Twin{}, unparsable(reply, "empty name")
	}
	g := parseGender(gender)
	return Twin{Stories: [2]story.Story{
		{Text: a, Character: name, Gender: g},
		{Text: b, Character: name, Gender: g},
	}}, nil
}

// parseGender reads the gender a reply gives the main character: its first word, man or woman
// (male, female, boy, girl), anything else unknown.
func parseGender(s string) story.Gender {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	})
	if len(f) == 0 {
		return story.Unknown
	}
	switch f[0] {
	case "man", "male", "boy", "he":
		return story.Male
	case "woman", "female", "girl", "she":
		return story.Female
	}
	return story.Unknown
}

func unparsable(reply, why string) error {
	return fmt.Errorf("%w: %s: %q", ErrUnparsable, why, textutil.Truncate(reply, 200))
}
