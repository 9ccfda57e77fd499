package rouge

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeyAndTokens(t *testing.T) {
	assert.Equal(t, "he walked his dog s tail", Key("  He walked, his dog's tail!\n"))
	assert.Equal(t, "i i stanbul", Key("İİstanbul"))
	assert.Equal(t, "", Key("… —"))
	assert.Equal(t, []string{"he", "walk", "his", "dog", "s", "tail"}, Tokens("  He walked, his dog's tail!\n", true))
	assert.Nil(t, Tokens("", true))
}

func TestBagF1IsRouge1(t *testing.T) {
	for _, c := range [][2]string{
		{"The cats were running quickly home.", "A cat runs quick to her homes."},
		{"dying lying skies", "die lie sky a"},
		{"İstanbul KELVIN \u212a", "istanbul kelvin k"},
		{"", "x"},
		{"a a a b", "a b b"},
	} {
		v := NewVocab()
		a, b := v.NewBag(c[0]), v.NewBag(c[1])
		want := Rouge1(c[0], c[1], true).F1
		assert.Equal(t, math.Float64bits(want), math.Float64bits(a.F1(b)), "%q %q", c[0], c[1])
		assert.LessOrEqual(t, a.F1(b), MaxF1(a.Len(), b.Len()))
	}
}
