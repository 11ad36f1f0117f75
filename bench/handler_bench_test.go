// Package bench holds load scripts and benchmarks; everything targets loopback
// and stops by itself.
package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/httpapi"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

// setup starts the real handler on a loopback port over a fresh SQLite store
// with one database of ten fields.
func setup(b *testing.B) (base, token string) {
	b.Helper()
	ctx := context.Background()
	loc, _ := time.LoadLocation("Europe/Amsterdam")
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: b.TempDir(), Migrate: true, Options: sqlstore.Options{Loc: loc}})
	if err != nil {
		b.Fatal(err)
	}
	_, tok, err := st.CreateToken(ctx, "bench", false)
	if err != nil {
		b.Fatal(err)
	}
	name := "bench"
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: &name})
	if err != nil {
		b.Fatal(err)
	}
	for i, t := range []kopernik.FieldType{kopernik.TypeEmail, kopernik.TypeText, kopernik.TypeText, kopernik.TypeText,
		kopernik.TypeInteger, kopernik.TypeFloat, kopernik.TypeDate, kopernik.TypeDatetime, kopernik.TypeText, kopernik.TypeBig} {
		n, ft := fmt.Sprintf("f%d", i), t
		indexed := i == 0 || i == 2 || i == 4 || i == 6 // email, last name, age, birth date
		if _, err := st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: &n, Type: &ft, Index: &indexed}); err != nil {
			b.Fatal(err)
		}
	}
	api := httpapi.New(st, httpapi.Config{Loc: loc, Logger: quietLogger()})
	srv := httptest.NewServer(api)
	b.Cleanup(func() { srv.Close(); api.Close(ctx); st.Close() })
	return srv.URL, tok
}

const profileBody = `{"fields":{"f0":"ann@example.org","f1":"Ann","f2":"Smith","f3":"Delft","f4":42,"f5":3.5,"f6":"1990-04-02","f7":"2024-01-02 03:04:05","f8":"x","f9":"notes"}}`

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
}

func do(b *testing.B, hc *http.Client, method, url, body string, want int) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != want {
		b.Fatalf("%s %s: %d", method, url, res.StatusCode)
	}
}

// BenchmarkPostProfile: POST database/{id}/profiles from parallel clients.
func BenchmarkPostProfile(b *testing.B) {
	base, tok := setup(b)
	hc := client()
	url := base + "/v3/database/1/profiles?access_token=" + tok
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			do(b, hc, "POST", url, profileBody, 201)
		}
	})
}

// BenchmarkGetProfile: GET profile/{id} from parallel clients.
func BenchmarkGetProfile(b *testing.B) {
	base, tok := setup(b)
	hc := client()
	for i := 0; i < 1000; i++ {
		do(b, hc, "POST", base+"/v3/database/1/profiles?access_token="+tok, profileBody, 201)
	}
	var n atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := n.Add(1)%1000 + 1
			do(b, hc, "GET", fmt.Sprintf("%s/v3/profile/%d?access_token=%s", base, id, tok), "", 200)
		}
	})
}

// BenchmarkListProfiles: a filtered, ordered page of 100 profiles, one client,
// on 2,000 profiles (the 1M-profile figures come from bench/load).
func BenchmarkListProfiles(b *testing.B) {
	base, tok := setup(b)
	hc := client()
	names := []string{"Smith", "Jansen", "Baker", "de Vries", "Smit", "Bakker", "Visser", "Mulder"}
	url := base + "/v3/database/1/profiles?access_token=" + tok
	for i := 0; i < 2000; i++ {
		body := fmt.Sprintf(`{"fields":{"f0":"u%d@example.org","f1":"Ann","f2":%q,"f3":"Delft","f4":%d,"f5":3.5,"f6":"19%02d-%02d-%02d","f7":"2024-01-02 03:04:05","f8":"x","f9":"notes"}}`,
			i, names[i%len(names)], 18+i%60, 50+i%50, 1+i%12, 1+i%28)
		do(b, hc, "POST", url, body, 201)
	}
	list := base + "/v3/database/1/profiles?access_token=" + tok + "&fields[]=f4%3E%3D40&fields[]=f2%3D~Sm%25&orderby=f6&limit=100&total=false"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		do(b, hc, "GET", list, "", 200)
	}
}
