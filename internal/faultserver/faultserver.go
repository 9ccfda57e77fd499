// Package faultserver is a local model provider for tests that fails the way real ones do. It
// speaks the OpenAI chat completions wire format (POST /chat/completions, /v1/chat/completions)
// and Ollama's chat API (POST /api/chat, non-streaming), and answers a configured share of
// requests with a rate limit (429 with Retry-After), a server error (500), a truncated JSON
// body, well-formed but unusable text, or a hang that lasts until the client gives up.
//
// Which request gets which fault is decided by a hash of the seed, the prompt and how many times
// that prompt was seen before, so a run meets the same faults whatever the order in which
// concurrent requests arrive.
package faultserver

import (
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the server does with one request.
type Fault uint8

// The faults, in the order their shares are applied.
const (
	None        Fault = iota // a valid reply
	RateLimit                // 429 with Retry-After
	ServerError              // 500 with an error body
	Truncate                 // 200 with the JSON body cut in half
	Garble                   // 200 with well-formed JSON whose text is Config.Garbage's
	Hang                     // no answer until the client disconnects or the server closes
	numFaults
)

var faultNames = [...]string{None: "none", RateLimit: "rate_limit", ServerError: "server_error", Truncate: "truncate", Garble: "garble", Hang: "hang"}

// String returns the fault's name.
func (f Fault) String() string {
	if f < numFaults {
		return faultNames[f]
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}

// Config says how a Server answers. Shares are fractions of requests in [0, 1]; their sum
// should not exceed 1. The zero value answers every request with Reply.
type Config struct {
	Seed        uint64
	RateLimit   float64       // share of 429 answers
	ServerError float64       // share of 500 answers
	Truncate    float64       // share of truncated bodies
	Garble      float64       // share of unusable texts (only for prompts Garbage has text for)
	Hang        float64       // share of hangs
	RetryAfter  time.Duration // the wait a 429 asks for, sent as retry-after-ms and Retry-After (whole seconds, rounded up)

	// Reply returns the valid answer to a prompt (the text of all messages, joined by "\n").
	// nil answers "ok".
	Reply func(prompt string) string
	// Garbage returns the unusable answer to a prompt, or "" when the prompt should not get one
	// (the request is then answered with Reply).
	Garbage func(prompt string) string
	// EchoCredentials makes error bodies quote the request's Authorization header, as a careless
	// provider might, to test that credentials are kept out of errors.
	EchoCredentials bool
}

// Server is a running fault-injecting provider. Close it when done.
type Server struct {
	URL string // base URL: use URL for ollama, URL+"/v1" for openai

	cfg    Config
	srv    *httptest.Server
	stop   chan struct{}
	closed sync.Once

	mu   sync.Mutex
	seen map[uint64]int // times each prompt hash was seen

	counts [numFaults]atomic.Int64
	calls  atomic.Int64
}

// Start starts a server with cfg.
func Start(cfg Config) *Server {
	s := &Server{cfg: cfg, stop: make(chan struct{}), seen: make(map[uint64]int)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /chat/completions", s.openai)
	mux.HandleFunc("POST /v1/chat/completions", s.openai)
	mux.HandleFunc("POST /api/chat", s.ollama)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close releases hanging requests, stops the server and waits for its handlers to return.
func (s *Server) Close() {
	s.closed.Do(func() { close(s.stop) })
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Counts returns how many requests got each fault so far, keyed by the fault's name.
func (s *Server) Counts() map[string]int64 {
	out := make(map[string]int64, numFaults)
	for f := range numFaults {
		out[f.String()] = s.counts[f].Load()
	}
	return out
}

// Requests returns the number of requests received so far.
func (s *Server) Requests() int64 { return s.calls.Load() }

// choose decides the fault for a prompt: a hash of the seed, the prompt and its occurrence.
func (s *Server) choose(prompt string) Fault {
	h := fnv.New64a()
	_, _ = io.WriteString(h, prompt)
	key := h.Sum64()
	s.mu.Lock()
	n := s.seen[key]
	s.seen[key] = n + 1
	s.mu.Unlock()
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], s.cfg.Seed)
	binary.LittleEndian.PutUint64(b[8:], key)
	binary.LittleEndian.PutUint64(b[16:], uint64(n))
	h = fnv.New64a()
	_, _ = h.Write(b[:])
	u := float64(mix(h.Sum64())>>11) / (1 << 53)
	for _, c := range []struct {
		f     Fault
		share float64
	}{{RateLimit, s.cfg.RateLimit}, {ServerError, s.cfg.ServerError}, {Truncate, s.cfg.Truncate}, {Garble, s.cfg.Garble}, {Hang, s.cfg.Hang}} {
		if u < c.share {
			return c.f
		}
		u -= c.share
	}
	return None
}

// mix is splitmix64's finaliser: it spreads fnv's weak low bits over the whole word.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// serve answers one request whose prompt was read; body renders a reply text in the wire format,
// errBody an error message.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, prompt string, body func(text string, tokens int) []byte, errBody func(msg string) []byte) {
	s.calls.Add(1)
	f := s.choose(prompt)
	text := "ok"
	if s.cfg.Reply != nil {
		text = s.cfg.Reply(prompt)
	}
	if f == Garble {
		g := ""
		if s.cfg.Garbage != nil {
			g = s.cfg.Garbage(prompt)
		}
		if g == "" {
			f = None
		} else {
			text = g
		}
	}
	s.counts[f].Add(1)
	errMsg := func(msg string) []byte {
		if s.cfg.EchoCredentials {
			msg += " (request credentials: " + r.Header.Get("Authorization") + ")"
		}
		return errBody(msg)
	}
	w.Header().Set("Content-Type", "application/json")
	switch f {
	case RateLimit:
		if d := s.cfg.RetryAfter; d > 0 {
			w.Header().Set("Retry-After-Ms", strconv.FormatInt(max(d.Milliseconds(), 1), 10))
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
		}
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write(errMsg("rate limit reached, slow down"))
	case ServerError:
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(errMsg("the server had an error while processing your request"))
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
	case Truncate:
		b := body(text, tokens(prompt, text))
		_, _ = w.Write(b[:len(b)/2])
	default:
		_, _ = w.Write(body(text, tokens(prompt, text)))
	}
}

// tokens is a stand-in token count: one per 4 bytes.
func tokens(prompt, text string) int { return (len(prompt)+len(text))/4 + 1 }

// openai serves POST /chat/completions.
func (s *Server) openai(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	parts := make([]string, 0, len(req.Messages))
	for _, m := range req.Messages {
		parts = append(parts, contentText(m.Content))
	}
	prompt := strings.Join(parts, "\n")
	s.serve(w, r, prompt, func(text string, n int) []byte {
		type msg struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		}
		type choice struct {
			Index        int    `json:"index"`
			Message      msg    `json:"message"`
			FinishReason string `json:"finish_reason"`
		}
		b, _ := json.Marshal(struct {
			ID      string   `json:"id"`
			Object  string   `json:"object"`
			Created int64    `json:"created"`
			Model   string   `json:"model"`
			Choices []choice `json:"choices"`
			Usage   struct {
				Prompt     int `json:"prompt_tokens"`
				Completion int `json:"completion_tokens"`
				Total      int `json:"total_tokens"`
			} `json:"usage"`
		}{
			ID: "chatcmpl-fault", Object: "chat.completion", Model: req.Model,
			Choices: []choice{{Message: msg{Role: "assistant", Content: text}, FinishReason: "stop"}},
			Usage: struct {
				Prompt     int `json:"prompt_tokens"`
				Completion int `json:"completion_tokens"`
				Total      int `json:"total_tokens"`
			}{len(prompt)/4 + 1, n - len(prompt)/4 - 1, n},
		})
		return b
	}, func(m string) []byte {
		b, _ := json.Marshal(map[string]any{"error": map[string]string{"message": m, "type": "fault"}})
		return b
	})
}

// contentText reads an OpenAI message content: a string or a list of parts with text.
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &parts)
	texts := make([]string, 0, len(parts))
	for _, p := range parts {
		texts = append(texts, p.Text)
	}
	return strings.Join(texts, "")
}

// ollama serves POST /api/chat (one NDJSON line, as with "stream": false).
func (s *Server) ollama(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
		return
	}
	parts := make([]string, 0, len(req.Messages))
	for _, m := range req.Messages {
		parts = append(parts, m.Content)
	}
	prompt := strings.Join(parts, "\n")
	s.serve(w, r, prompt, func(text string, n int) []byte {
		p := len(prompt)/4 + 1
		b, _ := json.Marshal(map[string]any{
			"model": req.Model, "created_at": "2025-01-01T00:00:00Z",
			"message": map[string]string{"role": "assistant", "content": text},
			"done":    true, "prompt_eval_count": p, "eval_count": n - p,
		})
		return append(b, '\n')
	}, func(m string) []byte {
		b, _ := json.Marshal(map[string]string{"error": m})
		return b
	})
}
