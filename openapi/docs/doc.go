// Package docs serves a page that renders an OpenAPI 3.1 document for
// people: the operations by tag, their parameters, request bodies and
// responses, and the component schemas, with links between them. Import
// it only if you want the page: nothing else in tonic does, so a binary
// without it does not carry its assets.
//
//	mux.Handle("GET", "/docs/{file...}", docs.Handler("/openapi.json", docs.Options{Title: "Stuff API"}))
//
// The page fetches the document from the URL given to Handler, which must
// be on the same origin (a path): the page's Content-Security-Policy lets
// it connect nowhere else. It reads JSON only.
//
// # Why a page of our own
//
// The page is about 25 KB of HTML, CSS and JavaScript written for tonic and
// embedded with package embed. The candidates from npm were weighed and
// left out:
//
//   - Size. swagger-ui-dist's bundle is about 1.5 MB of JavaScript and
//     150 KB of CSS; Redoc's standalone bundle about 1 MB; Scalar's and
//     Stoplight Elements' standalone builds several MB. Every binary that
//     serves the docs would carry that.
//   - Content-Security-Policy. Redoc injects its styles at run time
//     (styled-components) and needs style-src 'unsafe-inline'; Stoplight
//     Elements and Scalar do the same, and some of their code paths build
//     functions from strings, which needs script-src 'unsafe-eval'; the
//     distributed swagger-ui index.html starts from an inline script. This
//     page runs under default-src 'none' with script-src, style-src,
//     img-src and connect-src 'self' only, and sets no inline style
//     attribute or element.
//   - Offline. Several load fonts or workers from a CDN by default. This
//     page uses the system's fonts and nothing outside the handler.
//   - OpenAPI 3.1. The page renders JSON Schema 2020-12 as tonic's
//     openapi package writes it: a type list such as ["string", "null"]
//     reads "string | null" and is marked nullable, as is OpenAPI 3.0's
//     nullable: true and an anyOf of a $ref and {"type": "null"}; enums
//     (null included), const, examples (the 3.1 array), numeric
//     exclusiveMinimum and exclusiveMaximum, readOnly and writeOnly,
//     additionalProperties as a map, allOf, anyOf and oneOf, and $ref
//     links to components/schemas, without expanding cycles.
//
// What it does not do: "try it out" requests, YAML documents, external
// $refs, and Markdown beyond paragraphs and `code`. A service that needs
// those can serve a vendored UI of its choice beside its document.
package docs
