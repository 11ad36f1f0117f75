package httpapi

import (
	"bytes"
	"io"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
)

// Imports (profiles.md §3.25, O26): the POST checks everything it can and
// stores the job with its source; the store's worker applies the rows in
// the background, and GET import/{id} reports the progress.

func resolveImport(rq *request, ids []string) error {
	id, _ := parseID(ids[0])
	if id <= 0 {
		return notFound(kopernik.MsgNoImport)
	}
	im, err := rq.s.store.GetImport(rq.r.Context(), id)
	if err != nil {
		return err
	}
	rq.imp = im
	return nil
}

func postImports(rq *request) error {
	body, err := rq.bodyMap()
	if err != nil {
		return err
	}
	req, err := imports.ParseRequest(rq.cat, body, imports.Config{Fetcher: rq.s.cfg.ImportFetcher})
	if err != nil {
		return err
	}
	var src io.Reader
	if req.Import.Location == "" {
		src = bytes.NewReader(req.Source)
	}
	id, err := rq.s.store.CreateImport(rq.r.Context(), &req.Import, src)
	if err != nil {
		return err
	}
	return rq.created(id, "import/"+idStr(id))
}

func getImport(rq *request) error {
	return rq.ok(imports.StatusOf(rq.imp))
}
