package dpo

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/evenhand/evenhand/internal/rouge"
	"github.com/evenhand/evenhand/internal/shareddata"

	"github.com/evenhand/evenhand/story"
)

// FuzzRougeBound checks the near-duplicate test of SplitRecords: the stem bags give the F1 that
// story.Rouge1 gives, bit for bit, and never more than the length bound.
func FuzzRougeBound(f *testing.F) {
	f.Add("The cats were running quickly home.", "A cat runs quick to her homes.")
	f.Add("dying lying skies aing", "die lie sky a")
	f.Add("İstanbul KELVIN", "istanbul kelvin")
	f.Fuzz(func(t *testing.T, a, b string) {
		vocab := rouge.NewVocab()
		ba, bb := vocab.NewBag(a), vocab.NewBag(b)
		got := ba.F1(bb)
		want := story.Rouge1(a, b).F1
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("ROUGE-1 F1 of %q and %q is %v; the bags say %v", a, b, want, got)
		}
		if bound := rouge.MaxF1(ba.Len(), bb.Len()); got > bound {
			t.Fatalf("F1 %v of %q and %q is above the length bound %v", got, a, b, bound)
		}
	})
}

// TestBagsMatchRouge checks the bags against story.Rouge1 on the GenMO stories.
func TestBagsMatchRouge(t *testing.T) {
	data, err := os.ReadFile(shareddata.Path(t, "genmo/genmo_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pairs []struct {
		MaleStory   string `json:"male_story"`
		FemaleStory string `json:"female_story"`
	}
	if err := json.Unmarshal(data, &pairs); err != nil {
		t.Fatal(err)
	}
	vocab := rouge.NewVocab()
	for i, p := range pairs {
		got := vocab.NewBag(p.MaleStory).F1(vocab.NewBag(p.FemaleStory))
		want := story.Rouge1(p.MaleStory, p.FemaleStory).F1
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("pair %d: bags give F1 %v, story.Rouge1 %v", i, got, want)
		}
	}
}

func TestReplaceName(t *testing.T) {
	for _, tt := range []struct{ text, name, want string }{
		{"Ann met Annabel; Ann's cat.", "Ann", "X met Annabel; Ann's cat."},
		{"Mary Ann left. Mary stayed.", "Mary Ann", "X left. Mary stayed."},
		{"no name", "", "no name"},
		{"Bob", "Bob", "X"},
	} {
		if got := replaceName(tt.text, tt.name, "X"); got != tt.want {
			t.Errorf("replaceName(%q, %q) = %q; want %q", tt.text, tt.name, got, tt.want)
		}
	}
}
