// The pause process of each pod sandbox on hack/node.sh's node (containerd's sandbox_image): it only
// holds the pod's namespaces, and exits on SIGINT or SIGTERM. Built static, so its image is one file.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
}
