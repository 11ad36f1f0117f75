// Package tlsauto lets one port speak both TLS and plain HTTP, and provides
// the certificates for it.
//
// Copernica's own PHP class sends reads to https://HOST/ and writes to HOST/
// without a scheme, which curl sends as plain HTTP, to the same host and
// port. Serving such a client unchanged therefore needs both protocols on one
// listener, told apart by the first byte a client sends: a TLS connection
// always opens with a handshake record (0x16), an HTTP request never does.
//
// Certificates come either from files the operator gives or from a local
// certificate authority created once in the data directory, whose
// certificate clients are told to trust (see TrustText).
package tlsauto
