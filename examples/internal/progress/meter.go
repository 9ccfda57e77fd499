package progress

import (
	"context"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/usage"
	"github.com/tmc/langchaingo/llms"
)

// Meter is an llms.Model that passes every call to the model it wraps and counts the calls
// and the tokens the provider reports, plus the retries that middleware inside it (such as
// evenhand.Retry) records. Pipeline.Run counts usage itself and must not be given a Meter (the
// retries would move from its Stats to the Meter); Meter is for Pipeline.Audit, which reports
// no usage. It is safe for concurrent use.
type Meter struct {
	llms.Model
	c usage.Counter
}

var _ llms.Model = (*Meter)(nil)

// NewMeter returns a Meter around m.
func NewMeter(m llms.Model) *Meter { return &Meter{Model: m} }

// GenerateContent calls the wrapped model and counts the call.
func (m *Meter) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	ctx = usage.WithCounter(ctx, &m.c) // middleware inside records its retries here
	resp, err := m.Model.GenerateContent(ctx, msgs, opts...)
	usage.Record(ctx, resp)
	return resp, err
}

// Call implements the deprecated part of llms.Model through GenerateContent, so it is counted.
func (m *Meter) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// Usage returns the calls and tokens counted so far.
func (m *Meter) Usage() evenhand.Usage {
	t := m.c.Sum()
	return evenhand.Usage{Calls: t.Calls, Retries: t.Retries, PromptTokens: t.PromptTokens, CompletionTokens: t.CompletionTokens, TotalTokens: t.TotalTokens}
}
