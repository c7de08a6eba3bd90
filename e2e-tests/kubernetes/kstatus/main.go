// Command kstatus prints what sigs.k8s.io/cli-utils' kstatus library — the status rules Flux, kpt and cli-utils
// read a resource's health by — makes of one Kubernetes object. The tests feed it RouteMQCluster objects read from
// the real API server, so our claim of kstatus compatibility is judged by the library itself, not by our reading
// of its documentation.
//
//	kubectl get routemqcluster demo -o json | kstatus
//
// prints one line of JSON: {"status":"Current","message":"Resource is current"}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	// Unstructured's own decoder keeps integers as int64, which kstatus' field accessors require.
	object := &unstructured.Unstructured{}
	if err := object.UnmarshalJSON(in); err != nil {
		fail("stdin is not one Kubernetes object (pipe `kubectl get <kind> <name> -o json` into it): %v", err)
	}
	result, err := status.Compute(object)
	if err != nil {
		fail("kstatus could not compute a status: %v", err)
	}
	out, _ := json.Marshal(map[string]string{"status": result.Status.String(), "message": result.Message})
	fmt.Println(string(out))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "kstatus: "+format+"\n", args...)
	os.Exit(1)
}
