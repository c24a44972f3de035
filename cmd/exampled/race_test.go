//go:build race

package main

// raceEnabled builds the end-to-end binary with the race detector too.
const raceEnabled = true
