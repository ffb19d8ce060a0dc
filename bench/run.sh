#!/usr/bin/env bash
# Builds the benchmarks and runs one workload; the last line is its median, e.g. "chain median 0.25 us/op".
# Usage: bench/run.sh <workload> [JMH options, e.g. -f 3 -i 10]
# Run one workload at a time on an otherwise idle machine: the figures are only as quiet as the cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
# The Vector API matmul kernel needs the incubator module; JMH's forked JVMs inherit this flag.
JVM_FLAGS=(--add-modules jdk.incubator.vector)
JAR="$ROOT/bench/target/jgrad-bench.jar"

usage() {
  cat >&2 <<'USAGE'
usage: bench/run.sh <workload> [JMH options]
  chain         10,000 elementwise ops on [4] tensors, forward + backward, us/op
  matmul256     Tensor.matmul of two 256 x 256 tensors, us/op
  gemm          the matmul kernel at 512^3 and the MLP shapes, GFLOP/s (gemm-512 last)
  gemm-512, gemm-mlp-fwd, gemm-mlp-dw, gemm-mlp-dx    one of those shapes alone
  mlp-small     a training step of a 784-256-10 MLP, batch 128, SGD, ms/step
  mlp-large     the same for 784-512-512-10, ms/step
  fashion-epoch one epoch of the fashion-mnist sample on the real data, s
  cold-start    a fresh JVM to the first gradient of sum(x*x), whole process, s (hyperfine, 20 runs)
USAGE
  exit 2
}

build() {
  (cd "$ROOT" && mvn -B -q -P bench -pl bench -am package -DskipTests)
}

[ $# -ge 1 ] || usage
workload="$1"
shift
case "$workload" in
  chain|matmul256|gemm|gemm-512|gemm-mlp-fwd|gemm-mlp-dw|gemm-mlp-dx|mlp-small|mlp-large|fashion-epoch)
    build
    "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "$workload" "$@" ;;
  cold-start)
    # A library user's class path: the engine and EJML, nothing of JMH or the samples.
    build
    EJML="$(sed -n 's:.*<ejml.version>\(.*\)</ejml.version>.*:\1:p' "$ROOT/pom.xml")"
    M2="${M2_REPO:-$HOME/.m2/repository}/org/ejml"
    CP="$ROOT/engine/target/classes:$ROOT/bench/target/classes"
    CP="$CP:$M2/ejml-core/$EJML/ejml-core-$EJML.jar:$M2/ejml-ddense/$EJML/ejml-ddense-$EJML.jar"
    RUN="$JAVA ${JVM_FLAGS[*]} -cp $CP dev.jgrad.bench.FirstGradient"
    JSON="$(mktemp)"
    hyperfine -N -w 3 -r "${RUNS:-20}" --export-json "$JSON" "$RUN" "$@" >&2
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]
print("cold-start: %d runs, min %.3g, max %.3g s" % (len(r["times"]), r["min"], r["max"]))
print("cold-start median %.3g s" % r["median"])' "$JSON"
    rm -f "$JSON" ;;
  *) usage ;;
esac
