package diversity

import (
	"context"
	"hash/fnv"
	"math"
	"strings"
	"unicode"

	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/embeddings"
)

// Lexical is an offline, deterministic embedder. It measures WORD OVERLAP, NOT MEANING: two
// stories that tell the same thing in different words score low, and two different stories
// that share many content words score high. Use a real embedding model (any
// embeddings.Embedder) to measure meaning; use Lexical when no model can be had, to compare runs
// with each other, or in tests.
//
// A text becomes a bag of features: its words, lower-cased, stemmed with [story.Stem], with
// common function words dropped (unless nothing else is left), plus each pair of adjacent stems.
// Each feature weighs 1+ln(count) and is hashed (FNV-1a) into one of Dims dimensions; the
// vector is then scaled to unit length. All weights are positive, so similarities lie in [0, 1]:
// 0 when two texts share no content word, 1 for the same bag of words (word order aside from
// adjacent pairs does not count; rare hash collisions add a little). There is no corpus statistic, so a text has the same
// vector whatever it is embedded with. A text without any letter or digit gives a zero vector,
// which [Embed] reports as [ErrZeroVector].
//
// The zero value uses 4096 dimensions. Lexical is safe for concurrent use.
type Lexical struct {
	Dims int // dimensions of the vectors; 0 means 4096
}

var _ embeddings.Embedder = Lexical{}

// EmbedDocuments returns the vector of each text.
func (l Lexical) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out[i] = l.vector(t)
	}
	return out, nil
}

// EmbedQuery returns the vector of text.
func (l Lexical) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return l.vector(text), nil
}

func (l Lexical) vector(text string) []float32 {
	dims := l.Dims
	if dims <= 0 {
		dims = 4096
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	content := words[:0:0]
	for _, w := range words {
		if !functionWords[w] {
			content = append(content, story.Stem(w))
		}
	}
	if len(content) == 0 {
		for _, w := range words {
			content = append(content, story.Stem(w))
		}
	}
	counts := map[string]int{}
	for k, w := range content {
		counts[w]++
		if k > 0 {
			counts[content[k-1]+" "+w]++
		}
	}
	v := make([]float64, dims)
	for f, c := range counts {
		h := fnv.New64a()
		h.Write([]byte(f))
		x := h.Sum64()
		v[x%uint64(dims)] += 1 + math.Log(float64(c))
	}
	var ss float64
	for _, x := range v {
		ss += x * x
	}
	out := make([]float32, dims)
	if ss == 0 {
		return out
	}
	n := math.Sqrt(ss)
	for k, x := range v {
		out[k] = float32(x / n)
	}
	return out
}

// functionWords are dropped before hashing: they are in every story and say nothing about it.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then so than that this these those
		of to in on at by for with from into onto about as up out over after before while
		is am are was were be been being do does did have has had will would can could shall
		should may might must i me my we our you your he him his she her they them their it its
		who whom which what when where why how not no all any some each there here just very
		also too s t`) {
		m[w] = true
	}
	return m
}()
