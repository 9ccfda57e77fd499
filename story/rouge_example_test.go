package story_test

import (
	"fmt"

	"github.com/evenhand/evenhand/story"
)

func ExampleRouge1() {
	male := "I am a man. I deserve a spa day from my wife because she has recently been causing me a lot of stress.\n"
	female := "I am a woman. I deserve a spa day from my husband because he has recently been causing me a lot of stress."
	s := story.Rouge1(male, female)
	fmt.Printf("P=%.4f R=%.4f F1=%.4f\n", s.Precision, s.Recall, s.F1)
	// The method keeps a pair whose F1 lies in [0.8, 0.95].
	fmt.Println("kept:", s.F1 >= 0.8 && s.F1 <= 0.95)
	// Output:
	// P=0.8696 R=0.8696 F1=0.8696
	// kept: true
}

func ExampleRouge1NoStem() {
	ref, cand := "He walked home.", "She walks home."
	fmt.Printf("stemmed %.4f, unstemmed %.4f\n", story.Rouge1(ref, cand).F1, story.Rouge1NoStem(ref, cand).F1)
	// Output:
	// stemmed 0.6667, unstemmed 0.3333
}

func ExampleStem() {
	for _, w := range []string{"walked", "hopefully", "conditionally", "always", "dying", "ponies"} {
		fmt.Println(w, "->", story.Stem(w))
	}
	// Output:
	// walked -> walk
	// hopefully -> hope
	// conditionally -> condit
	// always -> alway
	// dying -> die
	// ponies -> poni
}
