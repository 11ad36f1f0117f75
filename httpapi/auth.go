package httpapi

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// tokenTTL bounds how long a revocation may take to reach a node: token checks
// are cached this long so a busy server does not read the token table on every
// request.
const tokenTTL = 2 * time.Second

// jwtLifetime is Copernica's documented validity of an exchanged token.
const jwtLifetime = 24 * time.Hour

type tokenEntry struct {
	tok     kopernik.Token
	ok      bool
	expires time.Time
}

type tokenCache struct {
	store kopernik.TokenStore
	mu    sync.Mutex
	bySec map[string]tokenEntry
	live  map[int64]tokenEntry
	key   []byte
	// hits and misses count lookups answered from the cache or the store.
	hits, misses atomic.Uint64
}

func newTokenCache(st kopernik.TokenStore) *tokenCache {
	return &tokenCache{store: st, bySec: map[string]tokenEntry{}, live: map[int64]tokenEntry{}}
}

// check finds the live token with this secret. An error means the store
// could not answer, which says nothing about the token and is never cached.
func (c *tokenCache) check(ctx context.Context, secret string) (kopernik.Token, bool, error) {
	now := time.Now()
	c.mu.Lock()
	e, hit := c.bySec[secret]
	c.mu.Unlock()
	if hit && now.Before(e.expires) {
		c.hits.Add(1)
		return e.tok, e.ok, nil
	}
	c.misses.Add(1)
	tok, ok, err := c.store.CheckToken(ctx, secret)
	if err != nil {
		return tok, false, err
	}
	c.mu.Lock()
	if len(c.bySec) > 10000 {
		c.bySec = map[string]tokenEntry{}
	}
	c.bySec[secret] = tokenEntry{tok: tok, ok: ok, expires: now.Add(tokenTTL)}
	c.mu.Unlock()
	return tok, ok, nil
}

func (c *tokenCache) tokenLive(ctx context.Context, id int64) (bool, error) {
	now := time.Now()
	c.mu.Lock()
	e, hit := c.live[id]
	c.mu.Unlock()
	if hit && now.Before(e.expires) {
		c.hits.Add(1)
		return e.ok, nil
	}
	c.misses.Add(1)
	ok, err := c.store.TokenLive(ctx, id)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	if len(c.live) > 10000 {
		c.live = map[int64]tokenEntry{}
	}
	c.live[id] = tokenEntry{ok: ok, expires: now.Add(tokenTTL)}
	c.mu.Unlock()
	return ok, nil
}

func (c *tokenCache) signingKey(ctx context.Context) ([]byte, error) {
	c.mu.Lock()
	k := c.key
	c.mu.Unlock()
	if k != nil {
		return k, nil
	}
	k, err := c.store.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.key = k
	c.mu.Unlock()
	return k, nil
}

// credential finds the token: the Authorization header wins over access_token.
func credential(r *http.Request, q *reqdata.Query) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
			return h[7:], true
		}
	}
	v, isArray, ok := q.Scalar("access_token")
	if !ok || isArray {
		return "", false
	}
	return v, false
}

var errInvalidToken = kopernik.Errorf(kopernik.EINVALID, msgInvalidToken)

// authorize checks the request's token (conventions §2). A store that cannot
// answer is a fault of the server, never an invalid token.
func (s *Server) authorize(rq *request) error {
	secret, _ := credential(rq.r, rq.q)
	if secret == "" {
		return errInvalidToken
	}
	ctx := rq.r.Context()
	ok := false
	var err error
	if strings.Count(secret, ".") == 2 {
		ok, err = s.checkJWT(ctx, secret)
	} else {
		var tok kopernik.Token
		tok, ok, err = s.tokens.check(ctx, secret)
		// A token flagged v4-only must not work in the older versions (C2).
		ok = ok && !(tok.V4Only && !rq.v.v4OnlyTokens)
	}
	if err != nil {
		return err
	}
	if !ok {
		return errInvalidToken
	}
	return nil
}

type jwtClaims struct {
	Iat     int64  `json:"iat"`
	Exp     int64  `json:"exp"`
	Account string `json:"account"`
	Token   int64  `json:"tid"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

func (s *Server) issueJWT(ctx context.Context, tok kopernik.Token) (string, error) {
	key, err := s.tokens.signingKey(ctx)
	if err != nil {
		return "", err
	}
	now := time.Now()
	payload, _ := json.Marshal(jwtClaims{Iat: now.Unix(), Exp: now.Add(jwtLifetime).Unix(),
		Account: s.cfg.Account.ID, Token: tok.ID})
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// checkJWT reports whether token is a JWT this server signed, unexpired, of a
// live API token; the error is a store failure.
func (s *Server) checkJWT(ctx context.Context, token string) (bool, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return false, nil
	}
	key, err := s.tokens.signingKey(ctx)
	if err != nil {
		return false, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return false, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false, nil
	}
	var c jwtClaims
	if json.Unmarshal(raw, &c) != nil || time.Now().Unix() >= c.Exp {
		return false, nil
	}
	return s.tokens.tokenLive(ctx, c.Token)
}

// authenticate is the v4 JWT exchange (conventions §2.3): an API token in, the
// bare JWT out as text/plain.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.RawQuery) > s.cfg.MaxQuery {
		writeError(w, http.StatusBadRequest, msgTooLarge)
		return
	}
	q, err := reqdata.ParseQuery(r.URL.RawQuery, s.cfg.MaxQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, msgTooLarge)
		return
	}
	secret := ""
	switch r.Method {
	case http.MethodGet:
		secret, _, _ = q.Scalar("access_token")
	case http.MethodPost:
		var body any
		err := reqdata.ErrTooLarge
		if !s.announcedTooLarge(w, r) {
			body, err = reqdata.DecodeBody(r.Header.Get("Content-Type"), r.Body, s.cfg.MaxBody)
		}
		if err == nil {
			if m, ok := reqdata.AsMap(body); ok {
				if v, ok := m.Get("access_token"); ok {
					secret, _ = reqdata.String(v)
				}
			}
		}
		if secret == "" {
			secret, _, _ = q.Scalar("access_token")
		}
	default:
		writeError(w, http.StatusBadRequest, msgInvalidMethod)
		return
	}
	if secret == "" {
		writeError(w, http.StatusBadRequest, msgInvalidToken)
		return
	}
	tok, ok, err := s.tokens.check(r.Context(), secret)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !ok {
		writeError(w, http.StatusBadRequest, msgInvalidToken)
		return
	}
	jwt, err := s.issueJWT(r.Context(), tok)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", strconv.Itoa(len(jwt)))
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(jwt))
}
