package evenhand_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/faultserver"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// clearProviderEnv keeps the providers from reading a developer's settings.
func clearProviderEnv(t *testing.T) {
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORGANIZATION", "OLLAMA_HOST"} {
		t.Setenv(k, "")
	}
}

func methodServer(t *testing.T) *faultserver.Server {
	t.Helper()
	var pairs atomic.Int64 // pairs are numbered as written: Run keeps no pair twice
	s := faultserver.Start(faultserver.Config{Reply: func(prompt string) string {
		call := len(prompt)
		if strings.Contains(prompt, "FEMALE STORY:") {
			call = int(pairs.Add(1))
		}
		r, err := llmtest.MethodReply(context.Background(), prompt, call)
		if err != nil {
			return err.Error()
		}
		return r
	}})
	t.Cleanup(s.Close)
	return s
}

// TestRealProviders runs the whole method through langchaingo's real openai and ollama
// clients, against a local server speaking each wire format.
func TestRealProviders(t *testing.T) {
	clearProviderEnv(t)
	s := methodServer(t)
	models := map[string]func() (llms.Model, error){
		"openai": func() (llms.Model, error) {
			return openai.New(openai.WithBaseURL(s.URL+"/v1"), openai.WithToken("test-key"), openai.WithModel("m"))
		},
		"ollama": func() (llms.Model, error) {
			return ollama.New(ollama.WithServerURL(s.URL), ollama.WithModel("m"))
		},
	}
	for name, mk := range models {
		t.Run(name, func(t *testing.T) {
			m, err := mk()
			require.NoError(t, err)
			p := evenhand.New(m)
			p.Concurrency = 4
			var recs []record.Record
			st, err := p.Run(t.Context(), 6, func(r record.Record) error { recs = append(recs, r); return nil })
			require.NoError(t, err)
			require.Len(t, recs, 6)
			for i, r := range recs {
				assert.Equal(t, i, r.ID)
				assert.Equal(t, judge.Moral, r.Male.Stance, "record %d", i)
				assert.Equal(t, judge.Immoral, r.Female.Stance, "record %d", i)
				assert.Contains(t, r.Female.NeutralExplanation, "main character")
			}
			assert.Positive(t, st.Usage.Calls)
			assert.Positive(t, st.Usage.TotalTokens, "%s reports token usage", name)

			pairs := []story.Pair{recs[0].Pair(), recs[1].Pair()}
			out, _, err := p.Audit(t.Context(), pairs)
			require.NoError(t, err)
			require.Len(t, out, 2)
			assert.True(t, out[0].Verdict.Mismatch)
			assert.Equal(t, story.Male, out[1].Verdict.Favored)
		})
	}
}
