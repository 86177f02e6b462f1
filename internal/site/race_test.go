//go:build race

package site

// raceEnabled is whether the tests run with the race detector, which
// makes rendering whole books many times slower.
const raceEnabled = true
