package batchfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Anthropic fakes Anthropic's Message Batches under /v1/messages/batches: create, retrieve,
// cancel and results. A batch's processing_status goes in_progress (canceling after a cancel)
// and then ended; each result is succeeded, errored, canceled or expired.
type Anthropic struct {
	Reply  func(prompt string) string // the model: answers the text of a request's system prompt and messages joined by "\n"
	Script Script

	core
	batches map[string]*anBatch
	order   []string
}

type anBatch struct {
	n        int
	id       string
	reqs     []anRequest
	attempts map[string]int
	status   string // in_progress, canceling, ended
	polls    int
	results  []byte
	counts   map[string]int
	created  time.Time
	ended    time.Time
	canceled bool
}

type anRequest struct {
	CustomID string `json:"custom_id"`
	Params   struct {
		Model     string          `json:"model"`
		MaxTokens int             `json:"max_tokens"`
		System    json.RawMessage `json:"system"`
		Messages  []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	} `json:"params"`
}

// text reads a content field: a string or a list of text blocks.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &blocks)
	var parts []string
	for _, b := range blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n")
}

func (r anRequest) prompt() string {
	var parts []string
	if len(r.Params.System) > 0 {
		if s := text(r.Params.System); s != "" {
			parts = append(parts, s)
		}
	}
	for _, m := range r.Params.Messages {
		parts = append(parts, text(m.Content))
	}
	return strings.Join(parts, "\n")
}

// Stats returns what the server saw so far.
func (f *Anthropic) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snapshot()
}

// ServeHTTP implements the API.
func (f *Anthropic) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.batches == nil {
		f.batches = map[string]*anBatch{}
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1/messages/batches")
	switch {
	case r.Method == http.MethodPost && path == "":
		f.create(w, r)
	case r.Method == http.MethodGet && strings.HasSuffix(path, "/results"):
		f.results(w, strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/results"))
	case r.Method == http.MethodPost && strings.HasSuffix(path, "/cancel"):
		f.cancelBatch(w, strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/cancel"))
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/"):
		f.poll(w, strings.TrimPrefix(path, "/"))
	default:
		anError(w, http.StatusNotFound, "not_found_error", "no route "+r.Method+" "+r.URL.Path)
	}
}

// results serves an ended batch's results.
func (f *Anthropic) results(w http.ResponseWriter, id string) {
	b, ok := f.batches[id]
	if !ok || b.status != "ended" {
		anError(w, http.StatusNotFound, "not_found_error", "no results for this batch")
		return
	}
	w.Header().Set("Content-Type", "application/x-jsonl")
	_, _ = w.Write(b.results)
}

// cancelBatch starts cancelling a batch in progress.
func (f *Anthropic) cancelBatch(w http.ResponseWriter, id string) {
	b, ok := f.batches[id]
	if !ok {
		anError(w, http.StatusNotFound, "not_found_error", "no such batch")
		return
	}
	f.stats.Cancels++
	if b.status == "in_progress" {
		b.status, b.polls, b.canceled = "canceling", 0, true
	}
	writeJSON(w, f.object(b))
}

// poll serves a batch, moving it along its script.
func (f *Anthropic) poll(w http.ResponseWriter, id string) {
	b, ok := f.batches[id]
	if !ok {
		anError(w, http.StatusNotFound, "not_found_error", "no such batch")
		return
	}
	f.stats.Polls++
	f.stats.PollsOf[b.n]++
	f.advance(b)
	writeJSON(w, f.object(b))
}

func (f *Anthropic) create(w http.ResponseWriter, r *http.Request) {
	var p struct {
		Requests []anRequest `json:"requests"`
	}
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || len(p.Requests) == 0 {
		anError(w, http.StatusBadRequest, "invalid_request_error", fmt.Sprintf("requests: %v", err))
		return
	}
	seen := map[string]bool{}
	ids := make([]string, 0, len(p.Requests))
	for _, q := range p.Requests {
		if q.CustomID == "" || len(q.CustomID) > 64 || seen[q.CustomID] || q.Params.MaxTokens <= 0 || len(q.Params.Messages) == 0 {
			anError(w, http.StatusBadRequest, "invalid_request_error", "invalid or duplicate request "+q.CustomID)
			return
		}
		seen[q.CustomID] = true
		ids = append(ids, q.CustomID)
	}
	b := &anBatch{n: len(f.order), id: fmt.Sprintf("msgbatch_%d", len(f.order)+1), reqs: p.Requests, status: "in_progress", created: time.Now()}
	b.attempts = f.created(ids)
	f.batches[b.id] = b
	f.order = append(f.order, b.id)
	writeJSON(w, f.object(b))
}

func (f *Anthropic) advance(b *anBatch) {
	if b.status == "ended" {
		return
	}
	b.polls++
	if b.polls < f.Script.steps() {
		return
	}
	b.polls = 0
	switch {
	case b.status == "canceling":
		f.finish(b, len(b.reqs)/2, "canceled")
	case f.Script.held(b.n):
	default:
		switch f.Script.outcome(b.n) {
		case "expired":
			f.finish(b, len(b.reqs)/2, "expired")
		case "cancelled":
			b.status = "canceling"
		case "failed":
			f.finish(b, 0, "errored")
		default:
			f.finish(b, len(b.reqs), "")
		}
	}
}

// finish answers the first n requests, gives the others the result type rest, and writes the
// results in reverse order.
func (f *Anthropic) finish(b *anBatch, n int, rest string) {
	var out bytes.Buffer
	b.counts = map[string]int{}
	for i := len(b.reqs) - 1; i >= 0; i-- {
		q := b.reqs[i]
		var result map[string]any
		switch {
		case i >= n && rest == "errored":
			result = map[string]any{"type": "errored", "error": map[string]any{"type": "error",
				"error": map[string]any{"type": "invalid_request_error", "message": "scripted batch failure"}}}
		case i >= n:
			result = map[string]any{"type": rest}
		default:
			prompt := q.prompt()
			if f.Script.Fail != nil {
				if st := f.Script.Fail(q.CustomID, prompt, b.attempts[q.CustomID]); st != 0 {
					f.stats.Failed++
					result = map[string]any{"type": "errored", "error": map[string]any{"type": "error",
						"error": map[string]any{"type": errorType(st), "message": "scripted failure"}}}
					break
				}
			}
			f.stats.Answered++
			reply := f.Reply(prompt)
			result = map[string]any{"type": "succeeded", "message": map[string]any{
				"id": "msg_" + q.CustomID, "type": "message", "role": "assistant", "model": q.Params.Model,
				"content":     []any{map[string]any{"type": "text", "text": reply}},
				"stop_reason": "end_turn", "stop_sequence": nil,
				"usage": map[string]any{"input_tokens": tokens(prompt), "output_tokens": tokens(reply)}}}
		}
		b.counts[result["type"].(string)]++
		line, _ := json.Marshal(map[string]any{"custom_id": q.CustomID, "result": result})
		out.Write(append(line, '\n'))
	}
	b.results = out.Bytes()
	b.status = "ended"
	b.ended = time.Now()
}

func errorType(status int) string {
	switch status {
	case 400:
		return "invalid_request_error"
	case 429:
		return "rate_limit_error"
	case 529:
		return "overloaded_error"
	default:
		return "api_error"
	}
}

func (f *Anthropic) object(b *anBatch) map[string]any {
	counts := map[string]any{"processing": 0, "succeeded": b.counts["succeeded"], "errored": b.counts["errored"],
		"canceled": b.counts["canceled"], "expired": b.counts["expired"]}
	if b.status != "ended" {
		counts["processing"] = len(b.reqs)
	}
	o := map[string]any{"id": b.id, "type": "message_batch", "processing_status": b.status, "request_counts": counts,
		"created_at": b.created.UTC().Format(time.RFC3339), "expires_at": b.created.Add(24 * time.Hour).UTC().Format(time.RFC3339),
		"ended_at": nil, "archived_at": nil, "cancel_initiated_at": nil, "results_url": nil}
	if b.status == "ended" {
		o["ended_at"] = b.ended.UTC().Format(time.RFC3339)
		o["results_url"] = "/v1/messages/batches/" + b.id + "/results"
	}
	return o
}

func anError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}})
}
