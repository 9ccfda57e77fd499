package evenhand

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/faultserver"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"
	"go.uber.org/goleak"
)

// methodReplies answers the prompts of the pipeline's stages (see llmtest.MethodReply), numbering
// the pairs it writes.
func methodReplies() func(prompt string) string {
	var n atomic.Int64
	return func(prompt string) string {
		r, err := llmtest.MethodReply(context.Background(), prompt, int(n.Add(1)))
		if err != nil {
			return "I would rather not say."
		}
		return r
	}
}

// storyGarbage is a well-formed reply to a pair prompt that holds no pair.
func storyGarbage(prompt string) string {
	if !strings.Contains(prompt, "FEMALE STORY:") {
		return ""
	}
	return "Here is a story about a carpenter who keeps a secret. The end."
}

// faultConfig is the mix: 10% 429 with Retry-After, 5% 500, 5% truncated JSON, 10%
// unparsable story text, 2% hangs past the per-call timeout.
func faultConfig(seed uint64) faultserver.Config {
	return faultserver.Config{
		Seed: seed, RateLimit: 0.10, ServerError: 0.05, Truncate: 0.05, Garble: 0.10, Hang: 0.02,
		RetryAfter: 2 * time.Millisecond, Reply: methodReplies(), Garbage: storyGarbage, EchoCredentials: true,
	}
}

// testRetry are fast retry options for a fault-injection run.
func testRetry() []RetryOption {
	return []RetryOption{RetryBackoff(time.Millisecond, 10*time.Millisecond), RetryTimeout(250 * time.Millisecond), RetrySeed(3), RetryAttempts(10)}
}

// providers makes the real langchaingo clients for a fault server, sending through tr.
var providers = []struct {
	name string
	make func(t *testing.T, srv *faultserver.Server, tr http.RoundTripper) llms.Model
}{
	{"openai", func(t *testing.T, srv *faultserver.Server, tr http.RoundTripper) llms.Model {
		return newOpenAI(t, srv.URL+"/v1", openai.WithHTTPClient(NewDoer(&http.Client{Transport: tr})))
	}},
	{"ollama", func(t *testing.T, srv *faultserver.Server, tr http.RoundTripper) llms.Model {
		return newOllama(t, srv.URL, HTTPClient(&http.Client{Transport: tr}))
	}},
}

// TestFaultInjection runs the whole pipeline over HTTP against a provider that fails as real ones
// do, through langchaingo's openai and ollama clients, and checks that 50 valid records come out.
func TestFaultInjection(t *testing.T) {
	for _, prov := range providers {
		t.Run(prov.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			srv := faultserver.Start(faultConfig(42))
			defer srv.Close()
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()

			p := New(Retry(prov.make(t, srv, tr), testRetry()...), WithConcurrency(8))
			var out bytes.Buffer
			w := dpo.NewWriter(&out)
			st, err := p.Run(t.Context(), 50, w.Write)
			require.NoError(t, err)

			recs, err := dpo.ReadRecords(&out)
			require.NoError(t, err)
			require.Len(t, recs, 50)
			for i, r := range recs {
				assert.Equal(t, i, r.ID)
				assert.Equal(t, judge.Moral, r.Male.Stance, "record %d", i)
				assert.Equal(t, judge.Immoral, r.Female.Stance, "record %d", i)
				assert.NotEmpty(t, r.Male.Story, "record %d", i)
				assert.NotEmpty(t, r.Male.NeutralExplanation, "record %d", i)
				assert.NotEmpty(t, r.Female.NeutralExplanation, "record %d", i)
			}

			faults := srv.Counts()
			for _, f := range []string{"rate_limit", "server_error", "truncate", "garble", "hang"} {
				assert.Positive(t, faults[f], "no %s fault was injected: %v", f, faults)
			}
			// Every transport fault is retried, except those still in flight when the 50th record
			// cancelled the rest of the run (at most one per worker).
			injected := faults["rate_limit"] + faults["server_error"] + faults["truncate"] + faults["hang"]
			assert.LessOrEqual(t, st.Usage.Retries, injected)
			assert.GreaterOrEqual(t, st.Usage.Retries, injected-8, "faults were not retried: %v", faults)
			assert.Positive(t, st.Rejected.Unparsable, "garbled stories are rejected")
			assert.LessOrEqual(t, int64(st.Rejected.Unparsable), faults["garble"])
			assert.Equal(t, 50, st.Kept)
			assert.LessOrEqual(t, srv.Requests(), st.Usage.Calls+st.Usage.Retries, "every request is a call or a retry")

			js, err := json.Marshal(st)
			require.NoError(t, err)
			t.Logf("%s: %d requests, faults %v\nstats %s", prov.name, srv.Requests(), faults, js)
			assertNoSecret(t, string(js))
			assertNoSecret(t, out.String())
		})
	}
}

// TestSecretNeverLeaks drives every failure path with a sentinel API key that the provider
// quotes back in its error bodies, and checks that the key reaches no error, Stats or output.
func TestSecretNeverLeaks(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	paths := []struct {
		name string
		cfg  faultserver.Config
	}{
		{"rate limit", faultserver.Config{RateLimit: 1, RetryAfter: time.Millisecond}},
		{"server error", faultserver.Config{ServerError: 1}},
		{"truncated", faultserver.Config{Truncate: 1}},
		{"hang", faultserver.Config{Hang: 1}},
		{"garbled", faultserver.Config{Garble: 1, Garbage: storyGarbage}},
	}
	for _, prov := range providers {
		for _, path := range paths {
			t.Run(prov.name+"/"+path.name, func(t *testing.T) {
				cfg := path.cfg
				cfg.EchoCredentials = true
				cfg.Reply = methodReplies()
				srv := faultserver.Start(cfg)
				defer srv.Close()
				tr := &http.Transport{}
				defer tr.CloseIdleConnections()
				m := Retry(prov.make(t, srv, tr), RetryBackoff(time.Microsecond, time.Millisecond), RetryTimeout(20*time.Millisecond), RetryAttempts(2))
				checkRunHidesKey(t, New(m, WithMaxAttempts(3)))
			})
		}
		t.Run(prov.name+"/unauthorized", func(t *testing.T) {
			srv := statusServer(t, http.StatusUnauthorized, nil)
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			var m llms.Model
			if prov.name == "openai" {
				m = newOpenAI(t, srv.URL+"/v1", openai.WithHTTPClient(NewDoer(&http.Client{Transport: tr})))
			} else {
				// An ollama behind a proxy that wants a bearer token, added by the base transport.
				m = newOllama(t, srv.URL, HTTPClient(&http.Client{Transport: bearer{tr}}))
			}
			checkRunHidesKey(t, New(Retry(m, RetryBackoff(time.Microsecond, time.Millisecond))))
		})
	}
}

// bearer adds the sentinel key to every request, as an authenticating proxy client would.
type bearer struct{ base http.RoundTripper }

func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+sentinelKey)
	return b.base.RoundTrip(req)
}

// checkRunHidesKey runs p for one record, which must fail, and looks for the key everywhere.
func checkRunHidesKey(t *testing.T, p *Pipeline) {
	t.Helper()
	var out bytes.Buffer
	w := dpo.NewWriter(&out)
	st, err := p.Run(t.Context(), 1, w.Write)
	require.Error(t, err)
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", st), out.String()} {
		assertNoSecret(t, s)
	}
	js, jerr := json.Marshal(st)
	require.NoError(t, jerr)
	assertNoSecret(t, string(js))
}
