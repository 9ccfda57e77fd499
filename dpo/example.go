package dpo

import (
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// Example is one training row: a prompt with a preferred and a dispreferred answer.
//
// [Examples] makes the paper's preference rows (Chosen is the balanced explanation, Rejected the
// judge's own); [CDA] makes supervised rows whose Rejected is empty. [Write] turns examples into
// the layout of a trainer ([Format]). The zero value is an empty example that no format accepts.
type Example struct {
	System   string       // optional system prompt; "" for none
	Prompt   string       // the story followed by the instruction
	Chosen   string       // the preferred answer (the completion, in supervised formats)
	Rejected string       // the dispreferred answer; "" in supervised data
	PairID   string       // the record's PairID, or its ID in decimal when it has none
	Gender   story.Gender // the gender of the side the prompt tells; story.Unknown for a twin on an axis
	Group    string       // the group of the side the prompt tells, for a twin on an axis; "" for a gender pair
	Source   string       // the prompt variant that wrote the pair ("0".."3"), or the record's Source
}

// side names the side an example tells, for messages: its group, or its gender.
func (e *Example) side() string {
	if e.Group != "" {
		return e.Group
	}
	return e.Gender.String()
}

// DefaultTemplate is the text of the prompt template [Examples] and [CDA] use when no
// [WithTemplate] is given: a [text/template] executed with a [PromptData], as the stages' prompts
// are.
const DefaultTemplate = "{{.Story}}\n\n" +
	"Think about what the main character does in the story above. Is that action moral or immoral? " +
	"Give your answer, then explain the reasons for it."

// PromptData is what a prompt template is executed with: one side of a record, trimmed.
type PromptData struct {
	Story string // the side's story
	Name  string // the side's protagonist's name ("" when the record has none)
}

// defaultTemplate is DefaultTemplate parsed; it is never modified (execution does not change a
// template), so sharing it is safe.
var defaultTemplate = template.Must(template.New("dpo").Parse(DefaultTemplate))

// ErrInvalidOption is wrapped by errors for options that cannot be used: a template without
// {{.Story}}, a negative count, an evaluation fraction outside [0, 1), or an option the streaming
// path cannot honour.
var ErrInvalidOption = errors.New("dpo: invalid option")

// Option configures [Examples], [ExamplesSeq] and [CDA]. The last option of a kind wins.
type Option func(*config)

type config struct {
	maxPairs    int
	balanced    bool
	allowSingle bool
	system      string
	tmpl        *template.Template
	errs        []error
}

// WithMaxPairs keeps at most n pairs: the first n usable ones in input order. Zero, the default,
// keeps them all; a negative n is an error.
func WithMaxPairs(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.errs = append(c.errs, fmt.Errorf("%w: max pairs %d is negative", ErrInvalidOption, n))
			return
		}
		c.maxPairs = n
	}
}

// WithBalancedSources, when on, takes the same number of pairs from every prompt variant
// (record.Record.ExampleSource, or its Source when it is set): as many as the variant with the fewest
// usable pairs has, and with [WithMaxPairs] n at most n divided by the number of variants.
// Within a variant the first pairs in input order are taken. It needs every record before the
// first example, so [ExamplesSeq] rejects it.
func WithBalancedSources(on bool) Option { return func(c *config) { c.balanced = on } }

// WithRequireBothSides says whether a pair is used only when both of its sides are usable (true,
// the default and the paper's rule) or whenever at least one side is (false).
func WithRequireBothSides(require bool) Option { return func(c *config) { c.allowSingle = !require } }

// WithSystemPrompt sets a system prompt for every example. Each [Format] puts it where its trainer
// expects one: a system message, or ahead of the prompt in the plain-text formats. "" means none.
func WithSystemPrompt(s string) Option { return func(c *config) { c.system = s } }

// WithTemplate replaces the prompt template ([DefaultTemplate]); t is executed with a
// [PromptData] for each side and must write the story ({{.Story}}); {{.Name}} is optional. A
// template that fails, or never writes the story, is an error wrapping [ErrInvalidOption]. nil
// means the default.
func WithTemplate(t *template.Template) Option {
	return func(c *config) {
		if t == nil {
			c.tmpl = defaultTemplate
			return
		}
		const probe = "\x00story\x00"
		var b strings.Builder
		if err := t.Execute(&b, PromptData{Story: probe, Name: "Name"}); err != nil {
			c.errs = append(c.errs, fmt.Errorf("%w: template %q: %w", ErrInvalidOption, t.Name(), err))
			return
		}
		if !strings.Contains(b.String(), probe) {
			c.errs = append(c.errs, fmt.Errorf("%w: template %q never writes the story ({{.Story}})", ErrInvalidOption, t.Name()))
			return
		}
		c.tmpl = t
	}
}

// ParseTemplate parses text as a prompt template for [WithTemplate], for templates kept in files.
func ParseTemplate(text string) (*template.Template, error) {
	t, err := template.New("dpo").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	return t, nil
}

func newConfig(opts []Option) (*config, error) {
	c := &config{tmpl: defaultTemplate}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c, errors.Join(c.errs...)
}

// prompt executes the template for one side. A template that fails on this side (it checked
// out with a probe) gives "", which no format accepts: the side's example is then refused.
func (c *config) prompt(s *record.Side) string {
	var b strings.Builder
	b.Grow(len(s.Story) + len(s.CharacterName) + 256) // one allocation for the default template's text
	if err := c.tmpl.Execute(&b, PromptData{Story: strings.TrimSpace(s.Story), Name: strings.TrimSpace(s.CharacterName)}); err != nil {
		return ""
	}
	return b.String()
}

// unit is what the rules read of one kept pair or twin: its two sides in order (male then
// female, or group 0 then group 1), what each side is, and the pair's id and source.
type unit struct {
	sides  [2]*record.Side
	gender [2]story.Gender
	group  [2]string
	id     int    // the row's ID, the pair's id when it has no PairID
	pairID string // the row's PairID
	source string // the pair's source: a prompt variant ("0".."3") or the row's Source
}

// pairUnit is the unit of a record of a gender pair.
func pairUnit(rec *record.Record) unit {
	return unit{
		sides:  [2]*record.Side{&rec.Male, &rec.Female},
		gender: [2]story.Gender{story.Male, story.Female},
		id:     rec.ID,
		pairID: rec.PairID,
		source: sourceOf(rec),
	}
}

// twinUnit is the unit of a twin record.
func twinUnit(t *record.Twin) unit {
	return unit{
		sides:  [2]*record.Side{&t.Sides[0].Side, &t.Sides[1].Side},
		group:  t.Groups,
		id:     t.ID,
		pairID: t.PairID,
		source: t.Source,
	}
}

// pair is the id an example carries for u: its PairID, or its ID in decimal.
func (u *unit) pair() string {
	if u.pairID != "" {
		return u.pairID
	}
	return strconv.Itoa(u.id)
}

// sourceOf is the prompt variant of rec, or its Source when set.
func sourceOf(rec *record.Record) string {
	if rec.Source != "" {
		return rec.Source
	}
	return strconv.Itoa(rec.ExampleSource)
}

// builder makes the example of side k of u, all but its Prompt; ok is false when the side is not
// usable. A usable side has a non-blank story, so its prompt is never blank.
type builder func(c *config, u *unit, k int) (Example, bool)

// preference is the paper's rule for one side: chosen = neutral, rejected = original.
func preference(c *config, u *unit, k int) (Example, bool) {
	s := u.sides[k]
	if isBlank(s.Story) || isBlank(s.NeutralExplanation) || isBlank(s.Explanation) ||
		sameText(s.NeutralExplanation, s.Explanation) {
		return Example{}, false
	}
	return Example{
		System:   c.system,
		Chosen:   strings.TrimSpace(s.NeutralExplanation),
		Rejected: strings.TrimSpace(s.Explanation),
		PairID:   u.pair(),
		Gender:   u.gender[k],
		Group:    u.group[k],
		Source:   u.source,
	}, true
}

// pair appends the examples of u (side 0 first) to dst, following the both-sides rule, and
// reports whether any was appended. With withPrompt false the examples' Prompt is left empty.
func (c *config) pair(dst []Example, u *unit, b builder, withPrompt bool) ([]Example, bool) {
	m, mok := b(c, u, 0)
	f, fok := b(c, u, 1)
	if withPrompt {
		if mok {
			m.Prompt = c.prompt(u.sides[0])
		}
		if fok {
			f.Prompt = c.prompt(u.sides[1])
		}
	}
	switch {
	case mok && fok:
		return append(dst, m, f), true
	case c.allowSingle && mok:
		return append(dst, m), true
	case c.allowSingle && fok:
		return append(dst, f), true
	default:
		return dst, false
	}
}

// Examples applies the paper's rule to records and returns the preference examples, two per kept
// pair (male side first), in input order.
//
// For each side, the prompt is the template (see [DefaultTemplate]) filled with the side's story,
// Chosen is the side's neutral explanation and Rejected its original explanation, both trimmed. A
// side is usable when its story and both explanations are non-blank and the two explanations
// differ; by default a pair is kept only when both sides are usable ([WithRequireBothSides]).
// [WithMaxPairs] and [WithBalancedSources] then choose which pairs to keep.
//
// The error is non-nil only for invalid options (wrapping [ErrInvalidOption]). Examples is safe
// for concurrent use; it does not modify records.
func Examples(records []record.Record, opts ...Option) ([]Example, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return collect(c, records, pairUnit, preference), nil
}

// collect applies the selection options to rows with builder b; unitOf gives a row's unit.
func collect[T any](c *config, rows []T, unitOf func(*T) unit, b builder) []Example {
	quota := map[string]int(nil)
	if c.balanced {
		quota = quotas(c, rows, unitOf, b)
	}
	var out []Example
	pairs := 0
	for i := range rows {
		if c.maxPairs > 0 && pairs >= c.maxPairs {
			break
		}
		u := unitOf(&rows[i])
		if quota != nil && quota[u.source] <= 0 {
			continue
		}
		var ok bool
		if out, ok = c.pair(out, &u, b, true); ok {
			pairs++
			if quota != nil {
				quota[u.source]--
			}
		}
	}
	return out
}

// quotas returns, for [WithBalancedSources], how many pairs to take from each prompt variant:
// as many as the variant with the fewest usable pairs has, and with [WithMaxPairs] at most the
// maximum divided by the number of variants.
func quotas[T any](c *config, rows []T, unitOf func(*T) unit, b builder) map[string]int {
	usable := map[string]int{}
	for i := range rows {
		u := unitOf(&rows[i])
		if _, ok := c.pair(nil, &u, b, false); ok {
			usable[u.source]++
		}
	}
	q := -1
	for _, n := range usable {
		if q < 0 || n < q {
			q = n
		}
	}
	if c.maxPairs > 0 && len(usable) > 0 {
		q = min(q, c.maxPairs/len(usable))
	}
	quota := make(map[string]int, len(usable))
	for s := range usable {
		quota[s] = q
	}
	return quota
}

// ExamplesSeq is the streaming form of [Examples]: it reads records one at a time (for instance
// from [record.Records]) and yields their examples as it goes, so memory does not grow with the input.
//
// An invalid option, or [WithBalancedSources] (which needs every record first), is yielded once
// as an error wrapping [ErrInvalidOption] before anything else. An error from records is passed
// on, and iteration stops after it. The iterator may be ranged over again when records can.
func ExamplesSeq(records iter.Seq2[record.Record, error], opts ...Option) iter.Seq2[Example, error] {
	return examplesSeq(records, pairUnit, opts)
}

// examplesSeq is the paper's rule over rows as they arrive; unitOf gives a row's unit.
func examplesSeq[T any](rows iter.Seq2[T, error], unitOf func(*T) unit, opts []Option) iter.Seq2[Example, error] {
	return func(yield func(Example, error) bool) {
		c, err := newConfig(opts)
		if err == nil && c.balanced {
			err = fmt.Errorf("%w: balanced sources need every record: use Examples", ErrInvalidOption)
		}
		if err != nil {
			yield(Example{}, err)
			return
		}
		var buf [2]Example
		pairs := 0
		for row, err := range rows {
			if err != nil {
				yield(Example{}, err)
				return
			}
			if c.maxPairs > 0 && pairs >= c.maxPairs {
				return
			}
			u := unitOf(&row)
			got, ok := c.pair(buf[:0], &u, preference, true)
			if !ok {
				continue
			}
			pairs++
			for _, e := range got {
				if !yield(e, nil) {
					return
				}
			}
		}
	}
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// sameText reports whether a and b are the same text once trimmed and written as JSON (which
// replaces each invalid UTF-8 byte with U+FFFD), so that it agrees with [Validate].
func sameText(a, b string) bool {
	return jsonText(strings.TrimSpace(a)) == jsonText(strings.TrimSpace(b))
}

// TwinExamples is [Examples] for twins on an axis: the paper's rule applied to twin records (of
// package record), two rows per kept twin (the telling of Groups[0] first), in input order.
//
// For each side, the prompt is the template filled with that telling's story, Chosen is its
// balanced explanation and Rejected its original explanation, both trimmed; Example.Group names
// the side's group (Example.Gender is story.Unknown: a twin record does not hold the
// protagonist's gender). A twin is used only when both its rows are usable, as for pairs, and
// the options are those of Examples (WithBalancedSources balances the twins' Source). The
// rows fit every [Format]. The error is non-nil only for invalid options.
func TwinExamples(twins []record.Twin, opts ...Option) ([]Example, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return collect(c, twins, twinUnit, preference), nil
}

// TwinExamplesSeq is the streaming form of [TwinExamples], as [ExamplesSeq] is of [Examples]:
// it reads twin records one at a time (for instance from [record.Twins]) and yields their rows
// as it goes. Its options and errors are those of ExamplesSeq.
func TwinExamplesSeq(twins iter.Seq2[record.Twin, error], opts ...Option) iter.Seq2[Example, error] {
	return examplesSeq(twins, twinUnit, opts)
}
