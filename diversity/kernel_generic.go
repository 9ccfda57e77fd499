package diversity

var dot4x4 kernel = dot4x4Go
