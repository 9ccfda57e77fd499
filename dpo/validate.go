package dpo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/jsonl"
)

// ErrInvalidLine is matched (with [errors.Is]) by every *[FormatError]: a line that does not fit
// its format.
var ErrInvalidLine = errors.New("dpo: line does not fit its format")

// FormatError lists everything wrong with one line of a training file. [Validate] wraps it in a
// *[jsonl.LineError] that gives the line number.
type FormatError struct {
	Format   Format   // the format the line was checked against
	Problems []string // what is wrong, in the order found
}

// Error lists the problems: "not a valid <format> row: <problem>; <problem>".
func (e *FormatError) Error() string {
	return fmt.Sprintf("not a valid %s row: %s", e.Format, strings.Join(e.Problems, "; "))
}

// Is reports whether target is [ErrInvalidLine].
func (e *FormatError) Is(target error) bool { return target == ErrInvalidLine }

// MaxReportedLines is how many bad lines [Validate] lists before it only counts the rest.
const MaxReportedLines = 10000

// Validate checks that every line of r is one valid row of format f and reports every bad line,
// not only the first: the error joins (with [errors.Join]) one *[jsonl.LineError] per bad line, each
// wrapping a *[FormatError] with all of that line's problems. After [MaxReportedLines] bad lines
// the rest are counted in one final error. A file with no line at all is [ErrNoExamples].
//
// The rules, for every format: each line is one JSON object (blank lines are errors); required
// fields are present with the right JSON type; every text is a non-blank string; in preference
// formats the chosen and rejected answers differ (compared trimmed).
//   - TRL: "prompt", "chosen" and "rejected" strings.
//   - TRLConversational: "prompt" is a non-empty list of messages with roles system (first only),
//     user or assistant, ending with a user message; "chosen" and "rejected" each hold exactly one
//     assistant message.
//   - OpenAI: "input" is an object whose "messages" list is non-empty, uses the roles system,
//     developer, user and assistant, and does not end with an assistant message;
//     "preferred_output" and "non_preferred_output" each hold exactly one assistant message.
//   - SFT: "prompt" and "completion" strings.
//   - SFTMessages: "messages" holds at least one user message and ends with an assistant message;
//     roles are system (first only), user and assistant.
//
// Messages are objects with a string "role" and a string "content"; other fields are allowed.
//
// Like the other readers it skips a leading byte order mark and refuses lines longer than
// [jsonl.MaxLineBytes] unless [jsonl.WithMaxLineBytes] says otherwise.
func Validate(r io.Reader, f Format, opts ...jsonl.ReadOption) error {
	if !f.valid() {
		return fmt.Errorf("%w: value %d", ErrUnknownFormat, int(f))
	}
	var errs []error
	bad := 0
	line := 0
	var readErr error
	for l, err := range ijsonl.Lines(r, opts...) {
		if err != nil {
			readErr = err
			break
		}
		line = l.N
		problems := validateLine(l.Text, f)
		if len(problems) == 0 {
			continue
		}
		bad++
		if bad <= MaxReportedLines {
			errs = append(errs, &jsonl.LineError{File: ijsonl.File(opts), Line: line, Err: &FormatError{Format: f, Problems: problems}})
		}
	}
	if bad > MaxReportedLines {
		errs = append(errs, fmt.Errorf("%w: %d more bad lines not listed", ErrInvalidLine, bad-MaxReportedLines))
	}
	if readErr != nil {
		errs = append(errs, readErr)
	} else if line == 0 {
		errs = append(errs, ErrNoExamples)
	}
	return errors.Join(errs...)
}

// validateLine returns the problems of one line; none means the line is valid.
func validateLine(b []byte, f Format) []string {
	var v lineCheck
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return []string{"blank line"}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return []string{"not a JSON object"}
	}
	switch f {
	case TRL:
		v.trl(obj)
	case TRLConversational:
		v.trlConversational(obj)
	case OpenAI:
		v.openAI(obj)
	case SFT:
		v.text(obj, "prompt")
		v.text(obj, "completion")
	case SFTMessages:
		v.sftMessages(obj)
	}
	return v.problems
}

// trl checks a row of [TRL].
func (v *lineCheck) trl(obj map[string]json.RawMessage) {
	c, cok := v.text(obj, "chosen")
	r, rok := v.text(obj, "rejected")
	v.text(obj, "prompt")
	v.differ(c, r, cok && rok, `"chosen" and "rejected"`)
}

// trlConversational checks a row of [TRLConversational].
func (v *lineCheck) trlConversational(obj map[string]json.RawMessage) {
	if msgs, ok := v.messages(obj, "prompt", chatRoles); ok {
		v.systemFirst("prompt", msgs)
		if last := msgs[len(msgs)-1]; last.role != "user" {
			v.addf("field %q: last message has role %q, want \"user\"", "prompt", last.role)
		}
	}
	c, cok := v.reply(obj, "chosen")
	r, rok := v.reply(obj, "rejected")
	v.differ(c, r, cok && rok, `"chosen" and "rejected"`)
}

// openAI checks a row of [OpenAI].
func (v *lineCheck) openAI(obj map[string]json.RawMessage) {
	if in, ok := v.object(obj, "input"); ok {
		if msgs, ok := v.messages(in, "messages", openAIRoles); ok {
			if last := msgs[len(msgs)-1]; last.role == "assistant" {
				v.addf("field %q: the last input message is from the assistant", "input.messages")
			}
		}
	}
	c, cok := v.reply(obj, "preferred_output")
	r, rok := v.reply(obj, "non_preferred_output")
	v.differ(c, r, cok && rok, `"preferred_output" and "non_preferred_output"`)
}

// sftMessages checks a row of [SFTMessages].
func (v *lineCheck) sftMessages(obj map[string]json.RawMessage) {
	msgs, ok := v.messages(obj, "messages", chatRoles)
	if !ok {
		return
	}
	v.systemFirst("messages", msgs)
	users := 0
	for _, m := range msgs {
		if m.role == "user" {
			users++
		}
	}
	if users == 0 {
		v.addf("field %q: no user message", "messages")
	}
	if last := msgs[len(msgs)-1]; last.role != "assistant" {
		v.addf("field %q: last message has role %q, want \"assistant\"", "messages", last.role)
	}
}

var (
	chatRoles   = map[string]bool{"system": true, "user": true, "assistant": true}
	openAIRoles = map[string]bool{"system": true, "developer": true, "user": true, "assistant": true}
)

type message struct{ role, content string }

// lineCheck collects the problems of one line.
type lineCheck struct{ problems []string }

func (v *lineCheck) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// text reads a required non-blank string field.
func (v *lineCheck) text(obj map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := obj[key]
	if !ok {
		v.addf("missing field %q", key)
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		v.addf("field %q: want a string, got %s", key, jsonKind(raw))
		return "", false
	}
	if isBlank(s) {
		v.addf("field %q is blank", key)
		return "", false
	}
	return s, true
}

// object reads a required JSON object field.
func (v *lineCheck) object(obj map[string]json.RawMessage, key string) (map[string]json.RawMessage, bool) {
	raw, ok := obj[key]
	if !ok {
		v.addf("missing field %q", key)
		return nil, false
	}
	var in map[string]json.RawMessage
	if err := json.Unmarshal(raw, &in); err != nil || in == nil {
		v.addf("field %q: want an object, got %s", key, jsonKind(raw))
		return nil, false
	}
	return in, true
}

// messages reads a required non-empty list of messages whose roles are in roles; ok is false
// when the list is missing, empty or has a bad message.
func (v *lineCheck) messages(obj map[string]json.RawMessage, key string, roles map[string]bool) ([]message, bool) {
	raw, ok := obj[key]
	if !ok {
		v.addf("missing field %q", key)
		return nil, false
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		v.addf("field %q: want a list of messages, got %s", key, jsonKind(raw))
		return nil, false
	}
	if len(list) == 0 {
		v.addf("field %q: no messages", key)
		return nil, false
	}
	out := make([]message, 0, len(list))
	good := true
	for i, m := range list {
		where := fmt.Sprintf("%s[%d]", key, i)
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(m, &fields); err != nil || fields == nil {
			v.addf("field %q: want a message object, got %s", where, jsonKind(m))
			good = false
			continue
		}
		var sub lineCheck
		role, rok := sub.text(fields, "role")
		content, cok := sub.text(fields, "content")
		for _, p := range sub.problems {
			v.addf("%s: %s", where, p)
		}
		if rok && !roles[role] {
			v.addf("%s: unknown role %q", where, role)
			rok = false
		}
		good = good && rok && cok
		out = append(out, message{role: role, content: content})
	}
	return out, good
}

// reply reads a list that must hold exactly one assistant message and returns its content.
func (v *lineCheck) reply(obj map[string]json.RawMessage, key string) (string, bool) {
	msgs, ok := v.messages(obj, key, chatRoles)
	if !ok {
		return "", false
	}
	if len(msgs) != 1 {
		v.addf("field %q: want exactly one assistant message, got %d messages", key, len(msgs))
		return "", false
	}
	if msgs[0].role != "assistant" {
		v.addf("field %q: message has role %q, want \"assistant\"", key, msgs[0].role)
		return "", false
	}
	return msgs[0].content, true
}

// systemFirst flags system messages anywhere but first.
func (v *lineCheck) systemFirst(key string, msgs []message) {
	for i, m := range msgs[min(1, len(msgs)):] {
		if m.role == "system" {
			v.addf("field %q: system message at position %d, allowed only first", key, i+1)
		}
	}
}

// differ flags equal answers; ok says both were read.
func (v *lineCheck) differ(a, b string, ok bool, what string) {
	if ok && strings.TrimSpace(a) == strings.TrimSpace(b) {
		v.addf("%s are the same text", what)
	}
}

// jsonKind names the JSON type of raw for messages.
func jsonKind(raw json.RawMessage) string {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}
