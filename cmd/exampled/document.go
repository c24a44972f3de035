package main

import (
	"io"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
)

// printDocument writes the API's OpenAPI document to w, the bytes
// /openapi.json serves, without opening the data file or listening: the
// routes do not depend on the store, the credentials or CORS. The -proxy
// mounts of cfg are in it, as they are in the served one.
func printDocument(cfg config, version string, w io.Writer) error {
	store, err := OpenStore("", time.Now) // in memory: nothing is read or written
	if err != nil {
		return err
	}
	reg := metrics.NewRegistry()
	px, err := openProxies(cfg.proxies, reg, zerolog.Nop())
	if err != nil {
		return err
	}
	defer px.Close()
	_, doc, err := newAPI(apiOptions{store: store, log: zerolog.Nop(), registry: reg,
		auth: credentials{user: "openapi", password: "unused"}, proxies: px, version: version})
	if err != nil {
		return err
	}
	_, err = w.Write(doc.JSON())
	return err
}
