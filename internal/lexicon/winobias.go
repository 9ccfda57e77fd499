package lexicon

import (
	_ "embed"
	"fmt"
	"strings"
)

// winobiasTSV holds the gender word pairs reviewed from the WinoBias lists (MIT licence; see
// NOTICE), with the review's notes: which pairs were rejected or corrected, and why.
//
//go:embed winobias.tsv
var winobiasTSV string

// Direction says which words of a pair the lexicon reads as gendered.
type Direction uint8

// The directions of a pair.
const (
	Both       Direction = iota // each word is the other's counterpart
	MaleOnly                    // only the male word flips (its female counterpart has another)
	FemaleOnly                  // only the female word flips (the male word is also the neutral one)
)

// Pair is one shipped pair of gendered words.
type Pair struct {
	Class        Class
	Male, Female string
	Plural       bool
	Direction    Direction
}

// parsePairs reads the lines of a pair file: male, female, class, number and direction,
// separated by tabs; blank lines and lines starting with # are skipped.
func parsePairs(text string) ([]Pair, error) {
	var out []Pair
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("lexicon: line %d: want 5 tab-separated fields, got %d", n+1, len(f))
		}
		p := Pair{Male: f[0], Female: f[1]}
		switch f[2] {
		case "generic":
			p.Class = Generic
		case "partner":
			p.Class = Partner
		case "relation":
			p.Class = Relation
		default:
			return nil, fmt.Errorf("lexicon: line %d: unknown class %q", n+1, f[2])
		}
		switch f[3] {
		case "one":
		case "many":
			p.Plural = true
		default:
			return nil, fmt.Errorf("lexicon: line %d: unknown number %q", n+1, f[3])
		}
		switch f[4] {
		case "both":
		case "male-only":
			p.Direction = MaleOnly
		case "female-only":
			p.Direction = FemaleOnly
		default:
			return nil, fmt.Errorf("lexicon: line %d: unknown direction %q", n+1, f[4])
		}
		out = append(out, p)
	}
	return out, nil
}

// winobiasPairs are the reviewed WinoBias pairs. The file is part of the source: a malformed
// line is a programming error that the package's tests catch.
var winobiasPairs = func() []Pair {
	p, err := parsePairs(winobiasTSV)
	if err != nil {
		panic(err)
	}
	return p
}()

// WinoBias returns the pairs shipped from the WinoBias lists, in file order, as a new slice.
func WinoBias() []Pair { return append([]Pair(nil), winobiasPairs...) }
