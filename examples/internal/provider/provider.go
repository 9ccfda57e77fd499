// Package provider picks the language model for evenhand's example programs from the
// environment: OpenAI when OPENAI_API_KEY is set, Ollama when OLLAMA_HOST is set, and the
// offline demo model otherwise.
package provider

import (
	"fmt"
	"net/url"
	"os"

	"github.com/evenhand/evenhand/examples/internal/demo"
	"github.com/evenhand/evenhand/llmx"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// Model is the chosen model and a line describing it.
type Model struct {
	llms.Model
	Name string // for people: "demo (offline ...)" or "openai gpt-4o-mini" ...
	Demo bool   // true for the offline demo model
}

// Env describes the environment variables the examples read.
const Env = `Environment:
  OPENAI_API_KEY   use OpenAI (or any server speaking its API); OPENAI_BASE_URL and OPENAI_MODEL optional
  OLLAMA_HOST      use an Ollama server, e.g. http://localhost:11434; OLLAMA_MODEL optional (default llama3.1)
  neither          run offline on the scripted demo model (not a real LLM)`

// FromEnv returns the model the environment names, or the demo model with the given seed and skew.
func FromEnv(seed uint64, skew float64) (Model, error) {
	if key := os.Getenv("OPENAI_API_KEY"); key != "" {
		name := os.Getenv("OPENAI_MODEL")
		if name == "" {
			name = "gpt-4o-mini"
		}
		// NewDoer makes the provider's error statuses visible to evenhand's retries.
		opts := []openai.Option{openai.WithToken(key), openai.WithModel(name), openai.WithHTTPClient(llmx.NewDoer(nil))}
		if base := os.Getenv("OPENAI_BASE_URL"); base != "" {
			opts = append(opts, openai.WithBaseURL(base))
		}
		m, err := openai.New(opts...)
		if err != nil {
			return Model{}, fmt.Errorf("openai: %w", err)
		}
		return Model{Model: m, Name: "openai " + name}, nil
	}
	if host := os.Getenv("OLLAMA_HOST"); host != "" {
		u, err := url.Parse(host)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return Model{}, fmt.Errorf("OLLAMA_HOST=%q is not a URL such as http://localhost:11434", host)
		}
		name := os.Getenv("OLLAMA_MODEL")
		if name == "" {
			name = "llama3.1"
		}
		m, err := ollama.New(ollama.WithServerURL(host), ollama.WithModel(name), ollama.WithHTTPClient(llmx.HTTPClient(nil)))
		if err != nil {
			return Model{}, fmt.Errorf("ollama: %w", err)
		}
		return Model{Model: m, Name: "ollama " + name + " at " + host}, nil
	}
	return Model{Model: demo.New(seed, skew), Name: "demo (offline, scripted, deliberately gender-skewed: not a real LLM)", Demo: true}, nil
}
