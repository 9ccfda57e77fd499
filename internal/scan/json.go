package scan

import (
	"encoding/json"
	"io"
	"strings"
)

// JSON decodes text, a reply asked for in JSON mode, into v strictly: the text must be one JSON
// object and nothing else (blanks around it, or one code fence around it, are allowed), with no
// field that v does not have. It reports whether it succeeded; on false, v may be partly filled
// and the caller falls back to reading the reply as text. JSON never panics.
func JSON(text string, v any) bool {
	s := strings.TrimSpace(text)
	if lines := Lines(s); len(lines) >= 3 && IsFence(lines[0]) && IsFence(lines[len(lines)-1]) {
		s = strings.TrimSpace(strings.Join(lines[1:len(lines)-1], "\n"))
	}
	if !strings.HasPrefix(s, "{") {
		return false
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return false
	}
	var rest json.RawMessage
	if err := d.Decode(&rest); err != io.EOF {
		return false
	}
	return true
}
