package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/evenhand/evenhand/llmx"
)

// The limits of Anthropic's Message Batches.
const (
	AnthropicMaxRequests      = 100_000   // requests in one batch
	AnthropicMaxBytes         = 256 << 20 // bytes of one batch's create request
	DefaultAnthropicMaxTokens = 1024      // max_tokens of a call that sets none (Anthropic requires one)
)

// Anthropic is the [Backend] of Anthropic's Message Batches: the requests are sent in one
// create call, the batch is polled until its processing_status is "ended", and the results
// (succeeded, errored, canceled, expired) are streamed back. Create it with [NewAnthropic].
type Anthropic struct {
	client    anthropic.Client
	model     string
	maxTokens int
}

var _ Backend = (*Anthropic)(nil)

// NewAnthropic returns the Anthropic backend for model (the default model of calls that name
// none). opts are the SDK's own: option.WithAPIKey, option.WithBaseURL... Like every client of
// the SDK, it also reads ANTHROPIC_API_KEY from the environment for what opts leave unset.
// Error replies have the request's credentials cut out (llmx.Redact) before any error is made
// of them.
func NewAnthropic(model string, opts ...option.RequestOption) *Anthropic {
	opts = append(slices.Clone(opts), option.WithMiddleware(redactErrors))
	return &Anthropic{client: anthropic.NewClient(opts...), model: model, maxTokens: DefaultAnthropicMaxTokens}
}

// Name returns "anthropic".
func (a *Anthropic) Name() string { return "anthropic" }

// MaxRequests returns [AnthropicMaxRequests].
func (a *Anthropic) MaxRequests() int { return AnthropicMaxRequests }

// MaxBytes returns the most bytes of request bodies one batch may hold: [AnthropicMaxBytes]
// less a margin for the SDK's encoding. A [Model] cuts its queue into batches by this size too.
func (a *Anthropic) MaxBytes() int { return AnthropicMaxBytes - 16<<20 }

// anthropicBody is a Messages request, in a fixed field order.
type anthropicBody struct {
	Model         string    `json:"model"`
	MaxTokens     int       `json:"max_tokens"`
	System        string    `json:"system,omitempty"`
	Messages      []message `json:"messages"`
	Temperature   float64   `json:"temperature"`
	StopSequences []string  `json:"stop_sequences,omitempty"`
	TopP          float64   `json:"top_p,omitempty"`
	TopK          int       `json:"top_k,omitempty"`
}

// Encode maps the call to a Messages request: model, max tokens (DefaultAnthropicMaxTokens
// when unset), temperature, stop words, top p and top k; system messages become the system
// prompt. n > 1, JSON mode, seeds and penalties have no Anthropic counterpart and are refused.
func (a *Anthropic) Encode(c Call) ([]byte, error) {
	o := c.Options
	if err := refuseCommon(o); err != nil {
		return nil, fmt.Errorf("anthropic: %w", err)
	}
	var bad []string
	if o.N > 1 {
		bad = append(bad, "n > 1")
	}
	if o.JSONMode {
		bad = append(bad, "JSON mode")
	}
	if o.Seed != 0 {
		bad = append(bad, "seed")
	}
	if o.FrequencyPenalty != 0 || o.PresencePenalty != 0 {
		bad = append(bad, "frequency and presence penalties")
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("anthropic: %w: %s", ErrUnsupported, strings.Join(bad, ", "))
	}
	msgs, err := textMessages(c.Messages)
	if err != nil {
		return nil, fmt.Errorf("anthropic: %w", err)
	}
	b := anthropicBody{
		Model:         cmpOr(o.Model, a.model),
		MaxTokens:     o.MaxTokens,
		Temperature:   o.Temperature,
		StopSequences: o.StopWords,
		TopP:          o.TopP,
		TopK:          o.TopK,
	}
	if b.Model == "" {
		return nil, fmt.Errorf("anthropic: %w: no model named (give one to NewAnthropic or llms.WithModel)", ErrUnsupported)
	}
	if b.MaxTokens <= 0 {
		b.MaxTokens = a.maxTokens
	}
	var system []string
	for _, m := range msgs {
		if m.Role == "system" {
			system = append(system, m.Content)
			continue
		}
		b.Messages = append(b.Messages, m)
	}
	b.System = strings.Join(system, "\n")
	if len(b.Messages) == 0 {
		return nil, fmt.Errorf("anthropic: %w: a call with only system messages", ErrUnsupported)
	}
	return json.Marshal(b)
}

// params turns an encoded body into the SDK's request parameters.
func (b *anthropicBody) params() anthropic.MessageBatchNewParamsRequestParams {
	p := anthropic.MessageBatchNewParamsRequestParams{
		Model:         anthropic.Model(b.Model),
		MaxTokens:     int64(b.MaxTokens),
		StopSequences: b.StopSequences,
	}
	if b.System != "" {
		p.System = []anthropic.TextBlockParam{{Text: b.System}}
	}
	for _, m := range b.Messages {
		if m.Role == "assistant" {
			p.Messages = append(p.Messages, anthropic.NewAssistantMessage(anthropic.NewTextBlock(m.Content)))
		} else {
			p.Messages = append(p.Messages, anthropic.NewUserMessage(anthropic.NewTextBlock(m.Content)))
		}
	}
	// The SDK's batch parameters have no sampling fields: they travel as extra fields.
	extra := map[string]any{"temperature": b.Temperature}
	if b.TopP != 0 {
		extra["top_p"] = b.TopP
	}
	if b.TopK != 0 {
		extra["top_k"] = b.TopK
	}
	p.SetExtraFields(extra)
	return p
}

// Submit creates the batch.
func (a *Anthropic) Submit(ctx context.Context, reqs []Request) (string, error) {
	params := anthropic.MessageBatchNewParams{Requests: make([]anthropic.MessageBatchNewParamsRequest, len(reqs))}
	for i, r := range reqs {
		var b anthropicBody
		if err := json.Unmarshal(r.Body, &b); err != nil {
			return "", &RequestError{Key: r.Key, Status: http.StatusBadRequest, Code: "unreadable_body", Message: err.Error()}
		}
		params.Requests[i] = anthropic.MessageBatchNewParamsRequest{CustomID: r.Key, Params: b.params()}
	}
	mb, err := a.client.Messages.Batches.New(ctx, params)
	if err != nil {
		return "", anthropicError("create the batch", "", err)
	}
	return mb.ID, nil
}

// Poll retrieves the batch.
func (a *Anthropic) Poll(ctx context.Context, id string) (Status, error) {
	var raw *http.Response
	mb, err := a.client.Messages.Batches.Get(ctx, id, anthropic.MessageBatchGetParams{}, option.WithResponseInto(&raw))
	if err != nil {
		return Status{}, anthropicError("retrieve the batch", id, err)
	}
	c := mb.RequestCounts
	st := Status{
		State: string(mb.ProcessingStatus),
		Ended: mb.ProcessingStatus == anthropic.MessageBatchProcessingStatusEnded,
		Done:  int(c.Succeeded + c.Errored + c.Canceled + c.Expired),
		Total: int(c.Succeeded + c.Errored + c.Canceled + c.Expired + c.Processing),
	}
	if raw != nil {
		st.RetryAfter = llmx.RetryAfter(raw.Header)
	}
	return st, nil
}

// Results streams the batch's results.
func (a *Anthropic) Results(ctx context.Context, id string, yield func(Result) error) error {
	stream := a.client.Messages.Batches.ResultsStreaming(ctx, id, anthropic.MessageBatchResultsParams{})
	defer stream.Close()
	for stream.Next() {
		r := stream.Current()
		if r.CustomID == "" {
			continue
		}
		if err := yield(anthropicResult(r)); err != nil {
			return err
		}
	}
	if err := stream.Err(); err != nil {
		return anthropicError("read the results of the batch", id, err)
	}
	return nil
}

func anthropicResult(r anthropic.MessageBatchIndividualResponse) Result {
	out := Result{Key: r.CustomID}
	switch r.Result.Type {
	case "succeeded":
		msg := r.Result.Message
		var text strings.Builder
		for _, b := range msg.Content {
			if b.Type == "text" {
				text.WriteString(b.Text)
			}
		}
		in, outT := int(msg.Usage.InputTokens), int(msg.Usage.OutputTokens)
		out.Reply = &Reply{
			Choices:          []Choice{{Content: text.String(), StopReason: string(msg.StopReason)}},
			PromptTokens:     in,
			CompletionTokens: outT,
			TotalTokens:      in + outT,
		}
	case "errored":
		e := r.Result.Error.Error
		out.Err = &RequestError{Status: anthropicStatus(e.Type), Code: e.Type, Message: e.Message}
	case "canceled":
		out.Err = &RequestError{Status: http.StatusConflict, Code: "canceled", Message: "the batch was canceled before the request was answered"}
	case "expired":
		out.Err = &RequestError{Status: http.StatusRequestTimeout, Code: "expired", Message: "the batch expired before the request was answered"}
	default:
		out.Err = &RequestError{Status: http.StatusBadGateway, Code: r.Result.Type, Message: "unknown result type"}
	}
	return out
}

// anthropicStatus maps Anthropic's error types to the HTTP statuses its API uses for them.
func anthropicStatus(typ string) int {
	switch typ {
	case "invalid_request_error":
		return http.StatusBadRequest
	case "authentication_error":
		return http.StatusUnauthorized
	case "billing_error":
		return http.StatusPaymentRequired
	case "permission_error":
		return http.StatusForbidden
	case "not_found_error":
		return http.StatusNotFound
	case "request_too_large":
		return http.StatusRequestEntityTooLarge
	case "rate_limit_error":
		return http.StatusTooManyRequests
	case "timeout_error":
		return http.StatusGatewayTimeout
	case "overloaded_error":
		return 529
	default:
		return http.StatusInternalServerError
	}
}

// Cancel cancels the batch.
func (a *Anthropic) Cancel(ctx context.Context, id string) error {
	if _, err := a.client.Messages.Batches.Cancel(ctx, id, anthropic.MessageBatchCancelParams{}); err != nil {
		return anthropicError("cancel the batch", id, err)
	}
	return nil
}

// anthropicError turns an SDK error of op on batch id ("" when none) into a *RequestError
// carrying its status and naming the batch; other errors are wrapped as they are. The SDK's text
// of an error reply has had its credentials cut out (see redactErrors).
func anthropicError(op, id string, err error) error {
	var apierr *anthropic.Error
	if errors.As(err, &apierr) {
		var after time.Duration
		if apierr.Response != nil {
			after = llmx.RetryAfter(apierr.Response.Header)
		}
		return &RequestError{BatchID: id, Status: apierr.StatusCode, Message: op + ": " + apierr.Error(), RetryAfter: after}
	}
	if id != "" {
		return fmt.Errorf("batch: anthropic: %s %s: %w", op, id, err)
	}
	return fmt.Errorf("batch: anthropic: %s: %w", op, err)
}
