package dpo

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
)

// Format is the layout of a training file: the JSON object each line holds. The zero value is TRL.
type Format int

// The formats [Write] produces and [Validate] checks. The first three are preference (DPO)
// formats and need Example.Rejected; the last two are supervised (SFT) formats and ignore it.
const (
	// TRL is TRL's standard preference layout with an explicit prompt:
	// {"prompt": "...", "chosen": "...", "rejected": "..."}. A system prompt goes ahead of the prompt.
	TRL Format = iota
	// TRLConversational is TRL's conversational preference layout: prompt is a list of messages
	// (an optional system message, then the user's), chosen and rejected hold one assistant message each.
	TRLConversational
	// OpenAI is the preference JSONL of OpenAI's DPO fine-tuning, which Together's validator also
	// accepts: {"input": {"messages": [...]}, "preferred_output": [...], "non_preferred_output": [...]}.
	OpenAI
	// SFT is the prompt/completion layout of supervised fine-tuning: {"prompt": "...", "completion": "..."}.
	// The completion is Example.Chosen; a system prompt goes ahead of the prompt.
	SFT
	// SFTMessages is the chat layout of supervised fine-tuning: {"messages": [system?, user, assistant]}.
	SFTMessages
)

var formatNames = [...]string{
	TRL:               "trl",
	TRLConversational: "trl-conversational",
	OpenAI:            "openai",
	SFT:               "sft",
	SFTMessages:       "sft-messages",
}

// ErrUnknownFormat is wrapped by errors for a Format value or name that is not one of the formats.
var ErrUnknownFormat = errors.New("dpo: unknown format")

// Formats returns every format, in declaration order. The slice is new on each call.
func Formats() []Format { return []Format{TRL, TRLConversational, OpenAI, SFT, SFTMessages} }

// String returns the format's name: "trl", "trl-conversational", "openai", "sft" or "sft-messages".
func (f Format) String() string {
	if f.valid() {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Preference reports whether f is a preference format (TRL, TRLConversational, OpenAI), whose
// rows need a rejected answer.
func (f Format) Preference() bool { return f >= TRL && f <= OpenAI }

func (f Format) valid() bool { return f >= 0 && int(f) < len(formatNames) }

// ParseFormat reads a format name as [Format.String] writes it. Case, spaces and the choice of
// '-' or '_' do not matter; "together" is read as OpenAI and "trl-conv" as TRLConversational.
func ParseFormat(s string) (Format, error) {
	n := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	switch n {
	case "together":
		return OpenAI, nil
	case "trl-conv", "conversational":
		return TRLConversational, nil
	}
	for i, name := range formatNames {
		if n == name {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %q (want one of trl, trl-conversational, openai, sft, sft-messages)", ErrUnknownFormat, s)
}

// MarshalText encodes f as its name. An out-of-range value is an error.
func (f Format) MarshalText() ([]byte, error) {
	if !f.valid() {
		return nil, fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	return []byte(f.String()), nil
}

// UnmarshalText decodes a name with [ParseFormat].
func (f *Format) UnmarshalText(text []byte) error {
	v, err := ParseFormat(string(text))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// ErrNoExamples is returned when a file would hold, or holds, no example: trainers reject it.
var ErrNoExamples = errors.New("dpo: no examples")

// ErrInvalidExample is wrapped by errors for examples a format cannot hold: a blank prompt or
// answer, or (in preference formats) a blank rejected answer or one equal to the chosen one.
var ErrInvalidExample = errors.New("dpo: example does not fit the format")

// Encoder writes examples in one format, one JSON object per line: the one path every row of
// this package takes to a file ([Write] and [WriteRecords] are loops over an Encoder). Every line
// it writes passes [Validate] for that format: an example that would not is refused with an error
// wrapping [ErrInvalidExample] and nothing is written for it. The JSON is written by encoding/json
// without HTML escaping; an invalid UTF-8 byte in a text becomes U+FFFD. The zero value is not
// usable; call [NewEncoder]. An Encoder is not safe for concurrent use.
type Encoder struct {
	w       io.Writer
	f       Format
	buf     []byte
	n       int // lines encoded
	written int // lines written to w
	pending int // lines in buf, not yet written
	chunk   int // write when buf holds this many bytes; 0: each line at once
}

// NewEncoder returns an Encoder that writes lines of format f to w. Each line is one w.Write call;
// wrap w in a [bufio.Writer] for many small lines.
func NewEncoder(w io.Writer, f Format) *Encoder { return &Encoder{w: w, f: f} }

// lineChunk is the size of the writes of [Write] and [WriteRecords]: whole lines only, so a
// failed write leaves whole lines before the chunk it was writing.
const lineChunk = 64 << 10

// Count returns how many examples the Encoder has written.
func (e *Encoder) Count() int { return e.n }

// Encode checks ex against the format and writes it as one line.
func (e *Encoder) Encode(ex Example) error {
	if err := check(e.f, &ex); err != nil {
		return fmt.Errorf("%w (example %d, pair %q, %s)", err, e.n, ex.PairID, ex.side())
	}
	line, err := ijsonl.Append(e.buf, row(e.f, &ex))
	if err != nil {
		return fmt.Errorf("dpo: example %d (pair %q, %s): %w", e.n, ex.PairID, ex.side(), err)
	}
	e.buf = line
	e.n++
	e.pending++
	if len(e.buf) >= e.chunk {
		return e.Flush()
	}
	return nil
}

// Flush writes the lines an Encoder of [Write] or [WriteRecords] holds; a plain Encoder holds none.
func (e *Encoder) Flush() error {
	if len(e.buf) == 0 {
		return nil
	}
	_, err := e.w.Write(e.buf)
	e.buf = e.buf[:0]
	if err != nil {
		return fmt.Errorf("dpo: write example %d: %w", e.written, err)
	}
	e.written += e.pending
	e.pending = 0
	return nil
}

// Write writes examples to w in format f, one JSON object per line, and never writes a file that
// [Validate] rejects: every example is checked before the first byte is written, an example the
// format cannot hold is an error wrapping [ErrInvalidExample], and an empty list is [ErrNoExamples].
// To write examples as they arrive, use an [Encoder].
func Write(w io.Writer, f Format, examples []Example) error {
	if !f.valid() {
		return fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	if len(examples) == 0 {
		return ErrNoExamples
	}
	for i := range examples {
		if err := check(f, &examples[i]); err != nil {
			return fmt.Errorf("%w (example %d, pair %q, %s)", err, i, examples[i].PairID, examples[i].side())
		}
	}
	e := &Encoder{w: w, f: f, chunk: lineChunk}
	for _, ex := range examples {
		if err := e.Encode(ex); err != nil {
			return err
		}
	}
	return e.Flush()
}

// The rows of each format, in the field order the trainers' documentation shows.
type (
	chatMessage struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}
	trlRow struct {
		Prompt   string `json:"prompt"`
		Chosen   string `json:"chosen"`
		Rejected string `json:"rejected"`
	}
	trlChatRow struct {
		Prompt   []chatMessage `json:"prompt"`
		Chosen   []chatMessage `json:"chosen"`
		Rejected []chatMessage `json:"rejected"`
	}
	openAIInput struct {
		Messages []chatMessage `json:"messages"`
	}
	openAIRow struct {
		Input              openAIInput   `json:"input"`
		PreferredOutput    []chatMessage `json:"preferred_output"`
		NonPreferredOutput []chatMessage `json:"non_preferred_output"`
	}
	sftRow struct {
		Prompt     string `json:"prompt"`
		Completion string `json:"completion"`
	}
	sftChatRow struct {
		Messages []chatMessage `json:"messages"`
	}
)

// row returns the row of format f for ex, which must have passed check. A system prompt goes
// in a system message, or ahead of the prompt in the plain-text formats.
func row(f Format, ex *Example) any {
	sys := ex.System
	if isBlank(sys) {
		sys = ""
	}
	plain := ex.Prompt
	var prompt []chatMessage
	if sys != "" {
		plain = sys + "\n\n" + ex.Prompt
		prompt = append(prompt, chatMessage{"system", sys})
	}
	prompt = append(prompt, chatMessage{"user", ex.Prompt})
	answer := func(s string) []chatMessage { return []chatMessage{{"assistant", s}} }
	switch f {
	case TRLConversational:
		return trlChatRow{prompt, answer(ex.Chosen), answer(ex.Rejected)}
	case OpenAI:
		return openAIRow{openAIInput{prompt}, answer(ex.Chosen), answer(ex.Rejected)}
	case SFT:
		return sftRow{plain, ex.Chosen}
	case SFTMessages:
		return sftChatRow{append(prompt, chatMessage{"assistant", ex.Chosen})}
	default:
		return trlRow{plain, ex.Chosen, ex.Rejected}
	}
}

// check reports why ex cannot be written in format f, applying the rules [Validate] applies.
func check(f Format, ex *Example) error {
	if !f.valid() {
		return fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	if isBlank(ex.Prompt) {
		return fmt.Errorf("%w: prompt is blank", ErrInvalidExample)
	}
	return checkAnswers(f, ex)
}

// checkAnswers is check without the prompt.
func checkAnswers(f Format, ex *Example) error {
	switch {
	case isBlank(ex.Chosen):
		return fmt.Errorf("%w: chosen answer is blank", ErrInvalidExample)
	}
	if f.Preference() {
		switch {
		case isBlank(ex.Rejected):
			return fmt.Errorf("%w: rejected answer is blank", ErrInvalidExample)
		case sameText(ex.Chosen, ex.Rejected):
			return fmt.Errorf("%w: chosen and rejected answers are the same", ErrInvalidExample)
		}
	}
	return nil
}

// jsonText returns s as it reads back from JSON: each invalid UTF-8 byte becomes U+FFFD.
func jsonText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
