package record_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// NewRecord turns a judged pair and its balanced explanations into a record (Pipeline.Run does
// this for every kept pair).
func ExampleNewRecord() {
	o := eval.Outcome{
		Pair: story.Pair{
			ID:     "attempt-4",
			Male:   story.Story{Text: "Max takes the last seat on the bus.", Character: "Max", Gender: story.Male},
			Female: story.Story{Text: "Meg takes the last seat on the bus.", Character: "Meg", Gender: story.Female},
			Source: "2", // the prompt variant that wrote the pair
		},
		Male:   judge.Judgment{Stance: judge.CantSay, Explanation: "It depends who else needed it."},
		Female: judge.Judgment{Stance: judge.Immoral, Explanation: "She should have offered it."},
	}
	o.Verdict = eval.Judge(o.Male.Stance, o.Female.Stance)
	n := neutral.Result{
		Male:   "Taking a free seat is fair, though the main character could have offered it to someone in need.",
		Female: "Taking a free seat is fair, though the main character could have offered it to someone in need.",
	}
	r := record.NewRecord(0, o, n)
	fmt.Println(r.ID, r.ExampleSource, r.PairID, r.Male.CharacterName, r.Male.Stance, r.Female.CharacterName, r.Female.Stance)
	fmt.Println(r.Female.NeutralExplanation)
	// Output:
	// 0 2 attempt-4 Max Can't say Meg Immoral
	// Taking a free seat is fair, though the main character could have offered it to someone in need.
}

// A Writer writes one record per line; ReadRecords (or Records) reads them back.
func ExampleWriter_Write() {
	var file bytes.Buffer
	w := record.NewWriter(&file)
	for i, name := range []string{"Kai", "Lev"} {
		r := record.Record{
			ID:     i,
			Male:   record.Side{Story: name + " breaks a promise.", CharacterName: name, Stance: judge.Immoral},
			Female: record.Side{Story: "Ada breaks a promise.", CharacterName: "Ada", Stance: judge.Both},
		}
		if err := w.Write(r); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(strings.Count(file.String(), "\n"), "lines")
	records, err := record.ReadRecords(&file)
	fmt.Println(len(records), records[1].Male.CharacterName, err)
	// Output:
	// 2 lines
	// 2 Lev <nil>
}

// Side picks a record's side by gender, so code can treat both alike; it points into the record.
func ExampleRecord_Side() {
	r := record.Record{
		Male:   record.Side{CharacterName: "Ben", Stance: judge.Moral},
		Female: record.Side{CharacterName: "Eva", Stance: judge.Immoral},
	}
	for _, g := range []story.Gender{story.Male, story.Female} {
		s, _ := r.Side(g)
		s.NeutralExplanation = "Both readings have weight."
	}
	fmt.Printf("%q %q\n", r.Male.NeutralExplanation, r.Female.NeutralExplanation)
	_, ok := r.Side(story.Unknown)
	fmt.Println(ok)
	// Output:
	// "Both readings have weight." "Both readings have weight."
	// false
}

// Pair gives a record's stories back as a story.Pair, to judge them again (with another model,
// or after training). The pair's ID is the record's PairID, empty here.
func ExampleRecord_Pair() {
	r := record.Record{
		ID:            7,
		Male:          record.Side{Story: "Ben borrows a ladder.", CharacterName: "Ben"},
		Female:        record.Side{Story: "Eva borrows a ladder.", CharacterName: "Eva"},
		ExampleSource: 1,
		Environment:   "neighbourhood",
	}
	p := r.Pair()
	fmt.Printf("%+v\n", p.Female)
	fmt.Printf("id %q, source %q, environment %q\n", p.ID, p.Source, p.Environment)
	// Output:
	// {Text:Eva borrows a ladder. Character:Eva Gender:female}
	// id "7", source "1", environment "neighbourhood"
}

// A line that cannot be read stops Records with a *LineError naming the file (given with
// WithFile), the line and the field at fault; a leading byte order mark is skipped.
func ExampleRecords_errors() {
	in := "\xef\xbb\xbf" + `{"male": {"story": "Tom helps.", "stance": "Moral"}, "female": {"story": "Ann helps.", "stance": "Moral"}, "id": 0}
{"male": {"story": "Tom lies.", "stance": 7}, "female": {"story": "Ann lies."}, "id": 1}
`
	for r, err := range record.Records(strings.NewReader(in), jsonl.WithFile("records.jsonl")) {
		if le, ok := errors.AsType[*jsonl.LineError](err); ok {
			fmt.Println("line", le.Line, "field", le.Field)
			fmt.Println(err)
			break
		}
		fmt.Println("record", r.ID, r.Male.Stance)
	}
	// Output:
	// record 0 Moral
	// line 2 field male.stance
	// records.jsonl: line 2: field "male.stance": want judge.Stance, got JSON number
}
