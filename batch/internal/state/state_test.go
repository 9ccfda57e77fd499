package state

import (
	"bytes"
	"errors"
	"testing"
)

func TestReadState(t *testing.T) {
	in := `{"t":"batch","backend":"openai","batch":"b1","keys":["a-0","b-0"]}
{"t":"reply","key":"a-0","reply":{"choices":[{"content":"x"}],"prompt_tokens":1}}

{"t":"future","x":1}
{"t":"batch","backend":"openai","batch":"b2","keys":["c-0"]}
{"t":"end","batch":"b2"}
{"t":"reply","key":"b-0","rep`
	st, good, err := Read([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.LastIndexByte([]byte(in), '\n') + 1; good != want {
		t.Errorf("good = %d, want %d (the torn tail cut)", good, want)
	}
	if len(st.Replies) != 1 || !bytes.Contains(st.Replies["a-0"], []byte(`"x"`)) {
		t.Errorf("replies = %v", st.Replies)
	}
	if ids := st.OpenBatches("openai"); len(ids) != 1 || ids[0] != "b1" {
		t.Errorf("open batches = %v, want [b1]", ids)
	}
	if ids := st.OpenBatches("anthropic"); len(ids) != 0 {
		t.Errorf("anthropic open batches = %v, want none", ids)
	}
	for _, bad := range []string{"nope\n", `{"t":"reply","key":""}` + "\n", `{"t":"batch","batch":"x"}` + "\n", `{"t":"end"} {}` + "\n"} {
		if _, _, err := Read([]byte(bad + `{"t":"end","batch":"z"}` + "\n")); !errors.Is(err, ErrDamaged) {
			t.Errorf("Read(%q) error = %v, want ErrDamaged", bad, err)
		}
	}
}

// FuzzReadState checks that the state reader never panics, that what it accepts is a prefix
// of whole lines, and that reading that prefix again gives the same state.
func FuzzReadState(f *testing.F) {
	f.Add([]byte(`{"t":"batch","backend":"openai","batch":"b1","keys":["a-0"]}` + "\n" + `{"t":"reply","key":"a-0","reply":{"choices":[]}}` + "\n"))
	f.Add([]byte(`{"t":"end","batch":"b1"}` + "\n" + `{"t":"rep`))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"t":"submit","backend":"openai","set":"s1","keys":["a-0"]}` + "\n" + `{"t":"batch","backend":"openai","batch":"b1","set":"s1","keys":["a-0"]}` + "\n" + `{"t":"end","set":"s2"}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, good, err := Read(data)
		if err != nil {
			return
		}
		if good > len(data) || (good > 0 && data[good-1] != '\n') {
			t.Fatalf("good = %d is not the end of a whole line", good)
		}
		if bytes.IndexByte(data[good:], '\n') >= 0 {
			t.Fatalf("a whole line after good = %d was left unread", good)
		}
		again, good2, err := Read(data[:good])
		if err != nil || good2 != good || len(again.Replies) != len(st.Replies) || len(again.Open) != len(st.Open) || len(again.Pending) != len(st.Pending) {
			t.Fatalf("re-reading the accepted prefix: %v, %d vs %d", err, good2, good)
		}
	})
}

func TestOneProcessPerDirectory(t *testing.T) {
	dir := t.TempDir()
	s, _, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenDir(dir); !errors.Is(err, ErrInUse) || !errors.Is(err, ErrDamaged) {
		t.Errorf("second open: %v, want ErrInUse", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, _, err = OpenDir(dir)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	s.Close()
}

func TestPendingSets(t *testing.T) {
	in := `{"t":"submit","backend":"openai","set":"s1","keys":["a-0"]}
{"t":"submit","backend":"openai","set":"s2","keys":["b-0"]}
{"t":"batch","backend":"openai","batch":"b2","set":"s2","keys":["b-0"]}
{"t":"submit","backend":"openai","set":"s3","keys":["c-0"]}
{"t":"end","set":"s3"}
{"t":"submit","backend":"anthropic","set":"s4","keys":["d-0"]}
`
	st, _, err := Read([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := st.PendingSets("openai"); len(got) != 1 || got[0] != "s1" {
		t.Errorf("pending openai sets = %v, want [s1] (s2 got its id, s3 was abandoned)", got)
	}
	if got := st.OpenBatches("openai"); len(got) != 1 || got[0] != "b2" {
		t.Errorf("open batches = %v, want [b2]", got)
	}
	if got := st.PendingSets("anthropic"); len(got) != 1 || got[0] != "s4" {
		t.Errorf("pending anthropic sets = %v, want [s4]", got)
	}
}
