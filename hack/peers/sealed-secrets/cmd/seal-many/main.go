// Command seal-many writes N SealedSecrets, one JSON object a line, each sealed to the controller's
// certificate with sealed-secrets' own sealing function (v1alpha1.NewSealedSecret, what kubeseal calls),
// in the default strict scope: every ciphertext is bound to its own namespace and name. One process for
// all N, where kubeseal would take one process start (and one certificate parse) per object.
//
//	seal-many -cert cert.pem -namespace ns -prefix s- -count 10000 > sealed.jsonl
//
// The values are the benchmark's (bench.Benchmark.Scenario.value): 40 bytes, "bench-value-%08d-" padded with x.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	ssv1alpha1 "github.com/bitnami/sealed-secrets/pkg/apis/sealedsecrets/v1alpha1"
	"github.com/bitnami/sealed-secrets/pkg/kubeseal"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
)

func main() {
	certFile := flag.String("cert", "", "the controller's certificate (PEM)")
	namespace := flag.String("namespace", "", "namespace of the SealedSecrets")
	prefix := flag.String("prefix", "s-", "name prefix; names are prefix0..prefix(count-1)")
	count := flag.Int("count", 1, "how many")
	flag.Parse()

	f, err := os.Open(*certFile)
	if err != nil {
		log.Fatal(err)
	}
	pub, err := kubeseal.ParseKey(f)
	if err != nil {
		log.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for i := 0; i < *count; i++ {
		v := fmt.Sprintf("bench-value-%08d-", i)
		v += strings.Repeat("x", 40-len(v))
		secret := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s%d", *prefix, i), Namespace: *namespace},
			Type:       corev1.SecretTypeOpaque,
			Data:       map[string][]byte{"value": []byte(v)},
		}
		ss, err := ssv1alpha1.NewSealedSecret(scheme.Codecs, pub, secret)
		if err != nil {
			log.Fatal(err)
		}
		ss.APIVersion = "bitnami.com/v1alpha1"
		ss.Kind = "SealedSecret"
		if err := enc.Encode(ss); err != nil {
			log.Fatal(err)
		}
	}
}
