package diversity

// dot4x4Go computes the 16 dot products of rows a[0..3] and b[0..3] (each row k long, rows
// stride apart) into out[4*r+c]. It is the portable kernel; kernel_amd64.s has a faster one.
func dot4x4Go(a, b []float64, stride, k int, out *[16]float64) {
	a0, a1, a2, a3 := a[:k], a[stride:stride+k], a[2*stride:2*stride+k], a[3*stride:3*stride+k]
	b0, b1, b2, b3 := b[:k], b[stride:stride+k], b[2*stride:2*stride+k], b[3*stride:3*stride+k]
	var s [16]float64
	for c, bc := range [4][]float64{b0, b1, b2, b3} {
		var s0, s1, s2, s3 float64
		for x := range bc {
			y := bc[x]
			s0 += a0[x] * y
			s1 += a1[x] * y
			s2 += a2[x] * y
			s3 += a3[x] * y
		}
		s[c], s[4+c], s[8+c], s[12+c] = s0, s1, s2, s3
	}
	*out = s
}
