package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// request is one row of GET /debug/requests.
type request struct {
	Server     string          `json:"server"`
	ID         string          `json:"id"`
	Method     string          `json:"method"`
	URI        string          `json:"uri"`
	Route      string          `json:"route"`
	RemoteAddr string          `json:"remote_addr"`
	Start      time.Time       `json:"start"`
	Age        string          `json:"age"`
	AgeSeconds float64         `json:"age_seconds"`
	Status     string          `json:"status"`
	History    []statusHistory `json:"history"`
}

// statusHistory is one status a handler set, and when.
type statusHistory struct {
	At     time.Time `json:"at"`
	Status string    `json:"status"`
}

// connection is one row of GET /debug/connections.
type connection struct {
	Server     string    `json:"server"`
	RemoteAddr string    `json:"remote_addr"`
	LocalAddr  string    `json:"local_addr"`
	TLS        bool      `json:"tls"`
	State      string    `json:"state"`
	Since      time.Time `json:"since"`
	Opened     time.Time `json:"opened"`
	Age        string    `json:"age"`
	Requests   int64     `json:"requests"`
}

// serveRequests answers GET /debug/requests: the in-flight requests of
// every server, oldest first within each, and for each server a
// LoadHeader with its limits and what it has shed.
func (a *admin) serveRequests(w http.ResponseWriter, r *http.Request) {
	rows := []request{}
	for _, s := range a.servers(r) {
		w.Header().Add(LoadHeader, load(s))
		for _, q := range s.Requests() {
			row := request{Server: s.Name(), ID: q.ID, Method: q.Method, URI: a.secrets.URI(q.URI), Route: q.Route,
				RemoteAddr: q.RemoteAddr, Start: q.Start, Age: roundAge(q.Age), AgeSeconds: q.Age.Seconds(),
				Status: q.Status, History: make([]statusHistory, len(q.History))}
			for i, h := range q.History {
				row.History[i] = statusHistory{At: h.At, Status: h.Status}
			}
			rows = append(rows, row)
		}
	}
	writeJSON(w, http.StatusOK, rows)
}

// serveCancelRequest answers DELETE /debug/requests/{id}: it cancels the
// context of that request, wherever it runs; 404 when there is none.
func (a *admin) serveCancelRequest(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	canceled := false
	for _, s := range a.servers(r) {
		canceled = s.CancelRequest(id) || canceled
	}
	if !canceled {
		tonic.WriteError(w, r, http.StatusNotFound, tonic.Errorf(http.StatusNotFound, "no request %q in flight", id))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"canceled": id})
}

// serveConnections answers GET /debug/connections: the open connections of
// every server, oldest first within each.
func (a *admin) serveConnections(w http.ResponseWriter, r *http.Request) {
	now := a.now()
	rows := []connection{}
	for _, s := range a.servers(r) {
		for _, c := range s.Connections() {
			rows = append(rows, connection{Server: s.Name(), RemoteAddr: c.RemoteAddr, LocalAddr: c.LocalAddr,
				TLS: c.TLS, State: c.State.String(), Since: c.Since, Opened: c.Opened,
				Age: roundAge(now.Sub(c.Opened)), Requests: c.Requests})
		}
	}
	writeJSON(w, http.StatusOK, rows)
}

// LoadHeader is the response header of GET /debug/requests that tells, for
// each server, one value each, how full it is and what it has shed:
//
//	Tonic-Load: api; in_flight=3; max_in_flight=512; connections=7; max_connections=922; shed=12
//
// A limit of 0 means none (see server.Options). The body's rows are the
// requests, as they always were.
const LoadHeader = "Tonic-Load"

// load is the LoadHeader value of s.
func load(s *server.Server) string {
	st, o := s.Stats(), s.Options()
	return s.Name() + "; in_flight=" + strconv.Itoa(st.InFlight) + "; max_in_flight=" + strconv.Itoa(o.MaxInFlight) +
		"; connections=" + strconv.Itoa(st.Connections) + "; max_connections=" + strconv.Itoa(o.MaxConnections) +
		"; shed=" + strconv.FormatUint(st.Shed, 10)
}

// roundAge shows a duration to the millisecond, or the second past a minute.
func roundAge(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(time.Millisecond).String()
}
