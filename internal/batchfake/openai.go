package batchfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// OpenAI fakes OpenAI's Files and Batches API under /v1/: file upload (purpose "batch"), file
// content, batch create, retrieve and cancel. A batch goes validating, in_progress, finalizing
// and then completed, expired, failed or cancelled (through cancelling), with an output file and
// an error file like OpenAI's.
type OpenAI struct {
	Reply  func(prompt string) string // the model: answers the text of a request's messages joined by "\n"
	Script Script

	core
	files   map[string][]byte
	batches map[string]*oaBatch
	order   []string
}

type oaBatch struct {
	n        int
	id       string
	input    string
	lines    []oaRequest
	attempts map[string]int
	status   string
	polls    int
	cancel   bool
	out, err string
	failed   string
	done     int
	failedN  int
	metadata map[string]string
}

type oaRequest struct {
	CustomID string `json:"custom_id"`
	Method   string `json:"method"`
	URL      string `json:"url"`
	Body     struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		N int `json:"n"`
	} `json:"body"`
}

// Stats returns what the server saw so far.
func (f *OpenAI) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snapshot()
}

// ServeHTTP implements the API.
func (f *OpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files, f.batches = map[string][]byte{}, map[string]*oaBatch{}
	}
	path := strings.TrimPrefix(r.URL.Path, "/v1")
	switch r.Method {
	case http.MethodPost:
		f.post(w, r, path)
	case http.MethodGet:
		f.get(w, path)
	default:
		oaError(w, http.StatusNotFound, "no route "+r.Method+" "+r.URL.Path)
	}
}

// post routes the POST requests: uploads, batch creation, cancellation.
func (f *OpenAI) post(w http.ResponseWriter, r *http.Request, path string) {
	switch {
	case path == "/files":
		f.upload(w, r)
	case path == "/batches":
		f.create(w, r)
	case strings.HasPrefix(path, "/batches/") && strings.HasSuffix(path, "/cancel"):
		f.cancelBatch(w, strings.TrimSuffix(strings.TrimPrefix(path, "/batches/"), "/cancel"))
	default:
		oaError(w, http.StatusNotFound, "no route POST "+path)
	}
}

// get routes the GET requests: file contents, the list of batches, a batch.
func (f *OpenAI) get(w http.ResponseWriter, path string) {
	switch {
	case strings.HasPrefix(path, "/files/") && strings.HasSuffix(path, "/content"):
		f.content(w, strings.TrimSuffix(strings.TrimPrefix(path, "/files/"), "/content"))
	case path == "/batches":
		f.list(w)
	case strings.HasPrefix(path, "/batches/"):
		f.poll(w, strings.TrimPrefix(path, "/batches/"))
	default:
		oaError(w, http.StatusNotFound, "no route GET "+path)
	}
}

// content serves a file's bytes.
func (f *OpenAI) content(w http.ResponseWriter, id string) {
	data, ok := f.files[id]
	if !ok {
		oaError(w, http.StatusNotFound, "no such file "+id)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

// list serves the batches, newest first, all on one page.
func (f *OpenAI) list(w http.ResponseWriter) {
	data := []any{}
	for i := len(f.order) - 1; i >= 0; i-- {
		data = append(data, f.object(f.batches[f.order[i]]))
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "has_more": false})
}

// poll serves a batch, moving it along its script.
func (f *OpenAI) poll(w http.ResponseWriter, id string) {
	b, ok := f.batches[id]
	if !ok {
		oaError(w, http.StatusNotFound, "no such batch")
		return
	}
	f.stats.Polls++
	f.stats.PollsOf[b.n]++
	f.advance(b)
	writeJSON(w, f.object(b))
}

// cancelBatch starts cancelling a batch that has not ended.
func (f *OpenAI) cancelBatch(w http.ResponseWriter, id string) {
	b, ok := f.batches[id]
	if !ok {
		oaError(w, http.StatusNotFound, "no such batch")
		return
	}
	f.stats.Cancels++
	if b.status == "validating" || b.status == "in_progress" || b.status == "finalizing" {
		b.status, b.cancel, b.polls = "cancelling", true, 0
	}
	writeJSON(w, f.object(b))
}

func (f *OpenAI) upload(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		oaError(w, http.StatusBadRequest, err.Error())
		return
	}
	if p := r.FormValue("purpose"); p != "batch" {
		oaError(w, http.StatusBadRequest, "purpose must be batch, got "+p)
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		oaError(w, http.StatusBadRequest, err.Error())
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		oaError(w, http.StatusBadRequest, err.Error())
		return
	}
	f.stats.Uploads++
	id := fmt.Sprintf("file-%d", len(f.files)+1)
	f.files[id] = data
	writeJSON(w, map[string]any{"id": id, "object": "file", "bytes": len(data), "created_at": time.Now().Unix(),
		"filename": hdr.Filename, "purpose": "batch", "status": "processed"})
}

func (f *OpenAI) create(w http.ResponseWriter, r *http.Request) {
	var p struct {
		InputFileID      string            `json:"input_file_id"`
		Endpoint         string            `json:"endpoint"`
		CompletionWindow string            `json:"completion_window"`
		Metadata         map[string]string `json:"metadata"`
	}
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
		oaError(w, http.StatusBadRequest, err.Error())
		return
	}
	data, ok := f.files[p.InputFileID]
	switch {
	case !ok:
		oaError(w, http.StatusBadRequest, "no such file "+p.InputFileID)
		return
	case p.Endpoint != "/v1/chat/completions":
		oaError(w, http.StatusBadRequest, "endpoint must be /v1/chat/completions here, got "+p.Endpoint)
		return
	case p.CompletionWindow != "24h":
		oaError(w, http.StatusBadRequest, "completion_window must be 24h")
		return
	}
	b := &oaBatch{n: len(f.order), id: fmt.Sprintf("batch_%d", len(f.order)+1), input: p.InputFileID, status: "validating", metadata: p.Metadata}
	var ids []string
	seen := map[string]bool{}
	for i, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var req oaRequest
		if err := json.Unmarshal(line, &req); err != nil || req.CustomID == "" || req.URL != "/v1/chat/completions" || req.Method != "POST" {
			b.failed = fmt.Sprintf("line %d is not a valid request", i+1)
			break
		}
		if seen[req.CustomID] {
			b.failed = "duplicate custom_id " + req.CustomID
			break
		}
		seen[req.CustomID] = true
		b.lines = append(b.lines, req)
		ids = append(ids, req.CustomID)
	}
	b.attempts = f.created(ids)
	f.batches[b.id] = b
	f.order = append(f.order, b.id)
	writeJSON(w, f.object(b))
}

// advance moves b one poll further.
func (f *OpenAI) advance(b *oaBatch) {
	switch b.status {
	case "completed", "expired", "failed", "cancelled":
		return
	}
	b.polls++
	if b.polls < f.Script.steps() {
		return
	}
	b.polls = 0
	outcome := f.Script.outcome(b.n)
	switch b.status {
	case "validating":
		if b.failed != "" || outcome == "failed" {
			if b.failed == "" {
				b.failed = "the input file failed validation"
			}
			b.status = "failed"
			return
		}
		b.status = "in_progress"
	case "in_progress":
		if f.Script.held(b.n) {
			return
		}
		switch outcome {
		case "expired":
			f.finish(b, len(b.lines)/2, outcome)
		case "cancelled":
			b.status = "cancelling"
		default:
			b.status = "finalizing"
		}
	case "finalizing":
		f.finish(b, len(b.lines), "completed")
	case "cancelling":
		f.finish(b, len(b.lines)/2, "cancelled")
	}
}

// finish answers the first n requests, leaves the others unanswered, and writes the files in
// reverse order.
func (f *OpenAI) finish(b *oaBatch, n int, status string) {
	var out, errs bytes.Buffer
	for i := len(b.lines) - 1; i >= 0; i-- {
		req := b.lines[i]
		var parts []string
		for _, m := range req.Body.Messages {
			parts = append(parts, m.Content)
		}
		prompt := strings.Join(parts, "\n")
		if i >= n {
			code := "batch_expired"
			if status == "cancelled" {
				code = "batch_cancelled"
			}
			line, _ := json.Marshal(map[string]any{"id": "batch_req_" + req.CustomID, "custom_id": req.CustomID, "response": nil,
				"error": map[string]any{"code": code, "message": "This request could not be executed before the batch ended."}})
			errs.Write(append(line, '\n'))
			continue
		}
		if f.Script.Fail != nil {
			if st := f.Script.Fail(req.CustomID, prompt, b.attempts[req.CustomID]); st != 0 {
				f.stats.Failed++
				b.failedN++
				line, _ := json.Marshal(map[string]any{"id": "batch_req_" + req.CustomID, "custom_id": req.CustomID,
					"response": map[string]any{"status_code": st, "request_id": "req_" + req.CustomID,
						"body": map[string]any{"error": map[string]any{"message": "scripted failure", "type": "server_error", "code": nil}}},
					"error": nil})
				errs.Write(append(line, '\n'))
				continue
			}
		}
		f.stats.Answered++
		b.done++
		choices := []map[string]any{}
		text := f.Reply(prompt)
		for c := range max(req.Body.N, 1) {
			choices = append(choices, map[string]any{"index": c, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": text, "refusal": nil}})
		}
		pt, ct := tokens(prompt), tokens(text)
		line, _ := json.Marshal(map[string]any{"id": "batch_req_" + req.CustomID, "custom_id": req.CustomID,
			"response": map[string]any{"status_code": 200, "request_id": "req_" + req.CustomID, "body": map[string]any{
				"id": "chatcmpl-" + req.CustomID, "object": "chat.completion", "created": time.Now().Unix(), "model": req.Body.Model,
				"choices": choices, "usage": map[string]any{"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}}},
			"error": nil})
		out.Write(append(line, '\n'))
	}
	if out.Len() > 0 {
		b.out = fmt.Sprintf("file-%d", len(f.files)+1)
		f.files[b.out] = out.Bytes()
	}
	if errs.Len() > 0 {
		b.err = fmt.Sprintf("file-%d", len(f.files)+1)
		f.files[b.err] = errs.Bytes()
	}
	b.status = status
}

func (f *OpenAI) object(b *oaBatch) map[string]any {
	o := map[string]any{
		"id": b.id, "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": b.input,
		"completion_window": "24h", "status": b.status, "created_at": time.Now().Unix(),
		"request_counts": map[string]any{"total": len(b.lines), "completed": b.done, "failed": b.failedN},
	}
	if b.out != "" {
		o["output_file_id"] = b.out
	}
	if b.err != "" {
		o["error_file_id"] = b.err
	}
	if b.metadata != nil {
		o["metadata"] = b.metadata
	}
	if b.status == "failed" {
		o["errors"] = map[string]any{"object": "list", "data": []any{map[string]any{"code": "invalid_request", "message": b.failed}}}
	}
	return o
}

func oaError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error", "code": nil}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
