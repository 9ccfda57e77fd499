package llmtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// SentinelKey is an API key that must never show up in an error, Stats or output.
const SentinelKey = "sk-evenhand-SENTINEL-7f3a9c2e5b1d8046"

// NewOpenAI returns langchaingo's openai client for the server at base, sending with hc.
func NewOpenAI(t *testing.T, base string, hc openai.Option) llms.Model {
	t.Helper()
	opts := []openai.Option{openai.WithBaseURL(base), openai.WithToken(SentinelKey), openai.WithModel("test-model")}
	if hc != nil {
		opts = append(opts, hc)
	}
	m, err := openai.New(opts...)
	require.NoError(t, err)
	return m
}

// NewOllama returns langchaingo's ollama client for the server at base, sending with hc.
func NewOllama(t *testing.T, base string, hc *http.Client) llms.Model {
	t.Helper()
	opts := []ollama.Option{ollama.WithServerURL(base), ollama.WithModel("test-model")}
	if hc != nil {
		opts = append(opts, ollama.WithHTTPClient(hc))
	}
	m, err := ollama.New(opts...)
	require.NoError(t, err)
	return m
}

// StatusServer answers every request with status and a body that quotes the request's
// credentials, as a careless provider might.
func StatusServer(t *testing.T, status int, header http.Header) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		msg := "Incorrect API key provided"
		if auth := r.Header.Get("Authorization"); auth != "" {
			key := strings.TrimPrefix(auth, "Bearer ")
			msg += ": " + auth + " (key " + key[:min(11, len(key))] + "..." + key[max(0, len(key)-8):] + ")"
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			_, _ = w.Write([]byte(`{"error":"` + msg + `"}`))
			return
		}
		_, _ = w.Write([]byte(`{"error":{"message":"` + msg + `","type":"invalid_request_error"}}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// AssertNoSecret fails when s holds the sentinel key or a recognisable piece of it.
func AssertNoSecret(t *testing.T, s string) {
	t.Helper()
	for _, piece := range []string{SentinelKey, SentinelKey[:12], SentinelKey[len(SentinelKey)-8:], "SENTINEL"} {
		assert.NotContains(t, s, piece, "the API key leaked")
	}
}
