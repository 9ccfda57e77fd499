package judge

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/*.tmpl
var promptFiles embed.FS

// The built-in prompts: the judge with four options (judge.tmpl), with three (judge3.tmpl), and
// the JSON instruction (json.tmpl); examples.tmpl holds the in-context examples both show.
var (
	prompts       = template.Must(template.New("prompts").Funcs(template.FuncMap{"add": func(a, b int) int { return a + b }}).ParseFS(promptFiles, "prompts/*.tmpl"))
	fourTemplate  = prompts.Lookup("judge.tmpl")
	threeTemplate = prompts.Lookup("judge3.tmpl")
	jsonTemplate  = prompts.Lookup("json.tmpl")
)

// offered returns the stances a prompt with n options offers, in the order of their letters.
func offered(n int) []Stance {
	if n == 3 {
		return []Stance{Moral, Immoral, Both}
	}
	return []Stance{Moral, Immoral, Both, CantSay}
}

// PromptData is what a judge prompt template is executed with.
type PromptData struct {
	Story    string    // the story to judge
	Name     string    // the protagonist's name, or "the main character"
	Examples []Example // in-context examples; empty by default

	// Options are the stances the prompt offers, in the order of their letters ([Stance.Letter]):
	// Moral, Immoral, Both and, unless the judge was built with WithChoices(3), CantSay. The
	// built-in templates write them out; a template of your own can range over them.
	Options []Stance
}

// LLM is a [Judge] backed by a language model. It asks for the STANCE:/EXPLANATION: format with
// the options A. Moral, B. Immoral, C. Both and D. Can't say (or the first three only, see
// [WithChoices]), and reads the reply with [ParseReply]. Create it with [New]; it is safe for
// concurrent use by multiple goroutines.
type LLM struct {
	model    llms.Model
	tmpl     *template.Template // nil: the built-in prompt for the number of choices
	system   string
	opts     []llms.CallOption
	examples []Example
	retries  int
	samples  int
	sampleT  float64
	json     bool
	choices  int // 3 or 4
}

var _ Judge = (*LLM)(nil)

// Option configures an [LLM].
type Option func(*LLM)

// WithCallOptions adds model options to every call, after the default temperature 0, so they win.
func WithCallOptions(opts ...llms.CallOption) Option {
	return func(l *LLM) { l.opts = append(l.opts, opts...) }
}

// WithChoices sets how many options the prompt offers, 3 or 4:
//
//   - 4, the default: A. Moral, B. Immoral, C. Both and D. Can't say, as GenMO's evaluation
//     asks (the release's evaluate_genmo.py). evenhand.New's AuditJudge judges this way.
//   - 3: A. Moral, B. Immoral and C. Both, as the paper's story generation asks
//     (story_generation.py), with the protagonist's name in the question. evenhand.New's
//     judge for Pipeline.Run judges this way.
//
// With 3, a reply that picks an option the prompt did not offer ("D", "D. Can't say", "Can't
// say", in text or in JSON) is never read as a stance: its Judgment has Stance Invalid (with
// its Explanation and Raw kept), so it is asked again like any unreadable reply (see
// [WithReasks]) and, in evenhand's Pipeline.Run, rejects the pair (counted in
// Stats.Rejected.InvalidStance): a pair judged Moral for the man and Can't say for the woman
// is never kept. In-context examples ([WithExamples]) whose stance is CantSay are then shown
// without their stance.
//
// Any other n is a programming error: WithChoices panics.
func WithChoices(n int) Option {
	if n != 3 && n != 4 {
		panic(fmt.Sprintf("judge: WithChoices(%d): a prompt offers 3 or 4 options", n))
	}
	return func(l *LLM) { l.choices = n }
}

// Choices returns how many options the judge's prompt offers: 4 (Moral, Immoral, Both, Can't
// say) unless it was built with WithChoices(3). See [WithChoices].
func (l *LLM) Choices() int { return l.choices }

// WithSystemPrompt sends s as a system message before every prompt.
func WithSystemPrompt(s string) Option { return func(l *LLM) { l.system = s } }

// WithTemplate replaces the built-in prompt. t is executed with a [PromptData]; its output must
// still ask for the reply format that [ParseReply] reads, and offer the options of
// PromptData.Options (see [WithChoices]).
func WithTemplate(t *template.Template) Option { return func(l *LLM) { l.tmpl = t } }

// WithExamples shows the given judged stories before each story to judge: the paper's few-shot
// (in-context learning) baseline. dpo.JudgeExamples(records, k) makes them from kept records.
func WithExamples(ex ...Example) Option {
	return func(l *LLM) { l.examples = append([]Example(nil), ex...) }
}

// WithJSON asks for structured replies when on is true: every call carries llms.WithJSONMode()
// (the provider's JSON mode: response_format json_object for OpenAI-compatible servers, format
// "json" for Ollama), and the prompt ends with the schema
//
//	{"stance": "A|B|C|D", "explanation": "..."}
//
// ("A|B|C" with [WithChoices](3)).
// A reply that is one such JSON object, as models send it (see [ParseJSONReply]: extra keys ignored,
// after reasoning or a preamble, in a fence), is read as that object; any other reply falls
// back to [ParseReply], which reads such an object too: JSON mode never reads a reply worse than
// text mode, and a provider without JSON mode still works. The default is off.
func WithJSON(on bool) Option { return func(l *LLM) { l.json = on } }

// WithReasks lets the judge ask again, up to n more times, when a reply holds no readable
// stance. The default, 0, asks once, as the paper's measurement does; the last reply is returned
// (with Stance Invalid) when every ask fails. (A re-ask follows an unusable reply; a retry, see
// package llmx, follows a failed call.)
func WithReasks(n int) Option { return func(l *LLM) { l.retries = max(n, 0) } }

// Reasks returns how many more times the judge asks after a reply without a readable stance
// (see [WithReasks]): 0 unless it was built with WithReasks. evenhand.Pipeline reads it: its Run
// re-asks a judge that does not re-ask on its own.
func (l *LLM) Reasks() int { return l.retries }

// WithRetries is the earlier name of [WithReasks], kept because published code and issue
// texts use it; it does exactly what WithReasks does.
//
// Deprecated: use [WithReasks]. "Retry" now means a failed call made again (package llmx).
func WithRetries(n int) Option { return WithReasks(n) }

// WithSelfConsistency judges each story k times at the given temperature and returns the
// majority stance among the valid replies, with Agreement set to its share of all k samples.
// A tie goes to the tied stance that appeared first. The Explanation and Raw are those of the
// first sample with the chosen stance. k <= 1 turns it off (the default).
func WithSelfConsistency(k int, temperature float64) Option {
	return func(l *LLM) { l.samples, l.sampleT = k, temperature }
}

// New returns a Judge that asks m. Any llms.Model works. Without options it offers GenMO's four
// options and asks once at temperature 0 (greedy), for a repeatable evaluation.
// (evenhand.New builds its generation judge with WithChoices(3) and temperature 0.1.)
func New(m llms.Model, opts ...Option) *LLM {
	l := &LLM{model: m, opts: []llms.CallOption{llms.WithTemperature(0)}, choices: 4}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Prompt returns the prompt the judge sends for s. Runs of three or more double quotes in the
// story, name and examples are collapsed to one, so they cannot close the prompt's """ block.
func (l *LLM) Prompt(s story.Story) (string, error) {
	name := strings.TrimSpace(s.Character)
	if name == "" {
		name = "the main character"
	}
	examples := make([]Example, len(l.examples))
	for i, e := range l.examples {
		st := e.Stance
		if !l.offers(st) {
			st = Invalid // a stance the prompt does not offer is not shown
		}
		examples[i] = Example{Story: textutil.Unfence(e.Story), Stance: st, Explanation: textutil.Unfence(e.Explanation)}
	}
	options := offered(l.choices)
	d := PromptData{Story: textutil.Unfence(strings.TrimSpace(s.Text)), Name: textutil.Unfence(name), Examples: examples, Options: options}
	t := l.tmpl
	if t == nil {
		t = fourTemplate
		if l.choices == 3 {
			t = threeTemplate
		}
	}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("judge: prompt: %w", err)
	}
	if l.json {
		letters := make([]string, len(options))
		for i, o := range options {
			letters[i] = o.Letter()
		}
		if err := jsonTemplate.Execute(&b, struct{ Letters string }{strings.Join(letters, "|")}); err != nil {
			return "", fmt.Errorf("judge: prompt: %w", err)
		}
	}
	return b.String(), nil
}

// offers reports whether the judge's prompt offers st (see [WithChoices]).
func (l *LLM) offers(st Stance) bool { return st.Valid() && (st != CantSay || l.choices != 3) }

// Judge asks the model about s. Errors are failed calls; a reply without a stance is a
// Judgment with Stance Invalid.
func (l *LLM) Judge(ctx context.Context, s story.Story) (Judgment, error) {
	prompt, err := l.Prompt(s)
	if err != nil {
		return Judgment{}, err
	}
	base := l.opts
	if l.json {
		base = append(append([]llms.CallOption(nil), l.opts...), llms.WithJSONMode())
	}
	if l.samples <= 1 {
		return l.ask(ctx, prompt, base)
	}
	opts := append(append([]llms.CallOption(nil), base...), llms.WithTemperature(l.sampleT))
	js := make([]Judgment, 0, l.samples)
	for range l.samples {
		j, err := l.ask(ctx, prompt, opts)
		if err != nil {
			return Judgment{}, err
		}
		js = append(js, j)
	}
	return Majority(js), nil
}

func (l *LLM) ask(ctx context.Context, prompt string, opts []llms.CallOption) (Judgment, error) {
	var j Judgment
	for range l.retries + 1 {
		reply, err := llmcall.Ask(ctx, l.model, l.system, prompt, opts)
		if err != nil {
			return Judgment{}, fmt.Errorf("judge: %w", err)
		}
		if j = l.read(reply); j.Stance.Valid() {
			break
		}
	}
	return j, nil
}

// read parses a reply, in JSON mode or not (the rules are the same: ParseReply reads a JSON
// object too), and keeps the reasoning the provider returned apart from it. A stance the
// prompt did not offer is Invalid (see [WithChoices]).
func (l *LLM) read(reply llmcall.Reply) Judgment {
	j, ok := Judgment{}, false
	if l.json {
		j, ok, _ = ParseJSONReply(reply.Text) // err is always nil for a judge
	}
	if !ok {
		j = ParseReply(reply.Text)
	}
	if !l.offers(j.Stance) {
		j.Stance = Invalid
	}
	j.Reasoning = joinReasoning(reply.Reasoning, j.Reasoning)
	return j
}

// joinReasoning joins the reasoning a provider returned apart with the reasoning of the reply.
func joinReasoning(apart, inline string) string {
	apart, inline = strings.TrimSpace(apart), strings.TrimSpace(inline)
	switch {
	case apart == "":
		return inline
	case inline == "":
		return apart
	}
	return apart + "\n\n" + inline
}

// The JSON keys ParseJSONReply reads (as scan.Key writes them), in order of preference.
var (
	stanceKeys      = []string{"stance"}
	answerKeys      = []string{"finalanswer", "answer", "myanswer", "finalverdict", "verdict", "mystance", "moraljudgment", "moraljudgement", "judgment", "judgement", "decision", "choice", "option"}
	explanationKeys = []string{"explanation", "reason", "reasoning", "rationale", "justification"}
)

// ParseJSONReply reads a reply given in JSON mode: one JSON object {"stance": ...,
// "explanation": ...}, as models send it. The reply's reasoning is removed first, as
// [ParseReply] removes it (a reply cut off while reasoning is not an object). The object may
// stand alone, in a code fence, after a preamble of up to three lines that names no stance
// ("Here is the JSON:"), and be followed by asides ("Let me know if ..."); keys are read in any
// case, with or without underscores and spaces, and keys the schema does not name are ignored.
//
// The stance is the "stance" member, or without it an answer member ("answer", "final_answer",
// "verdict", "judgment", "decision", "choice", "option", ...), read with [ParseStance]: an
// option letter "A" to "D", a name, "B. Immoral", in any case. Members that name different
// stances (a key given twice, or an answer member that disagrees with the stance) make the
// Stance Invalid. The explanation is the "explanation" member, or without it a "reason",
// "reasoning", "rationale" or "justification" member, trimmed and read as every value is
// (without chatter, see [ParseReply]). Raw is the reply as given; Reasoning its reasoning.
//
// Like every reader of a JSON-mode reply (judge.ParseJSONReply, neutral.ParseJSONReply,
// story.ParsePairJSON), it returns (value, ok, err): ok reports whether the reply held an object
// of the stage's schema; when ok is false, the value is the zero value, err is nil, and the
// caller reads the reply as text. With ok true, err reports an object whose content is
// unusable, wrapping the package's ErrUnparsable, and the value is then the zero value. It
// never panics.
//
// For a judge, ok is false when the object has no stance or answer member, or a stance, answer
// or explanation member of the wrong type (a number, a list, null): [ParseReply] reads such a
// reply as Invalid. An unreadable judgment is never an error (see [Judge]): an object whose
// stance cannot be read gives ok true, a Judgment whose Stance is Invalid, and err nil. The
// judge's err is therefore always nil; it is there so that the three readers have one shape.
func ParseJSONReply(reply string) (j Judgment, ok bool, err error) {
	r := scan.Split(reply)
	if r.Cut {
		return Judgment{}, false, nil
	}
	j, ok, _ = readJSON(r.Answer)
	if !ok {
		return Judgment{}, false, nil
	}
	j.Raw, j.Reasoning = reply, r.Reasoning
	return j, true, nil
}

// readJSON reads an answer that is one JSON object (see [ParseJSONReply]). wrong reports an
// object with a stance or explanation member of the wrong type: unreadable, and not to be read
// as text either.
func readJSON(answer string) (j Judgment, ok, wrong bool) {
	fields, found := answerObject(answer)
	if !found {
		return Judgment{}, false, false
	}
	stances, present, typed := scan.Strings(fields, stanceKeys...)
	answers, answered, answersTyped := scan.Strings(fields, answerKeys...)
	if !present && !answered {
		return Judgment{}, false, false
	}
	expl, _, explTyped := scan.Strings(fields, explanationKeys...)
	if !typed || (!present && !answersTyped) || !explTyped {
		return Judgment{}, false, true
	}
	if present {
		j.Stance = agreed(stances)
		if j.Stance.Valid() && answersTyped && !allAgree(answers, j.Stance) {
			j.Stance = Invalid
		}
	} else {
		j.Stance = agreed(answers)
	}
	if len(expl) > 0 {
		j.Explanation = scan.Value(expl[0])
	}
	return j, true, false
}

// answerObject returns the members of the JSON object that answer consists of, when its
// preamble names no answer of its own (see [scan.Object] and [scan.Fields]).
func answerObject(answer string) (map[string][]json.RawMessage, bool) {
	obj, preamble, found := scan.Object(answer)
	if !found || namesAnswer(preamble) {
		return nil, false
	}
	return scan.Fields(obj)
}

// allAgree reports whether no value of vals names a stance other than st.
func allAgree(vals []string, st Stance) bool {
	for _, v := range vals {
		if other := ParseStance(v); other.Valid() && other != st {
			return false
		}
	}
	return true
}

// namesAnswer reports whether text (the preamble of a JSON object) names a stance or an option
// in any way the text rules would notice: a stance word, an option marker, a STANCE or answer
// label, or an answer stated in prose.
func namesAnswer(text string) bool {
	lines := scan.Lines(text)
	for _, ln := range lines {
		if _, ok := labelOf(ln, stanceLabels); ok {
			return true
		}
		if _, ok := labelOf(ln, answerLabels); ok || mentionsStance(ln) {
			return true
		}
	}
	_, _, found, conflict := statedAnswer(lines, make([]bool, len(lines)))
	return found || conflict
}

// agreed returns the stance that every one of vals names, or Invalid.
func agreed(vals []string) Stance {
	st := Invalid
	for i, v := range vals {
		s := ParseStance(v)
		if !s.Valid() || i > 0 && s != st {
			return Invalid
		}
		st = s
	}
	return st
}

// Majority returns the most frequent valid stance of js with Agreement set to its share of
// len(js); a tie goes to the tied stance that appeared first. Explanation and Raw come from the
// first judgment with that stance. With no valid stance it returns js[0] (Agreement 0), and the
// zero Judgment for an empty js.
func Majority(js []Judgment) Judgment {
	if len(js) == 0 {
		return Judgment{}
	}
	var count [CantSay + 1]int
	best := Invalid
	for _, j := range js {
		if j.Stance.Valid() {
			count[j.Stance]++
		}
	}
	for _, j := range js { // in order of appearance, so the first of tied stances wins
		if j.Stance.Valid() && (best == Invalid || count[j.Stance] > count[best]) {
			best = j.Stance
		}
	}
	if best == Invalid {
		out := js[0]
		out.Agreement = 0
		return out
	}
	for _, j := range js {
		if j.Stance == best {
			j.Agreement = float64(count[best]) / float64(len(js))
			return j
		}
	}
	return Judgment{}
}
