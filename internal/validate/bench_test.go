package validate_test

import (
	"reflect"
	"testing"

	"github.com/seed78c03fa0/tonic/internal/validate"
)

// Eight fields of one kind of rule each, so that cost per field reads off.
type (
	benchMinMax struct {
		A, B, C, D, E, F, G, H int `minimum:"0" maximum:"100"`
	}
	benchLength struct {
		A, B, C, D, E, F, G, H string `minLength:"1" maxLength:"32"`
	}
	benchPattern struct {
		A, B, C, D, E, F, G, H string `pattern:"^[a-z]+[0-9]*$"`
	}
	benchEnum struct {
		A, B, C, D, E, F, G, H string `enum:"red,green,blue,cyan"`
	}
	benchUUID struct {
		A, B, C, D, E, F, G, H string `format:"uuid"`
	}
	benchDateTime struct {
		A, B, C, D, E, F, G, H string `format:"date-time"`
	}
	benchEmail struct {
		A, B, C, D, E, F, G, H string `format:"email"`
	}
	benchUntagged struct {
		A, B, C, D, E, F, G, H string
	}
	benchItem struct {
		Name  string `json:"name" maxLength:"32"`
		Count int    `json:"count" minimum:"0"`
	}
	benchNested struct {
		Items []benchItem `json:"items" maxItems:"8"` // 8 items, 2 rules each, plus maxItems: 17 checks
	}
)

func fill8[T any](v string) T {
	var t T
	rv := reflect.ValueOf(&t).Elem()
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Field(i); f.Kind() == reflect.String {
			f.SetString(v)
		} else {
			f.SetInt(50)
		}
	}
	return t
}

// BenchmarkCheck measures a passing Check, and reports ns per checked
// field (per rule-carrying value).
func BenchmarkCheck(b *testing.B) {
	items := make([]benchItem, 8)
	for i := range items {
		items[i] = benchItem{Name: "widget", Count: i}
	}
	cases := []struct {
		name   string
		value  any
		fields int
	}{
		{"rule=untagged", fill8[benchUntagged]("x"), 8},
		{"rule=minimum+maximum", fill8[benchMinMax](""), 8},
		{"rule=minLength+maxLength", fill8[benchLength]("héllo wörld"), 8},
		{"rule=pattern", fill8[benchPattern]("abc123"), 8},
		{"rule=enum", fill8[benchEnum]("cyan"), 8},
		{"rule=format-uuid", fill8[benchUUID]("123e4567-e89b-12d3-a456-426614174000"), 8},
		{"rule=format-date-time", fill8[benchDateTime]("2024-05-01T12:00:00Z"), 8},
		{"rule=format-email", fill8[benchEmail]("ann@example.com"), 8},
		{"rule=nested-slice", benchNested{Items: items}, 17},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			p, err := validate.Compile(reflect.TypeOf(bc.value))
			if err != nil {
				b.Fatal(err)
			}
			v := reflect.ValueOf(bc.value)
			if fails, _ := p.Check(v, 0); fails != nil {
				b.Fatalf("got %v, want a pass", fails)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p.Check(v, 0)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(bc.fields), "ns/field")
		})
	}
}

// BenchmarkCheckFailing measures a Check where every field fails: the cost
// of building paths and messages.
func BenchmarkCheckFailing(b *testing.B) {
	v := reflect.ValueOf(fill8[benchLength](""))
	p, _ := validate.Compile(v.Type())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if fails, _ := p.Check(v, 0); len(fails) != 8 {
			b.Fatalf("got %d failures, want 8", len(fails))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/8, "ns/field")
}
