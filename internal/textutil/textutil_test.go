package textutil

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		n    int
		want string
	}{
		{"shorter than n", "abc", 5, "abc"},
		{"exactly n", "abcde", 5, "abcde"},
		{"cut ascii", "abcdef", 3, "abc…"},
		{"empty", "", 0, ""},
		{"n zero", "abc", 0, "…"},
		// "é" is 2 bytes (1..2): a cut at byte 2 would split it, so it backs off to byte 1.
		{"cut inside two-byte rune", "héllo", 2, "h…"},
		{"cut after two-byte rune", "héllo", 3, "hé…"},
		// "€" is 3 bytes (0..2); every cut inside it backs off to 0.
		{"cut inside three-byte rune at start", "€uro", 2, "…"},
		{"cut inside four-byte rune", "a😀b", 3, "a…"},
		{"cut right after four-byte rune", "a😀b", 5, "a😀…"},
		{"invalid utf-8 kept byte-wise", "\xff\xfe\xfd", 2, "\xff\xfe…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Truncate(tt.s, tt.n), "Truncate(%q, %d)", tt.s, tt.n)
		})
	}
}

// TestTruncateProperties checks every cut of a few mixed strings: the result is a prefix of the
// input, valid UTF-8 when the input is, at most n bytes before the ellipsis, and never panics.
func TestTruncateProperties(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain ascii text", "héllo wörld €100 😀 done", "日本語のテキスト"} {
		for n := -2; n <= len(s)+1; n++ {
			var got string
			assert.NotPanics(t, func() { got = Truncate(s, n) }, "Truncate(%q, %d)", s, n)
			body, cut := strings.CutSuffix(got, "…")
			if len(s) <= n {
				assert.Equal(t, s, got, "Truncate(%q, %d) changed a short string", s, n)
				continue
			}
			assert.True(t, cut, "Truncate(%q, %d) = %q: no ellipsis after a cut", s, n, got)
			assert.True(t, strings.HasPrefix(s, body), "Truncate(%q, %d) = %q: not a prefix", s, n, got)
			assert.LessOrEqual(t, len(body), max(n, 0), "Truncate(%q, %d) = %q: too long", s, n, got)
			assert.True(t, utf8.ValidString(got), "Truncate(%q, %d) = %q: split a rune", s, n, got)
		}
	}
}

func TestUnfence(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		`no quotes`:           `no quotes`,
		`he said "hi" and ""`: `he said "hi" and ""`,
		"a\n\"\"\"\nb":        "a\n\"\nb",
		`x""""""y`:            `x"y`,
		`""" é """`:           `" é "`,
		`"""`:                 `"`,
		"tail\"\"\"\"":        "tail\"",
	} {
		assert.Equal(t, want, Unfence(in), "Unfence(%q)", in)
		assert.NotContains(t, Unfence(in), `"""`)
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "abc", Head("abc", 3))
	assert.Equal(t, "ab…", Head("abc", 2))
	assert.Equal(t, "éé…", Head("ééé", 2))
	assert.Equal(t, "…", Head("abc", 0))
	assert.Equal(t, "…", Head("abc", -1))
}
