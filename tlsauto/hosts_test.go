package tlsauto

import (
	"os"
	"slices"
	"testing"
)

func TestTLS14_1_ListenHosts(t *testing.T) {
	for addr, want := range map[string][]string{
		"127.0.0.1:8080":      {"127.0.0.1"},
		"api.example.org:443": {"api.example.org"},
		"[2001:db8::5]:8080":  {"2001:db8::5"},
	} {
		got, err := ListenHosts(addr)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ListenHosts(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
	name, _ := os.Hostname()
	for _, addr := range []string{":8080", "0.0.0.0:8080", "[::]:8080"} {
		got, err := ListenHosts(addr)
		if err != nil {
			t.Fatal(err)
		}
		if name != "" && !slices.Contains(got, name) {
			t.Errorf("ListenHosts(%q) = %v, lacks the host name %q", addr, got, name)
		}
		for _, h := range got {
			if h == "0.0.0.0" || h == "::" || h == "127.0.0.1" {
				t.Errorf("ListenHosts(%q) = %v holds %q", addr, got, h)
			}
		}
	}
	if _, err := ListenHosts("no-port"); err == nil {
		t.Error("an address without port was accepted")
	}
}
