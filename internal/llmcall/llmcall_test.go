package llmcall_test

import (
	"context"
	"errors"
	"testing"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func TestMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		system string
		want   []llms.MessageContent
	}{
		{
			name:   "system message first",
			system: "You are careful.",
			want: []llms.MessageContent{
				llms.TextParts(llms.ChatMessageTypeSystem, "You are careful."),
				llms.TextParts(llms.ChatMessageTypeHuman, "the prompt"),
			},
		},
		{
			name: "no system message when empty",
			want: []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, "the prompt")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := llmtest.NewMock(t)
			m.On("GenerateContent", mock.Anything, tt.want, mock.Anything).Return(llmtest.Response("reply"), nil).Once()
			got, err := llmcall.Generate(t.Context(), m, tt.system, "the prompt", nil)
			require.NoError(t, err)
			assert.Equal(t, "reply", got)
		})
	}
}

func TestOptionsPassedThrough(t *testing.T) {
	t.Parallel()
	m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
	_, err := llmcall.Generate(t.Context(), m, "", "p", []llms.CallOption{llms.WithTemperature(0.25), llms.WithMaxTokens(42), llms.WithSeed(7)})
	require.NoError(t, err)
	opts := m.Options()
	require.Len(t, opts, 1)
	assert.Equal(t, 0.25, opts[0].Temperature)
	assert.Equal(t, 42, opts[0].MaxTokens)
	assert.Equal(t, 7, opts[0].Seed)
}

func TestEmptyResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		resp *llms.ContentResponse
	}{
		{"nil response", nil},
		{"no choices", &llms.ContentResponse{}},
		{"empty choices", &llms.ContentResponse{Choices: []*llms.ContentChoice{}}},
		{"nil choice", &llms.ContentResponse{Choices: []*llms.ContentChoice{nil}}},
		{"empty content", llmtest.Response("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := llmtest.NewMock(t)
			m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(tt.resp, nil).Once()
			var got string
			var err error
			require.NotPanics(t, func() { got, err = llmcall.Generate(t.Context(), m, "", "p", nil) })
			assert.NoError(t, err)
			assert.Equal(t, "", got)
		})
	}
}

func TestFirstChoiceWins(t *testing.T) {
	t.Parallel()
	m := llmtest.NewMock(t)
	resp := &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: "first"}, {Content: "second"}}}
	m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(resp, nil).Once()
	got, err := llmcall.Generate(t.Context(), m, "", "p", nil)
	require.NoError(t, err)
	assert.Equal(t, "first", got)
}

func TestModelError(t *testing.T) {
	t.Parallel()
	boom := errors.New("API returned unexpected status code: 500")
	m := llmtest.NewMock(t)
	m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(nil, boom).Once()
	got, err := llmcall.Generate(t.Context(), m, "", "p", nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, "model call: "+boom.Error(), err.Error())
	assert.Empty(t, got)
}

func TestModelErrorWithResponse(t *testing.T) {
	t.Parallel()
	// A model that returns both a response and an error: the error wins, the text is dropped.
	boom := errors.New("partial failure")
	m := llmtest.NewMock(t)
	m.On("GenerateContent", mock.Anything, mock.Anything, mock.Anything).Return(llmtest.Response("half"), boom).Once()
	got, err := llmcall.Generate(t.Context(), m, "", "p", nil)
	assert.ErrorIs(t, err, boom)
	assert.Empty(t, got)
}

func TestContext(t *testing.T) {
	t.Parallel()
	t.Run("cancelled before the call: the model is not asked", func(t *testing.T) {
		t.Parallel()
		m := &llmtest.Model{Reply: llmtest.Cycle("ok")}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := llmcall.Generate(ctx, m, "", "p", nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, m.Calls())
	})
	t.Run("cancelled during the call, provider replaces the error", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return "", errors.New("read tcp: connection reset by peer")
		}}
		_, err := llmcall.Generate(ctx, m, "", "p", nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, m.Calls())
	})
	t.Run("cancelled during the call, provider returns a reply anyway", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
			cancel()
			return "STANCE: A", nil
		}}
		got, err := llmcall.Generate(ctx, m, "", "p", nil)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Empty(t, got)
	})
	t.Run("deadline exceeded", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(t.Context(), 0)
		defer cancel()
		<-ctx.Done()
		_, err := llmcall.Generate(ctx, &llmtest.Model{}, "", "p", nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("context reaches the model", func(t *testing.T) {
		t.Parallel()
		type key struct{}
		ctx := context.WithValue(t.Context(), key{}, "here")
		m := &llmtest.Model{Reply: func(ctx context.Context, _ string, _ int) (string, error) {
			v, _ := ctx.Value(key{}).(string)
			return v, nil
		}}
		got, err := llmcall.Generate(ctx, m, "", "p", nil)
		require.NoError(t, err)
		assert.Equal(t, "here", got)
	})
}

func TestGenerateNilModel(t *testing.T) {
	_, err := llmcall.Generate(t.Context(), nil, "", "hi", nil)
	assert.ErrorIs(t, err, llmcall.ErrNoModel)
}
