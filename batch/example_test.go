package batch_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"time"

	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/openai/openai-go/v3/option"
	"github.com/tmc/langchaingo/llms"
)

// Three concurrent calls go out as one OpenAI batch (here to a fake server on the loopback
// interface) and each caller gets its own reply.
func ExampleNew() {
	fake := &batchfake.OpenAI{Reply: func(prompt string) string { return "echo: " + prompt }}
	srv := httptest.NewServer(fake)
	defer srv.Close()

	backend := batch.NewOpenAI("gpt-4o-mini", option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey("test"))
	m := batch.New(backend, batch.WithQuietPeriod(100*time.Millisecond), batch.WithPollInterval(time.Millisecond, 10*time.Millisecond))
	defer m.Close()

	var mu sync.Mutex
	var replies []string
	var wg sync.WaitGroup
	for _, q := range []string{"one", "two", "three"} {
		wg.Go(func() {
			text, err := llms.GenerateFromSinglePrompt(context.Background(), m, q, llms.WithTemperature(0))
			if err != nil {
				fmt.Println(err)
				return
			}
			mu.Lock()
			replies = append(replies, text)
			mu.Unlock()
		})
	}
	wg.Wait()
	sort.Strings(replies)
	fmt.Println(replies)
	fmt.Println("batches created:", fake.Stats().Creations)
	// Output:
	// [echo: one echo: three echo: two]
	// batches created: 1
}

// With a state directory, a second process (here a second Model) answers the replies already
// received without any call to the provider.
func ExampleWithStateDir() {
	fake := &batchfake.Anthropic{Reply: func(prompt string) string { return "reply to " + prompt }}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir, err := os.MkdirTemp("", "evenhand-batch-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	for run := 1; run <= 2; run++ {
		backend := batch.NewAnthropic("claude-haiku-4-5", aoption.WithBaseURL(srv.URL+"/"), aoption.WithAPIKey("test"))
		m := batch.New(backend, batch.WithStateDir(dir), batch.WithQuietPeriod(10*time.Millisecond), batch.WithPollInterval(time.Millisecond, 10*time.Millisecond))
		text, err := llms.GenerateFromSinglePrompt(context.Background(), m, "hello", llms.WithTemperature(0))
		m.Close()
		fmt.Printf("run %d: %q, err %v, batches so far %d\n", run, text, err, fake.Stats().Creations)
	}
	// Output:
	// run 1: "reply to hello", err <nil>, batches so far 1
	// run 2: "reply to hello", err <nil>, batches so far 1
}
