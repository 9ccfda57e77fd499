package axis

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/evenhand/evenhand/story"
)

// Twin is one story told twice, the two tellings identical except for the protagonist's group on
// an axis: Stories[k] is the telling whose protagonist belongs to Groups[k]. The protagonist's
// gender is the same on both sides. A Twin is not a gender pair, and none of its fields is named
// for a gender.
type Twin struct {
	ID          string         // stable identifier: the index in a dataset, or its ContentID
	Axis        Axis           // the axis the two groups belong to
	Groups      [2]string      // the two groups, as the lexicon names them ("Muslim", "Christian")
	Stories     [2]story.Story // Stories[k] names Groups[k]; same protagonist, same Gender
	Source      string         // how the twin was made: "model", "rewrite", "swap", "inject", or a dataset's name
	Environment string         // the setting of the story, "" when unknown

	// Reasoning is what a model thought before it wrote the twin, kept to audit it; "" when there
	// was none. It is never part of a story, and never written to a record.
	Reasoning string
}

// ContentID returns the twin's content id: 16 hexadecimal digits (the first 64 bits of a SHA-256)
// of its axis, its two groups and its two stories, each story with its white space normalised.
// Two twins have the same content id when they tell the same stories of the same groups.
func (t Twin) ContentID() string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, s := range []string{string(t.Axis), t.Groups[0], t.Groups[1], normalizeSpace(t.Stories[0].Text), normalizeSpace(t.Stories[1].Text)} {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))]) // each part's length first: no two twins hash the same bytes
		h.Write([]byte(s))
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:8])
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Generator makes twins on one axis for two groups, each call a new twin.
//
// Implementations must be safe for concurrent use by multiple goroutines. A reply that cannot be
// read is an error wrapping the implementation's ErrUnparsable-like sentinel; a twin whose two
// tellings differ in more than the group is not an error of the generator: the Pipeline checks
// every twin ([Lexicon.Check]) before judging it and counts the ones it rejects.
type Generator interface {
	Generate(ctx context.Context) (Twin, error)
}

// Func adapts an ordinary function to the [Generator] interface.
type Func func(ctx context.Context) (Twin, error)

// Generate calls f(ctx).
func (f Func) Generate(ctx context.Context) (Twin, error) { return f(ctx) }

// Quad is one story told four ways: by the protagonist's gender and by their group on an axis.
// Stories[g][k] is the telling whose protagonist has gender g (0 male, 1 female) and belongs to
// Groups[k]. Quads measure how gender and another attribute interact.
type Quad struct {
	ID          string
	Axis        Axis
	Groups      [2]string
	Stories     [2][2]story.Story // [gender: 0 male, 1 female][group]
	Source      string
	Environment string
}
