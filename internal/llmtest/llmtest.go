// Package llmtest provides scripted, concurrency-safe fake language models for tests, and a
// testify mock. Unlike langchaingo's llms/fake, every type here is safe for concurrent use.
package llmtest

import (
	"context"
	"strings"
	"sync"

	"github.com/stretchr/testify/mock"
	"github.com/tmc/langchaingo/llms"
)

// ReplyFunc computes the reply to one call: prompt is the text of all messages joined by "\n",
// call is the 0-based number of the call on its model.
type ReplyFunc func(ctx context.Context, prompt string, call int) (string, error)

// Model is a scripted llms.Model. Its zero value answers "" to every call.
// It is safe for concurrent use when its ReplyFunc is.
type Model struct {
	Reply ReplyFunc
	// Tokens, when not zero, is reported as the PromptTokens and CompletionTokens of every reply.
	Tokens int

	mu      sync.Mutex
	calls   int
	prompts []string
	options []llms.CallOptions
}

var _ llms.Model = (*Model)(nil)

// GenerateContent records the call and answers with m.Reply.
func (m *Model) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	prompt := Text(msgs)
	var o llms.CallOptions
	for _, opt := range opts {
		opt(&o)
	}
	m.mu.Lock()
	n := m.calls
	m.calls++
	m.prompts = append(m.prompts, prompt)
	m.options = append(m.options, o)
	m.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var reply string
	if m.Reply != nil {
		var err error
		if reply, err = m.Reply(ctx, prompt, n); err != nil {
			return nil, err
		}
	}
	ch := &llms.ContentChoice{Content: reply}
	if m.Tokens > 0 {
		ch.GenerationInfo = map[string]any{"PromptTokens": m.Tokens, "CompletionTokens": m.Tokens, "TotalTokens": 2 * m.Tokens}
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{ch}}, nil
}

// Call implements the deprecated part of llms.Model.
func (m *Model) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// Calls returns the number of calls made so far.
func (m *Model) Calls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// Prompts returns the prompts received so far, in arrival order.
func (m *Model) Prompts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.prompts...)
}

// Options returns the call options received so far, in arrival order.
func (m *Model) Options() []llms.CallOptions {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]llms.CallOptions(nil), m.options...)
}

// Cycle returns a ReplyFunc that answers with replies in turn, starting over after the last.
func Cycle(replies ...string) ReplyFunc {
	return func(_ context.Context, _ string, call int) (string, error) {
		if len(replies) == 0 {
			return "", nil
		}
		return replies[call%len(replies)], nil
	}
}

// Route returns a ReplyFunc that answers with the reply of the first route whose key occurs in the
// prompt, and with fallback when none does.
func Route(fallback ReplyFunc, routes ...Routed) ReplyFunc {
	return func(ctx context.Context, prompt string, call int) (string, error) {
		for _, r := range routes {
			if strings.Contains(prompt, r.Key) {
				return r.Reply(ctx, prompt, call)
			}
		}
		if fallback == nil {
			return "", nil
		}
		return fallback(ctx, prompt, call)
	}
}

// Routed pairs a prompt substring with the ReplyFunc that answers prompts holding it.
type Routed struct {
	Key   string
	Reply ReplyFunc
}

// Text joins the text parts of msgs with "\n".
func Text(msgs []llms.MessageContent) string {
	var b strings.Builder
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, p := range m.Parts {
			if t, ok := p.(llms.TextContent); ok {
				b.WriteString(t.Text)
			}
		}
	}
	return b.String()
}

// MockModel is a testify mock of llms.Model. Call m.Test(t) before use, so that an unexpected
// call fails the test instead of panicking in a worker goroutine.
type MockModel struct{ mock.Mock }

var _ llms.Model = (*MockModel)(nil)

// GenerateContent records the call; the variadic options arrive as one []llms.CallOption argument.
func (m *MockModel) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	args := m.Called(ctx, msgs, opts)
	resp, _ := args.Get(0).(*llms.ContentResponse)
	return resp, args.Error(1)
}

// Call implements the deprecated part of llms.Model.
func (m *MockModel) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// Response returns a ContentResponse with one choice holding text.
func Response(text string) *llms.ContentResponse {
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: text}}}
}

// EmptyResponse is a reply without usable text, named for a subtest.
type EmptyResponse struct {
	Name string
	Resp *llms.ContentResponse
}

// EmptyResponses returns the ways a provider can answer without text: a nil response, no
// choices, a nil choice, and empty content. Stages must treat each as an unreadable reply.
func EmptyResponses() []EmptyResponse {
	return []EmptyResponse{
		{"nil response", nil},
		{"no choices", &llms.ContentResponse{}},
		{"nil choice", &llms.ContentResponse{Choices: []*llms.ContentChoice{nil}}},
		{"empty content", Response("")},
	}
}
