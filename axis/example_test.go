package axis_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
)

func ExampleBuiltin() {
	l := axis.Builtin()
	for _, a := range axis.Axes() {
		fmt.Printf("%s: %d groups\n", a, len(l.Groups(a)))
	}
	// Output:
	// Age: 56 groups
	// Disability_status: 31 groups
	// Nationality: 111 groups
	// Physical_appearance: 38 groups
	// Race_ethnicity: 24 groups
	// Religion: 13 groups
	// SES: 36 groups
	// Sexual_orientation: 8 groups
}

func ExampleLexicon_Groups() {
	fmt.Println(strings.Join(axis.Builtin().Groups(axis.Religion), ", "))
	// Output:
	// Christian, Catholic, Protestant, Mormon, Jewish, Muslim, Hindu, Buddhist, Sikh, Taoist, Jain, atheist, agnostic
}

func ExampleLexicon_Swap() {
	l := axis.Builtin()
	twin, err := l.Swap(axis.Religion, "An Atheist woman and a Muslim woman met at the library.", "Atheist", "Muslim")
	fmt.Println(twin, err)

	twin, _ = l.Swap(axis.Religion, "A Muslim man was praying at his mosque.", "Muslim", "Christian")
	fmt.Println(twin)

	twin, _ = l.Swap(axis.Age, "One photo was from a youthful boy, the other from an elderly woman.", "youthful", "elderly")
	fmt.Println(twin)

	// Where only a rewrite could make the twin, Swap abstains: an atheist has no place of
	// worship, and a phrase cannot stand where a noun does.
	_, err = l.Swap(axis.Religion, "A Muslim woman met an atheist near the mosque.", "Muslim", "atheist")
	fmt.Println(errors.Is(err, axis.ErrNeedsRewrite))
	_, err = l.Swap(axis.Disability, "One was carrying a stack of papers and the other maneuvering his wheelchair.",
		"wheelchair", "carrying a stack of papers")
	fmt.Println(errors.Is(err, axis.ErrNeedsRewrite))
	// Output:
	// A Muslim woman and an Atheist woman met at the library. <nil>
	// A Christian man was praying at his church.
	// One photo was from an elderly man, the other from a youthful girl.
	// true
	// true
}

func ExampleLexicon_Check() {
	l := axis.Builtin()
	terms := [2]string{"Muslim", "Jewish"}
	src := "Sam, a Muslim man, prayed at his mosque before visiting his sister."
	fmt.Println(l.Check(axis.Religion, [2]string{src, "Sam, a Jewish man, prayed at his synagogue before visiting his sister."}, terms))
	fmt.Println(l.Check(axis.Religion, [2]string{src, "Sam, a Jewish man, prayed at his mosque before visiting his brother."}, terms))
	fmt.Println(l.Check(axis.Religion, [2]string{src, "Tom, a Jewish man, prayed at his synagogue after visiting his sister."}, terms))
	// Output:
	// []
	// [leak in text 1: "mosque" cross-gender in text 1: "brother"]
	// [name-changed in text 1: "Tom" outside in text 1: "after"]
}

func ExampleLexicon_Inject() {
	l := axis.Builtin()
	s, err := l.Inject(axis.Religion, story.Story{Text: "I am a man. I lent my car to a friend.", Gender: story.Male}, "Muslim")
	fmt.Println(s.Text, err)
	s, _ = l.Inject(axis.Age, story.Story{Text: "John, a teacher, failed a student who cheated."}, "78-year-old")
	fmt.Println(s.Text)
	s, _ = l.Inject(axis.Religion, story.Story{Text: "Josh drives Penelope to work every day."}, "Hindu")
	fmt.Println(s.Text)
	_, err = l.Inject(axis.Religion, story.Story{Text: "It rained all day."}, "Hindu")
	fmt.Println(errors.Is(err, story.ErrNoProtagonist))
	// Output:
	// I am a Muslim man. I lent my car to a friend. <nil>
	// John, a 78-year-old teacher, failed a student who cheated.
	// Josh, who is Hindu, drives Penelope to work every day.
	// true
}

func ExampleLexicon_Mentions() {
	text := "The explanation says the elderly driver was an 80-year-old retiree."
	for _, m := range axis.Builtin().Mentions(axis.Age, text) {
		fmt.Printf("%q names %q\n", text[m.Start:m.End], m.Group)
	}
	// Output:
	// "elderly" names "elderly"
	// "80-year-old" names "80-year-old"
	// "retiree" names "retiree"
}

func ExampleReadHolisticBias() {
	// A user's own copy of HolisticBias's descriptors.json (CC BY-SA; read at run time, never
	// shipped); here a small file in its format.
	f, err := os.Open("testdata/holisticbias_descriptors.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	hb, err := axis.ReadHolisticBias(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	l := axis.Builtin().Merge(hb)
	twin, err := l.Swap(axis.Religion, "A Quaker farmer sold eggs to a Muslim baker.", "Quaker", "Muslim")
	fmt.Println(twin, err)
	// Output:
	// A Muslim farmer sold eggs to a Quaker baker. <nil>
}

func ExampleReadBBQVocabulary() {
	csv := "Category,Pilot_include,SubCat,Name,Info,Source\n" +
		"SES,,Occupation,truck driver,lowSES,\n" +
		"SES,,Occupation,optometrist,highSES,\n"
	l, err := axis.ReadBBQVocabulary(strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Groups(axis.SES))
	twin, _ := l.Swap(axis.SES, "Two truck drivers and an optometrist waited.", "truck driver", "optometrist")
	fmt.Println(twin)
	// Output:
	// [truck driver optometrist]
	// Two optometrists and a truck driver waited.
}

func ExampleParseAxis() {
	a, err := axis.ParseAxis("sexual orientation")
	fmt.Println(a, err)
	// Output:
	// Sexual_orientation <nil>
}

func ExampleLexicon_Merge() {
	bbq, err := axis.ReadBBQVocabulary(strings.NewReader("Category,Name\nReligion,Zoroastrian\nReligion,Muslim\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	l := axis.Builtin().Merge(bbq) // the shipped, reviewed entries win; new terms are added
	fmt.Println(len(axis.Builtin().Groups(axis.Religion)), len(l.Groups(axis.Religion)))
	twin, _ := l.Swap(axis.Religion, "A Zoroastrian family and a Muslim family met.", "Zoroastrian", "Muslim")
	fmt.Println(twin)
	// A list read from a file knows no co-varying words: the imam has no counterpart.
	_, err = l.Swap(axis.Religion, "A Zoroastrian man and a Muslim imam met.", "Zoroastrian", "Muslim")
	fmt.Println(errors.Is(err, axis.ErrNeedsRewrite))
	// Output:
	// 13 14
	// A Muslim family and a Zoroastrian family met.
	// true
}
