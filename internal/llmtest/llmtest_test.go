package llmtest_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func ask(t *testing.T, m llms.Model, prompt string) string {
	t.Helper()
	resp, err := m.GenerateContent(t.Context(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)})
	require.NoError(t, err)
	require.NotNil(t, resp)
	require.Len(t, resp.Choices, 1)
	return resp.Choices[0].Content
}

func TestZeroModel(t *testing.T) {
	t.Parallel()
	var m llmtest.Model
	assert.Equal(t, "", ask(t, &m, "hello"))
	assert.Equal(t, 1, m.Calls())
	assert.Equal(t, []string{"hello"}, m.Prompts())
	require.Len(t, m.Options(), 1)
	assert.Equal(t, llms.CallOptions{}, m.Options()[0])
}

func TestCycle(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("a", "b", "c")}
	var got []string
	for range 7 {
		got = append(got, ask(t, m, "p"))
	}
	assert.Equal(t, []string{"a", "b", "c", "a", "b", "c", "a"}, got)
	assert.Equal(t, 7, m.Calls())
}

func TestCycleEmpty(t *testing.T) {
	t.Parallel()
	reply, err := llmtest.Cycle()(t.Context(), "p", 3)
	require.NoError(t, err)
	assert.Equal(t, "", reply)
}

func TestRoute(t *testing.T) {
	t.Parallel()
	r := llmtest.Route(llmtest.Cycle("fallback"),
		llmtest.Routed{Key: "judge", Reply: llmtest.Cycle("STANCE: A")},
		llmtest.Routed{Key: "story", Reply: llmtest.Cycle("MALE NAME: Tom")},
		llmtest.Routed{Key: "judge the story", Reply: llmtest.Cycle("never: an earlier route matches")},
	)
	tests := []struct {
		prompt, want string
	}{
		{"please judge this", "STANCE: A"},
		{"write a story", "MALE NAME: Tom"},
		{"judge the story", "STANCE: A"},
		{"something else", "fallback"},
		{"", "fallback"},
	}
	for _, tt := range tests {
		got, err := r(t.Context(), tt.prompt, 0)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "prompt %q", tt.prompt)
	}

	none := llmtest.Route(nil, llmtest.Routed{Key: "x", Reply: llmtest.Cycle("y")})
	got, err := none(t.Context(), "nothing", 0)
	require.NoError(t, err)
	assert.Equal(t, "", got, "nil fallback answers empty")
}

func TestRouteSeesCallNumber(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Route(nil, llmtest.Routed{Key: "k", Reply: llmtest.Cycle("0", "1", "2")})}
	// The call number is the model's, not the route's: calls 0 and 2 reach the route.
	assert.Equal(t, "0", ask(t, m, "k"))
	assert.Equal(t, "", ask(t, m, "other"))
	assert.Equal(t, "2", ask(t, m, "k"))
}

func TestReplyError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { return "", boom }}
	resp, err := m.GenerateContent(t.Context(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "p")})
	assert.ErrorIs(t, err, boom)
	assert.Nil(t, resp)
	assert.Equal(t, 1, m.Calls(), "a failed call is still recorded")
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	called := false
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) { called = true; return "x", nil }}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	resp, err := m.GenerateContent(ctx, []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "p")})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, resp)
	assert.False(t, called, "Reply is not asked after cancellation")
	assert.Equal(t, 1, m.Calls())
}

func TestTokens(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("x"), Tokens: 4}
	resp, err := m.GenerateContent(t.Context(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "p")})
	require.NoError(t, err)
	require.Len(t, resp.Choices, 1)
	assert.Equal(t, map[string]any{"PromptTokens": 4, "CompletionTokens": 4, "TotalTokens": 8}, resp.Choices[0].GenerationInfo)

	none := &llmtest.Model{}
	resp, err = none.GenerateContent(t.Context(), nil)
	require.NoError(t, err)
	assert.Nil(t, resp.Choices[0].GenerationInfo)
}

func TestOptionsAndPrompts(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{}
	msgs := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "sys"),
		llms.TextParts(llms.ChatMessageTypeHuman, "one", "two"),
	}
	_, err := m.GenerateContent(t.Context(), msgs, llms.WithTemperature(0.5), llms.WithMaxTokens(10))
	require.NoError(t, err)
	assert.Equal(t, []string{"sys\nonetwo"}, m.Prompts())
	assert.Equal(t, 0.5, m.Options()[0].Temperature)
	assert.Equal(t, 10, m.Options()[0].MaxTokens)

	// The returned slices are copies.
	p := m.Prompts()
	p[0] = "changed"
	assert.Equal(t, "sys\nonetwo", m.Prompts()[0])
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msgs []llms.MessageContent
		want string
	}{
		{"nil", nil, ""},
		{"one", []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "hi")}, "hi"},
		{"two messages", []llms.MessageContent{
			llms.TextParts(llms.ChatMessageTypeSystem, "a"),
			llms.TextParts(llms.ChatMessageTypeHuman, "b"),
		}, "a\nb"},
		{"non-text parts skipped", []llms.MessageContent{{
			Role:  llms.ChatMessageTypeHuman,
			Parts: []llms.ContentPart{llms.TextContent{Text: "x"}, llms.ImageURLContent{URL: "http://img"}, llms.TextContent{Text: "y"}},
		}}, "xy"},
		{"empty message keeps its line", []llms.MessageContent{
			{Role: llms.ChatMessageTypeSystem},
			llms.TextParts(llms.ChatMessageTypeHuman, "b"),
		}, "\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, llmtest.Text(tt.msgs))
		})
	}
}

func TestCall(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("answer")}
	got, err := m.Call(t.Context(), "question")
	require.NoError(t, err)
	assert.Equal(t, "answer", got)
	assert.Equal(t, []string{"question"}, m.Prompts())
}

// TestConcurrentUse runs many goroutines on one Model (run it with -race): every call gets its
// own call number, so every reply of the cycle is given out exactly once.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	const n = 200
	replies := make([]string, n)
	for i := range replies {
		replies[i] = fmt.Sprintf("reply-%03d", i)
	}
	m := &llmtest.Model{Reply: llmtest.Cycle(replies...), Tokens: 1}
	got := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var resp *llms.ContentResponse
			resp, errs[i] = m.GenerateContent(t.Context(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, fmt.Sprint(i))}, llms.WithTemperature(1))
			if resp != nil && len(resp.Choices) == 1 {
				got[i] = resp.Choices[0].Content
			}
			_ = m.Calls()
			_ = m.Prompts()
			_ = m.Options()
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	sort.Strings(got)
	assert.Equal(t, replies, got)
	assert.Equal(t, n, m.Calls())
	assert.Len(t, m.Prompts(), n)
	assert.Len(t, m.Options(), n)
}

func TestMockModel(t *testing.T) {
	t.Parallel()
	m := &llmtest.MockModel{}
	m.Test(t)
	msgs := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "p")}
	m.On("GenerateContent", mock.Anything, msgs, mock.MatchedBy(func(opts []llms.CallOption) bool { return len(opts) == 1 })).
		Return(llmtest.Response("mocked"), nil).Once()
	m.On("GenerateContent", mock.Anything, msgs, []llms.CallOption(nil)).Return(nil, errors.New("no")).Once()

	resp, err := m.GenerateContent(t.Context(), msgs, llms.WithTemperature(0))
	require.NoError(t, err)
	assert.Equal(t, "mocked", resp.Choices[0].Content)

	resp, err = m.GenerateContent(t.Context(), msgs)
	assert.EqualError(t, err, "no")
	assert.Nil(t, resp, "a nil response is returned as nil, not a panic")
	m.AssertExpectations(t)
}

func TestMockModelCall(t *testing.T) {
	t.Parallel()
	m := &llmtest.MockModel{}
	m.Test(t)
	m.On("GenerateContent", mock.Anything, []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "q")}, mock.Anything).
		Return(llmtest.Response("a"), nil).Once()
	got, err := m.Call(t.Context(), "q")
	require.NoError(t, err)
	assert.Equal(t, "a", got)
	m.AssertExpectations(t)
}

func TestResponse(t *testing.T) {
	t.Parallel()
	assert.Equal(t, &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "t"}}}, llmtest.Response("t"))
}
