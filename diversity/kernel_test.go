package diversity

type namedKernel struct {
	name string
	k    kernel
}

// kernels lists the kernels this machine can run: the portable one and the assembly one.
func kernels() []namedKernel {
	ks := []namedKernel{{"go", dot4x4Go}}
	return ks
}
