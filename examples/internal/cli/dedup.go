package cli

import (
	"fmt"

	"github.com/evenhand/evenhand/story"
)

// Dedup applies the one rule every program uses for repeated pairs. A pair whose two stories
// repeat an earlier pair's, up to white space (the same [story.Pair.ContentID]), is an error
// naming both, unless Drop is set (the -dedup flag): then the repeat is dropped and counted. A
// pair whose id repeats an earlier pair's with other stories is always an error: it is not a
// repeat but two pairs under one name, and dropping either would lose a pair. The zero value
// (Drop false) is ready to use.
type Dedup struct {
	Drop    bool   // drop repeated stories instead of failing
	Dropped int    // repeats dropped
	IDHint  string // added to the error for one id naming two pairs: how to fix the input, if the program can

	// IDName and TextName name the id and the texts in messages; "" means "pair id" and "the
	// two stories". Other programs' items set their own ("item", "the question and choices").
	IDName, TextName string

	ids, texts map[string]string // id, or content id of the stories -> where first seen
}

// DedupHelp is the -dedup flag's help.
const DedupHelp = "drop a pair whose two stories repeat an earlier pair's (white space aside), and count it (default: such a repeat is an error); an id that names two pairs with different stories is an error either way"

// Keep reports whether the pair at where (a place for messages: "line 3") with id and stories
// male and female is kept; a repeat without Drop, and an id naming two pairs, are errors.
func (d *Dedup) Keep(where, id, male, female string) (bool, error) {
	if d.ids == nil {
		d.ids, d.texts = map[string]string{}, map[string]string{}
	}
	content := story.Pair{Male: story.Story{Text: male}, Female: story.Story{Text: female}}.ContentID()
	if first, ok := d.texts[content]; ok {
		if !d.Drop {
			return false, fmt.Errorf("%s repeats %s of %s (pass -dedup to drop repeats)", where, d.repeated(id, first), first)
		}
		d.Dropped++
		return false, nil
	}
	if first, ok := d.ids[id]; ok {
		if d.IDName == "" {
			return false, fmt.Errorf("%s repeats pair id %q of %s with other stories: one id for two pairs, which -dedup does not drop%s", where, id, first, d.IDHint)
		}
		return false, fmt.Errorf("%s repeats %s %q of %s with other content: one id for two different entries, which -dedup does not drop%s", where, d.IDName, id, first, d.IDHint)
	}
	d.ids[id] = where
	d.texts[content] = where
	return true, nil
}

// repeated names what an entry repeats of the entry first seen at first: its texts, or (when its
// id was first seen there too) its id.
func (d *Dedup) repeated(id, first string) string {
	byID := d.ids[id] == first
	if d.IDName == "" { // pairs: the stories repeat, and maybe the id with them
		if byID {
			return fmt.Sprintf("pair id %q and the two stories", id)
		}
		return "the two stories"
	}
	if byID {
		return fmt.Sprintf("%s %q", d.IDName, id)
	}
	if d.TextName == "" {
		return "the two stories"
	}
	return d.TextName
}
