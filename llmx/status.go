package llmx

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// StatusError is an error status (400 and above) from a model provider's HTTP API, made visible
// by [StatusTransport], [HTTPClient] and [Doer]. The langchaingo providers hide status codes in
// plain error strings; with this type [Retry] can tell a rate limit (429) from a bad request (400).
//
// Code, Type and Message never hold the API key: credentials sent with the request are cut out
// of them (see [Redact]).
type StatusError struct {
	Status     int           // the HTTP status code, such as 429
	RetryAfter time.Duration // the wait the provider asked for (Retry-After or retry-after-ms); 0 when it asked for none
	Code       string        // the provider's error code, such as "insufficient_quota"; may be ""
	Type       string        // the provider's error type, such as "invalid_request_error"; may be ""
	Message    string        // the provider's error message, shortened, credentials removed; may be ""
}

// Error describes the status, the provider's error code, the wait asked for and the provider's
// message: "llmx: provider answered status 429 (Too Many Requests), retry after 20s: ...".
func (e *StatusError) Error() string {
	s := "llmx: provider answered status " + strconv.Itoa(e.Status)
	if t := http.StatusText(e.Status); t != "" {
		s += " (" + t + ")"
	}
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.RetryAfter > 0 {
		s += ", retry after " + e.RetryAfter.String()
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Transient reports whether the status is worth retrying: 408, 409, 425, 429, 500, 502, 503, 504
// and 529 (overloaded). Every other status, notably 400, 401, 403 and 404, is not; nor is a 429
// whose code, type or message says the account's quota is used up ("insufficient_quota"), since
// waiting does not refill it.
func (e *StatusError) Transient() bool {
	return transientStatus(e.Status) && !quotaExhausted(e.Code+" "+e.Type+" "+e.Message)
}

func transientStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusConflict, http.StatusTooEarly, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout, 529:
		return true
	}
	return false
}

// maxMessage bounds the provider message kept in a StatusError, in bytes.
const maxMessage = 512

// StatusTransport is an [http.RoundTripper] that turns every response with status 400 or above
// into a *[StatusError] (its body read, shortened and closed), so the status reaches the caller
// through any client that keeps wrapped errors. Other responses pass through untouched.
//
// The zero value sends requests with [http.DefaultTransport]. It is safe for concurrent use when
// Base is.
type StatusTransport struct {
	Base http.RoundTripper // the transport that sends requests; nil means http.DefaultTransport
}

var _ http.RoundTripper = StatusTransport{}

// RoundTrip sends req with t.Base and converts error statuses into a *StatusError.
func (t StatusTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || resp.StatusCode < http.StatusBadRequest {
		return resp, err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	secret := secrets(req)
	if resp.Request != nil && resp.Request != req { // as sent, with headers Base may have added
		secret = append(secret, secrets(resp.Request)...)
	}
	pm := providerMessage(body)
	return nil, &StatusError{
		Status:     resp.StatusCode,
		RetryAfter: retryAfter(resp.Header, time.Now()),
		Code:       shorten(Redact(pm.code, secret...), maxMessage),
		Type:       shorten(Redact(pm.typ, secret...), maxMessage),
		Message:    shorten(Redact(pm.message, secret...), maxMessage),
	}
}

// HTTPClient returns a copy of base (nil: a new client with no timeout) whose transport is a
// [StatusTransport] around base's. Pass it to ollama.WithHTTPClient: the ollama provider returns
// transport errors as they are, so errors.As finds the *StatusError. For the openai provider use
// [Doer], which also gets the error past openai's rewriting of transport errors.
func HTTPClient(base *http.Client) *http.Client {
	var c http.Client
	if base != nil {
		c = *base
	}
	if _, ok := c.Transport.(StatusTransport); !ok {
		c.Transport = StatusTransport{Base: c.Transport}
	}
	return &c
}

// Doer sends requests with an [HTTPClient] and returns its errors unwrapped from the
// [*url.Error] that [http.Client] adds. Pass it to openai.WithHTTPClient: langchaingo's openai
// provider replaces every error that is a net.Error (which *url.Error is) with a fixed string, so
// without Doer the status code is lost.
//
// A transport failure comes back as an error wrapping the cause (a reset connection, a refused
// dial), never the request URL, so a key carried in a query string cannot leak through it.
// The zero value uses a new [HTTPClient]; a Doer is safe for concurrent use.
type Doer struct {
	Client *http.Client // the client to send with; nil means HTTPClient(nil). Its transport should be a StatusTransport.
}

// NewDoer returns a Doer sending with HTTPClient(base).
func NewDoer(base *http.Client) *Doer { return &Doer{Client: HTTPClient(base)} }

// Do sends req. Errors are *StatusError, the request context's error, or a wrapped transport error.
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	c := d.Client
	if c == nil {
		c = HTTPClient(nil)
	}
	resp, err := c.Do(req)
	if err == nil {
		return resp, nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var se *StatusError
	if errors.As(err, &se) {
		return nil, se
	}
	if ctxErr := req.Context().Err(); ctxErr != nil {
		return nil, ctxErr
	}
	// Wrapping keeps the cause for errors.Is (syscall.ECONNRESET, io.ErrUnexpectedEOF) while the
	// result is no longer itself a net.Error, which the openai provider would flatten.
	return nil, &transportError{err: err}
}

// transportError is a failed request that got no response. It deliberately does not implement
// net.Error (see Doer).
type transportError struct{ err error }

func (e *transportError) Error() string { return "llmx: transport: " + e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// RetryAfter returns the wait the headers of a response ask for: retry-after-ms (milliseconds,
// as OpenAI-style APIs send it) or Retry-After (delay-seconds or an HTTP date). Unreadable,
// negative and past values, and delays of more than a day, are 0. It is the one reader of these
// headers in the module: [StatusTransport] fills [StatusError.RetryAfter] with it, and the
// batch backends read a poll's wait with it.
func RetryAfter(h http.Header) time.Duration { return retryAfter(h, time.Now()) }

// retryAfter is [RetryAfter] at the time now.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 && ms < float64(24*time.Hour/time.Millisecond) {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 || s > int64(24*time.Hour/time.Second) {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// providerError is what an error body says.
type providerError struct{ code, typ, message string }

// providerMessage extracts the error from a body: OpenAI's {"error":{"message","code","type"}},
// Ollama's {"error":"..."}, or else the body itself, with runs of white space made one space.
func providerMessage(body []byte) providerError {
	var v struct {
		Error json.RawMessage `json:"error"`
	}
	out := providerError{message: string(body)}
	if json.Unmarshal(body, &v) == nil && len(v.Error) > 0 {
		var s string
		var o struct {
			Message string `json:"message"`
			Code    any    `json:"code"` // a string for OpenAI, a number for some compatible servers
			Type    string `json:"type"`
		}
		switch {
		case json.Unmarshal(v.Error, &s) == nil:
			out.message = s
		case json.Unmarshal(v.Error, &o) == nil && (o.Message != "" || o.Code != nil || o.Type != ""):
			out.typ = o.Type
			if o.Message != "" {
				out.message = o.Message
			}
			switch c := o.Code.(type) {
			case string:
				out.code = c
			case float64:
				out.code = strconv.FormatFloat(c, 'f', -1, 64)
			}
		}
	}
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return providerError{code: clean(out.code), typ: clean(out.typ), message: clean(out.message)}
}

// shorten cuts s to at most n bytes on a rune boundary, marking the cut with "...".
func shorten(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// Secrets returns the credentials a request carries, for [Redact]: the Authorization token
// (with and without its scheme), api-key style headers (x-api-key, api-key, ...) and key-like
// query parameters. [StatusTransport] uses it; so does anything else that turns a provider's
// reply into an error (the batch backends).
func Secrets(req *http.Request) []string { return secrets(req) }

// secrets is [Secrets].
func secrets(req *http.Request) []string {
	var out []string
	add := func(v string) {
		if v = strings.TrimSpace(v); len(v) >= 4 {
			out = append(out, v)
		}
	}
	for _, h := range []string{"Authorization", "Proxy-Authorization"} {
		for _, v := range req.Header.Values(h) {
			add(v)
			if _, tok, ok := strings.Cut(v, " "); ok {
				add(tok)
			}
		}
	}
	for k, vs := range req.Header {
		if lk := strings.ToLower(k); strings.Contains(lk, "key") || strings.Contains(lk, "token") {
			for _, v := range vs {
				add(v)
			}
		}
	}
	if req.URL != nil {
		for k, vs := range req.URL.Query() {
			if lk := strings.ToLower(k); strings.Contains(lk, "key") || strings.Contains(lk, "token") {
				for _, v := range vs {
					add(v)
				}
			}
		}
	}
	return out
}

// Redact returns s with every occurrence of each secret replaced by "[redacted]", and, for a
// secret of 16 bytes or more without spaces, also its first and last 8 bytes wherever they occur
// (as in "Incorrect API key provided: sk-abc...wxyz" messages). Secrets shorter than 4 bytes are
// ignored: cutting them out would garble ordinary words. This is the one redaction of the module:
// [StatusTransport] applies it to the credentials of each request, dpo/hosted to its API key.
func Redact(s string, secrets ...string) string {
	secrets = slices.DeleteFunc(slices.Clone(secrets), func(sec string) bool { return len(sec) < 4 })
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, sec := range secrets {
		s = strings.ReplaceAll(s, sec, "[redacted]")
	}
	for _, sec := range secrets {
		if len(sec) >= 16 && !strings.ContainsAny(sec, " \t") {
			s = strings.ReplaceAll(s, sec[:8], "[redacted]")
			s = strings.ReplaceAll(s, sec[len(sec)-8:], "[redacted]")
		}
	}
	return s
}
