package provider

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"sync"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	oaoption "github.com/openai/openai-go/v3/option"
	"github.com/tmc/langchaingo/llms"
)

// BatchFlagHelp describes the -batch flag of the examples.
const BatchFlagHelp = "send the model calls as provider batches (half the price, results within 24 hours), keeping the state in this directory; run the same command again to resume. OpenAI when OPENAI_API_KEY is set, Anthropic when ANTHROPIC_API_KEY is set (ANTHROPIC_MODEL optional), an in-process fake batch server around the demo model otherwise"

// Batched is a batching model and what it needs closed.
type Batched struct {
	*batch.Model
	Name string
	Demo bool
	stop func()
}

// Close closes the model and stops the demo batch server, if any.
func (b *Batched) Close() error {
	err := b.Model.Close()
	if b.stop != nil {
		b.stop()
	}
	return err
}

// Batch returns a batching model keeping its state in dir, for the provider the environment
// names: OpenAI (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL) or Anthropic
// (ANTHROPIC_API_KEY, ANTHROPIC_MODEL). Without either it serves a fake OpenAI batch server on
// the loopback interface that answers with demoModel. Batch life-cycle lines go to log.
// A batch whose callers give up (Ctrl-C) is left running, so that the next run resumes it.
func Batch(dir string, demoModel llms.Model, log io.Writer) (*Batched, error) {
	opts := []batch.Option{batch.WithStateDir(dir), batch.WithDetach(true), batch.WithOnEvent(eventPrinter(log))}
	if os.Getenv("OLLAMA_HOST") != "" && os.Getenv("OPENAI_API_KEY") == "" && os.Getenv("ANTHROPIC_API_KEY") == "" {
		return nil, fmt.Errorf("-batch: Ollama has no batch API; run without -batch, or set OPENAI_API_KEY or ANTHROPIC_API_KEY")
	}
	var out *Batched
	switch {
	case os.Getenv("OPENAI_API_KEY") != "":
		name := os.Getenv("OPENAI_MODEL")
		if name == "" {
			name = "gpt-4o-mini"
		}
		ro := []oaoption.RequestOption{oaoption.WithAPIKey(os.Getenv("OPENAI_API_KEY"))}
		if base := os.Getenv("OPENAI_BASE_URL"); base != "" {
			ro = append(ro, oaoption.WithBaseURL(base))
		}
		out = &Batched{Model: batch.New(batch.NewOpenAI(name, ro...), opts...), Name: "openai batch " + name}
	case os.Getenv("ANTHROPIC_API_KEY") != "":
		name := os.Getenv("ANTHROPIC_MODEL")
		if name == "" {
			name = "claude-haiku-4-5"
		}
		out = &Batched{Model: batch.New(batch.NewAnthropic(name, option.WithAPIKey(os.Getenv("ANTHROPIC_API_KEY"))), opts...), Name: "anthropic batch " + name}
	default:
		dm := demoModel
		var mu sync.Mutex // the demo model answers one call at a time here, in the order the server reads them
		fake := &batchfake.OpenAI{Reply: func(prompt string) string {
			mu.Lock()
			defer mu.Unlock()
			resp, err := dm.GenerateContent(context.Background(), []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, prompt)})
			if err != nil || len(resp.Choices) == 0 {
				return ""
			}
			return resp.Choices[0].Content
		}}
		srv := httptest.NewServer(fake)
		b := batch.NewOpenAI("demo", oaoption.WithBaseURL(srv.URL+"/v1/"), oaoption.WithAPIKey("demo"))
		opts = append(opts, batch.WithQuietPeriod(500*time.Millisecond), batch.WithPollInterval(100*time.Millisecond, time.Second))
		out = &Batched{Model: batch.New(b, opts...), Name: "demo batch server (offline, in-process fake of OpenAI's Batch API around the demo model)", Demo: true, stop: srv.Close}
	}
	if err := out.Open(); err != nil {
		_ = out.Close()
		return nil, err
	}
	return out, nil
}

// eventPrinter writes one line per batch event, and one per change of a batch's state.
func eventPrinter(w io.Writer) func(batch.Event) {
	last := map[string]string{}
	return func(e batch.Event) {
		switch e.Kind {
		case batch.EventPolled:
			if last[e.BatchID] == e.State {
				return
			}
			last[e.BatchID] = e.State
			fmt.Fprintf(w, "batch %s: %s (%d of %d done)\n", e.BatchID, e.State, e.Done, e.Requests)
		case batch.EventSubmitted:
			fmt.Fprintf(w, "batch %s: submitted, %d requests (state in the -batch directory; rerun the same command to resume)\n", e.BatchID, e.Requests)
		case batch.EventAttached:
			fmt.Fprintf(w, "batch %s: re-attached from the -batch directory (%d requests)\n", e.BatchID, e.Requests)
		case batch.EventEnded:
			fmt.Fprintf(w, "batch %s: %s, %d replies, %d failed or unanswered\n", e.BatchID, e.State, e.Replies, e.Failed)
		case batch.EventCancelled:
			fmt.Fprintf(w, "batch %s: cancelled\n", e.BatchID)
		case batch.EventFailed:
			if e.BatchID == "" { // a submission that created no batch
				fmt.Fprintf(w, "batch submission of %d requests: %v\n", e.Requests, e.Err)
				return
			}
			fmt.Fprintf(w, "batch %s: %v\n", e.BatchID, e.Err)
		}
	}
}
