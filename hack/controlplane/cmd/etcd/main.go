// Command etcd is the upstream etcd server, built at the version the pinned
// Kubernetes release uses, so no prebuilt etcd download is needed.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
