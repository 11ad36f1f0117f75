package main

import "github.com/kopernik/kopernik"

type tokenInfo = kopernik.Token
