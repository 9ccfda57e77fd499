// Package llmcall makes one text-in, text-out call to a langchaingo model, the way every stage
// needs it: a missing choice is not a panic, and a cancelled context is
// reported as such even when the provider replaces it with an error of its own.
package llmcall

import (
	"context"
	"errors"
	"fmt"

	"github.com/tmc/langchaingo/llms"
)

// ErrNoModel is returned for a call on a nil model (a stage built with New(nil)).
var ErrNoModel = errors.New("no model: the stage was built with a nil llms.Model")

// Reply is the first choice of a model's reply.
type Reply struct {
	// Text is the reply's content: the answer, and the reasoning when the model writes it
	// inline (<think>...</think>); parsers split it with scan.Split.
	Text string
	// Reasoning is the reasoning a provider returned apart from the content (langchaingo's
	// ContentChoice.ReasoningContent: OpenAI-compatible servers' "reasoning_content", as
	// DeepSeek and vLLM's reasoning parsers send it). It is never an answer.
	Reasoning string
}

// Generate sends system (when not empty) and prompt to m and returns the text of the first choice.
// An empty reply is returned as "" with a nil error: the caller's parser decides what it means.
// Reasoning a provider returns apart from the content is dropped: use [Ask] to keep it.
func Generate(ctx context.Context, m llms.Model, system, prompt string, opts []llms.CallOption) (string, error) {
	r, err := Ask(ctx, m, system, prompt, opts)
	return r.Text, err
}

// Ask is [Generate] that keeps the reasoning a provider returned apart from the content.
func Ask(ctx context.Context, m llms.Model, system, prompt string, opts []llms.CallOption) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	if m == nil {
		return Reply{}, ErrNoModel
	}
	msgs := make([]llms.MessageContent, 0, 2)
	if system != "" {
		msgs = append(msgs, llms.TextParts(llms.ChatMessageTypeSystem, system))
	}
	msgs = append(msgs, llms.TextParts(llms.ChatMessageTypeHuman, prompt))
	resp, err := m.GenerateContent(ctx, msgs, opts...)
	if cerr := ctx.Err(); cerr != nil {
		// Providers may turn a cancelled request into a plain error: report the context's.
		return Reply{}, fmt.Errorf("model call: %w", cerr)
	}
	if err != nil {
		return Reply{}, fmt.Errorf("model call: %w", err)
	}
	if resp == nil || len(resp.Choices) == 0 || resp.Choices[0] == nil {
		return Reply{}, nil
	}
	c := resp.Choices[0]
	return Reply{Text: c.Content, Reasoning: c.ReasoningContent}, nil
}
