package bench

import (
	"embed"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"text/template"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

// PromptData is what a prompt template is executed with.
type PromptData struct {
	Item    Item
	Subject string   // the Category with underscores as spaces ("high school geography")
	Options []Option // the choices in the order shown, lettered A, B, ...
	Letters string   // the letters shown, "A, B, C or D"
}

// Option is one choice as a prompt shows it.
type Option struct {
	Letter string // "A", "B", ...
	Text   string
}

// DefaultTemplate returns a new copy of the embedded prompt template of a benchmark ([MMLU],
// [TruthfulQA], [BBQ] or [WinoBias]), for reading or for changing and setting in
// [Runner.Templates].
func DefaultTemplate(benchmark string) (*template.Template, error) {
	text, err := promptFS.ReadFile("prompts/" + benchmark + ".tmpl")
	if err != nil {
		return nil, fmt.Errorf("%w: no prompt for benchmark %q", ErrBenchmark, benchmark)
	}
	return template.New(benchmark).Option("missingkey=error").Parse(string(text))
}

// defaultTemplates are parsed once per Runner call.
func defaultTemplates() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, b := range []string{MMLU, TruthfulQA, BBQ, WinoBias} {
		t, err := DefaultTemplate(b)
		if err != nil {
			panic("bench: embedded prompt " + b + ": " + err.Error()) // a build error, caught by the tests
		}
		out[b] = t
	}
	return out
}

// Order returns the order in which r shows the choices of it: Order[k] is the index in
// it.Choices of the k-th choice shown (letter A for k = 0). It is the identity when
// r.FileOrder is set and for WinoBias, whose prompt lists no choices; otherwise a shuffle
// that depends only on r.Seed and it.Key().
func (r *Runner) Order(it Item) []int {
	order := make([]int, len(it.Choices))
	for i := range order {
		order[i] = i
	}
	if r.FileOrder || it.Benchmark == WinoBias {
		return order
	}
	h := fnv.New64a()
	h.Write([]byte(it.Key()))
	rng := rand.New(rand.NewPCG(uint64(r.Seed), h.Sum64()))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

// Prompt returns the prompt r sends for it and the order of the choices it shows (see
// [Runner.Order]).
func (r *Runner) Prompt(it Item) (string, []int, error) {
	return r.prompt(it, nil)
}

func (r *Runner) prompt(it Item, defaults map[string]*template.Template) (string, []int, error) {
	t := r.Templates[it.Benchmark]
	if t == nil {
		if defaults == nil {
			defaults = defaultTemplates()
		}
		if t = defaults[it.Benchmark]; t == nil {
			return "", nil, fmt.Errorf("%w: %q", ErrBenchmark, it.Benchmark)
		}
	}
	order := r.Order(it)
	d := PromptData{Item: it, Subject: strings.ReplaceAll(it.Category, "_", " ")}
	letters := make([]string, len(order))
	for k, i := range order {
		letters[k] = Letter(k)
		d.Options = append(d.Options, Option{Letter: letters[k], Text: it.Choices[i]})
	}
	switch n := len(letters); {
	case n == 1:
		d.Letters = letters[0]
	case n > 1:
		d.Letters = strings.Join(letters[:n-1], ", ") + " or " + letters[n-1]
	}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", nil, fmt.Errorf("bench: prompt for %s: %w", it.Key(), err)
	}
	return b.String(), order, nil
}
