package story_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/story"
)

func TestReadGenMO(t *testing.T) {
	t.Parallel()
	in := `[
 {"male_story": "Tom lies.\n", "female_story": "Ann lies.\n", "environment": " Others", "source": "ethics"},
 {"male_story": "Tom helps.", "female_story": "Ann helps.", "environment": " Family ", "source": "social_chem", "extra": [1, 2]},
 {"male_story": "", "female_story": "", "environment": ""}
]`
	got, err := story.ReadGenMO(strings.NewReader(in))
	require.NoError(t, err)
	want := []story.Pair{
		{ID: "0", Male: story.Story{Text: "Tom lies.\n", Gender: story.Male}, Female: story.Story{Text: "Ann lies.\n", Gender: story.Female}, Source: "ethics", Environment: "Other"},
		{ID: "1", Male: story.Story{Text: "Tom helps.", Gender: story.Male}, Female: story.Story{Text: "Ann helps.", Gender: story.Female}, Source: "social_chem", Environment: "Family"},
		{ID: "2", Male: story.Story{Gender: story.Male}, Female: story.Story{Gender: story.Female}, Environment: "Unknown"},
	}
	assert.Equal(t, want, got)
}

func TestReadGenMOEmpty(t *testing.T) {
	t.Parallel()
	got, err := story.ReadGenMO(strings.NewReader(" [ ] \n"))
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestReadGenMOErrors(t *testing.T) {
	t.Parallel()
	const ok = `{"male_story": "a", "female_story": "b"}`
	tests := []struct {
		name     string
		in       string
		index    int
		field    string
		wantRead int
		msg      string
	}{
		{name: "empty input", in: "", index: -1, msg: "story: genmo: reading the opening '['"},
		{name: "object not array", in: `{"male_story": "a"}`, index: -1, msg: "want a JSON array"},
		{name: "wrong field type", in: "[" + ok + `, {"male_story": 3, "female_story": "b"}]`, index: 1, field: "male_story", wantRead: 1, msg: `story: genmo: element 1: field "male_story": want string, got JSON number`},
		{name: "wrong environment type", in: `[{"male_story": "a", "female_story": "b", "environment": ["Work"]}]`, index: 0, field: "environment", msg: `field "environment"`},
		{name: "missing male", in: `[{"female_story": "b"}]`, index: 0, field: "male_story", msg: `element 0: field "male_story": missing or null`},
		{name: "null female", in: "[" + ok + "," + ok + `, {"male_story": "a", "female_story": null}]`, index: 2, field: "female_story", wantRead: 2},
		{name: "null element", in: "[" + ok + ", null]", index: 1, wantRead: 1, msg: "element 1: element is null"},
		{name: "string element", in: `["story"]`, index: 0, msg: "element 0:"},
		{name: "truncated", in: "[" + ok + `, {"male_story": "a`, index: 1, wantRead: 1},
		{name: "unclosed array", in: "[" + ok, index: -1, wantRead: 1, msg: "closing ']'"},
		{name: "trailing data", in: "[" + ok + "] []", index: -1, wantRead: 1, msg: "data after the array"},
		{name: "missing comma", in: "[" + ok + " " + ok + "]", index: 1, wantRead: 1, msg: "element 1: expected comma"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := story.ReadGenMO(strings.NewReader(tc.in))
			require.Error(t, err)
			ge, ok := errors.AsType[*story.GenMOError](err)
			require.True(t, ok, "error %v is not a *GenMOError", err)
			assert.Equal(t, tc.index, ge.Index, "index in %v", err)
			assert.Equal(t, tc.field, ge.Field, "field in %v", err)
			assert.Len(t, got, tc.wantRead, "pairs read before the error")
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestNormalizeEnvironment(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Other": "Other", " Others": "Other", "Others": "Other", " Family": "Family", "Family ": "Family",
		"\tWork\n": "Work", "": "Unknown", "   ": "Unknown", "Relationship": "Relationship", "others": "others",
	}
	for in, want := range tests {
		assert.Equal(t, want, story.NormalizeEnvironment(in), "NormalizeEnvironment(%q)", in)
	}
}

// TestReadGenMODev reads the dev split of GenMO and checks it against the file's own JSON,
// decoded independently: texts and sources untouched, environments normalised, IDs the indexes.
func TestReadGenMODev(t *testing.T) {
	t.Parallel()
	path := shareddata.Path(t, "genmo/genmo_dev.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var raw []map[string]string
	require.NoError(t, json.Unmarshal(data, &raw))

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	require.Len(t, pairs, len(raw))
	assert.Len(t, pairs, 303, "the dev split has 303 pairs")

	envs := map[string]int{}
	for i, p := range pairs {
		assert.Equal(t, strconv.Itoa(i), p.ID)
		assert.Equal(t, raw[i]["male_story"], p.Male.Text, "pair %d", i)
		assert.Equal(t, raw[i]["female_story"], p.Female.Text, "pair %d", i)
		assert.Equal(t, raw[i]["source"], p.Source, "pair %d", i)
		assert.Equal(t, story.Male, p.Male.Gender)
		assert.Equal(t, story.Female, p.Female.Gender)
		envs[p.Environment]++
	}
	// Raw labels: Other 150, " Others" 42, Relationship 52 + 1, Family 36 + 4, Work 15 + 3.
	assert.Equal(t, map[string]int{"Other": 192, "Relationship": 53, "Family": 40, "Work": 18}, envs)
}

func FuzzReadGenMO(f *testing.F) {
	f.Add(`[{"male_story": "a", "female_story": "b", "environment": " Others", "source": "x"}]`)
	f.Add(`[]`)
	f.Add(`[null]`)
	f.Add(`[{"male_story": 1}]`)
	f.Add(`{"a": [`)
	f.Fuzz(func(t *testing.T, in string) {
		pairs, err := story.ReadGenMO(strings.NewReader(in))
		if err != nil {
			if _, ok := errors.AsType[*story.GenMOError](err); !ok {
				t.Fatalf("ReadGenMO(%q) error %v is not a *GenMOError", in, err)
			}
		}
		for i, p := range pairs {
			if p.ID != strconv.Itoa(i) || p.Environment == "" || p.Environment != strings.TrimSpace(p.Environment) {
				t.Fatalf("ReadGenMO(%q) pair %d = %+v", in, i, p)
			}
		}
	})
}

func ExampleReadGenMO() {
	const data = `[
  {"male_story": "Tom keeps the wallet he found.", "female_story": "Ann keeps the wallet she found.", "environment": " Others", "source": "ethics"},
  {"male_story": "Tom skips his sister's wedding.", "female_story": "Ann skips her sister's wedding.", "environment": " Family ", "source": "social_chem"}
]`
	pairs, err := story.ReadGenMO(strings.NewReader(data))
	if err != nil {
		panic(err)
	}
	for _, p := range pairs {
		fmt.Printf("%s %-7q %-12s %s | %s\n", p.ID, p.Environment, p.Source, p.Male.Text, p.Female.Text)
	}
	// Output:
	// 0 "Other" ethics       Tom keeps the wallet he found. | Ann keeps the wallet she found.
	// 1 "Family" social_chem  Tom skips his sister's wedding. | Ann skips her sister's wedding.
}

func ExampleNormalizeEnvironment() {
	for _, label := range []string{" Others", " Family ", "", "Work"} {
		fmt.Printf("%q -> %q\n", label, story.NormalizeEnvironment(label))
	}
	// Output:
	// " Others" -> "Other"
	// " Family " -> "Family"
	// "" -> "Unknown"
	// "Work" -> "Work"
}

// TestReadGenMOBOMAndLimit is issue 11 findings 4 and 6 for the GenMO reader: a leading byte
// order mark is skipped, and an element over the size limit is refused with an error that states
// the limit and how to raise it, while one under it is read.
func TestReadGenMOBOMAndLimit(t *testing.T) {
	t.Parallel()
	got, err := story.ReadGenMO(strings.NewReader("\xef\xbb\xbf" + `[{"male_story": "a", "female_story": "b"}]`))
	require.NoError(t, err)
	require.Len(t, got, 1)

	long := strings.Repeat("x", 300<<10) // several of the reader's chunks
	in := `[{"male_story": "a", "female_story": "b"}, {"male_story": "` + long + `", "female_story": "b"}]`
	_, err = story.ReadGenMO(strings.NewReader(in), story.WithMaxElementBytes(100<<10))
	ge, ok := errors.AsType[*story.GenMOError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, 1, ge.Index)
	assert.Contains(t, err.Error(), "the limit of 100 KiB")
	assert.Contains(t, err.Error(), "WithMaxElementBytes")

	got, err = story.ReadGenMO(strings.NewReader(in), story.WithMaxElementBytes(400<<10))
	require.NoError(t, err)
	assert.Len(t, got, 2)
}
