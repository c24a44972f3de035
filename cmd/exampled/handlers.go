package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// apiPrefix is the namespace of the API.
const apiPrefix = "/1.0"

// stuff holds the endpoint functions of the API. They know nothing of HTTP
// beyond the statuses and headers they return.
type stuff struct {
	store *Store
}

// create answers POST /1.0/stuff: 201 with the new item and its Location.
func (s *stuff) create(ctx context.Context, in *ItemInput) (*marshal.Response[*Item], error) {
	tonic.SetRequestStatus(ctx, "writing the store")
	it, err := s.store.Create(*in)
	if err != nil {
		return nil, err
	}
	return &marshal.Response[*Item]{Status: http.StatusCreated,
		Header: http.Header{"Location": {apiPrefix + "/stuff/" + url.PathEscape(it.ID)}}, Body: &it}, nil
}

// list answers GET /1.0/stuff with a page of items.
func (s *stuff) list(ctx context.Context, in *listRequest) (*ItemPage, error) {
	tonic.SetRequestStatus(ctx, "reading the store")
	limit := in.limit()
	items, total, err := s.store.List(in.Offset, limit)
	if err != nil {
		return nil, err
	}
	return &ItemPage{Items: items, Total: total, Limit: limit, Offset: in.Offset}, nil
}

// get answers GET /1.0/stuff/{id}.
func (s *stuff) get(ctx context.Context, in *idRequest) (*Item, error) {
	tonic.SetRequestStatus(ctx, "reading the store")
	it, err := s.store.Get(in.ID)
	if err != nil {
		return nil, storeError(err, in.ID)
	}
	return &it, nil
}

// update answers PUT /1.0/stuff/{id}: it replaces the name and count.
func (s *stuff) update(ctx context.Context, in *updateRequest) (*Item, error) {
	tonic.SetRequestStatus(ctx, "writing the store")
	it, err := s.store.Update(in.ID, in.ItemInput)
	if err != nil {
		return nil, storeError(err, in.ID)
	}
	return &it, nil
}

// remove answers DELETE /1.0/stuff/{id} with 204.
func (s *stuff) remove(ctx context.Context, in *idRequest) (*marshal.Response[*struct{}], error) {
	tonic.SetRequestStatus(ctx, "writing the store")
	if err := s.store.Delete(in.ID); err != nil {
		return nil, storeError(err, in.ID)
	}
	return &marshal.Response[*struct{}]{Status: http.StatusNoContent}, nil
}

// storeError turns errNotFound into a 404 naming id; other errors stay
// private 500s.
func storeError(err error, id string) error {
	if errors.Is(err, errNotFound) {
		return tonic.Errorf(http.StatusNotFound, "no stuff with id %q", id)
	}
	return err
}

// sleep answers GET /1.0/sleep/{ms} after that long, or earlier with
// ctx.Err(), which tonic answers with the cause that ended the context: the
// 503 of an operator's cancel (server.ErrRequestCanceled) or of a drain that
// ran out of time (server.ErrShuttingDown), or the 499 of a client that
// went away, which is logged and counted as abandoned, not as an error.
func sleep(ctx context.Context, in *sleepRequest) (*SleepResult, error) {
	tonic.SetRequestStatus(ctx, fmt.Sprintf("sleeping %dms", in.MS))
	t := time.NewTimer(time.Duration(in.MS) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return &SleepResult{SleptMS: in.MS}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
