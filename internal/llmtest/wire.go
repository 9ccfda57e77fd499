package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// Wire records the last request body a fake provider received, decoded from JSON.
type Wire struct {
	mu   sync.Mutex
	body map[string]any
}

func (w *Wire) record(t *testing.T, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("read request: %v", err)
		return
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Errorf("request is not JSON: %v", err)
	}
	w.mu.Lock()
	w.body = m
	w.mu.Unlock()
}

// Last returns the body of the last request.
func (w *Wire) Last() map[string]any {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.body
}

// OpenAIServer starts an httptest server that answers every chat completion with content, as an
// OpenAI-compatible server does, and returns langchaingo's real openai client for it (its
// environment variables cleared) and the Wire that records the requests.
func OpenAIServer(t *testing.T, content string) (*openai.LLM, *Wire) {
	t.Helper()
	w := &Wire{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.record(t, r)
		rw.Header().Set("Content-Type", "application/json")
		resp := map[string]any{
			"id": "x", "object": "chat.completion", "model": "m",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": content}}},
			"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
		}
		_ = json.NewEncoder(rw).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("OPENAI_API_KEY", "")
	t.Setenv("OPENAI_BASE_URL", "")
	m, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithToken("x"), openai.WithModel("m"))
	if err != nil {
		t.Fatal(err)
	}
	return m, w
}

// OllamaServer starts an httptest server that answers /api/chat with content in Ollama's NDJSON
// format, and returns langchaingo's real ollama client for it and the Wire.
func OllamaServer(t *testing.T, content string) (*ollama.LLM, *Wire) {
	t.Helper()
	w := &Wire{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.record(t, r)
		rw.Header().Set("Content-Type", "application/x-ndjson")
		msg, _ := json.Marshal(map[string]any{"model": "m", "message": map[string]any{"role": "assistant", "content": content},
			"done": true, "prompt_eval_count": 10, "eval_count": 5})
		fmt.Fprintf(rw, "%s\n", msg)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("OLLAMA_HOST", "")
	m, err := ollama.New(ollama.WithServerURL(srv.URL), ollama.WithModel("m"))
	if err != nil {
		t.Fatal(err)
	}
	return m, w
}

// PromptOf returns the text of the last user message of an OpenAI or Ollama request.
func PromptOf(body map[string]any) string {
	msgs, _ := body["messages"].([]any)
	if len(msgs) == 0 {
		return ""
	}
	last, _ := msgs[len(msgs)-1].(map[string]any)
	switch c := last["content"].(type) {
	case string:
		return c
	case []any:
		var b strings.Builder
		for _, part := range c {
			if p, ok := part.(map[string]any); ok {
				s, _ := p["text"].(string)
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return ""
}
