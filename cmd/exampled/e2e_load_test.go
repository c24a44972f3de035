//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// maxLoadRequests bounds the requests of one load, whatever happens.
const maxLoadRequests = 20000

// target is where one worker of a load sends its requests.
type target struct {
	client *http.Client
	api    string // the base URL
}

// load is a steady stream of writes, each read back, from a few workers:
// every worker creates an item, then GETs it, again and again. It counts
// the acknowledged writes and keeps every failure.
//
// The POSTs carry an Idempotency-Key header, which lets net/http's client
// send a POST again when the server closed its keep-alive connection
// before reading the request, as a draining server does to idle
// connections; as for a GET, the server has then seen nothing.
type load struct {
	auth credentials

	mu       sync.Mutex
	acked    map[string]string // ID -> name
	requests int
	failures []string

	stop chan struct{}
	wg   sync.WaitGroup
}

// startLoad starts one worker per target.
func startLoad(t *testing.T, auth credentials, targets ...target) *load {
	l := &load{auth: auth, acked: map[string]string{}, stop: make(chan struct{})}
	for i, tg := range targets {
		l.wg.Add(1)
		go l.work(i, tg)
	}
	t.Cleanup(l.end)
	return l
}

// end stops the workers and waits for them.
func (l *load) end() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	l.wg.Wait()
}

// work is one worker.
func (l *load) work(worker int, tg target) {
	defer l.wg.Done()
	for n := 0; ; n++ {
		select {
		case <-l.stop:
			return
		default:
		}
		if !l.count() {
			<-l.stop
			return
		}
		name := fmt.Sprintf("w%d-%d", worker, n)
		if err := l.writeAndRead(tg, name); err != nil {
			l.mu.Lock()
			l.failures = append(l.failures, err.Error())
			l.mu.Unlock()
		}
	}
}

// count counts one more request pair, and reports whether it is within the
// bound.
func (l *load) count() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests++
	return l.requests <= maxLoadRequests
}

// writeAndRead creates the item name and reads it back.
func (l *load) writeAndRead(tg target, name string) error {
	created, err := send(tg.client, request{method: "POST", url: tg.api + "/1.0/stuff", body: `{"name":"` + name + `"}`,
		auth: &l.auth, header: map[string]string{"Idempotency-Key": name}})
	if err != nil {
		return fmt.Errorf("POST %s: %v", name, err)
	}
	var it Item
	if created.code != http.StatusCreated || json.Unmarshal([]byte(created.body), &it) != nil || it.Name != name {
		return fmt.Errorf("POST %s: got %d %s, want 201 with the item", name, created.code, created.body)
	}
	l.mu.Lock()
	l.acked[it.ID] = name
	l.mu.Unlock()
	got, err := send(tg.client, request{method: "GET", url: tg.api + "/1.0/stuff/" + it.ID})
	if err != nil {
		return fmt.Errorf("GET %s: %v", it.ID, err)
	}
	if got.code != http.StatusOK || got.body != created.body {
		return fmt.Errorf("GET %s: got %d %s, want 200 %s", it.ID, got.code, got.body, created.body)
	}
	return nil
}

// ackedCount returns the number of acknowledged writes.
func (l *load) ackedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

// waitAcked waits until n writes more than now have been acknowledged.
func (l *load) waitAcked(t *testing.T, n int) {
	t.Helper()
	want := l.ackedCount() + n
	waitFor(t, fmt.Sprintf("%d acknowledged writes", want), func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		if len(l.failures) > 0 {
			t.Fatalf("the load failed: %v", l.failures)
		}
		return len(l.acked) >= want
	})
}

// results stops the load and returns the acknowledged writes and the
// failures.
func (l *load) results() (map[string]string, []string) {
	l.end()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acked, l.failures
}
