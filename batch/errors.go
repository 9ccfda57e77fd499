package batch

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/evenhand/evenhand/batch/internal/state"
	"github.com/evenhand/evenhand/llmx"
)

// ErrUnsupported is wrapped by the error of a call that a batch cannot honour: streaming,
// tools, non-text messages, or an option the provider's batch API lacks. Such a call is refused
// before anything is queued.
var ErrUnsupported = errors.New("batch: not supported in a batch")

// ErrClosed is returned by calls on a [Model] after [Model.Close], and by the calls still
// waiting when it was called.
var ErrClosed = errors.New("batch: model closed")

// ErrState is wrapped by the errors of a state directory that cannot be used: a damaged line
// in the middle of its file, or a file that cannot be written.
var ErrState = state.ErrDamaged

// StateFile is the name of the file in a state directory (see [WithStateDir]).
const StateFile = state.File

// RequestError is the failure of one request: the provider's error for it, a batch that failed
// as a whole, or a batch that expired or was cancelled before the request was answered.
//
// Status is an HTTP-like status code: the provider's own for a request it answered with an
// error, 408 for a request left unanswered when its batch expired, 409 when its batch was
// cancelled by someone else, 400 for a batch that failed validation. Retryable tells whether
// asking again may help; the error unwraps to an *llmx.StatusError, so [llmx.Retry] understands it.
type RequestError struct {
	Key        string        // the request's custom_id
	BatchID    string        // the provider batch it was in ("" when the submission failed)
	Status     int           // HTTP-like status, see above
	Code       string        // the provider's error code or type, such as "rate_limit_error"; may be ""
	Message    string        // the provider's message; may be ""
	RetryAfter time.Duration // a wait the provider asked for; usually 0
}

// Error describes the failure, naming the request and its batch: "batch: request K in batch B
// failed with status 404 (Not Found) ...". A request whose batch was never created says so; an
// error of a whole batch (Key "") names the batch, and one of a submission that created none
// says "submission".
func (e *RequestError) Error() string {
	s := "batch: "
	switch {
	case e.Key != "" && e.BatchID != "":
		s += "request " + e.Key + " in batch " + e.BatchID
	case e.Key != "":
		s += "request " + e.Key + " (no batch was created for it)"
	case e.BatchID != "":
		s += "batch " + e.BatchID
	default:
		s += "submission"
	}
	s += " failed with status " + strconv.Itoa(e.Status)
	if t := http.StatusText(e.Status); t != "" {
		s += " (" + t + ")"
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Retryable reports whether asking again may help: statuses 408, 409, 425, 429, 500, 502, 503,
// 504 and 529, except a used-up quota; the rule of [llmx.StatusError.Transient].
func (e *RequestError) Retryable() bool { return e.StatusError().Transient() }

// StatusError returns the failure as the module's status error, which [llmx.Retry] and
// [llmx.Transient] read.
func (e *RequestError) StatusError() *llmx.StatusError {
	return &llmx.StatusError{Status: e.Status, RetryAfter: e.RetryAfter, Code: e.Code, Message: e.Message}
}

// Unwrap returns the failure as an *[llmx.StatusError], so errors.As finds it and
// [llmx.Retry] retries what is retryable.
func (e *RequestError) Unwrap() error { return e.StatusError() }

func (e *RequestError) clone(key string) *RequestError {
	c := *e
	c.Key = key
	return &c
}
