package diversity

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/record"
)

// FuzzAnalyzeRecords reads a records file as examples/diversity does and reports on it with the
// lexical embedder: no panic, a clear error or a report whose figures are in range and whose
// HTML page is well-formed XML.
func FuzzAnalyzeRecords(f *testing.F) {
	f.Add([]byte(`{"male":{"story":"He found a wallet.","character_name":"Tom","stance":"Moral"},"female":{"story":"She found a wallet.","character_name":"Ann","stance":"Immoral"},"id":0}
{"male":{"story":"He lied to <b>his</b> boss & left.","character_name":"Bo\u0000b"},"female":{"story":"She lied.","character_name":"Eve"},"id":1}
{"male":{"story":"!!!"},"female":{"story":"ok"},"id":2}`))
	f.Add([]byte(`{"male":{"story":"a b c"},"female":{"story":"a b c"},"id":0}
{"male":{"story":"a b c"},"female":{"story":"\xff\xfe d"},"id":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		records, err := record.ReadRecords(bytes.NewReader(data))
		if err != nil {
			return
		}
		r, err := Analyze(context.Background(), Lexical{Dims: 64}, records, WithTop(3))
		if err != nil {
			if !errors.Is(err, ErrTooFew) && !errors.Is(err, ErrEmptyStory) && !errors.Is(err, ErrZeroVector) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		for _, s := range []Side{r.Male, r.Female} {
			if s.Min < -1e-9 || s.Max > 1+1e-9 || s.Min > s.Median || s.Median > s.Max || s.Std < 0 {
				t.Fatalf("figures out of range: %+v", s.Stats)
			}
		}
		var page bytes.Buffer
		if err := r.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(page.String(), "<!DOCTYPE html>\n")))
		d.Strict = true
		for {
			if _, err := d.Token(); err != nil {
				if err != io.EOF {
					t.Fatalf("page is not well-formed: %v", err)
				}
				break
			}
		}
	})
}

// FuzzPairwise checks Pairwise against the float64 reference on vectors made of arbitrary bits
// (NaN, infinities, zeros and subnormals included).
func FuzzPairwise(f *testing.F) {
	f.Add(uint8(3), []byte("\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40\x00\x00\x80\x40\x00\x00\xa0\x40\x00\x00\xc0\x40"))
	f.Add(uint8(1), []byte("\x00\x00\xc0\x7f\x00\x00\x80\x3f"))
	f.Fuzz(func(t *testing.T, d uint8, data []byte) {
		dims := int(d%16) + 1
		var vecs [][]float32
		for len(data) >= 4*dims && len(vecs) < 40 {
			v := make([]float32, dims)
			for k := range v {
				v[k] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*k:]))
			}
			data = data[4*dims:]
			vecs = append(vecs, v)
		}
		st, err := Pairwise(context.Background(), vecs, WithTop(2), withSelectCap(8))
		if err != nil {
			if !errors.Is(err, ErrTooFew) && !errors.Is(err, ErrNotFinite) && !errors.Is(err, ErrZeroVector) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		all, mean, std, med := reference(vecs)
		if int64(len(all)) != st.Pairs {
			t.Fatalf("pairs %d, want %d", st.Pairs, len(all))
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"mean", st.Mean, mean}, {"std", st.Std, std}, {"median", st.Median, med}} {
			if math.Abs(c.got-c.want) > 1e-9 && !(math.IsNaN(c.want)) {
				t.Fatalf("%s %v, want %v", c.name, c.got, c.want)
			}
		}
	})
}
