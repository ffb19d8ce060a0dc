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
  chain|matmul256|gemm|gemm-512|gemm-mlp-fwd|gemm-mlp-dw|gemm-mlp-dx)
    build
    "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "$workload" "$@" ;;
  # mlp-small, mlp-large, cold-start and fashion-epoch join here as the modules they measure arrive: a JMH
  # workload is one more name in the list above, a whole-process one (cold-start) gets its own arm.
  *) usage ;;
esac
