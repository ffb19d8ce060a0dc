#!/usr/bin/env bash
# Builds the benchmarks and runs one workload; it ends with its medians, one per dtype (FLOAT64, then FLOAT32), e.g.
# "chain FLOAT32 median 0.25 us/op".
# Usage: bench/run.sh <workload> [JMH options, e.g. -f 3 -i 10, or -p dtype=FLOAT32 for one dtype]; bench/run.sh
# alone lists the workloads.
# Run one workload at a time on an otherwise idle machine: the figures are only as quiet as the cores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
# The Vector API matmul kernel needs the incubator module; JMH's forked JVMs inherit this flag.
JVM_FLAGS=(--add-modules jdk.incubator.vector)
JAR="$ROOT/bench/target/jgrad-bench-all.jar"

build() {
  (cd "$ROOT" && mvn -B -q -P bench -pl bench -am package -DskipTests)
}

# The workloads and what each measures come from the jar, the one place they are listed.
usage() {
  echo "usage: bench/run.sh <workload> [JMH options]" >&2
  "$JAVA" -jar "$JAR" --list >&2
  exit 2
}

build
[ $# -ge 1 ] || usage
workload="$1"
shift
"$JAVA" -jar "$JAR" --list | awk '{print $1}' | grep -qxF -- "$workload" || usage
if [ "$workload" = cold-start ]; then
  # A library user's class path: the engine and EJML, nothing of JMH or the samples.
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
  rm -f "$JSON"
else
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "$workload" "$@"
fi
