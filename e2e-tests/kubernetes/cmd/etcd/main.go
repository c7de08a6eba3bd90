// Command etcd is the etcd server of the release that the pinned Kubernetes module requires, so the API server
// under our tests runs on the etcd it was released with (Debian's etcd-server 3.4 is older than any supported one).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
