#!/bin/sh
# Try several front ends on one machine: three etcd members and two
# `behalf serve` over them, serving the demo organisation as one portal.
# Needs the etcd binary (v3.7) on PATH; everything lives in ./cluster and
# stops with Ctrl-C.
#
#   sh scripts/cluster.sh
#   ssh -p 23241 -i cluster/a/demo-keys/olivia localhost   # front end A
#   ssh -p 23242 -i cluster/a/demo-keys/jane localhost     # front end B
set -eu
cd "$(dirname "$0")/.."
go build -o bin/behalf ./cmd/behalf
mkdir -p cluster
pids=""
trap 'kill $pids 2>/dev/null; wait' INT TERM EXIT
initial="e1=http://127.0.0.1:2381,e2=http://127.0.0.1:2383,e3=http://127.0.0.1:2385"
for i in 1 2 3; do
  client=$((2378 + 2 * i)) peer=$((2379 + 2 * i))
  etcd --name "e$i" --data-dir "cluster/e$i" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "$initial" --initial-cluster-token behalf-try \
    --max-txn-ops 65536 --max-request-bytes 33554432 \
    --auto-compaction-retention 1h >"cluster/e$i.log" 2>&1 &
  pids="$pids $!"
done
endpoints=http://127.0.0.1:2380,http://127.0.0.1:2382,http://127.0.0.1:2384
./bin/behalf serve --store etcd --etcd "$endpoints" --etcd-prefix /behalf/demo/ \
  --data cluster/a --files cluster/files --listen 127.0.0.1:23241 --demo &
pids="$pids $!"
sleep 3 # let A make the demo first; B would otherwise wait for it the same way
./bin/behalf serve --store etcd --etcd "$endpoints" --etcd-prefix /behalf/demo/ \
  --data cluster/b --files cluster/files --listen 127.0.0.1:23242 &
pids="$pids $!"
wait
