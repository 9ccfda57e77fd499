package scan

import (
	"encoding/json"
	"io"
	"strings"
	"unicode"
)

// Object finds the JSON object that answer, a reply's answer (see [Split]), consists of, as
// models send one:
//
//   - the object alone, or in one code fence ("```json" ... "```");
//   - after a preamble of at most three lines that hold no "{" ("Here is the JSON:"),
//     returned so that a parser can check that it names no answer of its own;
//   - followed by nothing, or only by asides ([IsAside] with no value: "Let me know if ...",
//     "*Note: ...*").
//
// The object must be well-formed JSON. ok is false for anything else: no object, two objects
// (a model correcting itself), text that is not an aside after it. Object never panics.
func Object(answer string) (obj, preamble string, ok bool) {
	lines := Lines(strings.TrimSpace(answer))
	i, ok := objectStart(lines)
	if !ok {
		return "", "", false
	}
	obj, after, ok := objectAt(lines, i)
	if !ok || !onlyAsides(after) {
		return "", "", false
	}
	return obj, strings.TrimSpace(strings.Join(lines[:i], "\n")), true
}

// objectStart returns the index of the line of lines that opens the object (with "{" or a
// fence), after a preamble of at most maxPreamble lines that hold no "{".
func objectStart(lines []string) (int, bool) {
	said := 0
	for i, ln := range lines {
		ln = strings.TrimSpace(ln)
		if strings.HasPrefix(ln, "{") || IsFence(ln) {
			return i, true
		}
		if ln == "" {
			continue
		}
		if said++; said > maxPreamble || strings.Contains(ln, "{") {
			return 0, false
		}
	}
	return 0, false
}

// objectAt reads the object that starts at lines[i], alone or in a closed code fence, and
// returns it and the text after it.
func objectAt(lines []string, i int) (obj, after string, ok bool) {
	if !IsFence(lines[i]) {
		rest := strings.TrimSpace(strings.Join(lines[i:], "\n"))
		end, ok := objectEnd(rest)
		if !ok {
			return "", "", false
		}
		return rest[:end], rest[end:], true
	}
	k := i + 1
	for k < len(lines) && !IsFence(lines[k]) {
		k++
	}
	if k == len(lines) {
		return "", "", false // an unclosed fence
	}
	body := strings.TrimSpace(strings.Join(lines[i+1:k], "\n"))
	end, ok := objectEnd(body)
	if !ok || strings.TrimSpace(body[end:]) != "" {
		return "", "", false
	}
	return body, strings.Join(lines[k+1:], "\n"), true
}

// onlyAsides reports whether after, the text after an object, holds nothing but fences and
// asides ([IsAside] with no value).
func onlyAsides(after string) bool {
	for _, p := range strings.Split(strings.ReplaceAll(strings.TrimSpace(after), "\r", ""), "\n\n") {
		if p = strings.TrimSpace(p); p != "" && !IsFence(p) && !isAside(p, "") {
			return false
		}
	}
	return true
}

// maxPreamble is how many non-blank lines may come before the object [Object] finds.
const maxPreamble = 3

// objectEnd reports whether s starts with a well-formed JSON object, and the offset after it.
func objectEnd(s string) (int, bool) {
	if !strings.HasPrefix(s, "{") {
		return 0, false
	}
	d := json.NewDecoder(strings.NewReader(s))
	var raw json.RawMessage
	if err := d.Decode(&raw); err != nil {
		return 0, false
	}
	return int(d.InputOffset()), true
}

// Fields returns the members of a JSON object, by key, in the order they appear: a key given
// twice has two values. Keys are read loosely, as models write them: lower case, without
// characters other than letters and digits ("Explanation_1", "explanation 1" and
// "explanation1" are all "explanation1"). ok is false when obj is not one JSON object and
// nothing else. Fields never panics.
func Fields(obj string) (fields map[string][]json.RawMessage, ok bool) {
	d := json.NewDecoder(strings.NewReader(obj))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	fields = map[string][]json.RawMessage{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, false
		}
		key, isKey := t.(string)
		if !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, false
		}
		k := Key(key)
		fields[k] = append(fields[k], v)
	}
	if t, err := d.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return fields, true
}

// Key is a JSON key as [Fields] reads it: lower case, letters and digits only.
func Key(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// Strings returns the values of the first of keys (given as [Key] returns them) that fields
// holds. present is false when fields holds none of keys; ok is false when a value of that key
// is not a JSON string (a number, a list, null: the wrong type, which a parser must not guess
// from).
func Strings(fields map[string][]json.RawMessage, keys ...string) (vals []string, present, ok bool) {
	for _, k := range keys {
		raws, found := fields[k]
		if !found {
			continue
		}
		for _, raw := range raws {
			var s string
			if t := strings.TrimSpace(string(raw)); !strings.HasPrefix(t, `"`) || json.Unmarshal(raw, &s) != nil {
				return nil, true, false
			}
			vals = append(vals, s)
		}
		return vals, true, true
	}
	return nil, false, true
}
