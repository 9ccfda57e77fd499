package dpo

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/jsonl"
)

// Warning is a training row that still holds text a model wrote around its answer: chatter
// that the stage parsers drop (see [Lint]). It is a warning, not an error: the row is valid,
// but a trainer would learn the chatter.
type Warning struct {
	Line  int    // 1-based line of the training file; 0 for [LintExamples]
	Index int    // 0-based index of the example, for [LintExamples]
	Field string // where the text is: "chosen", "rejected", "prompt", "completion", or a message path
	What  string // what was found: "reasoning", "chatter", "code fence", "horizontal rule", "table row" or "name gloss"
	Text  string // the text found, shortened to at most 80 bytes
}

func (w Warning) String() string {
	at := fmt.Sprintf("example %d", w.Index)
	if w.Line > 0 {
		at = fmt.Sprintf("line %d", w.Line)
	}
	return fmt.Sprintf("%s: %s holds %s: %q", at, w.Field, w.What, w.Text)
}

// glossPattern is a name followed by a gender gloss: "Tom (male)", "Ann [she/her]".
var glossPattern = regexp.MustCompile(`\p{Lu}\p{Ll}+\s*[(\[]\s*(?i:male|female|man|woman|boy|girl|m|f|he/him|she/her|he|she)\s*[)\]]`)

// lintText returns the warnings for one text. Answers (chosen, rejected, completions, assistant
// messages) are read as the stage parsers read values ([scan.Chatter]); prompts hold the
// library's own instruction after the story, so only reasoning, fences, rules, table rows and
// glosses count there.
func lintText(text string, answer bool) (what, found string) {
	if r := scan.Split(text); r.Cut || r.Reasoning != "" || r.Answer != text {
		return "reasoning", r.Reasoning
	}
	for _, ln := range scan.Lines(text) {
		switch {
		case scan.IsFence(ln):
			return "code fence", ln
		case scan.IsRule(ln):
			return "horizontal rule", ln
		case scan.IsTableRow(ln):
			return "table row", ln
		}
	}
	if m := glossPattern.FindString(text); m != "" {
		return "name gloss", m
	}
	if answer {
		if c := scan.Chatter(text); c != "" {
			return "chatter", c
		}
	}
	return "", ""
}

func shorten80(s string) string {
	if len(s) <= 80 {
		return s
	}
	cut := 80
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// LintExamples reports the examples whose Prompt, Chosen or Rejected still hold a model's
// reasoning (a <think>...</think> block or its kin, or a closing tag of one), chatter, code
// fences, horizontal rules, markdown table rows or name glosses ("Tom (male)"), by the rules the
// stage parsers apply to every reply and value they read (so that none of it reaches a record).
// Chatter includes a wholly emphasised or bracketed note, even one that is the whole answer
// ("*Note: this is a nuanced situation, and reasonable people may disagree.*"). Examples made
// from records written by this library's stages have none; a warning means the records came
// from elsewhere or from a custom stage.
func LintExamples(examples []Example) []Warning {
	var out []Warning
	for i, e := range examples {
		for _, f := range []struct {
			name, text string
			answer     bool
		}{{"prompt", e.Prompt, false}, {"chosen", e.Chosen, true}, {"rejected", e.Rejected, true}} {
			if what, found := lintText(f.text, f.answer); what != "" {
				out = append(out, Warning{Index: i, Field: f.name, What: what, Text: shorten80(found)})
			}
		}
	}
	return out
}

// Lint reads a training file of any [Format] and reports the rows whose texts still hold
// reasoning, chatter, code fences, horizontal rules, table rows or name glosses, as
// [LintExamples] does. The texts are
// found by field name: "prompt", "chosen", "rejected" and "completion" strings, and the
// "content" of messages (those with role "assistant" are answers). Lines that are not JSON
// objects are skipped: [Validate] reports them. The error is a read error, or nil.
func Lint(r io.Reader, opts ...jsonl.ReadOption) ([]Warning, error) {
	var out []Warning
	for l, err := range ijsonl.Lines(r, opts...) {
		if err != nil {
			return out, err
		}
		var row map[string]any
		if l.Blank() || json.Unmarshal(l.Text, &row) != nil {
			continue
		}
		walk(row, "", false, func(path, text string, answer bool) {
			if what, found := lintText(text, answer); what != "" {
				out = append(out, Warning{Line: l.N, Field: path, What: what, Text: shorten80(found)})
			}
		})
	}
	return out, nil
}

// walk calls visit for every text of a training row (see [Lint]), in a stable order.
func walk(v any, path string, answer bool, visit func(path, text string, answer bool)) {
	switch x := v.(type) {
	case map[string]any:
		walkObject(x, path, answer, visit)
	case []any:
		for i, e := range x {
			walk(e, fmt.Sprintf("%s[%d]", path, i), answer, visit)
		}
	}
}

// walkObject is [walk] over the fields of an object, in key order: a message's "content" is an
// answer when its role is "assistant" (or the object lies under an answer), the "chosen",
// "rejected" and "completion" strings are answers and "prompt" is not, and anything under a
// field whose name holds "output", or under "chosen" or "rejected", is an answer.
func walkObject(x map[string]any, path string, answer bool, visit func(path, text string, answer bool)) {
	role, _ := x["role"].(string)
	for _, k := range slices.Sorted(maps.Keys(x)) {
		p := k
		if path != "" {
			p = path + "." + k
		}
		s, isText := x[k].(string)
		switch {
		case !isText:
			walk(x[k], p, answer || strings.Contains(k, "output") || k == "chosen" || k == "rejected", visit)
		case k == "content":
			visit(p, s, role == "assistant" || answer)
		case k == "prompt" || k == "chosen" || k == "rejected" || k == "completion":
			visit(p, s, k != "prompt")
		}
	}
}
