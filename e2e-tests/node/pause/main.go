// The pod sandbox's process ("pause"): holds the pod's namespaces, reaps orphans when it is PID 1 of a shared PID
// namespace, and exits 0 on SIGINT or SIGTERM. Built static (CGO_ENABLED=0) into the pause image by build-images.sh,
// since no registry is reachable to pull registry.k8s.io/pause.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
