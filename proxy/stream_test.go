package proxy

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServerSentEventsFlushedAtOnce(t *testing.T) {
	next := make(chan struct{})
	be := startBackend(t, "a", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: one\n\n")
		http.NewResponseController(w).Flush()
		select {
		case <-next:
			io.WriteString(w, "data: two\n\n")
		case <-r.Context().Done():
		}
	}))
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	url, client := front(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/events", nil)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q, want text/event-stream", ct)
	}
	events := bufio.NewReader(res.Body)
	// The first event arrives while the backend waits: it was flushed.
	if got := readEvent(t, events); got != "data: one" {
		t.Fatalf("first event %q, want data: one", got)
	}
	if st := p.Backends()[0]; st.InFlight != 1 {
		t.Errorf("in flight while streaming: %d, want 1", st.InFlight)
	}
	close(next)
	if got := readEvent(t, events); got != "data: two" {
		t.Fatalf("second event %q, want data: two", got)
	}
	if _, err := events.ReadByte(); err != io.EOF {
		t.Errorf("after the last event: %v, want EOF", err)
	}
}

// readEvent reads one server-sent event, without its blank line.
func readEvent(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	line, err := r.ReadString('\n')
	if err != nil {
		if isTimeout(err) {
			t.Fatal("timed out reading an event: the proxy did not flush it")
		}
		t.Fatal(err)
	}
	if blank, err := r.ReadString('\n'); err != nil || blank != "\n" {
		t.Fatalf("after %q: %q %v, want a blank line", line, blank, err)
	}
	return strings.TrimSuffix(line, "\n")
}

// wsGUID is the key suffix of RFC 6455's handshake.
const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// wsAccept is the Sec-WebSocket-Accept for key.
func wsAccept(key string) string {
	h := sha1.Sum([]byte(key + wsGUID))
	return base64.StdEncoding.EncodeToString(h[:])
}

// wsEcho is a WebSocket server that echoes each text frame until a close
// frame, which it echoes before closing.
var wsEcho = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		http.Error(w, "want a WebSocket upgrade", http.StatusBadRequest)
		return
	}
	c, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer c.Close()
	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: %s\r\nX-Request-Id: %s\r\n\r\n", wsAccept(r.Header.Get("Sec-WebSocket-Key")), r.Header.Get("X-Request-Id"))
	rw.Flush()
	for {
		op, payload, err := readFrame(rw.Reader)
		if err != nil {
			return
		}
		writeFrame(rw.Writer, op, payload, false)
		if rw.Flush() != nil || op == 0x8 {
			return
		}
	}
})

// readFrame reads one unfragmented WebSocket frame and unmasks it.
func readFrame(r *bufio.Reader) (op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	if h[0]&0x80 == 0 {
		return 0, nil, errors.New("fragmented frame")
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var ext [2]byte
		_, err = io.ReadFull(r, ext[:])
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		_, err = io.ReadFull(r, ext[:])
		n = binary.BigEndian.Uint64(ext[:])
	}
	var mask [4]byte
	if err == nil && h[1]&0x80 != 0 {
		_, err = io.ReadFull(r, mask[:])
	}
	if err != nil || n > 1<<20 {
		return 0, nil, fmt.Errorf("bad frame header: %v", err)
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	if h[1]&0x80 != 0 {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return h[0] & 0x0f, payload, nil
}

// writeFrame writes one final frame of up to 65535 bytes; a client masks it.
func writeFrame(w io.Writer, op byte, payload []byte, masked bool) error {
	h := []byte{0x80 | op}
	maskBit := byte(0)
	if masked {
		maskBit = 0x80
	}
	if len(payload) < 126 {
		h = append(h, maskBit|byte(len(payload)))
	} else {
		h = append(h, maskBit|126, byte(len(payload)>>8), byte(len(payload)))
	}
	body := payload
	if masked {
		mask := [4]byte{0x12, 0x34, 0x56, 0x78}
		h = append(h, mask[:]...)
		body = make([]byte, len(payload))
		for i := range payload {
			body[i] = payload[i] ^ mask[i%4]
		}
	}
	_, err := w.Write(append(h, body...))
	return err
}

func TestWebSocketEcho(t *testing.T) {
	be := startBackend(t, "a", wsEcho)
	p, _ := newTestProxy(t, []string{be.url}, Options{})
	url, _ := front(t, p)
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan struct{})
	defer close(done)
	go func() { // bound the test: a hang closes the connection
		select {
		case <-done:
		case <-time.After(waitLimit):
		}
		c.Close()
	}()
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	req, _ := http.NewRequest(http.MethodGet, url+"/ws", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Key", key)
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("X-Request-Id", "ws-1")
	if err := req.Write(c); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusSwitchingProtocols || res.Header.Get("Sec-WebSocket-Accept") != wsAccept(key) {
		t.Fatalf("got %d with accept %q, want 101 with %q", res.StatusCode, res.Header.Get("Sec-WebSocket-Accept"), wsAccept(key))
	}
	if ids := res.Header.Values("X-Request-Id"); len(ids) != 1 || ids[0] != "ws-1" {
		t.Errorf("X-Request-ID %q, want ws-1 once", ids)
	}
	for _, msg := range []string{"hello", strings.Repeat("long message ", 40), "bye"} {
		if err := writeFrame(c, 0x1, []byte(msg), true); err != nil {
			t.Fatal(err)
		}
		op, got, err := readFrame(br)
		if err != nil || op != 0x1 || string(got) != msg {
			t.Fatalf("echo of %q: op %d %q %v, want a text frame with it", msg, op, got, err)
		}
	}
	if st := p.Backends()[0]; st.InFlight != 1 || st.ConnsOpen != 1 {
		t.Errorf("during the WebSocket: %+v, want 1 in flight on 1 connection", st)
	}
	writeFrame(c, 0x8, nil, true)
	if op, _, err := readFrame(br); err != nil || op != 0x8 {
		t.Fatalf("close: op %d %v, want a close frame back", op, err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("after the close frame: %v, want EOF", err)
	}
	c.Close() // the backend half-closed the tunnel; the client closes its half
	waitFor(t, "the tunnel's end", func() bool {
		st := p.Backends()[0]
		return st.InFlight == 0 && st.ConnsOpen == 0
	})
}
