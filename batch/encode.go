package batch

import (
	"fmt"
	"strings"

	"github.com/tmc/langchaingo/llms"
)

// Call is one GenerateContent call: its messages and its options, applied.
type Call struct {
	Messages []llms.MessageContent
	Options  llms.CallOptions
}

// message is a text message with a role in the providers' words ("system", "user", "assistant").
type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// textMessages flattens msgs into text messages. Parts other than text (images, tool calls)
// and roles other than system, human and ai are refused.
func textMessages(msgs []llms.MessageContent) ([]message, error) {
	if len(msgs) == 0 {
		return nil, fmt.Errorf("%w: a call without messages", ErrUnsupported)
	}
	out := make([]message, 0, len(msgs))
	for i, m := range msgs {
		var role string
		switch m.Role {
		case llms.ChatMessageTypeSystem:
			role = "system"
		case llms.ChatMessageTypeHuman, llms.ChatMessageTypeGeneric:
			role = "user"
		case llms.ChatMessageTypeAI:
			role = "assistant"
		default:
			return nil, fmt.Errorf("%w: message %d has role %q (only system, human and ai messages can be batched)", ErrUnsupported, i, m.Role)
		}
		var b strings.Builder
		for j, p := range m.Parts {
			t, ok := p.(llms.TextContent)
			if !ok {
				return nil, fmt.Errorf("%w: message %d part %d is a %T (only text can be batched)", ErrUnsupported, i, j, p)
			}
			if j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(t.Text)
		}
		out = append(out, message{Role: role, Content: b.String()})
	}
	return out, nil
}

// refuseCommon refuses the options no batch API can honour.
func refuseCommon(o llms.CallOptions) error {
	var bad []string
	if o.StreamingFunc != nil || o.StreamingReasoningFunc != nil {
		bad = append(bad, "streaming (a batch answers hours later, all at once)")
	}
	if len(o.Tools) > 0 || len(o.Functions) > 0 || o.ToolChoice != nil || o.FunctionCallBehavior != "" {
		bad = append(bad, "tools and functions")
	}
	if o.CandidateCount > 0 {
		bad = append(bad, "candidate count (use llms.WithN)")
	}
	if o.MinLength > 0 || o.MaxLength > 0 {
		bad = append(bad, "min/max length")
	}
	if o.RepetitionPenalty != 0 {
		bad = append(bad, "repetition penalty")
	}
	if o.ResponseMIMEType != "" {
		bad = append(bad, "response MIME type")
	}
	if len(o.Metadata) > 0 {
		bad = append(bad, "metadata")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s", ErrUnsupported, strings.Join(bad, ", "))
	}
	return nil
}
