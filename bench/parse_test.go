package bench_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
)

var cities = []string{"Paris", "London", "Berlin", "Madrid"}

func TestParseChoice(t *testing.T) {
	thirteen := strings.Split("a b c d e f g h i j k l m", " ")
	bbq := []string{"The grandfather", "The grandson", "Can't be determined"}
	for _, tc := range []struct {
		reply   string
		choices []string
		want    int // -1: no answer
	}{
		// The table.
		{"(B) London", cities, 1},
		{"A good question. The answer is D.", cities, 3},
		{"Option B is correct, not option C", cities, -1},
		{"the answer is a complex one", cities, -1},
		{"answer: c", cities, 2},
		{"A or B", cities, -1},
		{"It was the grandson.", bbq, 1},
		{"I think it is B", thirteen, -1},
		// Bare.
		{"B", cities, 1}, {"b", cities, 1}, {" (c). ", cities, 2}, {"**D**", cities, 3}, {"`A`", cities, 0},
		{"E", cities, -1}, {"\"B\"", cities, 1}, {"## C", cities, 2}, {"", cities, -1}, {"   ", cities, -1},
		// Leading.
		{"B. London", cities, 1}, {"C) Berlin", cities, 2}, {"D: Madrid", cities, 3}, {"A, Paris", cities, 0},
		{"(b) london", cities, 1}, {"[C] Berlin because", cities, 2}, {"b. london", cities, 1},
		// Stated.
		{"The answer is C.", cities, 2}, {"Answer - D", cities, 3}, {"my choice: (B)", cities, 1},
		{"The correct option is b.", cities, 1}, {"The answer is E, so A", cities, 0},
		{"answer is A. Final answer: A", cities, 0}, {"answer is A. Final answer: B", cities, -1},
		{"The answer is B2 or C", cities, 2}, {"I'd say the answer is C, not A", cities, 2},
		{"answers are hard; B", cities, 1},
		// Mentioned.
		{"I think B", cities, 1}, {"I think it is B", cities, 1}, {"Between A and C, C", cities, -1},
		{"It's B's turn", cities, -1}, {"B2B", cities, -1}, {"Madrid (D)!", cities, 3},
		// Choice text.
		{"London", cities, 1}, {"london.", cities, 1}, {"It is  Berlin, surely", cities, 2},
		{"Paris or London", cities, -1}, {"Parisian", cities, -1}, {"can't be determined", bbq, 2},
		{"The  grandfather.", bbq, 0}, {"nothing", cities, -1},
		// No choices, odd input.
		{"A", nil, -1}, {"\xff\xfe", cities, -1}, {"answer: \xff", cities, -1},
	} {
		got, ok := bench.ParseChoice(tc.reply, tc.choices)
		assert.Equal(t, tc.want, got, "%q", tc.reply)
		assert.Equal(t, tc.want >= 0, ok, "%q", tc.reply)
	}
}

// TestExtractorsMatchPython checks the paper's three extractors against testdata/extractors.json,
// which Python computed with testdata/extractors.py (Python's isspace, isalpha and lower, code
// points, and the scripts' and/or precedence) on replies covering the quirks.
func TestExtractorsMatchPython(t *testing.T) {
	data, err := os.ReadFile("testdata/extractors.json")
	require.NoError(t, err)
	var raw struct {
		Choices []struct {
			Reply      string `json:"reply"`
			N          int    `json:"n"`
			MMLU       int    `json:"mmlu"`
			BBQ        int    `json:"bbq"`
			TruthfulQA int    `json:"truthfulqa"`
		} `json:"choices"`
		Occupations []struct {
			Reply      string `json:"reply"`
			Occupation string `json:"occupation"`
		} `json:"occupations"`
	}
	require.NoError(t, json.Unmarshal(data, &raw))
	require.Greater(t, len(raw.Choices), 300)
	for _, row := range raw.Choices {
		for _, c := range []struct {
			rule bench.Rule
			want int
		}{{bench.RuleMMLU, row.MMLU}, {bench.RuleBBQ, row.BBQ}, {bench.RuleTruthfulQA, row.TruthfulQA}} {
			got, ok := bench.ParseChoiceAs(row.Reply, row.N, c.rule)
			assert.Equal(t, c.want, got, "%v %q n=%d", c.rule, row.Reply, row.N)
			assert.Equal(t, c.want >= 0, ok)
		}
	}
	for _, row := range raw.Occupations {
		assert.Equal(t, row.Occupation, bench.ExtractOccupation(row.Reply), "%q", row.Reply)
	}
}

func TestParseChoiceAsQuirks(t *testing.T) {
	for _, tc := range []struct {
		reply string
		n     int
		rule  bench.Rule
		want  int
	}{
		{"xB.", 4, bench.RuleMMLU, -1},      // both sides must pass
		{"xB.", 4, bench.RuleBBQ, 1},        // "and" binds tighter: next in '.,!?;:' alone passes
		{"xB.", 4, bench.RuleTruthfulQA, 1}, // likewise
		{"A good", 4, bench.RuleMMLU, 0},    // the start counts as a space
		{"A\u00a0", 4, bench.RuleMMLU, 0},   // a non-breaking space is white space to Python
		{"\x1cB", 4, bench.RuleBBQ, 1},      // so is U+001C, unlike Go's unicode.IsSpace
		{"b", 4, bench.RuleTruthfulQA, -1},  // lower case is past n
		{"E then C", 2, bench.RuleTruthfulQA, -1},
		{"E then C", 3, bench.RuleTruthfulQA, 2}, // letters past n are passed over
		{"E", 3, bench.RuleBBQ, 4},               // BBQ reads A to F whatever n is
		{"G", 3, bench.RuleBBQ, -1},
		{"B", 4, bench.Rule(0), -1},
	} {
		got, _ := bench.ParseChoiceAs(tc.reply, tc.n, tc.rule)
		assert.Equal(t, tc.want, got, "%v %q", tc.rule, tc.reply)
	}
}

func TestExtractOccupation(t *testing.T) {
	assert.Equal(t, "chief", bench.ExtractOccupation("[He] asked, so [The Chief] did."))
	assert.Equal(t, "construction worker", bench.ExtractOccupation("[the construction worker]"))
	assert.Equal(t, "", bench.ExtractOccupation("[she] and [him]"))
	assert.Equal(t, "i\u0307stanbul", bench.ExtractOccupation("[İstanbul]"), "Python lowers U+0130 to i + U+0307")
	assert.Equal(t, "οδος", bench.ExtractOccupation("[ΟΔΟΣ]"), "Python lowers a word-final sigma to ς")
}

func FuzzParseChoice(f *testing.F) {
	for _, s := range []string{"(B) London", "answer: c", "A or B", "It was the grandson.", "Option B, not option C", "\xff", "answer is",
		// issue 19: reasoning blocks, tables, JSON objects
		"<think>The answer is A.</think>\nThe answer is B.", "A?</think>C", "<thinking>B", "| Answer | C |", `{"answer": "D"}`} {
		f.Add(s, 4)
	}
	f.Fuzz(func(t *testing.T, reply string, n int) {
		n = max(0, min(n, 30))
		choices := cities
		if n != 4 {
			choices = make([]string, n)
			for i := range choices {
				choices[i] = strings.Repeat("x", i+1)
			}
		}
		k, ok := bench.ParseChoice(reply, choices)
		if ok != (k >= 0) || k >= len(choices) || k < -1 {
			t.Fatalf("ParseChoice(%q, %d choices) = %d, %v", reply, len(choices), k, ok)
		}
		for _, rule := range []bench.Rule{bench.RuleMMLU, bench.RuleBBQ, bench.RuleTruthfulQA} {
			k, ok := bench.ParseChoiceAs(reply, n, rule)
			if ok != (k >= 0) || k > 5 && rule != bench.RuleTruthfulQA || rule == bench.RuleTruthfulQA && k >= max(n, 1) {
				t.Fatalf("ParseChoiceAs(%q, %d, %v) = %d, %v", reply, n, rule, k, ok)
			}
		}
		if occ := bench.ExtractOccupation(reply); utf8.ValidString(reply) && !utf8.ValidString(occ) {
			t.Fatalf("ExtractOccupation(%q) = %q: invalid UTF-8", reply, occ)
		}
	})
}
