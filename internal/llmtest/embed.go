package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms/openai"
)

// EmbeddingServer is an OpenAI-style embeddings API on a local server: POST <URL>/embeddings
// answers one vector per input text, [1, len(text)%7, count of 'e' in text], unless Fail
// turns the request down. It counts the requests and the texts it answered.
type EmbeddingServer struct {
	*httptest.Server
	requests, texts atomic.Int64
}

// Failure is how an [EmbeddingServer] turns a request down: the status (400 or more) and the
// headers of the answer (Retry-After, say). A zero Failure answers the request.
type Failure struct {
	Status int
	Header http.Header
}

// NewEmbeddingServer starts an EmbeddingServer, closed with the test. fail, when not nil, is
// asked before each request, numbered from 1.
func NewEmbeddingServer(t testing.TB, fail func(n int64) Failure) *EmbeddingServer {
	t.Helper()
	s := &EmbeddingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/embeddings") {
			http.NotFound(w, r)
			return
		}
		n := s.requests.Add(1)
		if fail != nil {
			if f := fail(n); f.Status >= http.StatusBadRequest {
				for k, vs := range f.Header {
					w.Header()[k] = vs
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(f.Status)
				fmt.Fprintf(w, `{"error":{"message":"request %d turned down","type":"test"}}`, n)
				return
			}
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Embedding []float32 `json:"embedding"`
			Index     int       `json:"index"`
		}
		out := struct {
			Data  []item `json:"data"`
			Model string `json:"model"`
		}{Model: req.Model}
		for i, text := range req.Input {
			out.Data = append(out.Data, item{Embedding: Vector(text), Index: i})
		}
		s.texts.Add(int64(len(req.Input)))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(s.Close)
	return s
}

// Vector is the vector an [EmbeddingServer] answers for text.
func Vector(text string) []float32 {
	return []float32{1, float32(len(text) % 7), float32(strings.Count(text, "e"))}
}

// Requests returns the requests the server received, turned down or not.
func (s *EmbeddingServer) Requests() int64 { return s.requests.Load() }

// Texts returns the texts the server embedded.
func (s *EmbeddingServer) Texts() int64 { return s.texts.Load() }

// NewOpenAIEmbedder returns langchaingo's openai embedder for the server at base, sending with
// hc (openai.WithHTTPClient(llmx.NewDoer(nil)), say; nil: the client's default). It sends each
// EmbedDocuments call as one request up to 512 texts.
func NewOpenAIEmbedder(t testing.TB, base string, hc openai.Option) embeddings.Embedder {
	t.Helper()
	opts := []openai.Option{openai.WithBaseURL(base), openai.WithToken(SentinelKey), openai.WithEmbeddingModel("test-embedding")}
	if hc != nil {
		opts = append(opts, hc)
	}
	llm, err := openai.New(opts...)
	require.NoError(t, err)
	e, err := embeddings.NewEmbedder(llm)
	require.NoError(t, err)
	return e
}
