package axis

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/rewrite.tmpl
var rewritePrompt string

var rewriteTemplate = template.Must(template.New("rewrite").Parse(rewritePrompt))

//go:embed prompts/rewrite_json.txt
var rewriteJSONInstruction string

// DefaultReasks is how many more times [LLM.Rewrite] asks, after a rewrite that cannot be read
// or that [Lexicon.Check] finds problems in, when [WithReasks] is not given.
const DefaultReasks = 2

// ErrRewriteFailed is wrapped by [LLM.Rewrite] errors when no rewrite passed [Lexicon.Check]
// before the re-asks ran out; the error names the problems of the last one.
var ErrRewriteFailed = errors.New("axis: no rewrite passed the check")

// Rewriter writes a text's twin for another group where the rules of [Lexicon.Swap] cannot
// ([ErrNeedsRewrite]): Rewrite returns text with the protagonist's group from changed to to,
// and nothing else. Implementations must be safe for concurrent use.
type Rewriter interface {
	Rewrite(ctx context.Context, text, from, to string) (string, error)
}

// RewriteFunc adapts an ordinary function to the [Rewriter] interface.
type RewriteFunc func(ctx context.Context, text, from, to string) (string, error)

// Rewrite calls f(ctx, text, from, to).
func (f RewriteFunc) Rewrite(ctx context.Context, text, from, to string) (string, error) {
	return f(ctx, text, from, to)
}

var _ Rewriter = (*LLM)(nil)

// WithReasks sets how many more times [LLM.Rewrite] asks after a rewrite that cannot be read or
// that Check finds problems in (default [DefaultReasks]); 0 asks once. It does not apply to
// Generate, which asks once and returns the twin as written.
func WithReasks(n int) Option { return func(l *LLM) { l.reasks = max(n, 0) } }

// RewritePromptData is what the rewrite prompt is executed with.
type RewritePromptData struct {
	Text, From, To string
	// Problems names what Check found wrong with the previous rewrite, on a re-ask.
	Problems string
}

// RewritePrompt returns the prompt that asks for text rewritten from group from to group to;
// problems is "" on the first ask.
func (l *LLM) RewritePrompt(text, from, to, problems string) (string, error) {
	var b strings.Builder
	d := RewritePromptData{Text: textutil.Unfence(strings.TrimSpace(text)), From: from, To: to, Problems: problems}
	if err := rewriteTemplate.Execute(&b, d); err != nil {
		return "", fmt.Errorf("axis: prompt: %w", err)
	}
	if l.json {
		b.WriteString(rewriteJSONInstruction)
	}
	return b.String(), nil
}

// Rewrite asks the model to rewrite text, whose protagonist belongs to group from of the
// generator's axis, for group to, and checks each rewrite with [Lexicon.Check]: a rewrite with
// problems is asked for again, the problems named in the prompt, until one passes or the re-asks
// run out ([WithReasks]); then the error wraps [ErrRewriteFailed] (or [ErrUnparsable] when no
// reply could be read) and names the last problems. A rewrite is read as [ParseRewrite] reads
// it. Errors of the model are returned as they come, wrapped.
func (l *LLM) Rewrite(ctx context.Context, text, from, to string) (string, error) {
	opts := l.opts
	if l.json {
		opts = append(append([]llms.CallOption(nil), l.opts...), llms.WithJSONMode())
	}
	problems, lastErr := "", error(nil)
	for range l.reasks + 1 {
		prompt, err := l.RewritePrompt(text, from, to, problems)
		if err != nil {
			return "", err
		}
		reply, err := llmcall.Ask(ctx, l.model, l.system, prompt, opts)
		if err != nil {
			return "", fmt.Errorf("axis: %w", err)
		}
		out, err := ParseRewrite(reply.Text)
		if err != nil {
			lastErr = err
			continue
		}
		ps := l.lex.Check(l.axis, [2]string{text, out}, [2]string{from, to})
		if len(ps) == 0 {
			return out, nil
		}
		problems = describeProblems(ps)
		lastErr = fmt.Errorf("%w: %s", ErrRewriteFailed, problems)
	}
	return "", fmt.Errorf("%w (after %d asks)", lastErr, l.reasks+1)
}

// describeProblems names problems for a model: what is wrong, in words.
func describeProblems(ps []Problem) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, "; ")
}

// ParseRewrite reads a rewrite reply: the text after a STORY label (read as every parser of
// model output reads labels, see [ParseTwin]), or the "story" member of one JSON object, or,
// for a reply with neither, its answer as a whole; the reasoning is removed first and chatter
// around the story cut. Whatever it returns is for [Lexicon.Check] to verify. A reply cut off
// while reasoning, or without a story, is an error wrapping [ErrUnparsable]. It never panics.
func ParseRewrite(reply string) (string, error) {
	r := scan.Answer(reply, "story")
	if r.Cut {
		return "", unparsable(reply, "cut off while reasoning")
	}
	var s string
	if obj, _, ok := scan.Object(r.Answer); ok {
		if fields, ok := scan.Fields(obj); ok {
			if vals, present, typed := scan.Strings(fields, "story"); present && typed {
				s = vals[0]
			}
		}
	}
	if s == "" {
		if parts, found := scan.Sections(r.Answer, "story"); found == 1 {
			s = parts[0]
		} else {
			s = r.Answer
		}
	}
	if s = scan.Passage(scan.Value(s)); s == "" {
		return "", unparsable(reply, "no story")
	}
	return s, nil
}
