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

// Generate sends system (when not empty) and prompt to m and returns the text of the first choice.
// An empty reply is returned as "" with a nil error: the caller's parser decides what it means.
func Generate(ctx context.Context, m llms.Model, system, prompt string, opts []llms.CallOption) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if m == nil {
		return "", ErrNoModel
	}
	msgs := make([]llms.MessageContent, 0, 2)
	if system != "" {
		msgs = append(msgs, llms.TextParts(llms.ChatMessageTypeSystem, system))
	}
	msgs = append(msgs, llms.TextParts(llms.ChatMessageTypeHuman, prompt))
	resp, err := m.GenerateContent(ctx, msgs, opts...)
	if cerr := ctx.Err(); cerr != nil {
		// Providers may turn a cancelled request into a plain error: report the context's.
		return "", fmt.Errorf("model call: %w", cerr)
	}
	if err != nil {
		return "", fmt.Errorf("model call: %w", err)
	}
	if resp == nil || len(resp.Choices) == 0 || resp.Choices[0] == nil {
		return "", nil
	}
	return resp.Choices[0].Content, nil
}
