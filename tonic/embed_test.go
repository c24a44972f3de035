package tonic

import "embed"

//go:embed testdata
var testdata embed.FS
