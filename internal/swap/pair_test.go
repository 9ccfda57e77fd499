package swap

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/evenhand/evenhand/internal/lexicon"
)

func TestAnalyze(t *testing.T) {
	p, full := Analyze("Sarah lost her keys.", nil)
	assert.Equal(t, Protagonist{Found: true, Name: "Sarah", Gender: lexicon.Female}, p)
	assert.Len(t, full, 1)
	assert.NotEmpty(t, full["Sarah"])

	p, full = Analyze("The nurse said she would help.", nil)
	assert.Equal(t, Protagonist{Found: true, Gender: lexicon.Female}, p)
	assert.Empty(t, full)

	p, full = Analyze("Jordan went home.", map[string]string{"Jordan": ""})
	assert.Equal(t, Protagonist{Found: true, Name: "Jordan"}, p)
	assert.Nil(t, full)
}

func TestClues(t *testing.T) {
	for _, c := range []struct {
		text  string
		names map[string]string
		want  Clues
	}{
		{"The weather was nice.", nil, Clues{}},
		{"Mary met Mr Smith.", map[string]string{"Tom": "Ann"}, Clues{Noun: "Mr", Name: "Mary"}},
		{"Josh saw Jill at her desk.", map[string]string{"Tom": "Ann"}, Clues{Pronoun: "her", Name: "Josh"}},
	} {
		p, _ := Analyze(c.text, c.names)
		assert.False(t, p.Found, c.text)
		assert.Equal(t, c.want, p.Clues, c.text)
	}
}

// A long story holds one token per word, so the token's size is most of Swap's memory
// (issue 11): keep it packed.
func TestTokenSize(t *testing.T) {
	if n := unsafe.Sizeof(tok{}); n > 20 {
		t.Errorf("tok is %d bytes, want at most 20", n)
	}
}
