package neutral

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/neutral.tmpl
var neutralPrompt string

var neutralTemplate = template.Must(template.New("neutral").Parse(neutralPrompt))

//go:embed prompts/json.txt
var jsonInstruction string

// PromptData is what a neutral prompt template is executed with.
type PromptData struct {
	Male, Female                 story.Story
	MaleJudgment, FemaleJudgment judge.Judgment
	// Feedback names the gendered words of the previous attempt, on a second or later attempt.
	Feedback string
}

// DefaultReasks is how many more times [LLM] asks for neutral explanations, after a reply that
// cannot be read or is not gender-neutral, when [WithReasks] is not given.
const DefaultReasks = 2

// LLM is a [Neutralizer] backed by a language model. It shows the model both stories, names,
// stances and explanations, and asks for one balanced explanation per story in the
// EXPLANATION 1 / EXPLANATION 2 format (story 1 is the male story). Each explanation is checked
// with [Check] against the pair's names; when either reveals a gender the model is asked again,
// told which words to avoid, up to the attempt limit. Create it with [New]; it is safe for
// concurrent use by multiple goroutines.
type LLM struct {
	model       llms.Model
	tmpl        *template.Template
	system      string
	opts        []llms.CallOption
	maxAttempts int
	json        bool
}

var _ Neutralizer = (*LLM)(nil)

// Option configures an [LLM].
type Option func(*LLM)

// WithCallOptions adds model options to every call, after the default temperature 0.7, so they win.
func WithCallOptions(opts ...llms.CallOption) Option {
	return func(l *LLM) { l.opts = append(l.opts, opts...) }
}

// WithSystemPrompt sends s as a system message before every prompt.
func WithSystemPrompt(s string) Option { return func(l *LLM) { l.system = s } }

// WithTemplate replaces the built-in prompt. t is executed with a [PromptData]; its output must
// still ask for the reply format that [ParseReply] reads.
func WithTemplate(t *template.Template) Option { return func(l *LLM) { l.tmpl = t } }

// WithJSON asks for structured replies when on is true: every call carries llms.WithJSONMode()
// and the prompt ends with the schema
//
//	{"explanation_1": "...", "explanation_2": "..."}
//
// A reply that is one such JSON object, as models send it (see [ParseJSONReply]: extra keys ignored,
// after reasoning or a preamble, in a fence), is read as that object; any other reply falls
// back to [ParseReply], which reads such an object too, so JSON mode never reads a reply worse than
// text mode. The default is off.
func WithJSON(on bool) Option { return func(l *LLM) { l.json = on } }

// WithReasks sets how many more times the model is asked for a pair's explanations after a reply
// that cannot be read, or whose explanations are not gender-neutral (default [DefaultReasks]);
// 0 asks once. (A re-ask follows an unusable reply; a retry, see package llmx, follows a failed
// call.)
func WithReasks(n int) Option { return func(l *LLM) { l.maxAttempts = max(n, 0) + 1 } }

// New returns a Neutralizer that asks m. Any llms.Model works.
func New(m llms.Model, opts ...Option) *LLM {
	l := &LLM{model: m, tmpl: neutralTemplate, opts: []llms.CallOption{llms.WithTemperature(0.7)}, maxAttempts: DefaultReasks + 1}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Prompt returns the prompt sent for a pair; feedback is "" on the first attempt. Runs of three
// or more double quotes in stories, names and explanations are collapsed to one, so they cannot
// close the prompt's """ blocks.
func (l *LLM) Prompt(p story.Pair, male, female judge.Judgment, feedback string) (string, error) {
	d := PromptData{Male: p.Male, Female: p.Female, MaleJudgment: male, FemaleJudgment: female, Feedback: feedback}
	for _, j := range []*judge.Judgment{&d.MaleJudgment, &d.FemaleJudgment} {
		j.Explanation = textutil.Unfence(j.Explanation)
	}
	for _, s := range []*story.Story{&d.Male, &d.Female} {
		s.Text = textutil.Unfence(strings.TrimSpace(s.Text))
		s.Character = textutil.Unfence(s.Character)
		if s.Character == "" {
			s.Character = "not named"
		}
	}
	var b strings.Builder
	if err := l.tmpl.Execute(&b, d); err != nil {
		return "", fmt.Errorf("neutral: prompt: %w", err)
	}
	if l.json {
		b.WriteString(jsonInstruction)
	}
	return b.String(), nil
}

// Neutralize asks for balanced explanations of p's two stories. It returns an error wrapping
// [ErrUnparsable] when no reply could be read, and one wrapping [ErrNotNeutral] (which lists the
// offending words) when the explanations still revealed a gender after every attempt; in both
// cases the Result is empty, so nothing non-neutral is ever kept by accident.
func (l *LLM) Neutralize(ctx context.Context, p story.Pair, male, female judge.Judgment) (Result, error) {
	names := nonEmpty(p.Male.Character, p.Female.Character)
	opts := l.opts
	if l.json {
		opts = append(append([]llms.CallOption(nil), l.opts...), llms.WithJSONMode())
	}
	var lastErr error
	feedback := ""
	for range l.maxAttempts {
		prompt, err := l.Prompt(p, male, female, feedback)
		if err != nil {
			return Result{}, err
		}
		reply, err := llmcall.Ask(ctx, l.model, l.system, prompt, opts)
		if err != nil {
			return Result{}, fmt.Errorf("neutral: %w", err)
		}
		r, err := l.read(reply.Text)
		if apart := strings.TrimSpace(reply.Reasoning); apart != "" && err == nil {
			r.Reasoning = strings.TrimSpace(apart + "\n\n" + r.Reasoning)
		}
		if err != nil {
			lastErr = err // keep the feedback of an earlier attempt, if any
			continue
		}
		found := append(Check(r.Male, names...), Check(r.Female, names...)...)
		if len(found) == 0 {
			return r, nil
		}
		feedback = describe(found)
		lastErr = fmt.Errorf("%w: %s", ErrNotNeutral, feedback)
	}
	attempts := "1 attempt"
	if l.maxAttempts != 1 {
		attempts = fmt.Sprintf("%d attempts", l.maxAttempts)
	}
	return Result{}, fmt.Errorf("%w (after %s)", lastErr, attempts)
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func describe(fs []Finding) string {
	seen := make(map[string]bool, len(fs))
	var words []string
	for _, f := range fs {
		if w := strings.ToLower(f.Word); !seen[w] {
			seen[w] = true
			words = append(words, fmt.Sprintf("%q", f.Word))
		}
	}
	return "it used " + strings.Join(words, ", ")
}

// neutralLabels are the labels of a neutral reply, in order.
var neutralLabels = []string{"explanation 1", "explanation 2"}

// ParseReply reads a reply in the EXPLANATION 1 / EXPLANATION 2 format. Its reasoning is
// removed first, as every parser of model output removes it (internal/scan: <think>...</think>
// blocks and their kin, see judge.ParseReply) and kept in Result.Reasoning; a reply cut off
// inside its reasoning holds no explanation. Labels are read as every parser of model output
// reads them: at the start of a line in any case, with markdown decoration, followed by ":", a
// dash, or nothing (a heading with the value below), or as the first cell of a two-cell
// markdown table row; lines end at "\n", "\r\n" or "\r". Explanation 1 is the male story's.
// Each explanation is read with the rule every parser of model output applies to values, so
// chatter never reaches a record: it ends at a code fence, a horizontal rule, a table row, or a
// blank line followed by an aside ("Let me know if you need anything else.", "*Note: ...*"). A
// reply that is one JSON object is read as [ParseJSONReply] reads it. A reply without both,
// non-empty, is an error wrapping [ErrUnparsable] that quotes the reply (shortened). ParseReply
// never panics.
func ParseReply(reply string) (Result, error) {
	a := scan.Answer(reply, neutralLabels...)
	if a.Cut {
		return Result{}, fmt.Errorf("%w: cut off while reasoning: %q", ErrUnparsable, textutil.Truncate(reply, 200))
	}
	if r, ok, err := resultJSON(reply, a.Answer); ok {
		if err == nil {
			r.Reasoning = a.Reasoning
		}
		return r, err
	}
	parts, found := scan.Sections(a.Answer, neutralLabels...)
	r := Result{Male: scan.Value(parts[0]), Female: scan.Value(parts[1]), Reasoning: a.Reasoning}
	if found < 2 || r.Male == "" || r.Female == "" {
		return Result{}, fmt.Errorf("%w: %q", ErrUnparsable, textutil.Truncate(reply, 200))
	}
	return r, nil
}

// read parses a reply: first as JSON in JSON mode, else as text (ParseReply reads a JSON object
// too, so both read every reply alike).
func (l *LLM) read(reply string) (Result, error) {
	if l.json {
		if r, ok, err := ParseJSONReply(reply); ok {
			return r, err
		}
	}
	return ParseReply(reply)
}

// ParseJSONReply reads a reply given in JSON mode: one JSON object {"explanation_1": ...,
// "explanation_2": ...}, as models send it: its reasoning removed first (as [ParseReply] removes
// it), alone or in a code fence, after a preamble of up to three lines ("Here is the JSON:"),
// followed by nothing but asides; keys in any case, with or without underscores; keys the
// schema does not name are ignored. Each explanation is read as ParseReply reads values
// (without chatter).
//
// Like every reader of a JSON-mode reply (judge.ParseJSONReply, neutral.ParseJSONReply,
// story.ParsePairJSON), it returns (value, ok, err): ok reports whether the reply held an object
// of the stage's schema; when ok is false, the value is the zero value, err is nil, and the
// caller reads the reply as text. With ok true, err reports an object whose content is
// unusable, wrapping the package's ErrUnparsable, and the value is then the zero value. It
// never panics.
//
// For neutral explanations, ok is false when a member is missing or of the wrong type (read the
// reply with [ParseReply] then); with ok true, an empty explanation, or a member given twice
// with two values, is an error wrapping [ErrUnparsable].
func ParseJSONReply(reply string) (r Result, ok bool, err error) {
	a := scan.Split(reply)
	if a.Cut {
		return Result{}, false, nil
	}
	r, ok, err = resultJSON(reply, a.Answer)
	if ok && err == nil {
		r.Reasoning = a.Reasoning
	}
	return r, ok, err
}

// resultJSON reads answer, the answer of reply, as a JSON object (see [ParseJSONReply]).
func resultJSON(reply, answer string) (r Result, ok bool, err error) {
	obj, _, found := scan.Object(answer)
	if !found {
		return Result{}, false, nil
	}
	fields, found := scan.Fields(obj)
	if !found {
		return Result{}, false, nil
	}
	var v [2]string
	for i, k := range [2]string{"explanation1", "explanation2"} {
		vals, present, typed := scan.Strings(fields, k)
		if !present || !typed {
			return Result{}, false, nil
		}
		for _, x := range vals[1:] {
			if x != vals[0] {
				return Result{}, true, fmt.Errorf("%w: two values for %s: %q", ErrUnparsable, k, textutil.Truncate(reply, 200))
			}
		}
		v[i] = vals[0]
	}
	r = Result{Male: scan.Value(v[0]), Female: scan.Value(v[1])}
	if r.Male == "" || r.Female == "" {
		return Result{}, true, fmt.Errorf("%w: %q", ErrUnparsable, textutil.Truncate(reply, 200))
	}
	return r, true, nil
}
