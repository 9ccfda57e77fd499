package cli

import (
	"crypto/sha256"
	"fmt"
)

// Dedup applies the one rule every program uses for repeated pairs: a pair whose id, or whose two
// stories, repeat an earlier pair's is an error naming both, unless Drop is set (the -dedup flag),
// in which case the repeat is dropped and counted. The zero value (Drop false) is ready to use.
type Dedup struct {
	Drop    bool // drop repeats instead of failing
	Dropped int  // repeats dropped

	// IDName and TextName name the id and the texts in messages; "" means "pair id" and "the
	// two stories". Other programs' items set their own ("item", "the question and choices").
	IDName, TextName string

	ids, texts map[string]string // id or digest of the stories -> where first seen
}

// DedupHelp is the -dedup flag's help.
const DedupHelp = "drop a pair that repeats an earlier pair's id or its two stories, and count it (default: such a repeat is an error)"

// Keep reports whether the pair at where (a place for messages: "line 3") with id and stories
// male and female is kept; a repeat without Drop is an error.
func (d *Dedup) Keep(where, id, male, female string) (bool, error) {
	if d.ids == nil {
		d.ids, d.texts = map[string]string{}, map[string]string{}
	}
	sum := sha256.Sum256([]byte(male + "\x00" + female)) // a digest: the texts may be large
	text := string(sum[:])
	first, byID := d.ids[id]
	if !byID {
		first = d.texts[text]
	}
	if byID || first != "" {
		if !d.Drop {
			idName, textName := d.IDName, d.TextName
			if idName == "" {
				idName = "pair id"
			}
			if textName == "" {
				textName = "the two stories"
			}
			what := idName + " " + fmt.Sprintf("%q", id)
			if !byID {
				what = textName
			}
			return false, fmt.Errorf("%s repeats %s of %s (pass -dedup to drop repeats)", where, what, first)
		}
		d.Dropped++
		return false, nil
	}
	d.ids[id] = where
	d.texts[text] = where
	return true, nil
}
