//go:build amd64 && !purego

package diversity

import "golang.org/x/sys/cpu"

//go:noescape
func dot4x4AVX512(a, b []float64, stride, k int, out *[128]float64)

// kc is how many dimensions the blocked kernel takes at a time: four rows of a and four of b
// (16 KiB) then stay in the first-level cache while a tile is computed.
const kc = 256

// tileAVX512 computes the tile (I, J) as tileGo does, with AVX-512 FMA instructions eight lanes
// at a time, blocked over the dimensions; the lanes are summed at the end.
func tileAVX512(m *matrix, I, J int, t *tile) {
	t.setup(m, I, J)
	ri, rj := min(tileSize, m.rows-t.i0), min(tileSize, m.rows-t.j0) // multiples of 4
	const micro = tileSize / 4
	if t.acc == nil {
		t.acc = make([][128]float64, micro*micro)
	}
	acc := t.acc
	for x := range acc {
		acc[x] = [128]float64{}
	}
	s := m.stride
	_ = m.data[(t.i0+ri)*s-1] // bounds the assembly relies on
	_ = m.data[(t.j0+rj)*s-1]
	for k0 := 0; k0 < s; k0 += kc {
		k := min(kc, s-k0)
		for r := 0; r < ri; r += 4 {
			a := m.data[(t.i0+r)*s+k0:]
			c0 := 0
			if t.diag {
				c0 = r
			}
			for c := c0; c < rj; c += 4 {
				dot4x4AVX512(a, m.data[(t.j0+c)*s+k0:], s, k, &acc[(r/4)*micro+c/4])
			}
		}
	}
	for r := 0; r < ri; r += 4 {
		c0 := 0
		if t.diag {
			c0 = r
		}
		for c := c0; c < rj; c += 4 {
			lanes := &acc[(r/4)*micro+c/4]
			for x := range 16 {
				l := lanes[8*x : 8*x+8]
				t.v[(r+x/4)*tileSize+c+x%4] = ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
			}
		}
	}
}

// tileKernel is the kernel Pairwise uses: AVX-512 where the processor has it.
var tileKernel kernel = func() kernel {
	if cpu.X86.HasAVX512F {
		return tileAVX512
	}
	return tileGo
}()
