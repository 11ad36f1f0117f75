package httpapi

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestC4_2_DeclaredBodyAboveLimitAnswersAtOnce covers the size limit of
// conventions §4.2 (C22) for a body that is announced but never sent: a
// Content-Length above the limit is answered 400 Request too large at once,
// without reading, and the connection is closed, since the rest of the
// announced body would otherwise be taken for the next request.
func TestC4_2_DeclaredBodyAboveLimitAnswersAtOnce(t *testing.T) {
	a := newTestAPI(t, Config{MaxBody: 1024})
	profileFixture(t, a)
	srv := httptest.NewServer(a.s)
	t.Cleanup(srv.Close)

	for _, c := range []struct{ method, path, msg string }{
		{"POST", "/v2/databases?access_token=" + a.tok, msgTooLarge},
		{"PUT", "/v3/database/shop?access_token=" + a.tok, msgTooLarge},
		{"POST", "/v4/database/shop/profiles?access_token=" + a.tok, msgTooLarge},
		{"PUT", "/v2/database/shop/profiles?fields[]=city%3D%3DX&access_token=" + a.tok, msgTooLarge},
		// The exchange ignores a body it cannot read and looks at the query.
		{"POST", "/authenticate", msgInvalidToken},
	} {
		t.Run(c.method+" "+strings.Split(c.path, "?")[0], func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			// Headers only: the announced 100 MB never come.
			if _, err := io.WriteString(conn, c.method+" "+c.path+" HTTP/1.1\r\nHost: test\r\n"+
				"Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(conn)
			res, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("no answer before the deadline: %v", err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			want := `{"error":{"message":"` + c.msg + `"}}`
			if res.StatusCode != http.StatusBadRequest || string(body) != want {
				t.Fatalf("want 400 %s, got %d %s", want, res.StatusCode, body)
			}
			if !res.Close {
				t.Fatalf("the answer must announce Connection: close, headers %v", res.Header)
			}
			if n, err := br.Read(make([]byte, 1)); err != io.EOF {
				t.Fatalf("connection still open after the answer (read %d, %v)", n, err)
			}
		})
	}
}
