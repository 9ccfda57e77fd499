// Package filekind recognises the files the module reads from their first value, so that a
// program handed the wrong one can say what it looks like ("this looks like a GenMO dataset; use
// -data") instead of failing on a field.
package filekind

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
)

// Kind is a kind of file.
type Kind int

// The kinds of files the module reads and writes.
const (
	Unknown  Kind = iota // nothing recognised
	Empty                // no value at all
	GenMO                // the GenMO benchmark: one JSON array of {"male_story", "female_story", ...}
	Results              // GenMO results: JSONL of {"male": {"story", "stance", ...}, "female": ..., "label"}
	Records              // dpo records: JSONL of {"male": {"story", "character_name", ...}, ..., "id"}
	Training             // a training file: JSONL rows of one of dpo's formats
	Stories              // stories to swap: JSONL of {"story": ...} or {"text": ...}
)

var names = [...]string{"an unrecognised file", "an empty file", "a GenMO dataset", "a GenMO results file", "a file of dpo records", "a training file", "a file of stories"}

// String describes the kind in words: "a GenMO dataset".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(names) {
		return names[0]
	}
	return names[k]
}

// Of recognises data from its first value: the first element of a JSON array, or the first
// non-blank line. A leading byte order mark is skipped.
func Of(data []byte) Kind {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	t := bytes.TrimSpace(data)
	if len(t) == 0 {
		return Empty
	}
	if t[0] == '[' {
		dec := json.NewDecoder(bytes.NewReader(t))
		if _, err := dec.Token(); err != nil {
			return Unknown
		}
		var first map[string]json.RawMessage
		if !dec.More() || dec.Decode(&first) != nil {
			return Unknown
		}
		if has(first, "male_story") || has(first, "female_story") {
			return GenMO
		}
		return Unknown
	}
	line := t
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		line = bytes.TrimSpace(t[:i])
	}
	return OfLine(line)
}

// OfLine recognises one JSONL line.
func OfLine(line []byte) Kind {
	var row map[string]json.RawMessage
	if json.Unmarshal(line, &row) != nil || row == nil {
		return Unknown
	}
	switch {
	case has(row, "male_story") || has(row, "female_story"):
		return GenMO
	case has(row, "prompt") || has(row, "messages") || has(row, "preferred_output") || has(row, "chosen"):
		return Training
	case has(row, "story") || has(row, "text"):
		return Stories
	}
	var male map[string]json.RawMessage
	if json.Unmarshal(row["male"], &male) != nil || male == nil {
		return Unknown
	}
	switch {
	case has(male, "character_name") || has(male, "neutral_explanation") || has(row, "example_source"):
		return Records
	case has(row, "label") || has(male, "stance"):
		return Results
	}
	return Unknown
}

// File recognises the file at path from its first 1 MiB.
func File(path string) Kind {
	f, err := os.Open(path)
	if err != nil {
		return Unknown
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(bufio.NewReader(f), 1<<20))
	if k := Of(b); k != Unknown || len(b) < 1<<20 {
		return k
	}
	return Unknown
}

func has(m map[string]json.RawMessage, k string) bool { _, ok := m[k]; return ok }
