// Package batchfake provides fake provider batch servers for tests and offline demos: OpenAI's
// Files and Batches API and Anthropic's Message Batches. Each is an http.Handler to serve with
// httptest.NewServer (loopback only). Batches move through the providers' real states, one
// state per poll, and their answers come from a Reply function, so a test can compare them with
// a scripted live model. Results come back in an order unlike the requests' (reversed), and a
// [Script] can fail single requests, expire, fail or cancel whole batches, or hold them running.
//
// Every type here is safe for concurrent use.
package batchfake

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
)

// Script decides what happens to batches and requests. The zero Script completes every batch
// after one poll in each running state and answers every request.
type Script struct {
	// Steps is the number of polls a batch spends in each running state; 0 means 1.
	Steps int
	// Outcome returns how batch n (0-based, in creation order) ends: "completed" (also ""),
	// "expired" (half of its requests answered), "failed" (validation failed, none answered)
	// or "cancelled" (cancelled by someone else, half answered).
	Outcome func(n int) string
	// Fail returns the HTTP status to fail one request with, or 0 to answer it. attempt counts
	// the batches that held this custom_id before, from 0.
	Fail func(customID, prompt string, attempt int) int
	// Hold keeps batch n (0-based, in creation order) running while it returns true.
	Hold func(n int) bool
}

// Stats counts what a fake server saw.
type Stats struct {
	Uploads   int            // files uploaded (OpenAI)
	Creations int            // batches created
	Sets      map[string]int // creations per distinct set of custom_ids
	Requests  int            // requests in all created batches
	Answered  int            // requests answered (Reply called)
	Failed    int            // requests failed by the Script
	Polls     int            // batch retrievals
	PollsOf   []int          // retrievals per batch, in creation order
	Cancels   int            // cancel calls
}

// core is the state both fakes share.
type core struct {
	mu       sync.Mutex
	stats    Stats
	attempts map[string]int // custom_id -> batches it was in
}

func (c *core) created(ids []string) map[string]int {
	c.stats.Creations++
	c.stats.PollsOf = append(c.stats.PollsOf, 0)
	c.stats.Requests += len(ids)
	if c.stats.Sets == nil {
		c.stats.Sets = map[string]int{}
	}
	c.stats.Sets[setKey(ids)]++
	if c.attempts == nil {
		c.attempts = map[string]int{}
	}
	att := make(map[string]int, len(ids))
	for _, id := range ids {
		att[id] = c.attempts[id]
		c.attempts[id]++
	}
	return att
}

func (c *core) snapshot() Stats {
	s := c.stats
	s.PollsOf = append([]int(nil), c.stats.PollsOf...)
	s.Sets = make(map[string]int, len(c.stats.Sets))
	for k, v := range c.stats.Sets {
		s.Sets[k] = v
	}
	return s
}

// setKey names a set of custom_ids independently of their order.
func setKey(ids []string) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	h := sha256.Sum256([]byte(strings.Join(s, "\n")))
	return hex.EncodeToString(h[:8])
}

func (s Script) steps() int { return max(s.Steps, 1) }

func (s Script) outcome(n int) string {
	if s.Outcome == nil {
		return "completed"
	}
	if o := s.Outcome(n); o != "" {
		return o
	}
	return "completed"
}

func (s Script) held(n int) bool { return s.Hold != nil && s.Hold(n) }

// tokens counts the words of s, the fakes' token usage.
func tokens(s string) int { return len(strings.Fields(s)) }
