package provider

import (
	"context"
	"testing"

	"github.com/evenhand/evenhand/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func clearEnv(t *testing.T) {
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OLLAMA_HOST", "OLLAMA_MODEL"} {
		t.Setenv(k, "")
	}
}

func TestDemoWithoutEnvironment(t *testing.T) {
	clearEnv(t)
	m, err := FromEnv(1, 0.3)
	require.NoError(t, err)
	assert.True(t, m.Demo)
	assert.Contains(t, m.Name, "not a real LLM")
}

func TestBadOllamaHost(t *testing.T) {
	clearEnv(t)
	t.Setenv("OLLAMA_HOST", "localhost:11434") // no scheme: ollama.WithServerURL would log.Fatal on worse
	_, err := FromEnv(1, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OLLAMA_HOST")
}

// The providers the environment names really answer, through langchaingo's clients.
func TestProvidersFromEnvironment(t *testing.T) {
	srv := faultserver.Start(faultserver.Config{Reply: func(string) string { return "pong" }})
	defer srv.Close()
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"openai", map[string]string{"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": srv.URL + "/v1", "OPENAI_MODEL": "m1"}, "openai m1"},
		{"ollama", map[string]string{"OLLAMA_HOST": srv.URL, "OLLAMA_MODEL": "m2"}, "ollama m2 at " + srv.URL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			m, err := FromEnv(1, 0)
			require.NoError(t, err)
			assert.False(t, m.Demo)
			assert.Equal(t, tt.want, m.Name)
			out, err := llms.GenerateFromSinglePrompt(context.Background(), m, "ping")
			require.NoError(t, err)
			assert.Equal(t, "pong", out)
		})
	}
}
