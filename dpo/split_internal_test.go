package dpo

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/evenhand/evenhand/internal/shareddata"

	"github.com/evenhand/evenhand/story"
)

// FuzzRougeBound checks the pre-filter of SplitRecords: the stem bags give the F1 that
// story.Rouge1 gives, within bagSlack, so no near-duplicate is ruled out by mistake.
func FuzzRougeBound(f *testing.F) {
	f.Add("The cats were running quickly home.", "A cat runs quick to her homes.")
	f.Add("dying lying skies aing", "die lie sky a")
	f.Add("İstanbul KELVIN", "istanbul kelvin")
	f.Fuzz(func(t *testing.T, a, b string) {
		vocab := map[string]uint32{}
		got := newBag(a, vocab).f1(newBag(b, vocab))
		want := story.Rouge1(a, b).F1
		if math.Abs(got-want) > 1e-9 && want > got+bagSlack {
			t.Fatalf("ROUGE-1 F1 of %q and %q is %v; the bags say %v", a, b, want, got)
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
	vocab := map[string]uint32{}
	for i, p := range pairs {
		got := newBag(p.MaleStory, vocab).f1(newBag(p.FemaleStory, vocab))
		want := story.Rouge1(p.MaleStory, p.FemaleStory).F1
		if math.Abs(got-want) > 1e-9 {
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
