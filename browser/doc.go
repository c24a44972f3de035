// Package browser holds tonic's browser tests: the admin dashboard and the
// OpenAPI docs page, each opened in a real headless Chromium driven by
// chromedp, which fail on a console error, on a request to another origin,
// and save a screenshot of what they saw (see internal/browsertest).
//
// It is a module of its own, like bench/, so that chromedp and its
// Chrome DevTools Protocol bindings (cdproto, several megabytes of
// generated code, and their WebSocket and JSON dependencies) stay out of
// the root go.mod and go.sum: users of tonic never download them, and the
// root module keeps its short list of chosen dependencies. It has no code
// besides its tests.
//
// The tests need Debian's chromium (apt-get install chromium), or the
// browser named by TONIC_CHROMIUM. Without one they skip, saying so; with
// TONIC_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
package browser
