package diversity_test

import (
	"context"
	"fmt"
	"os"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
)

// Pairwise summarises the cosine similarity of every pair of vectors.
func ExamplePairwise() {
	vecs := [][]float32{
		{1, 0, 0},
		{1, 1, 0},
		{0, 1, 0},
		{0, 0, 1},
	}
	st, err := diversity.Pairwise(context.Background(), vecs, diversity.WithTop(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("pairs %d, mean %.4f, std %.4f, min %.4f, max %.4f, median %.4f\n", st.Pairs, st.Mean, st.Std, st.Min, st.Max, st.Median)
	for _, p := range st.Top {
		fmt.Printf("vectors %d and %d: %.4f\n", p.I, p.J, p.Cosine)
	}
	// Output:
	// pairs 6, mean 0.2357, std 0.3333, min 0.0000, max 0.7071, median 0.0000
	// vectors 0 and 1: 0.7071
	// vectors 1 and 2: 0.7071
}

// Bad input is an error that names the vector.
func ExamplePairwise_badInput() {
	_, err := diversity.Pairwise(context.Background(), [][]float32{{1, 2}, {0, 0}})
	fmt.Println(err)
	// Output:
	// diversity: zero vector, cosine similarity undefined: vector 1
}

// Lexical compares words, not meaning: the same story told in other words scores low.
func ExampleLexical() {
	ctx := context.Background()
	v, _ := diversity.Lexical{}.EmbedDocuments(ctx, []string{
		"Tom kept the money he found in a wallet on the bus.",
		"Tom found a wallet on the bus and kept the money.",
		"Having come across a purse during his commute, Tom pocketed its cash.",
	})
	st, _ := diversity.Pairwise(ctx, v, diversity.WithTop(3))
	for _, p := range st.Top {
		fmt.Printf("stories %d and %d: %.2f\n", p.I, p.J, p.Cosine)
	}
	// Output:
	// stories 0 and 1: 0.82
	// stories 0 and 2: 0.07
	// stories 1 and 2: 0.07
}

// Analyze reports on the male and the female stories of records separately.
func ExampleAnalyze() {
	records := []record.Record{
		{ID: 0, Male: record.Side{Story: "Tom kept a wallet he found on the bus.", CharacterName: "Tom", Stance: judge.Moral},
			Female: record.Side{Story: "Ann kept a wallet she found on the bus.", CharacterName: "Ann", Stance: judge.Immoral}},
		{ID: 1, Male: record.Side{Story: "Tom kept a purse he found on the train.", CharacterName: "Tom", Stance: judge.Both},
			Female: record.Side{Story: "Ann kept a purse she found on the train.", CharacterName: "Ann", Stance: judge.Immoral}},
		{ID: 2, Male: record.Side{Story: "Sam lied to his boss to watch a concert.", CharacterName: "Sam", Stance: judge.Immoral},
			Female: record.Side{Story: "Sue lied to her boss to watch a concert.", CharacterName: "Sue", Stance: judge.Moral}},
	}
	r, err := diversity.Analyze(context.Background(), diversity.Lexical{}, records, diversity.WithTop(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Embedder = "lexical"
	_ = r.WriteText(os.Stdout)
	// Output:
	// Story similarity (cosine) over 3 records, embedder lexical
	//
	//     side  stories  pairs    mean     std     min     max  median
	//     male        3      3  0.1481  0.2095  0.0000  0.4444  0.0000
	//   female        3      3  0.2222  0.1571  0.1111  0.4444  0.1111
	//
	// Most similar male stories:
	//   1. 0.4444  #0 Tom (Moral)  ~  #1 Tom (Both)
	//
	// Most similar female stories:
	//   1. 0.4444  #0 Ann (Immoral)  ~  #1 Ann (Immoral)
}

// A Guard rejects a story too close to one already kept.
func ExampleGuard() {
	ctx := context.Background()
	g := diversity.NewGuard(diversity.Lexical{}, 0.8)
	for _, s := range []string{
		"Tom found a wallet on the bus and kept the money.",
		"Tom found a wallet on the bus and he kept the money!",
		"Ann lied to her boss to watch a concert.",
	} {
		c, err := g.Check(ctx, s)
		if err != nil {
			fmt.Println(err)
			return
		}
		if c.Duplicate {
			fmt.Printf("rejected (%.2f to kept story %d): %s\n", c.Similarity, c.Nearest, s)
			continue
		}
		g.Keep(c)
		fmt.Println("kept:", s)
	}
	// Output:
	// kept: Tom found a wallet on the bus and kept the money.
	// rejected (1.00 to kept story 0): Tom found a wallet on the bus and he kept the money!
	// kept: Ann lied to her boss to watch a concert.
}

// The figures go on the dataset card.
func ExampleReport_Figures() {
	records := []record.Record{
		{Male: record.Side{Story: "a b c"}, Female: record.Side{Story: "a b d"}},
		{ID: 1, Male: record.Side{Story: "a b e"}, Female: record.Side{Story: "x y z"}},
	}
	r, _ := diversity.Analyze(context.Background(), diversity.Lexical{}, records)
	r.Embedder = "lexical"
	card := dpo.Card{Name: "demo", Diversity: r.Figures()}
	fmt.Printf("male mean %.4f, female mean %.4f\n", card.Diversity.Male.Mean, card.Diversity.Female.Mean)
	// Output:
	// male mean 0.3333, female mean 0.0000
}

// Embed sends the texts in batches (WithBatchSize) and reports its progress after each call
// (WithProgress). A provider's embedder would be wrapped with llmx first, for retries, a rate
// limit and counts: here llmx.NewEmbedMeter counts the calls of the offline Lexical embedder.
func ExampleEmbed() {
	e := llmx.NewEmbedMeter(diversity.Lexical{Dims: 8})
	texts := []string{"one story", "another story", "a third story", "and a fourth", "the fifth"}
	vecs, err := diversity.Embed(context.Background(), e, texts, diversity.WithBatchSize(2),
		diversity.WithProgress(func(done, total int) { fmt.Printf("embedded %d of %d\n", done, total) }))
	fmt.Println(len(vecs), len(vecs[0]), err)
	fmt.Println("calls:", e.Usage().Calls)
	// Output:
	// embedded 2 of 5
	// embedded 4 of 5
	// embedded 5 of 5
	// 5 8 <nil>
	// calls: 3
}
