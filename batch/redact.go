package batch

import (
	"bytes"

	"io"
	"net/http"

	"github.com/evenhand/evenhand/llmx"
)

// maxErrorBody bounds the error body a backend reads (and redacts) from a provider.
const maxErrorBody = 1 << 20

// redactErrors is a middleware of both providers' SDK clients (they share the shape): the body
// of every error response passes through [llmx.Redact] with the credentials the request carried
// ([llmx.Secrets]) before the SDK reads it, and so does the text of a request that failed
// without a response. A provider (or a proxy) that quotes the API key in its error can so never
// put it in a *RequestError, an Event, a log line or a state file: the one redaction of the
// module, applied where the reply enters.
func redactErrors(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	secrets := llmx.Secrets(req)
	resp, err := next(req)
	if err != nil {
		if msg := err.Error(); llmx.Redact(msg, secrets...) != msg {
			return resp, &redactedError{msg: llmx.Redact(msg, secrets...), err: err}
		}
		return resp, err
	}
	if resp == nil || resp.StatusCode < http.StatusBadRequest || resp.Body == nil {
		return resp, nil
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	clean := []byte(llmx.Redact(string(body), secrets...))
	if rerr != nil {
		clean = append(clean, []byte(" (error body cut short: "+llmx.Redact(rerr.Error(), secrets...)+")")...)
	}
	resp.Body = io.NopCloser(bytes.NewReader(clean))
	resp.ContentLength = int64(len(clean))
	if resp.Header != nil {
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}

// redactedError is a transport error whose text held a credential: it says the redacted text
// and still unwraps to the cause, so errors.Is finds a reset connection or a cancelled context.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
