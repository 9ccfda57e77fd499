package batch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	aoption "github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/openai/openai-go/v3/option"

	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/evenhand/evenhand/internal/llmtest"
)

// TestLostBatchIsSubmittedAgain is issue 20's "batch resume after a lost batch" row: a process
// killed after its batch id was recorded, rerun against a provider that no longer knows the
// batch (404), failed ("no such batch") and only a second rerun submitted again. The rerun now
// records the batch as lost and submits its requests again in the same run.
func TestLostBatchIsSubmittedAgain(t *testing.T) {
	type fake interface {
		http.Handler
		Stats() batchfake.Stats
	}
	for _, tc := range []struct {
		name    string
		fake    func(hold bool) fake
		backend func(url string) batch.Backend
	}{
		{"openai", func(hold bool) fake {
			return &batchfake.OpenAI{Reply: reply, Script: batchfake.Script{Hold: func(int) bool { return hold }}}
		}, func(url string) batch.Backend {
			return batch.NewOpenAI("gpt-test", option.WithBaseURL(url+"/v1/"), option.WithAPIKey("test-key"), option.WithMaxRetries(0))
		}},
		{"anthropic", func(hold bool) fake {
			return &batchfake.Anthropic{Reply: reply, Script: batchfake.Script{Hold: func(int) bool { return hold }}}
		}, func(url string) batch.Backend {
			return batch.NewAnthropic("claude-test", aoption.WithBaseURL(url+"/"), aoption.WithAPIKey("test-key"), aoption.WithMaxRetries(0))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			// The first process: its batch is submitted and recorded, then it stops waiting.
			first := tc.fake(true)
			srvA := httptest.NewServer(first)
			defer srvA.Close()
			submitted := make(chan struct{})
			var once sync.Once
			// All five calls in the one batch: it is cut when the fifth arrives (a short quiet
			// period could cut it before the last goroutines have asked, on a loaded machine,
			// and the rerun would then rightly make a second batch for the calls never sent).
			m1 := batch.New(tc.backend(srvA.URL), append(fast(time.Minute), batch.WithMaxRequests(5), batch.WithStateDir(dir), batch.WithDetach(true),
				batch.WithOnEvent(func(e batch.Event) {
					if e.Kind == batch.EventSubmitted {
						once.Do(func() { close(submitted) })
					}
				}))...)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { askAll(ctx, m1, 5); close(done) }()
			<-submitted
			cancel()
			<-done
			if err := m1.Close(); err != nil {
				t.Fatal(err)
			}
			if first.Stats().Creations != 1 {
				t.Fatalf("first process: %d batches created, want 1", first.Stats().Creations)
			}

			// The rerun: another server that has never seen the batch.
			second := tc.fake(false)
			srvB := httptest.NewServer(second)
			defer srvB.Close()
			var mu sync.Mutex
			var events []batch.Event
			m2 := batch.New(tc.backend(srvB.URL), append(fast(10*time.Millisecond), batch.WithStateDir(dir),
				batch.WithOnEvent(func(e batch.Event) { mu.Lock(); events = append(events, e); mu.Unlock() }))...)
			defer m2.Close()
			got, errs := askAll(context.Background(), m2, 5)
			for i := range got {
				if errs[i] != nil {
					t.Fatalf("call %d failed in the rerun: %v", i, errs[i])
				}
				if want := reply(promptN(i)); got[i] != want {
					t.Fatalf("call %d: %q, want %q", i, got[i], want)
				}
			}
			// The lost batch's requests that a call already waits for are submitted again at
			// once; a call that comes back after the 404 asks afresh. Which of the five calls are
			// back before the first poll is up to the scheduler: one batch or two, never more,
			// and never none (the rerun must not wait for a third run).
			if n := second.Stats().Creations; n < 1 || n > 2 {
				t.Fatalf("rerun: %d batches created, want 1 or 2 (the lost one submitted again, and the calls asked after it)", n)
			}
			mu.Lock()
			defer mu.Unlock()
			lost := false
			for _, e := range events {
				if e.Kind == batch.EventFailed && e.Err != nil && strings.Contains(e.Err.Error(), "no longer knows") && e.BatchID != "" &&
					strings.Contains(e.Err.Error(), e.BatchID) {
					lost = true
				}
			}
			if !lost {
				t.Fatalf("no event names the lost batch: %+v", events)
			}

			// A third run answers from the state directory, without any call.
			if err := m2.Close(); err != nil {
				t.Fatal(err)
			}
			before := second.Stats()
			m3 := batch.New(tc.backend(srvB.URL), append(fast(10*time.Millisecond), batch.WithStateDir(dir))...)
			defer m3.Close()
			if _, errs := askAll(context.Background(), m3, 5); errors.Join(errs...) != nil {
				t.Fatal(errors.Join(errs...))
			}
			if after := second.Stats(); after.Creations != before.Creations || after.Polls != before.Polls {
				t.Fatalf("the third run called the provider: %+v -> %+v", before, after)
			}
		})
	}
}

func promptN(i int) string { return fmt.Sprintf("prompt %d", i) }

// TestErrorsNameBatchAndRequest is issue 20's "batch mode prints the API key" row for the
// batch package: a provider error that quotes the key reached errors and events unredacted,
// and named neither batch nor request ("batch : batch: request  failed"). Both backends now cut
// the request's credentials out of every error reply, and each error names its request or batch.
func TestErrorsNameBatchAndRequest(t *testing.T) {
	srv := llmtest.StatusServer(t, http.StatusUnauthorized, nil)
	for name, b := range map[string]batch.Backend{
		"openai":    batch.NewOpenAI("m", option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey(llmtest.SentinelKey), option.WithMaxRetries(0)),
		"anthropic": batch.NewAnthropic("m", aoption.WithBaseURL(srv.URL+"/"), aoption.WithAPIKey(llmtest.SentinelKey), aoption.WithMaxRetries(0)),
	} {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			var texts []string
			m := batch.New(b, append(fast(time.Millisecond), batch.WithOnEvent(func(e batch.Event) {
				mu.Lock()
				defer mu.Unlock()
				if e.Err != nil {
					texts = append(texts, e.Err.Error())
				}
			}))...)
			defer m.Close()
			_, _, err := ask(context.Background(), m, "hi")
			var rerr *batch.RequestError
			if !errors.As(err, &rerr) || rerr.Status != http.StatusUnauthorized {
				t.Fatalf("error %v, want a 401 RequestError", err)
			}
			if rerr.Key == "" || !strings.Contains(err.Error(), "request "+rerr.Key) {
				t.Errorf("the error does not name its request: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(texts) == 0 {
				t.Fatal("no event for the failed submission")
			}
			for _, s := range append(texts, err.Error()) {
				llmtest.AssertNoSecret(t, s)
				if strings.Contains(s, "request  ") || strings.Contains(s, "batch : ") {
					t.Errorf("an empty id in %q", s)
				}
			}
			t.Log(err)
		})
	}
}
