package main

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

var update = flag.Bool("update", false, "rewrite testdata/openapi.golden.json")

// goldenDocument is exampled's OpenAPI document as checked in; the
// conformance module validates it.
var goldenDocument = filepath.Join("testdata", "openapi.golden.json")

func TestOpenAPIGolden(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-openapi"}, func(string) string { return "" }, &out, &errOut); err != nil {
		t.Fatalf("exampled -openapi: %v (stderr %q)", err, errOut.String())
	}
	if *update {
		if err := os.WriteFile(goldenDocument, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenDocument)
	if err != nil {
		t.Fatalf("%v (run go test -run TestOpenAPIGolden -update to write it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("exampled -openapi printed\n%s\nwant (%s, rewritten by -update)\n%s", out.Bytes(), goldenDocument, want)
	}
}

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	store, err := OpenStore("", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	h := mustAPI(t, apiOptions{store: store, log: zerolog.Nop(), registry: metrics.NewRegistry(), auth: testAuth, version: version})
	var printed bytes.Buffer
	if err := printDocument(config{}, version, &printed); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		header map[string]string
		code   int
		body   []byte
	}{
		{"the document, without credentials", nil, http.StatusOK, printed.Bytes()},
		{"revalidated", map[string]string{"If-None-Match": "*"}, http.StatusNotModified, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serveAPI(h, call{method: "GET", target: "/openapi.json", header: tt.header})
			if got.code != tt.code || got.body != string(tt.body) {
				t.Errorf("GET /openapi.json: got %d %.200s, want %d %.200s", got.code, got.body, tt.code, tt.body)
			}
			if tt.code == http.StatusOK && (got.header.Get("Content-Type") != "application/json" || got.header.Get("ETag") == "") {
				t.Errorf("GET /openapi.json: got header %v, want Content-Type application/json and an ETag", got.header)
			}
		})
	}
}

// TestTagsBounds checks that the validation tags say what the constants
// say, as the documentation of the API and its tests read the constants.
func TestTagsBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		typ   reflect.Type
		field string
		tag   string
		want  int
	}{
		{"name length", reflect.TypeFor[ItemInput](), "Name", "maxLength", maxNameLen},
		{"count", reflect.TypeFor[ItemInput](), "Count", "maximum", maxCount},
		{"page size", reflect.TypeFor[listRequest](), "Limit", "maximum", maxLimit},
		{"sleep", reflect.TypeFor[sleepRequest](), "MS", "maximum", int(maxSleep / time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, _ := tt.typ.FieldByName(tt.field)
			if got := sf.Tag.Get(tt.tag); got != strconv.Itoa(tt.want) {
				t.Errorf("%s.%s tag %s: got %q, want %d", tt.typ, tt.field, tt.tag, got, tt.want)
			}
		})
	}
}
