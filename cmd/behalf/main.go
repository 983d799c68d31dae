// Command behalf is the coaching-practice portal: an SSH server whose
// screens and commands share one domain.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills at once, should the graceful stop hang
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole program, minus the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "migrate":
		return migrate(args[1:], stdout, stderr)
	case "owner-key":
		return ownerKey(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "behalf "+version)
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "behalf: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  behalf serve [--listen ADDR] [--data DIR] [--demo]
               [--org NAME --owner-name NAME --owner-key FILE.pub]
               [--owner-handle H] [--owner-email E] [--timezone ZONE] [--currency CUR]
               [--idle-timeout DURATION] [--auth-timeout DURATION] [--max-sessions N]
               [--max-sessions-total N] [--max-sessions-per-addr N] [--max-unregistered N]
               [--max-unregistered-per-addr N] [--unregistered-timeout DURATION]
               [--conn-rate PER_SECOND] [--conn-burst N] [--conn-max N] [--conn-limit-loopback]
               [--max-file-size SIZE] [--files-quota SIZE] [--max-files N]
               [--pprof 127.0.0.1:PORT] [--heap-floor SIZE]
  behalf check [--data DIR]     check a stopped server's database, read only
  behalf check --store etcd --etcd ENDPOINTS [--etcd-prefix P]
                                check the organisation on etcd, servers running
  behalf migrate --from bolt:PATH --to etcd:ENDPOINTS [--etcd-prefix P]
                 (or --from etcd:ENDPOINTS --to bolt:PATH) move the organisation
  behalf owner-key --key FILE.pub [--data DIR]
                                add a key to an owner who lost every key (server stopped)
  behalf version

Run "behalf serve --help" for what each flag does.
`)
}
