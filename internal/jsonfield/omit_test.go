package jsonfield_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/internal/jsonfield"
)

// zeroByMethod is zero by its IsZero method, not by its bits.
type zeroByMethod struct{ N int }

func (z zeroByMethod) IsZero() bool { return z.N < 0 }

// zeroByPointer has IsZero on the pointer.
type zeroByPointer struct{ N int }

func (z *zeroByPointer) IsZero() bool { return z.N == 7 }

func TestOmittedAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	one := 1
	tests := []struct {
		name  string
		value any // a struct with one field named "f"
	}{
		{"omitempty empty string", struct {
			F string `json:"f,omitempty"`
		}{}},
		{"omitempty string", struct {
			F string `json:"f,omitempty"`
		}{"x"}},
		{"omitempty zero int", struct {
			F int `json:"f,omitempty"`
		}{}},
		{"omitempty false", struct {
			F bool `json:"f,omitempty"`
		}{}},
		{"omitempty nil pointer", struct {
			F *int `json:"f,omitempty"`
		}{}},
		{"omitempty pointer to zero", struct {
			F *int `json:"f,omitempty"`
		}{new(int)}},
		{"omitempty empty slice", struct {
			F []int `json:"f,omitempty"`
		}{[]int{}}},
		{"omitempty empty map", struct {
			F map[string]int `json:"f,omitempty"`
		}{map[string]int{}}},
		{"omitempty zero struct is kept", struct {
			F struct{ A int } `json:"f,omitempty"`
		}{}},
		{"omitempty zero array", struct {
			F [0]int `json:"f,omitempty"`
		}{}},
		{"omitzero zero time", struct {
			F time.Time `json:"f,omitzero"`
		}{}},
		{"omitzero time", struct {
			F time.Time `json:"f,omitzero"`
		}{time.Unix(1, 0)}},
		{"omitzero empty slice is kept", struct {
			F []int `json:"f,omitzero"`
		}{[]int{}}},
		{"omitzero zero struct", struct {
			F struct{ A int } `json:"f,omitzero"`
		}{}},
		{"omitzero by method, zero bits kept", struct {
			F zeroByMethod `json:"f,omitzero"`
		}{}},
		{"omitzero by method", struct {
			F zeroByMethod `json:"f,omitzero"`
		}{zeroByMethod{-1}}},
		{"omitzero by pointer method", struct {
			F zeroByPointer `json:"f,omitzero"`
		}{zeroByPointer{7}}},
		{"omitzero nil pointer with method", struct {
			F *zeroByPointer `json:"f,omitzero"`
		}{}},
		{"both, non-zero", struct {
			F *int `json:"f,omitempty,omitzero"`
		}{&one}},
		{"neither", struct {
			F string `json:"f"`
		}{}},
	}
	probe, _ := json.Marshal(struct {
		A int `json:",omitzero"`
	}{})
	omitzero := string(probe) == "{}" // encoding/json knows omitzero from Go 1.24 on
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if strings.Contains(tt.name, "omitzero") && !omitzero {
				t.Skip("this Go's encoding/json ignores omitzero")
			}
			b, err := json.Marshal(tt.value)
			if err != nil {
				t.Fatal(err)
			}
			stdOmits := !strings.Contains(string(b), `"f"`)
			f := jsonfield.Fields(reflect.TypeOf(tt.value), nil)[0]
			v := reflect.ValueOf(tt.value).Field(0) // not addressable, as in the worst case
			if got := f.Omitted(v); got != stdOmits {
				t.Errorf("Omitted: got %v, encoding/json wrote %s", got, b)
			}
			if stdOmits && !f.Optional() {
				t.Errorf("Optional: got false for a field encoding/json left out")
			}
		})
	}
}

func TestOptionalViaPointer(t *testing.T) {
	t.Parallel()
	type Inner struct{ A string }
	type outer struct {
		*Inner
		B string
	}
	b, _ := json.Marshal(outer{B: "b"})
	fs := jsonfield.Fields(reflect.TypeFor[outer](), nil)
	if fs[0].Name != "A" || !fs[0].ViaPointer || !fs[0].Optional() || fs[1].Optional() || strings.Contains(string(b), `"A"`) {
		t.Errorf("got %+v and encoding/json's %s, want A optional (via a nil pointer) and B required", fs, b)
	}
}
