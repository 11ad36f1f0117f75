//go:build !linux

package procserver

import "os/exec"

// dieWithParent has no portable equivalent outside Linux; there a server
// outlives a killed parent until it is stopped by hand.
func dieWithParent(*exec.Cmd) {}
