package evenhand

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/tmc/langchaingo/llms"
	"golang.org/x/time/rate"
)

// Limiter is an [llms.Model] that keeps the calls to the model it wraps within a number of
// requests per minute and tokens per minute, as providers' rate limits count them. Wrap a model
// once and give the same Limiter to every stage that uses it, so that all stages share the budget.
//
// Requests are spread evenly: at most one second's worth may go at once. Tokens are counted from
// the reply's GenerationInfo (TotalTokens, or PromptTokens + CompletionTokens, as the openai and
// ollama providers fill them): before a call the Limiter waits for an estimate of its prompt
// (a token per 4 bytes of text), and after the reply it charges what the provider reported beyond
// that estimate, so later calls wait until the minute's budget has room again. Up to a minute's
// tokens may be spent at once.
//
// Make one with [Limit]; the zero value is not usable. A Limiter is safe for concurrent use by
// multiple goroutines when the model it wraps is.
type Limiter struct {
	model llms.Model
	req   *rate.Limiter // nil: requests are not limited
	tok   *rate.Limiter // nil: tokens are not limited
}

var _ llms.Model = (*Limiter)(nil)

// Limit returns m wrapped in a [Limiter] allowing rpm requests and tpm tokens per minute.
// A limit of 0 or less leaves that dimension unlimited.
func Limit(m llms.Model, rpm, tpm int) *Limiter {
	l := &Limiter{model: m}
	if rpm > 0 {
		l.req = rate.NewLimiter(rate.Limit(float64(rpm)/60), max(1, int(math.Ceil(float64(rpm)/60))))
	}
	if tpm > 0 {
		l.tok = rate.NewLimiter(rate.Limit(float64(tpm)/60), tpm)
	}
	return l
}

// GenerateContent waits for capacity, calls the wrapped model and charges the tokens it reports.
func (l *Limiter) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	est, err := l.wait(ctx, msgs)
	if err != nil {
		return nil, err
	}
	resp, err := l.model.GenerateContent(ctx, msgs, opts...)
	l.settle(resp, est)
	return resp, err
}

// Call implements the deprecated part of [llms.Model] through GenerateContent.
func (l *Limiter) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, l, prompt, opts...)
}

// wait blocks until a request with msgs fits the limits, and returns the tokens it took in advance.
func (l *Limiter) wait(ctx context.Context, msgs []llms.MessageContent) (int, error) {
	if l.req != nil {
		if err := l.req.Wait(ctx); err != nil {
			return 0, fmt.Errorf("evenhand: rate limit: %w", waitErr(ctx, err))
		}
	}
	if l.tok == nil {
		return 0, nil
	}
	est := min(estimateTokens(msgs), l.tok.Burst())
	if err := l.tok.WaitN(ctx, est); err != nil {
		return 0, fmt.Errorf("evenhand: rate limit: %w", waitErr(ctx, err))
	}
	return est, nil
}

// waitErr prefers the context's error to the limiter's own ("would exceed context deadline").
func waitErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

// settle charges the tokens resp reports beyond the estimate already taken. It never blocks: the
// charge is a debt that later calls wait out.
func (l *Limiter) settle(resp *llms.ContentResponse, est int) {
	if l.tok == nil {
		return
	}
	if extra := min(tokensUsed(resp)-est, l.tok.Burst()); extra > 0 {
		l.tok.ReserveN(time.Now(), extra)
	}
}

// estimateTokens guesses the prompt tokens of msgs: one per 4 bytes of text, at least 1.
func estimateTokens(msgs []llms.MessageContent) int {
	n := 0
	for _, m := range msgs {
		for _, p := range m.Parts {
			if t, ok := p.(llms.TextContent); ok {
				n += len(t.Text)
			}
		}
	}
	return n/4 + 1
}

// tokensUsed returns the tokens resp reports. The providers copy the usage of the whole response
// into every choice, so the largest figure of any choice is taken, not their sum.
func tokensUsed(resp *llms.ContentResponse) int {
	if resp == nil {
		return 0
	}
	total := 0
	for _, c := range resp.Choices {
		if c == nil {
			continue
		}
		t := intValue(c.GenerationInfo["TotalTokens"])
		if t == 0 {
			t = intValue(c.GenerationInfo["PromptTokens"]) + intValue(c.GenerationInfo["CompletionTokens"])
		}
		total = max(total, t)
	}
	return total
}

func intValue(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int32:
		return int(n)
	case int64:
		return int(n)
	case float64:
		if n > 0 && n < math.MaxInt32 {
			return int(n)
		}
	}
	return 0
}
