package openapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/openapi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// A small shop's API, for the golden file.
type (
	Status   string
	Customer struct {
		ID      string   `json:"id" format:"uuid" doc:"the customer's ID"`
		Email   string   `json:"email" format:"email" example:"ann@example.com"`
		Address *Address `json:"address,omitempty"`
	}
	Address struct {
		Lines   []string `json:"lines" minItems:"1" maxItems:"4" maxLength:"80"`
		Country string   `json:"country" pattern:"^[A-Z]{2}$" example:"FR"`
	}
	Line struct {
		SKU      string `json:"sku" pattern:"^[A-Z]{3}-[0-9]+$"`
		Quantity int    `json:"quantity" minimum:"1" maximum:"1000"`
		Price    Money  `json:"price"`
	}
	Order struct {
		ID       int64             `json:"id,string" doc:"the order number, as a string"`
		Status   Status            `json:"status"`
		Customer Customer          `json:"customer"`
		Lines    []Line            `json:"lines" minItems:"1"`
		Notes    map[string]string `json:"notes,omitempty" maxLength:"200"`
		Placed   time.Time         `json:"placed"`
		Shipped  *time.Time        `json:"shipped"`
		Related  []*Order          `json:"related,omitempty"`
	}
)

func (Status) Enum() []any { return []any{Status("open"), Status("paid"), Status("shipped")} }

func TestGolden(t *testing.T) {
	t.Parallel()
	r := openapi.NewRegistry()
	doc := map[string]any{}
	for _, op := range []struct {
		name string
		typ  reflect.Type
	}{{"list", reflect.TypeFor[Page[Order]]()}, {"get", reflect.TypeFor[*Order]()}} {
		s, err := r.Schema(op.typ)
		if err != nil {
			t.Fatal(err)
		}
		doc[op.name] = s
	}
	doc["components"] = map[string]any{"schemas": r.Components()}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "shop.golden.json")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to write it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("got\n%s\nwant (%s)\n%s", got.Bytes(), path, want)
	}
}
