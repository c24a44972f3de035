// Package doccheck holds the test that keeps the code in the documentation
// true: every Go snippet in a package's doc.go and in README.md is code that
// a test compiles (an Example, usually), line for line.
package doccheck
