package story_test

import (
	"fmt"

	"github.com/evenhand/evenhand/story"
)

func ExampleGender() {
	for _, g := range []story.Gender{story.Male, story.Female, story.Unknown} {
		fmt.Printf("%s -> %s\n", g, g.Other())
	}
	// Output:
	// male -> female
	// female -> male
	// unknown -> unknown
}

// Side picks a pair's story by gender, so code can treat both sides alike.
func ExamplePair_Side() {
	p, err := story.NewPair("Grace skipped her shift to look after a neighbour's child.", map[string]string{"Grace": "Henry"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range []story.Gender{story.Male, story.Female} {
		s, _ := p.Side(g)
		other, _ := p.Side(g.Other())
		fmt.Printf("%s: %s (the other side is %s)\n", g, s.Text, other.Character)
	}
	_, ok := p.Side(story.Unknown)
	fmt.Println(ok)
	// Output:
	// male: Henry skipped his shift to look after a neighbour's child. (the other side is Grace)
	// female: Grace skipped her shift to look after a neighbour's child. (the other side is Henry)
	// false
}

// Example returns the worked pair a one-shot prompt variant shows the model.
func ExampleExample() {
	for v := range story.Variants {
		p, ok := story.Example(v)
		fmt.Printf("variant %d: %t %s/%s\n", v, ok, p.Male.Character, p.Female.Character)
	}
	// Output:
	// variant 0: false /
	// variant 1: true Daniel/Laura
	// variant 2: true Omar/Amira
	// variant 3: true Tom/Sarah
}

// ContentID names a pair by its two stories: white space does not count, every word does. It
// is the id Pipeline.Run gives a pair, and how it tells a pair it has already kept.
func ExamplePair_ContentID() {
	a := story.Pair{
		Male:   story.Story{Text: "Tom kept the wallet he found."},
		Female: story.Story{Text: "Ann kept the wallet she found."},
	}
	b := a
	b.Male.Text = "  Tom kept the\nwallet he found. "
	c := a
	c.Female.Text = "Ann returned the wallet she found."
	fmt.Println(len(a.ContentID()), a.ContentID() == b.ContentID(), a.ContentID() == c.ContentID())
	// Output:
	// 16 true false
}
