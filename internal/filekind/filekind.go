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
	"strings"

	"github.com/evenhand/evenhand/internal/htmlpage"
	"github.com/evenhand/evenhand/internal/jsonl"
)

// Kind is a kind of file.
type Kind int

// The kinds of files the module reads and writes.
const (
	Unknown      Kind = iota // nothing recognised
	Empty                    // no value at all
	GenMO                    // the GenMO benchmark: one JSON array of {"male_story", "female_story", ...}
	Results                  // GenMO results: JSONL of {"male": {"story", "stance", ...}, "female": ..., "label"}
	Records                  // dpo records: JSONL of {"male": {"story", "character_name", ...}, ..., "id"}
	Training                 // a training file: JSONL rows of one of dpo's formats
	Stories                  // stories to swap: JSONL of {"story": ...} or {"text": ...}
	BenchResults             // bench results: JSONL of {"item": {...}, "reply": ...}
	Report                   // an HTML report made by evenhand (its style sheet or its footer)
	HTML                     // an HTML page made by something else
	UTF16                    // text in UTF-16, which no reader of the module takes
	Card                     // a dataset card written by dpo.Card.WriteMarkdown (README.md)
	CardJSON                 // a dataset card's metadata written by dpo.Card.WriteJSON (dataset.json)
	TwinRecords              // twin records: JSONL of {"axis", "groups", "sides": [{"group", "story", "character_name", ...}, ...], "id"}
	TwinResults              // twin results: JSONL of {"axis", "groups", "sides": [{"group", "story", "stance", "explanation"}, ...], "label"}
	AxisReport               // the JSON of a report on another axis (eval.TwinReport, TwinChange or QuadReport)
)

var names = [...]string{"an unrecognised file", "an empty file", "a GenMO dataset", "a GenMO results file", "a file of dpo records", "a training file", "a file of stories",
	"a bench results file", "an evenhand HTML report", "an HTML page", "UTF-16 text (convert it to UTF-8 first, for example with iconv -f UTF-16 -t UTF-8)",
	"an evenhand dataset card", "an evenhand dataset card's metadata", "a file of twin records", "a twin results file",
	"an evenhand report on an axis (JSON)"}

// String describes the kind in words: "a GenMO dataset".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(names) {
		return names[0]
	}
	return names[k]
}

// Of recognises data from its first value: the first element of a JSON array, the first
// non-blank line, or a whole JSON object spread over lines; an HTML page or a dataset card from
// its head. A leading UTF-8 byte order mark is skipped; UTF-16 text is [UTF16].
func Of(data []byte) Kind {
	if jsonl.UTF16(data[:min(4, len(data))]) {
		return UTF16
	}
	data = bytes.TrimPrefix(data, []byte(jsonl.BOM))
	t := bytes.TrimSpace(data)
	switch {
	case len(t) == 0:
		return Empty
	case t[0] == '<':
		return page(t)
	case isCard(t):
		return Card
	case t[0] == '[':
		return ofArray(t)
	}
	line := t
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		line = bytes.TrimSpace(t[:i])
	}
	if k := OfLine(line); k != Unknown || t[0] != '{' || len(line) == len(t) {
		return k
	}
	return ofDocument(t)
}

// isCard reports whether t is a dataset card written by dpo.Card.WriteMarkdown: YAML front
// matter with a default config, naming evenhand.
func isCard(t []byte) bool {
	return bytes.HasPrefix(t, []byte("---")) && bytes.Contains(t, []byte("\n- config_name: default")) && bytes.Contains(t, []byte("evenhand"))
}

// ofArray recognises a JSON array from its first element: GenMO's pairs.
func ofArray(t []byte) Kind {
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

// ofDocument recognises a JSON object over several lines (an indented document such as
// dataset.json).
func ofDocument(t []byte) Kind {
	var doc map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(t)).Decode(&doc) != nil || doc == nil {
		return Unknown
	}
	if has(doc, "splits") && has(doc, "format") && has(doc, "template") {
		return CardJSON
	}
	if has(doc, "mismatch_rate") && (has(doc, "axis") && (has(doc, "twins") || has(doc, "quads"))) ||
		has(doc, "before") && has(doc, "mcnemar_p") && !has(doc, "resolution") {
		return AxisReport
	}
	return Unknown
}

// cssSignature is the first rule of the style sheet every evenhand HTML report carries.
var cssSignature, _, _ = strings.Cut(htmlpage.CSS, "\n")

// page tells an evenhand HTML report from another page (or other markup).
func page(t []byte) Kind {
	head := bytes.ToLower(t[:min(len(t), 512)])
	if !bytes.HasPrefix(head, []byte("<!doctype html")) && !bytes.HasPrefix(head, []byte("<html")) {
		return Unknown
	}
	if bytes.Contains(t, []byte(cssSignature)) || bytes.Contains(t, []byte("<footer>Made by evenhand")) {
		return Report
	}
	return HTML
}

// OfLine recognises one JSONL line.
func OfLine(line []byte) Kind {
	var row map[string]json.RawMessage
	if json.Unmarshal(line, &row) != nil || row == nil {
		return Unknown
	}
	if k := ofKeys(row); k != Unknown {
		return k
	}
	if k := ofTwin(row); k != Unknown {
		return k
	}
	return ofPair(row)
}

// ofTwin recognises a row of a twin on an axis by its axis and its first side: a twin record, or
// a twin result.
func ofTwin(row map[string]json.RawMessage) Kind {
	var sides []map[string]json.RawMessage
	if !has(row, "axis") || json.Unmarshal(row["sides"], &sides) != nil || len(sides) == 0 || sides[0] == nil {
		return Unknown
	}
	switch first := sides[0]; {
	case has(first, "character_name") || has(first, "neutral_explanation"):
		return TwinRecords
	case has(row, "label") || has(first, "stance"):
		return TwinResults
	}
	return Unknown
}

// ofKeys recognises a row by its own keys: a GenMO pair, a bench result, a training row, a
// story to swap.
func ofKeys(row map[string]json.RawMessage) Kind {
	switch {
	case has(row, "male_story") || has(row, "female_story"):
		return GenMO
	case has(row, "item") && has(row, "reply"):
		return BenchResults
	case has(row, "prompt") || has(row, "messages") || has(row, "preferred_output") || has(row, "chosen"):
		return Training
	case has(row, "story") || has(row, "text"):
		return Stories
	}
	return Unknown
}

// ofPair recognises a row of two sides by its male side: a dpo record, or a GenMO result.
func ofPair(row map[string]json.RawMessage) Kind {
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

// File recognises the file at path from its first 1 MiB, or, when that is the start of one long
// JSON line (a record holding a story of several megabytes), from that whole line, up to the
// module's line limit.
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
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte(jsonl.BOM)), " \t\r\n")
	if len(t) == 0 || t[0] != '{' || bytes.IndexByte(t, '\n') >= 0 {
		return Unknown
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Unknown
	}
	for l, err := range jsonl.Lines(f) {
		if err != nil {
			return Unknown
		}
		if !l.Blank() {
			return OfLine(l.Text)
		}
	}
	return Unknown
}

func has(m map[string]json.RawMessage, k string) bool { _, ok := m[k]; return ok }
