package faultserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func post(t *testing.T, c *http.Client, url, prompt string) (int, []byte) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"model": "m", "messages": []map[string]string{{"role": "user", "content": prompt}}})
	require.NoError(t, err)
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

func TestSharesAndReproducibility(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	cfg := Config{Seed: 9, RateLimit: 0.10, ServerError: 0.05, Truncate: 0.05, Garble: 0.10,
		Garbage: func(string) string { return "garbage" }, RetryAfter: 1500 * time.Millisecond}
	run := func() ([]int, map[string]int64) {
		s := Start(cfg)
		defer s.Close()
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		c := &http.Client{Transport: tr}
		var codes []int
		for i := range 1000 {
			code, _ := post(t, c, s.URL+"/v1/chat/completions", "prompt "+strconv.Itoa(i%250))
			codes = append(codes, code)
		}
		return codes, s.Counts()
	}
	codes1, counts := run()
	codes2, _ := run()
	assert.Equal(t, codes1, codes2, "the same seed and prompts must meet the same faults")
	for name, share := range map[string]float64{"rate_limit": 0.10, "server_error": 0.05, "truncate": 0.05, "garble": 0.10} {
		assert.InDelta(t, share*1000, float64(counts[name]), 30, "%s: %v", name, counts)
	}
}

func TestWireFormats(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	s := Start(Config{RateLimit: 0.5, RetryAfter: 1500 * time.Millisecond, Reply: func(p string) string { return "re: " + p }, EchoCredentials: true})
	defer s.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var sawOK, saw429 bool
	for i := range 20 {
		for _, path := range []string{"/chat/completions", "/api/chat"} {
			code, body := post(t, c, s.URL+path, "p"+strconv.Itoa(i))
			var v map[string]any
			require.NoError(t, json.Unmarshal(body, &v), "%s: %s", path, body)
			switch code {
			case http.StatusOK:
				sawOK = true
				if path == "/api/chat" {
					assert.Equal(t, "re: p"+strconv.Itoa(i), v["message"].(map[string]any)["content"])
					assert.Equal(t, true, v["done"])
				} else {
					ch := v["choices"].([]any)[0].(map[string]any)
					assert.Equal(t, "re: p"+strconv.Itoa(i), ch["message"].(map[string]any)["content"])
				}
			case http.StatusTooManyRequests:
				saw429 = true
				assert.Contains(t, string(body), "rate limit")
			default:
				t.Fatalf("%s: status %d", path, code)
			}
		}
	}
	assert.True(t, sawOK && saw429)
}

func TestCloseReleasesHangs(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	s := Start(Config{Hang: 1})
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	done := make(chan error, 1)
	go func() {
		resp, err := (&http.Client{Transport: tr}).Post(s.URL+"/api/chat", "application/json", bytes.NewReader([]byte(`{"messages":[]}`)))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return s.Requests() == 1 }, 5*time.Second, time.Millisecond)
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a hanging request outlived Close")
	}
	assert.Equal(t, int64(1), s.Counts()["hang"])
}
