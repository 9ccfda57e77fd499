package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/llmx"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// The limits of OpenAI's Batch API.
const (
	OpenAIMaxRequests = 50_000    // requests in one batch
	OpenAIMaxBytes    = 200 << 20 // bytes of one batch's input file
)

// OpenAI is the [Backend] of OpenAI's Batch API (and of servers speaking it): the requests are
// uploaded as a JSONL file with purpose "batch", a batch is created for the endpoint
// /v1/chat/completions with a 24-hour window, and the replies are read from its output and
// error files. Create it with [NewOpenAI].
type OpenAI struct {
	client openai.Client
	model  string
}

var _ Backend = (*OpenAI)(nil)

// NewOpenAI returns the OpenAI backend for model (the default model of calls that name none).
// opts are the SDK's own: option.WithAPIKey, option.WithBaseURL for a compatible server,
// option.WithHTTPClient... Like every client of the SDK, it also reads OPENAI_API_KEY and
// OPENAI_BASE_URL from the environment for what opts leave unset. Error replies have the
// request's credentials cut out (llmx.Redact) before any error is made of them.
func NewOpenAI(model string, opts ...option.RequestOption) *OpenAI {
	opts = append(slices.Clone(opts), option.WithMiddleware(redactErrors))
	return &OpenAI{client: openai.NewClient(opts...), model: model}
}

// Name returns "openai".
func (o *OpenAI) Name() string { return "openai" }

// MaxRequests returns [OpenAIMaxRequests].
func (o *OpenAI) MaxRequests() int { return OpenAIMaxRequests }

// MaxBytes returns the most bytes of request bodies one batch may hold: [OpenAIMaxBytes] less a
// margin. A [Model] cuts its queue into batches by this size too.
func (o *OpenAI) MaxBytes() int { return OpenAIMaxBytes - 1<<20 }

// openaiBody is a chat completion request, in a fixed field order.
type openaiBody struct {
	Model               string          `json:"model"`
	Messages            []message       `json:"messages"`
	Temperature         float64         `json:"temperature"`
	MaxCompletionTokens int             `json:"max_completion_tokens,omitempty"`
	N                   int             `json:"n,omitempty"`
	Stop                []string        `json:"stop,omitempty"`
	Seed                int             `json:"seed,omitempty"`
	TopP                float64         `json:"top_p,omitempty"`
	FrequencyPenalty    float64         `json:"frequency_penalty,omitempty"`
	PresencePenalty     float64         `json:"presence_penalty,omitempty"`
	ResponseFormat      *responseFormat `json:"response_format,omitempty"`
}

type responseFormat struct {
	Type string `json:"type"`
}

// Encode maps the call to a chat completion body: model, temperature (always sent, as the
// live provider does), max tokens, n, stop words, seed, top p, penalties and JSON mode. Top k
// is refused, with everything [ErrUnsupported] lists.
func (o *OpenAI) Encode(c Call) ([]byte, error) {
	if err := refuseCommon(c.Options); err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	if c.Options.TopK > 0 {
		return nil, fmt.Errorf("openai: %w: top k", ErrUnsupported)
	}
	msgs, err := textMessages(c.Messages)
	if err != nil {
		return nil, fmt.Errorf("openai: %w", err)
	}
	b := openaiBody{
		Model:               cmpOr(c.Options.Model, o.model),
		Messages:            msgs,
		Temperature:         c.Options.Temperature,
		MaxCompletionTokens: c.Options.MaxTokens,
		N:                   c.Options.N,
		Stop:                c.Options.StopWords,
		Seed:                c.Options.Seed,
		TopP:                c.Options.TopP,
		FrequencyPenalty:    c.Options.FrequencyPenalty,
		PresencePenalty:     c.Options.PresencePenalty,
	}
	if b.Model == "" {
		return nil, fmt.Errorf("openai: %w: no model named (give one to NewOpenAI or llms.WithModel)", ErrUnsupported)
	}
	if c.Options.JSONMode {
		b.ResponseFormat = &responseFormat{Type: "json_object"}
	}
	return json.Marshal(b)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Submit uploads the requests as one JSONL file and creates the batch.
func (o *OpenAI) Submit(ctx context.Context, reqs []Request) (string, error) {
	var buf bytes.Buffer
	for _, r := range reqs {
		buf.WriteString(`{"custom_id":`)
		k, _ := json.Marshal(r.Key)
		buf.Write(k)
		buf.WriteString(`,"method":"POST","url":"/v1/chat/completions","body":`)
		buf.Write(r.Body)
		buf.WriteString("}\n")
	}
	f, err := o.client.Files.New(ctx, openai.FileNewParams{
		File:    openai.File(&buf, "evenhand-batch.jsonl", "application/jsonl"),
		Purpose: openai.FilePurposeBatch,
	})
	if err != nil {
		return "", openaiError("upload the batch file", "", err)
	}
	b, err := o.client.Batches.New(ctx, openai.BatchNewParams{
		InputFileID:      f.ID,
		Endpoint:         openai.BatchNewParamsEndpointV1ChatCompletions,
		CompletionWindow: openai.BatchNewParamsCompletionWindow24h,
		Metadata:         shared.Metadata{setMetadata: SetID(reqs)},
	})
	if err != nil {
		return "", openaiError("create the batch", "", err)
	}
	return b.ID, nil
}

// setMetadata is the metadata key holding a batch's SetID.
const setMetadata = "evenhand_request_set"

// findLimit bounds how many of the newest batches FindBatch looks through.
const findLimit = 1000

// FindBatch looks through the newest batches of the account (up to 1,000) for one whose
// metadata names the request set, and returns its id, or "" when there is none.
func (o *OpenAI) FindBatch(ctx context.Context, set string) (string, error) {
	iter := o.client.Batches.ListAutoPaging(ctx, openai.BatchListParams{Limit: openai.Int(100)})
	for n := 0; n < findLimit && iter.Next(); n++ {
		if b := iter.Current(); b.Metadata[setMetadata] == set {
			return b.ID, nil
		}
	}
	if err := iter.Err(); err != nil {
		return "", openaiError("list batches", "", err)
	}
	return "", nil
}

var _ Finder = (*OpenAI)(nil)

// Poll retrieves the batch.
func (o *OpenAI) Poll(ctx context.Context, id string) (Status, error) {
	var raw *http.Response
	b, err := o.client.Batches.Get(ctx, id, option.WithResponseInto(&raw))
	if err != nil {
		return Status{}, openaiError("retrieve the batch", id, err)
	}
	st := Status{
		State: string(b.Status),
		Done:  int(b.RequestCounts.Completed + b.RequestCounts.Failed),
		Total: int(b.RequestCounts.Total),
	}
	if raw != nil {
		st.RetryAfter = llmx.RetryAfter(raw.Header)
	}
	switch b.Status {
	case openai.BatchStatusCompleted, openai.BatchStatusExpired, openai.BatchStatusCancelled:
		st.Ended = true
	case openai.BatchStatusFailed:
		st.Ended = true
		msg := "the batch failed"
		code := "batch_failed"
		if len(b.Errors.Data) > 0 {
			e := b.Errors.Data[0]
			msg, code = e.Message, cmpOr(e.Code, code)
			if e.Line > 0 {
				msg += " (line " + strconv.FormatInt(e.Line, 10) + ")"
			}
		}
		st.Err = &RequestError{Status: http.StatusBadRequest, Code: code, Message: msg}
	}
	return st, nil
}

// Results reads the batch's output file and error file.
func (o *OpenAI) Results(ctx context.Context, id string, yield func(Result) error) error {
	b, err := o.client.Batches.Get(ctx, id)
	if err != nil {
		return openaiError("retrieve the batch", id, err)
	}
	for _, fid := range []string{b.OutputFileID, b.ErrorFileID} {
		if fid == "" {
			continue
		}
		if err := o.readFile(ctx, id, fid, yield); err != nil {
			return err
		}
	}
	return nil
}

// openaiLine is one line of an output or error file.
type openaiLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (o *OpenAI) readFile(ctx context.Context, id, fid string, yield func(Result) error) error {
	resp, err := o.client.Files.Content(ctx, fid)
	if err != nil {
		return openaiError("download file "+fid, id, err)
	}
	defer resp.Body.Close()
	for line, err := range jsonl.Lines(resp.Body) {
		if err != nil {
			return fmt.Errorf("batch: openai: file %s line %d: %w", fid, line.N, err)
		}
		if line.Blank() {
			continue
		}
		var l openaiLine
		if err := json.Unmarshal(line.Text, &l); err != nil || l.CustomID == "" {
			return fmt.Errorf("batch: openai: file %s line %d: not a batch result: %v", fid, line.N, err)
		}
		if err := yield(openaiResult(l)); err != nil {
			return err
		}
	}
	return nil
}

func openaiResult(l openaiLine) Result {
	r := Result{Key: l.CustomID}
	switch {
	case l.Response != nil && l.Response.StatusCode == http.StatusOK:
		var c openai.ChatCompletion
		if err := json.Unmarshal(l.Response.Body, &c); err != nil {
			r.Err = &RequestError{Status: http.StatusBadGateway, Code: "unreadable_reply", Message: err.Error()}
			return r
		}
		rep := &Reply{
			PromptTokens:     int(c.Usage.PromptTokens),
			CompletionTokens: int(c.Usage.CompletionTokens),
			TotalTokens:      int(c.Usage.TotalTokens),
		}
		for _, ch := range c.Choices {
			rep.Choices = append(rep.Choices, Choice{Content: ch.Message.Content, StopReason: ch.FinishReason})
		}
		r.Reply = rep
	case l.Response != nil && l.Response.StatusCode != 0:
		var body struct {
			Error struct {
				Code    any    `json:"code"`
				Type    string `json:"type"`
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(l.Response.Body, &body)
		code := body.Error.Type
		if s, ok := body.Error.Code.(string); ok && s != "" {
			code = s
		}
		r.Err = &RequestError{Status: l.Response.StatusCode, Code: code, Message: body.Error.Message}
	case l.Error != nil:
		st := http.StatusInternalServerError
		switch l.Error.Code {
		case "batch_expired":
			st = http.StatusRequestTimeout
		case "batch_cancelled":
			st = http.StatusConflict
		}
		r.Err = &RequestError{Status: st, Code: l.Error.Code, Message: l.Error.Message}
	default:
		r.Err = &RequestError{Status: http.StatusBadGateway, Code: "empty_result", Message: "a result line with neither response nor error"}
	}
	return r
}

// Cancel cancels the batch.
func (o *OpenAI) Cancel(ctx context.Context, id string) error {
	if _, err := o.client.Batches.Cancel(ctx, id); err != nil {
		return openaiError("cancel the batch", id, err)
	}
	return nil
}

// openaiError turns an SDK error of op on batch id ("" when none) into a *RequestError carrying
// its status and naming the batch; other errors (a dropped connection) are wrapped as they are.
// The SDK's text of an error reply has had its credentials cut out (see redactErrors).
func openaiError(op, id string, err error) error {
	var apierr *openai.Error
	if errors.As(err, &apierr) {
		var after time.Duration
		if apierr.Response != nil {
			after = llmx.RetryAfter(apierr.Response.Header)
		}
		return &RequestError{BatchID: id, Status: apierr.StatusCode, Code: cmpOr(apierr.Code, apierr.Type), Message: op + ": " + apierr.Message, RetryAfter: after}
	}
	if id != "" {
		return fmt.Errorf("batch: openai: %s %s: %w", op, id, err)
	}
	return fmt.Errorf("batch: openai: %s: %w", op, err)
}
