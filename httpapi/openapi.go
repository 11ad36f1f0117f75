package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// OpenAPIOptions say what the description is of.
type OpenAPIOptions struct {
	// Version is Kopernik's version, the document's info.version.
	Version string
	// ServerURL is the server's public base URL; "" leaves the servers
	// relative to wherever the document was fetched from.
	ServerURL string
	// Metrics: /metrics is served on the API port.
	Metrics bool
}

// OpenAPI generates the OpenAPI 3.1 description of the API from the route
// table (routes.go), the version differences (versions.go) and the rows'
// documentation (routedocs.go). It fails when a row has no documentation or
// names a schema or parameter that is not described.
func OpenAPI(o OpenAPIOptions) ([]byte, error) {
	doc, err := openAPIDoc(o, routes, openPaths(o.Metrics))
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
}

// openPaths are the open routes of a server, sorted. They are read from
// openDocs (a test holds it equal to openRoutes and /metrics): openRoutes
// refers to the handler that calls this.
func openPaths(metrics bool) []string {
	var out []string
	for p := range openDocs {
		if p != metricsPath || metrics {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// openAPI serves the description of this server (no token: it describes the
// API, it exposes no data).
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != GET && r.Method != http.MethodHead {
		writeError(w, http.StatusBadRequest, msgInvalidMethod)
		return
	}
	s.openAPIOnce.Do(func() {
		s.openAPIDoc, s.openAPIErr = OpenAPI(OpenAPIOptions{Version: s.cfg.Version, ServerURL: s.cfg.PublicURL, Metrics: s.cfg.Metrics != nil})
	})
	if s.openAPIErr != nil {
		s.internalError(w, r, s.openAPIErr)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.openAPIDoc)))
	w.Write(s.openAPIDoc)
}

const versionNote = "Every route exists under /v1 … /v4 as listed; a path without a version prefix is served like /v2. " +
	"Routes marked x-kopernik-tail ignore segments after their pattern. A POST to a path that only has a PUT runs that PUT " +
	"(answering 200 in v1/v2 and 204 in v3/v4), and a PUT to a path that only has a POST runs that POST. " +
	"Every client error is a 400 with {\"error\":{\"message\":…}}; 500 only for faults of the server."

func openAPIDoc(o OpenAPIOptions, rows []route, open []string) (map[string]any, error) {
	if o.Version == "" {
		o.Version = "dev"
	}
	schemas := componentSchemas()
	paths := map[string]any{}
	params := map[string]any{}
	for i := range rows {
		r := &rows[i]
		key := r.method + " " + r.pattern
		d, ok := routeDocs[key]
		if !ok {
			return nil, fmt.Errorf("route %s has no entry in routeDocs (httpapi/routedocs.go)", key)
		}
		for n := 1; n <= 4; n++ {
			if !r.in.has(n) {
				continue
			}
			op, err := operation(r, d, n, schemas, params)
			if err != nil {
				return nil, fmt.Errorf("route %s: %w", key, err)
			}
			path := "/v" + strconv.Itoa(n) + "/" + r.pattern
			item, _ := paths[path].(map[string]any)
			if item == nil {
				item = map[string]any{}
				paths[path] = item
			}
			item[strings.ToLower(r.method)] = op
		}
	}
	for _, p := range open {
		d, ok := openDocs[p]
		if !ok {
			return nil, fmt.Errorf("open route %s has no entry in openDocs", p)
		}
		item := map[string]any{}
		for _, m := range d.methods {
			content := map[string]any{d.out: map[string]any{"schema": schema{"type": "string"}}}
			if d.out == "application/json" {
				content = map[string]any{d.out: map[string]any{"schema": schema{"type": "object"}}}
			}
			op := map[string]any{
				"operationId": opID(m, openName(p), 0),
				"summary":     d.summary,
				"tags":        []string{"service"},
				"security":    []any{}, // open: no token
				"responses": map[string]any{
					"200": map[string]any{"description": "OK", "content": content},
					"400": map[string]any{"$ref": "#/components/responses/Error"},
				},
			}
			if p == "/authenticate" || p == "/" {
				op["parameters"] = []any{map[string]any{"name": "access_token", "in": "query",
					"description": "the API token to exchange (or in a form or JSON body on POST)", "schema": schema{"type": "string"}}}
			}
			item[strings.ToLower(m)] = op
		}
		paths[p] = item
	}
	servers := []any{map[string]any{"url": "/", "description": "this server"}}
	if o.ServerURL != "" {
		servers = []any{map[string]any{"url": o.ServerURL}}
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Kopernik",
			"version":     o.Version,
			"summary":     "A self-hosted server that speaks the Copernica REST API, versions 1 to 4",
			"description": versionNote,
			"license":     map[string]any{"name": "see the project's LICENSE"},
		},
		"servers":  servers,
		"security": []any{map[string]any{"accessToken": []any{}}, map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas":    schemas,
			"parameters": params,
			"securitySchemes": map[string]any{
				"accessToken": map[string]any{"type": "apiKey", "in": "query", "name": "access_token",
					"description": "API token (or a JWT from /authenticate) in the query, as Copernica's PHP class sends it; refused in v1-v3 for tokens made with --v4-only"},
				"bearer": map[string]any{"type": "http", "scheme": "bearer",
					"description": "Authorization: Bearer TOKEN, with an API token or a JWT; wins over access_token"},
			},
			"responses": map[string]any{
				"Error": map[string]any{"description": "A client error: bad token, unknown route or ID, invalid data",
					"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}},
				"Fault": map[string]any{"description": "A fault of the server (message Internal error)",
					"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}},
			},
			"headers": map[string]any{
				"X-Created":  map[string]any{"description": "ID of the created entity", "schema": idString},
				"X-Location": map[string]any{"description": "absolute URL of the created entity, with the version", "schema": schema{"type": "string"}},
				"Location":   map[string]any{"description": "201: as X-Location; 303: the entity's URL without version, with the request's query string", "schema": schema{"type": "string"}},
				"X-Deleted":  map[string]any{"description": "what was deleted: kind and ID, e.g. profile 5", "schema": schema{"type": "string"}},
			},
		},
		"tags": []any{
			map[string]any{"name": "service", "description": "Open routes outside the versioned API"},
		},
	}, nil
}

// operation describes row r in version n.
func operation(r *route, d routeDoc, n int, schemas, params map[string]any) (map[string]any, error) {
	v := versions[n]
	var ps []any
	for _, seg := range strings.Split(r.pattern, "/") {
		if !isParam(seg) {
			continue
		}
		name := seg[1 : len(seg)-1]
		p, ok := pathParams[name]
		if !ok {
			return nil, fmt.Errorf("placeholder {%s} is not in pathParams", name)
		}
		id := "path_" + name
		if _, done := params[id]; !done {
			s := schema{"type": "string"}
			if p.pattern != "" {
				s["pattern"] = p.pattern
			}
			params[id] = map[string]any{"name": name, "in": "path", "required": true, "description": p.desc, "schema": s}
		}
		ps = append(ps, map[string]any{"$ref": "#/components/parameters/" + id})
	}
	for _, q := range d.query {
		p, ok := queryParams[q]
		if !ok {
			return nil, fmt.Errorf("query parameter %q is not in queryParams", q)
		}
		if _, done := params[q]; !done {
			params[q] = queryParam(q, p)
		}
		ps = append(ps, map[string]any{"$ref": "#/components/parameters/" + q})
	}
	op := map[string]any{
		"operationId": opID(r.method, r.pattern, n),
		"summary":     d.summary,
		"tags":        []string{strings.SplitN(r.pattern, "/", 2)[0]},
	}
	if len(ps) > 0 {
		op["parameters"] = ps
	}
	if r.ends == tail {
		op["x-kopernik-tail"] = true
	}
	if d.body != "" {
		if _, ok := schemas[d.body]; !ok {
			return nil, fmt.Errorf("body schema %q is not described", d.body)
		}
		op["requestBody"] = map[string]any{
			"description": "JSON or form data (PHP brackets: fields[email]=…); [] counts as an empty object",
			"content": map[string]any{
				"application/json":                  map[string]any{"schema": ref(d.body)},
				"application/x-www-form-urlencoded": map[string]any{"schema": ref(d.body)},
			},
		}
	}
	resp, err := responses(r, d, v, schemas)
	if err != nil {
		return nil, err
	}
	op["responses"] = resp
	return op, nil
}

func queryParam(name string, p param) map[string]any {
	out := map[string]any{"name": name, "in": "query", "description": p.desc}
	switch {
	case p.list:
		// PHP lists: name[]=a&name[]=b or name[0]=a, brackets percent-encoded
		// or not. OpenAPI has no style for that; deepObject is the closest.
		out["name"] = name + "[]"
		out["schema"] = arrayOf(schema{"type": "string"})
		out["style"] = "form"
		out["explode"] = true
	case p.schema != nil:
		out["schema"] = p.schema
	default:
		s := schema{"type": "string"}
		if p.pattern != "" {
			s["pattern"] = p.pattern
		}
		out["schema"] = s
	}
	return out
}

func header(name string) map[string]any {
	return map[string]any{"$ref": "#/components/headers/" + name}
}

func emptyAnswer(desc string, headers ...string) map[string]any {
	out := map[string]any{"description": desc}
	if len(headers) > 0 {
		h := map[string]any{}
		for _, n := range headers {
			h[n] = header(n)
		}
		out["headers"] = h
	}
	return out
}

// responses are the statuses of row r in version v, read from versions.go.
func responses(r *route, d routeDoc, v *version, schemas map[string]any) (map[string]any, error) {
	out := map[string]any{
		"400": map[string]any{"$ref": "#/components/responses/Error"},
		"500": map[string]any{"$ref": "#/components/responses/Fault"},
	}
	set := func(status int, desc string, headers ...string) {
		key := strconv.Itoa(status)
		if prev, ok := out[key].(map[string]any); ok {
			prev["description"] = prev["description"].(string) + "; or " + desc
			return
		}
		out[key] = emptyAnswer(desc, headers...)
	}
	switch d.answer {
	case answerJSON:
		if d.out == "" {
			return nil, fmt.Errorf("a JSON answer needs a schema")
		}
		if _, ok := schemas[d.out]; !ok {
			return nil, fmt.Errorf("answer schema %q is not described", d.out)
		}
		out["200"] = map[string]any{"description": "OK",
			"content": map[string]any{"application/json": map[string]any{"schema": ref(d.out)}}}
	case answerCreated:
		set(http.StatusCreated, "Created", "X-Created", "X-Location", "Location")
	case answerUpdated:
		if v.putOne == http.StatusSeeOther {
			set(v.putOne, "Changed; Location names the entity", "Location")
		} else {
			set(v.putOne, "Changed")
		}
	case answerPostUpdated:
		set(v.postOnPut, "Changed")
	case answerCreatedOrUpdated:
		set(http.StatusCreated, "Created", "X-Created", "X-Location", "Location")
		if v.conditionByRule {
			if r.method == POST {
				set(v.postOnPut, "A further segment named a condition of the rule: changed it")
			} else {
				set(v.putOne, "A further segment named a condition of the rule: changed it", "Location")
			}
		}
	case answerBulk:
		set(v.putMany, "Changed the matching entities (possibly none)")
		if slicesContains(d.query, "create") {
			if v.putNew == http.StatusSeeOther {
				set(v.putNew, "create=1 and nothing matched: created one; Location names it", "X-Created", "X-Location", "Location")
			} else {
				set(v.putNew, "create=1 and nothing matched: created one", "X-Created", "X-Location", "Location")
			}
		}
	case answerDeleted:
		set(v.deleteOK, "Deleted", "X-Deleted")
		if v.deleteGone {
			set(http.StatusNoContent, "Nothing to delete: the target does not exist")
		}
	case answerDeletedMany:
		set(v.deleteOK, "Deleted")
	default:
		return nil, fmt.Errorf("unknown answer kind %d", d.answer)
	}
	if d.notFound != "" {
		out["404"] = map[string]any{"description": d.notFound,
			"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	return out, nil
}

// openName names an open path in operation IDs.
func openName(p string) string {
	if p == "/" {
		return "root"
	}
	return strings.Trim(p, "/")
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// opID names an operation uniquely: getDatabaseDbFieldFieldV2.
func opID(method, pattern string, n int) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.FieldsFunc(pattern, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
	}
	if n > 0 {
		b.WriteString("V" + strconv.Itoa(n))
	}
	return b.String()
}
