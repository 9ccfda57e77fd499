package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"
)

// A Backend speaks one provider's batch API. [OpenAI] and [Anthropic] are the two this package
// provides; a test may supply its own. A Backend is used by one [Model] loop at a time, but
// its methods must be safe for concurrent use by several Models.
//
// Backend has more than one method because a provider batch has a life cycle (submit, poll,
// read, cancel), the way database/sql/driver.Conn has Prepare, Close and Begin.
type Backend interface {
	// Name identifies the provider ("openai", "anthropic"); it is part of every request key,
	// so that one state directory never mixes two providers' replies.
	Name() string
	// MaxRequests is the most requests the provider takes in one batch. A Backend may also
	// have a method MaxBytes() int, the most bytes of request bodies in one batch: a [Model]
	// then cuts its queue by size too.
	MaxRequests() int
	// Encode turns one call into the provider's request body, as canonical JSON: the same
	// call always gives the same bytes. It returns an error wrapping [ErrUnsupported] for a
	// call option or message a batch cannot honour.
	Encode(call Call) ([]byte, error)
	// Submit creates one batch of the requests and returns its provider id.
	Submit(ctx context.Context, reqs []Request) (id string, err error)
	// Poll reports the state of the batch.
	Poll(ctx context.Context, id string) (Status, error)
	// Results calls yield with the result of each request of an ended batch, in any order.
	// Requests without a result (a batch that expired or was cancelled) are simply left out.
	Results(ctx context.Context, id string, yield func(Result) error) error
	// Cancel asks the provider to stop the batch.
	Cancel(ctx context.Context, id string) error
}

// Finder is the optional interface of a [Backend] that can find a batch by its request set
// ([SetID]) when its id was never recorded: the process died between the provider's creation
// of the batch and the synced record of its id. FindBatch returns "" when there is none.
// [OpenAI] implements it through batch metadata; without it such a batch is submitted again.
type Finder interface {
	FindBatch(ctx context.Context, set string) (id string, err error)
}

// Request is one request of a batch: Key is its custom_id, Body what [Backend.Encode] made.
type Request struct {
	Key  string
	Body []byte
}

// Status is what [Backend.Poll] saw of a batch.
type Status struct {
	Ended      bool          // the batch will change no more: its results can be read
	State      string        // the provider's own word: "validating", "in_progress", "ended"...
	Done       int           // requests finished so far, when the provider says
	Total      int           // requests in the batch, when the provider says
	RetryAfter time.Duration // the wait the provider asked for before the next poll; 0 for none
	// Err, for an ended batch, is the failure of the whole batch (a file that failed
	// validation): every request without a result gets it.
	Err *RequestError
}

// Result is the outcome of one request: a Reply, or the error the provider gave it.
type Result struct {
	Key   string
	Reply *Reply
	Err   *RequestError
}

// Reply is a finished reply in a provider-neutral form; it is what the state directory keeps.
type Reply struct {
	Choices          []Choice `json:"choices"`
	PromptTokens     int      `json:"prompt_tokens,omitempty"`
	CompletionTokens int      `json:"completion_tokens,omitempty"`
	TotalTokens      int      `json:"total_tokens,omitempty"`
}

// Choice is one choice of a reply.
type Choice struct {
	Content    string `json:"content"`
	StopReason string `json:"stop_reason,omitempty"`
}

// SetID names a set of requests independently of their order: a hash of their keys. The
// [OpenAI] backend stores it in the batch's metadata (key "evenhand_request_set"), so that
// a process that died between creating a batch and recording its id finds the batch again.
func SetID(reqs []Request) string {
	keys := make([]string, len(reqs))
	for i, r := range reqs {
		keys[i] = r.Key
	}
	return setOf(keys)
}

func setOf(keys []string) string {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{'\n'})
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// hashKey returns the key of a request body: a hash of the provider's name and the body.
func hashKey(backend string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(backend))
	h.Write([]byte{0})
	h.Write(body)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}
