package dpo

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/jsonl"
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
// wrapping [ErrInvalidExample] and nothing is written for it. The JSON is byte for byte what
// encoding/json writes without HTML escaping; an invalid UTF-8 byte in a text becomes U+FFFD. The zero value is not usable;
// call [NewEncoder]. An Encoder is not safe for concurrent use.
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
		return fmt.Errorf("%w (example %d, pair %q, %s)", err, e.n, ex.PairID, ex.Gender)
	}
	line := appendRow(e.buf, e.f, &ex)
	if err := jsonl.CheckLine(line[len(e.buf):]); err != nil {
		return fmt.Errorf("dpo: example %d (pair %q, %s): %w", e.n, ex.PairID, ex.Gender, err)
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
			return fmt.Errorf("%w (example %d, pair %q, %s)", err, i, examples[i].PairID, examples[i].Gender)
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

// appendRow appends ex as one line of format f: the JSON object of the format's row, fields in
// the order the trainers' documentation shows, then '\n'. The bytes are those encoding/json's
// Encoder writes for the row with HTML escaping off (FuzzEncoderJSON holds it to that); writing
// them by hand keeps reflection out of the hot loop. ex must have passed check.
func appendRow(b []byte, f Format, ex *Example) []byte {
	sys := ex.System
	if isBlank(sys) {
		sys = ""
	}
	switch f {
	case TRL, SFT:
		plain := ex.Prompt
		if sys != "" {
			plain = sys + "\n\n" + ex.Prompt
		}
		b = appendString(append(b, `{"prompt":`...), plain)
		if f == SFT {
			b = appendString(append(b, `,"completion":`...), ex.Chosen)
		} else {
			b = appendString(append(b, `,"chosen":`...), ex.Chosen)
			b = appendString(append(b, `,"rejected":`...), ex.Rejected)
		}
		b = append(b, '}')
	case TRLConversational:
		b = appendPrompt(append(b, `{"prompt":[`...), sys, ex.Prompt)
		b = appendMessage(append(b, `],"chosen":[`...), "assistant", ex.Chosen)
		b = appendMessage(append(b, `],"rejected":[`...), "assistant", ex.Rejected)
		b = append(b, "]}"...)
	case OpenAI:
		b = appendPrompt(append(b, `{"input":{"messages":[`...), sys, ex.Prompt)
		b = appendMessage(append(b, `]},"preferred_output":[`...), "assistant", ex.Chosen)
		b = appendMessage(append(b, `],"non_preferred_output":[`...), "assistant", ex.Rejected)
		b = append(b, "]}"...)
	case SFTMessages:
		b = appendPrompt(append(b, `{"messages":[`...), sys, ex.Prompt)
		b = appendMessage(append(b, ','), "assistant", ex.Chosen)
		b = append(b, "]}"...)
	}
	return append(b, '\n')
}

// appendPrompt appends the prompt's messages, comma-separated: the system message when sys is
// not "", then the user's.
func appendPrompt(b []byte, sys, prompt string) []byte {
	if sys != "" {
		b = append(appendMessage(b, "system", sys), ',')
	}
	return appendMessage(b, "user", prompt)
}

// appendMessage appends the chat message {"role":role,"content":content}; role needs no escaping.
func appendMessage(b []byte, role, content string) []byte {
	b = append(append(append(b, `{"role":"`...), role...), `","content":`...)
	return append(appendString(b, content), '}')
}

// appendString appends s as a JSON string exactly as encoding/json writes it with HTML escaping
// off: '"' and '\\' are escaped with a backslash, control bytes as \b \f \n \r \t or \u00xx,
// each invalid UTF-8 byte becomes \ufffd, U+2028 and U+2029 become \u2028 and \u2029, and every
// other byte (including '<', '>', '&' and DEL) is copied.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is yet to be copied
	for i := 0; i < len(s); {
		// Skip plain bytes (printable ASCII other than '"' and '\\') eight at a time, with the
		// usual bit tricks on a 64-bit word x: (v-ones)&^v sets the high bit of each zero byte of v
		// (and maybe of bytes above one), (x-0x20*ones)&^x that of each byte below 0x20, and x
		// its own for each non-ASCII byte. A word with any of those is left to the loop below.
		for ; i+8 <= len(s); i += 8 {
			const ones, highs = 0x0101010101010101, 0x8080808080808080
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			q, bs := x^('"'*ones), x^('\\'*ones)
			if (x|(x-0x20*ones)&^x|(q-ones)&^q|(bs-ones)&^bs)&highs != 0 {
				break
			}
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
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
