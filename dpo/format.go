package dpo

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"
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

// Encoder writes examples in one format, one JSON object per line. Every line it writes passes
// [Validate] for that format: an example that would not is refused with an error wrapping
// [ErrInvalidExample] and nothing is written for it. The zero value is not usable; call
// [NewEncoder]. An Encoder is not safe for concurrent use.
type Encoder struct {
	w   io.Writer
	f   Format
	buf []byte
	n   int
}

// NewEncoder returns an Encoder that writes lines of format f to w. Each line is one w.Write call;
// wrap w in a [bufio.Writer] for many small lines.
func NewEncoder(w io.Writer, f Format) *Encoder { return &Encoder{w: w, f: f} }

// Count returns how many examples the Encoder has written.
func (e *Encoder) Count() int { return e.n }

// Encode checks ex against the format and writes it as one line.
func (e *Encoder) Encode(ex Example) error {
	if err := check(e.f, &ex); err != nil {
		return fmt.Errorf("%w (example %d, pair %q, %s)", err, e.n, ex.PairID, ex.Gender)
	}
	e.buf = appendLine(e.buf[:0], e.f, &ex, nil)
	if _, err := e.w.Write(e.buf); err != nil {
		return fmt.Errorf("dpo: write example %d: %w", e.n, err)
	}
	e.n++
	return nil
}

// Write writes examples to w in format f, one JSON object per line, and never writes a file that
// [Validate] rejects: every example is checked before the first byte is written, an example the
// format cannot hold is an error wrapping [ErrInvalidExample], and an empty list is [ErrNoExamples].
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
	lw := lineWriter{w: w, f: f}
	for i := range examples {
		if err := lw.add(&examples[i], nil); err != nil {
			return err
		}
	}
	return lw.flush()
}

// WriteSeq is the streaming form of [Write]: it writes each example as it arrives and returns how
// many it wrote. It stops at the first error, from examples or from writing; lines written before
// it are complete lines. No example at all is [ErrNoExamples].
func WriteSeq(w io.Writer, f Format, examples iter.Seq2[Example, error]) (int, error) {
	if !f.valid() {
		return 0, fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	lw := lineWriter{w: w, f: f}
	for ex, err := range examples {
		if err == nil {
			err = check(f, &ex)
			if err != nil {
				err = fmt.Errorf("%w (example %d, pair %q, %s)", err, lw.n, ex.PairID, ex.Gender)
			}
		}
		if err == nil {
			err = lw.add(&ex, nil)
		}
		if err != nil {
			if ferr := lw.flush(); ferr != nil {
				return lw.written, errors.Join(err, ferr)
			}
			return lw.written, err
		}
	}
	if err := lw.flush(); err != nil {
		return lw.written, err
	}
	if lw.n == 0 {
		return 0, ErrNoExamples
	}
	return lw.n, nil
}

// lineWriter gathers whole lines and writes them to w in chunks of about lineChunk bytes, so a
// failed write leaves whole lines only before the chunk it was writing.
type lineWriter struct {
	w       io.Writer
	f       Format
	buf     []byte
	n       int // lines added
	written int // lines written to w
	pending int // lines in buf
}

const lineChunk = 64 << 10

// add appends ex, which must have passed check, as a line; pf as for appendLine.
func (l *lineWriter) add(ex *Example, pf *promptFrom) error {
	l.buf = appendLine(l.buf, l.f, ex, pf)
	l.n++
	l.pending++
	if len(l.buf) >= lineChunk {
		return l.flush()
	}
	return nil
}

func (l *lineWriter) flush() error {
	if len(l.buf) == 0 {
		return nil
	}
	_, err := l.w.Write(l.buf)
	l.buf = l.buf[:0]
	if err != nil {
		return fmt.Errorf("dpo: write: %w", err)
	}
	l.written += l.pending
	l.pending = 0
	return nil
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

// appendLine appends ex in format f, with its newline, to dst. ex must have passed check. With
// pf non-nil the prompt is rendered from pf rather than read from ex.Prompt.
func appendLine(dst []byte, f Format, ex *Example, pf *promptFrom) []byte {
	sys := ex.System
	if isBlank(sys) {
		sys = ""
	}
	switch f {
	case TRL:
		dst = append(dst, `{"prompt":`...)
		dst = appendPlainPrompt(dst, sys, ex, pf)
		dst = append(dst, `,"chosen":`...)
		dst = appendString(dst, ex.Chosen)
		dst = append(dst, `,"rejected":`...)
		dst = appendString(dst, ex.Rejected)
	case TRLConversational:
		dst = append(dst, `{"prompt":`...)
		dst = appendPromptMessages(dst, sys, ex, pf, true)
		dst = append(dst, `,"chosen":`...)
		dst = appendAssistant(dst, ex.Chosen)
		dst = append(dst, `,"rejected":`...)
		dst = appendAssistant(dst, ex.Rejected)
	case OpenAI:
		dst = append(dst, `{"input":{"messages":`...)
		dst = appendPromptMessages(dst, sys, ex, pf, true)
		dst = append(dst, `},"preferred_output":`...)
		dst = appendAssistant(dst, ex.Chosen)
		dst = append(dst, `,"non_preferred_output":`...)
		dst = appendAssistant(dst, ex.Rejected)
	case SFT:
		dst = append(dst, `{"prompt":`...)
		dst = appendPlainPrompt(dst, sys, ex, pf)
		dst = append(dst, `,"completion":`...)
		dst = appendString(dst, ex.Chosen)
	case SFTMessages:
		dst = append(dst, `{"messages":`...)
		dst = appendPromptMessages(dst, sys, ex, pf, false)
		dst = append(dst, `,{"role":"assistant","content":`...)
		dst = appendString(dst, ex.Chosen)
		dst = append(dst, "}]"...)
	}
	return append(dst, '}', '\n')
}

// promptFrom is the source of a prompt rendered straight into JSON: a template and a side.
type promptFrom struct {
	c *config
	s *Side
}

// appendPromptBody appends the escaped prompt of ex, without quotes.
func appendPromptBody(dst []byte, ex *Example, pf *promptFrom) []byte {
	if pf == nil {
		return appendStringBody(dst, ex.Prompt)
	}
	return pf.c.appendPromptBody(dst, pf.s)
}

// appendPlainPrompt writes the prompt as one string, with the system prompt (if any) ahead of it.
func appendPlainPrompt(dst []byte, sys string, ex *Example, pf *promptFrom) []byte {
	dst = append(dst, '"')
	if sys != "" {
		dst = appendStringBody(dst, sys)
		dst = append(dst, `\n\n`...)
	}
	dst = appendPromptBody(dst, ex, pf)
	return append(dst, '"')
}

// appendPromptMessages writes [system?, user]; with closed false it leaves the list open.
func appendPromptMessages(dst []byte, sys string, ex *Example, pf *promptFrom, closed bool) []byte {
	dst = append(dst, '[')
	if sys != "" {
		dst = append(dst, `{"role":"system","content":`...)
		dst = appendString(dst, sys)
		dst = append(dst, "},"...)
	}
	dst = append(dst, `{"role":"user","content":"`...)
	dst = appendPromptBody(dst, ex, pf)
	dst = append(dst, '"', '}')
	if closed {
		dst = append(dst, ']')
	}
	return dst
}

func appendAssistant(dst []byte, content string) []byte {
	dst = append(dst, `[{"role":"assistant","content":`...)
	dst = appendString(dst, content)
	return append(dst, "}]"...)
}

const hexDigits = "0123456789abcdef"

// plain marks the bytes appendString copies as they are: printable ASCII other than '"' and
// '\\'. Built once, never modified.
var plain = func() (t [256]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// appendString appends s as a JSON string the way encoding/json does without HTML escaping:
// control characters escaped, each invalid UTF-8 byte written as \ufffd, U+2028 and U+2029 escaped.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendStringBody(dst, s)
	return append(dst, '"')
}

// appendStringBody is appendString without the quotes.
func appendStringBody(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		b := s[i]
		if b < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
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
