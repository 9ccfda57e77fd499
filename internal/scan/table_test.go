package scan

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLabelTableRow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line, word, rest string
		ok               bool
	}{
		{"| **Stance** | B. Immoral |", "stance", "B. Immoral", true},
		{"| Stance | B. Immoral |", "stance", "B. Immoral", true},
		{"|Stance|**B**|", "stance", "B**", true},
		{"| Stance: | Immoral |", "stance", "Immoral", true},
		{"  | *Explanation* | She lied.<br>Twice. |", "explanation", "She lied.\nTwice.", true},
		{"| Male name | Tom |", "male name", "Tom", true},
		{"| Stance | B | high |", "stance", "", false},
		{"| Stances | B |", "stance", "", false},
		{"| The stance | B |", "stance", "", false},
		{"| Stance: B |", "stance", "B", true},
		{"|---|---|", "stance", "", false},
		{"| Stance |", "stance", "", true},
		{"a | Stance | B |", "stance", "", false},
		{`| Stance | B \| C |`, "stance", "B | C", true},
	}
	for _, tt := range tests {
		rest, ok := Label(tt.line, tt.word)
		assert.Equal(t, tt.ok, ok, "Label(%q, %q) ok", tt.line, tt.word)
		assert.Equal(t, tt.rest, rest, "Label(%q, %q) rest", tt.line, tt.word)
	}
}

func TestTables(t *testing.T) {
	t.Parallel()
	labels := []string{"stance", "explanation"}
	tests := []struct {
		name, in, want string
	}{
		{"no table", "STANCE: B", "STANCE: B"},
		{"empty header dropped", "| | |\n|---|---|\n| **Stance** | B |\n| **Explanation** | x |", "\n\n| **Stance** | B |\n| **Explanation** | x |"},
		{"field header dropped", "| Field | Value |\n|:--|--:|\n| Stance | B |", "\n\n| Stance | B |"},
		{"labels header turned on its side", "| Stance | Explanation |\n|---|---|\n| B. Immoral | She lied. |\nThanks.", "\n\n| Stance | B. Immoral |\n| Explanation | She lied. |\nThanks."},
		{"labels header over two rows: dropped", "| Stance | Explanation |\n|---|---|\n| A | x |\n| B | y |", "\n\n| A | x |\n| B | y |"},
		{"first row made the header", "| Stance | B. Immoral |\n|---|---|\n| Explanation | She lied. |", "| Stance | B. Immoral |\n\n| Explanation | She lied. |"},
		{"header without rows", "| Stance | B |\n|---|---|", "| Stance | B |\n"},
		{"crlf", "| Stance | B |\r\n|---|---|\r\n", "| Stance | B |\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Tables(tt.in, labels...), "Tables(%q)", tt.in)
		})
	}
}

func TestSectionsTableCell(t *testing.T) {
	t.Parallel()
	parts, found := Sections("| Explanation 1 | a |\n| Confidence | high |\n| Explanation 2 | b |\n\nHope this helps!", "explanation 1", "explanation 2")
	assert.Equal(t, 2, found)
	assert.Equal(t, []string{"a", "b"}, parts, "a table cell is the whole value")
}

func TestObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, obj, preamble string
		ok                      bool
	}{
		{"bare", `{"stance": "B"}`, `{"stance": "B"}`, "", true},
		{"fenced", "```json\n{\"stance\": \"B\"}\n```", `{"stance": "B"}`, "", true},
		{"preamble", "Here is the JSON:\n{\"stance\": \"B\"}", `{"stance": "B"}`, "Here is the JSON:", true},
		{"preamble and fence", "Sure!\n\nHere is my answer:\n\n```json\n{\"a\": 1}\n```\n", `{"a": 1}`, "Sure!\n\nHere is my answer:", true},
		{"trailing offer", "{\"a\": 1}\n\nLet me know if you need anything else.", `{"a": 1}`, "", true},
		{"trailing note", "```\n{\"a\": 1}\n```\n\n*Note: the stance is a letter.*", `{"a": 1}`, "", true},
		{"trailing text", `{"a": 1} and more`, "", "", false},
		{"two objects", "{\"a\": 1}\n{\"a\": 2}", "", "", false},
		{"two fenced objects", "```\n{\"a\": 1}\n{\"a\": 2}\n```", "", "", false},
		{"long preamble", "one\ntwo\nthree\nfour\n{\"a\": 1}", "", "", false},
		{"brace in preamble", "Use {this}:\n{\"a\": 1}", "", "", false},
		{"broken", `{"a": 1`, "", "", false},
		{"unclosed fence", "```\n{\"a\": 1}", "", "", false},
		{"array", `[{"a": 1}]`, "", "", false},
		{"text", "STANCE: B", "", "", false},
		{"empty", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			obj, pre, ok := Object(tt.in)
			assert.Equal(t, tt.ok, ok, "Object(%q) ok", tt.in)
			assert.Equal(t, tt.obj, obj, "Object(%q) obj", tt.in)
			assert.Equal(t, tt.preamble, pre, "Object(%q) preamble", tt.in)
		})
	}
}

func TestFieldsAndStrings(t *testing.T) {
	t.Parallel()
	f, ok := Fields(`{"Stance": "B", "stance": "A", "Explanation_1": "x", "n": 1, "o": {"stance": "C"}}`)
	assert.True(t, ok)
	vals, present, typed := Strings(f, "stance")
	assert.Equal(t, []string{"B", "A"}, vals, "a key given twice has two values")
	assert.True(t, present)
	assert.True(t, typed)
	vals, _, _ = Strings(f, "explanation1")
	assert.Equal(t, []string{"x"}, vals)
	_, present, typed = Strings(f, "n")
	assert.True(t, present)
	assert.False(t, typed, "a number is the wrong type")
	_, present, _ = Strings(f, "missing", "o")
	assert.True(t, present)
	_, present, typed = Strings(f, "missing")
	assert.False(t, present)
	assert.True(t, typed)
	for _, bad := range []string{`[1]`, `{"a": 1} {}`, `{"a"}`, ``, `{"a": nul}`} {
		_, ok := Fields(bad)
		assert.False(t, ok, "Fields(%q)", bad)
	}
	_, _, typed = Strings(map[string][]json.RawMessage{"s": {json.RawMessage("null")}}, "s")
	assert.False(t, typed, "null is the wrong type")
}

func TestIsSignOff(t *testing.T) {
	t.Parallel()
	assert.True(t, IsSignOff("Let me know if you'd like more detail!", "She lied."))
	assert.True(t, IsSignOff("Feel free to ask if you need more.", "Feel free to ask if you need more."), "the reader addressed")
	assert.True(t, IsSignOff("*Note: context matters.*", ""))
	assert.True(t, IsSignOff("I hope this helps!", "She lied."))
	assert.False(t, IsSignOff("I hope this helps!", "I think she lied."), "a first-person value keeps first-person text")
	assert.False(t, IsSignOff("She lied to a friend.", ""))
}
