package llmx

import (
	"testing"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms/openai"
)

// BenchmarkEmbedWrappers measures what the embedder wrappers add to a call: an embedder that
// answers at once, bare and under NewEmbedMeter(RetryEmbedder(LimitEmbedder(e, rpm, tpm)))
// with limits too high to wait; and the same through langchaingo's openai embedder and a local
// server, where the wrappers' share of a real round trip shows.
func BenchmarkEmbedWrappers(b *testing.B) {
	texts := []string{"He found a wallet on the street and kept the money.", "She gave it back.", "A third story."}
	stack := func(e embeddings.Embedder) embeddings.Embedder {
		return NewEmbedMeter(RetryEmbedder(LimitEmbedder(e, 1<<30, 1<<40)))
	}
	inMemory := &embedFunc{f: vectors}
	srv := llmtest.NewEmbeddingServer(b, nil)
	overHTTP := llmtest.NewOpenAIEmbedder(b, srv.URL+"/v1", openai.WithHTTPClient(NewDoer(nil)))
	for _, bc := range []struct {
		name string
		e    embeddings.Embedder
	}{
		{"in-memory/bare", inMemory},
		{"in-memory/wrapped", stack(inMemory)},
		{"openai-httptest/bare", overHTTP},
		{"openai-httptest/wrapped", stack(overHTTP)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.e.EmbedDocuments(b.Context(), append([]string(nil), texts...)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
