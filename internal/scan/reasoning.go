package scan

import (
	"strings"
)

// Reply is a model reply split into its reasoning and its answer (see [Split]).
type Reply struct {
	// Answer is the reply without its reasoning: the text a parser reads. It is "" when the
	// reply was cut off inside its reasoning (Cut).
	Answer string
	// Reasoning is the text of the reply's reasoning blocks, each trimmed, joined by a blank
	// line; "" when the reply has none. It is never an answer: keep it to audit the model.
	Reasoning string
	// Cut reports that the reply ended inside a reasoning block (a reply cut off by a token
	// limit, or a model that never finished thinking): it holds no answer, only a draft.
	Cut bool
}

// The names of the tags that open and close a reasoning block: <think>...</think> (DeepSeek-R1
// and its distills, Qwen3, QwQ), <thinking>...</thinking>, <reasoning>...</reasoning> and
// <thought>...</thought>.
var reasoningTags = [...]string{"think", "thinking", "reasoning", "thought"}

// Split separates a model reply into its reasoning and its answer. The rules:
//
//   - A reasoning block runs from an opening tag <think>, <thinking>, <reasoning> or <thought>
//     to the closing tag that ends it (</think>, ...): tags are read in any case, with blanks
//     allowed before the ">", wherever they stand (with or without a line break after them).
//     Blocks may nest; a block ends when every tag opened in it is closed, whatever the names.
//   - A closing tag with no block open means the reply began inside its reasoning, as it does
//     when the chat template opened the block before the model's first word (DeepSeek-R1
//     distills served by vLLM send "...reasoning...</think>\n\nanswer"): everything before it
//     is reasoning.
//   - A block still open at the end means the reply was cut off while reasoning: Cut is true,
//     Answer is "" and everything from the block on is Reasoning. A draft answer inside it is
//     never an answer.
//   - OpenAI's harmony format, when a server passes it through unparsed: the answer is the
//     message after the last "<|channel|>final<|message|>" (up to "<|return|>" or "<|end|>");
//     the messages before it are reasoning. A reply with harmony analysis or commentary
//     channels but no final message is Cut.
//
// The answer is the text outside the blocks, as it stands (the text before a block, if any, and
// the text after it, joined without a separator), so removing a block leaves exactly the text
// around it. A reply without reasoning is its own Answer. Split never panics.
func Split(text string) Reply {
	if strings.Contains(text, "<|channel|>") {
		if r, ok := harmony(text); ok {
			return r
		}
	}
	if strings.IndexByte(text, '<') < 0 {
		return Reply{Answer: text}
	}
	var answer strings.Builder
	var reasoning []string
	start, depth := 0, 0 // start of the current span: answer at depth 0, reasoning inside a block
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		end, closing, ok := tagAt(text, i)
		if !ok {
			continue
		}
		switch {
		case !closing && depth == 0:
			answer.WriteString(text[start:i])
			start, depth = end, 1
		case !closing:
			depth++
		case depth > 1:
			depth--
		case depth == 1:
			reasoning = appendTrimmed(reasoning, text[start:i])
			start, depth = end, 0
		default: // a closing tag with no block open: everything before it was reasoning
			reasoning = appendTrimmed(reasoning[:0], withoutTags(text[:i]))
			answer.Reset()
			start = end
		}
		i = end - 1
	}
	if depth > 0 {
		reasoning = appendTrimmed(reasoning, text[start:])
		return Reply{Reasoning: strings.Join(reasoning, "\n\n"), Cut: true}
	}
	answer.WriteString(text[start:])
	return Reply{Answer: answer.String(), Reasoning: strings.Join(reasoning, "\n\n")}
}

// appendTrimmed appends s, trimmed, to out unless it is blank.
func appendTrimmed(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
}

// withoutTags returns text without its reasoning tags.
func withoutTags(text string) string {
	var b strings.Builder
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '<' {
			continue
		}
		if end, _, ok := tagAt(text, i); ok {
			b.WriteString(text[start:i])
			start, i = end, end-1
		}
	}
	b.WriteString(text[start:])
	return b.String()
}

// tagAt reports whether a reasoning tag starts at text[i] (which is '<'), whether it closes a
// block, and the offset just past it.
func tagAt(text string, i int) (end int, closing, ok bool) {
	j := i + 1
	if j < len(text) && text[j] == '/' {
		closing = true
		j++
	}
	for _, name := range reasoningTags {
		if len(text)-j < len(name) || !strings.EqualFold(text[j:j+len(name)], name) {
			continue
		}
		k := j + len(name)
		for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		if k < len(text) && text[k] == '>' {
			return k + 1, closing, true
		}
	}
	return 0, false, false
}

// The markers of OpenAI's harmony format.
const (
	harmonyFinal   = "<|channel|>final<|message|>"
	harmonyChannel = "<|channel|>"
	harmonyMessage = "<|message|>"
)

// harmony splits a reply in OpenAI's harmony format (see [Split]); ok is false when text holds
// no harmony channel after all.
func harmony(text string) (Reply, bool) {
	final := strings.LastIndex(text, harmonyFinal)
	if final < 0 {
		if !strings.Contains(text, harmonyChannel+"analysis") && !strings.Contains(text, harmonyChannel+"commentary") {
			return Reply{}, false
		}
		return Reply{Reasoning: harmonyText(text), Cut: true}, true
	}
	answer := text[final+len(harmonyFinal):]
	for _, stop := range []string{"<|return|>", "<|end|>", "<|start|>"} {
		if k := strings.Index(answer, stop); k >= 0 {
			answer = answer[:k]
		}
	}
	return Reply{Answer: answer, Reasoning: harmonyText(text[:final])}, true
}

// harmonyText returns the messages of harmony text without its markers, each trimmed, joined by
// a blank line.
func harmonyText(text string) string {
	var out []string
	for _, part := range strings.Split(text, harmonyMessage)[1:] {
		for _, stop := range []string{"<|end|>", "<|return|>", "<|start|>", harmonyChannel} {
			if k := strings.Index(part, stop); k >= 0 {
				part = part[:k]
			}
		}
		out = appendTrimmed(out, part)
	}
	return strings.Join(out, "\n\n")
}
