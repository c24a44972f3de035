package respwriter

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCloseAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		proto     int
		clearHdr  bool // a layer replaces the header values before writing
		wantClose bool
	}{
		{"HTTP/1", 1, false, true},
		{"HTTP/1, header cleared by a layer", 1, true, true},
		{"HTTP/2 is left alone", 2, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rw := Wrap(rec)
			r := httptest.NewRequest("POST", "/", nil)
			r.ProtoMajor = tt.proto
			CloseAfter(rw, r)
			if tt.clearHdr {
				rw.Header().Del("Connection")
			}
			rw.WriteHeader(http.StatusRequestEntityTooLarge)
			if got := rec.Header().Get("Connection") == "close"; got != tt.wantClose {
				t.Errorf("Connection: close sent: got %v, want %v", got, tt.wantClose)
			}
		})
	}
}

func TestInnermost(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if got := Innermost(Wrap(rec)); got != rec {
		t.Errorf("got %T, want the recorder", got)
	}
	if got := Innermost(rec); got != rec {
		t.Errorf("unwrapped: got %T, want the recorder", got)
	}
}
