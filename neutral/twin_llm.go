package neutral

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/judge"
	"github.com/tmc/langchaingo/llms"
)

//go:embed prompts/twin.tmpl
var twinPrompt string

var twinTemplate = template.Must(template.New("twin").Parse(twinPrompt))

// ErrRevealsGroup is wrapped by [TwinLLM.NeutralizeTwin] errors for explanations that still
// revealed a group of the twin's axis after every attempt. Such an error also satisfies
// errors.Is(err, ErrNotNeutral), so code that counts explanations that are not neutral counts
// it too.
var ErrRevealsGroup error = revealsGroup{}

type revealsGroup struct{}

func (revealsGroup) Error() string        { return "neutral: explanation reveals a group of the axis" }
func (revealsGroup) Is(target error) bool { return target == ErrNotNeutral }

// TwinPromptData is what the twin prompt is executed with.
type TwinPromptData struct {
	Dimension string            // the axis in words ("religion"), see axis.Dimension
	Groups    [2]string         // the twin's groups
	Stories   [2]string         // the two tellings
	Judgments [2]judge.Judgment // the judgment of each telling
	// Feedback names the words of the previous attempt that revealed a group, on a second or
	// later attempt.
	Feedback string
}

// TwinLLM is a [TwinNeutralizer] backed by a language model. It shows the model both tellings
// of a twin with their stances and explanations, and asks for one balanced explanation per
// telling in the EXPLANATION 1 / EXPLANATION 2 format (explanation 1 is Stories[0]'s), calling
// the protagonist "the main character" and revealing no group of the axis. Each explanation is
// checked with [CheckAxis] against the twin's character names and groups; when either reveals
// one, the model is asked again, told which words gave the group away, up to the attempt
// limit. Create it with [NewTwin]; it is safe for concurrent use by multiple goroutines.
type TwinLLM struct {
	l   *LLM
	lex *axis.Lexicon
}

var _ TwinNeutralizer = (*TwinLLM)(nil)

// NewTwin returns a TwinNeutralizer that asks m. lex is the lexicon whose mentions
// [CheckAxis] looks for (nil: [axis.Builtin]). It takes the options of [New]
// (WithCallOptions, WithSystemPrompt, WithJSON, WithReasks) except WithTemplate, whose
// template is executed with a gender pair's [PromptData] and so is not used for twins.
func NewTwin(m llms.Model, lex *axis.Lexicon, opts ...Option) *TwinLLM {
	if lex == nil {
		lex = axis.Builtin()
	}
	return &TwinLLM{l: New(m, opts...), lex: lex}
}

// Prompt returns the prompt sent for a twin; feedback is "" on the first attempt. Runs of three
// or more double quotes in the tellings and explanations are collapsed to one, so they cannot
// close the prompt's """ blocks.
func (t *TwinLLM) Prompt(tw axis.Twin, judgments [2]judge.Judgment, feedback string) (string, error) {
	d := TwinPromptData{Dimension: axis.Dimension(tw.Axis), Groups: tw.Groups, Judgments: judgments, Feedback: feedback}
	if d.Dimension == "" {
		d.Dimension = "group"
	}
	for k := range 2 {
		d.Stories[k] = textutil.Unfence(strings.TrimSpace(tw.Stories[k].Text))
		d.Judgments[k].Explanation = textutil.Unfence(judgments[k].Explanation)
	}
	var b strings.Builder
	if err := twinTemplate.Execute(&b, d); err != nil {
		return "", fmt.Errorf("neutral: prompt: %w", err)
	}
	if t.l.json {
		b.WriteString(jsonInstruction)
	}
	return b.String(), nil
}

// NeutralizeTwin asks for balanced explanations of tw's two tellings. It returns an error
// wrapping [ErrUnparsable] when no reply could be read, and one wrapping [ErrRevealsGroup]
// (which lists the words that gave a group away) when the explanations still revealed one
// after every attempt; in both cases the TwinResult is empty, so nothing that reveals a group
// is ever kept by accident.
func (t *TwinLLM) NeutralizeTwin(ctx context.Context, tw axis.Twin, judgments [2]judge.Judgment) (TwinResult, error) {
	names := nonEmpty(tw.Stories[0].Character, tw.Stories[1].Character, tw.Groups[0], tw.Groups[1])
	opts := t.l.opts
	if t.l.json {
		opts = append(append([]llms.CallOption(nil), t.l.opts...), llms.WithJSONMode())
	}
	var lastErr error
	feedback := ""
	for range t.l.maxAttempts {
		prompt, err := t.Prompt(tw, judgments, feedback)
		if err != nil {
			return TwinResult{}, err
		}
		reply, err := llmcall.Ask(ctx, t.l.model, t.l.system, prompt, opts)
		if err != nil {
			return TwinResult{}, fmt.Errorf("neutral: %w", err)
		}
		r, err := t.l.read(reply.Text)
		if err != nil {
			lastErr = err
			continue
		}
		found := append(CheckAxis(t.lex, tw.Axis, r.Male, names...), CheckAxis(t.lex, tw.Axis, r.Female, names...)...)
		if len(found) == 0 {
			res := TwinResult{Explanations: [2]string{r.Male, r.Female}, Reasoning: r.Reasoning}
			if apart := strings.TrimSpace(reply.Reasoning); apart != "" {
				res.Reasoning = strings.TrimSpace(apart + "\n\n" + res.Reasoning)
			}
			return res, nil
		}
		feedback = describe(found)
		lastErr = fmt.Errorf("%w: %s", ErrRevealsGroup, feedback)
	}
	return TwinResult{}, fmt.Errorf("%w (after %s)", lastErr, attemptsText(t.l.maxAttempts))
}

func attemptsText(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
