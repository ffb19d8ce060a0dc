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
# Times fresh JVMs running a main class of the bench, start to exit, with a library user's class path: the engine and
# EJML, nothing of JMH or the samples. Prints the spread, then "<name> median <s> s".
processes() {
  local name="$1" main="$2"
  shift 2
  local ejml m2 cp json
  if ! command -v hyperfine >/dev/null; then
    echo "bench/run.sh: $name times whole processes with hyperfine, which is not installed (apt-get install -y hyperfine)" >&2
    exit 1
  fi
  ejml="$(sed -n 's:.*<ejml.version>\(.*\)</ejml.version>.*:\1:p' "$ROOT/pom.xml")"
  m2="${M2_REPO:-$HOME/.m2/repository}/org/ejml"
  cp="$ROOT/engine/target/classes:$ROOT/bench/target/classes"
  for module in core ddense fdense; do
    cp="$cp:$m2/ejml-$module/$ejml/ejml-$module-$ejml.jar"
  done
  json="$(mktemp)"
  hyperfine -N -w 3 -r "${RUNS:-20}" --export-json "$json" "$JAVA ${JVM_FLAGS[*]} -cp $cp $main" "$@" >&2
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]
print("%s: %d runs, min %.3g, max %.3g s" % (sys.argv[2], len(r["times"]), r["min"], r["max"]))
print("%s median %.3g s" % (sys.argv[2], r["median"]))' "$json" "$name"
  rm -f "$json"
}

case "$workload" in
  cold-start)
    processes cold-start dev.jgrad.bench.FirstGradient "$@"
    ;;
  first-product)
    # Once per dtype, FLOAT64 first, each in its own JVMs.
    for dtype in FLOAT64 FLOAT32; do
      processes "first-product $dtype" "dev.jgrad.bench.FirstProduct $dtype" "$@"
    done
    ;;
  spark-step)
    # Spark is not in the shaded jar (a cluster brings its own): the bench's classes with the class path Maven
    # resolved, Spark's jars included, and the flags Spark needs on Java 17, which JMH's forks inherit.
    SPARK_LOCAL_IP=127.0.0.1 "$JAVA" @"$ROOT/spark/jvm.options" \
      -Dlog4j2.configurationFile="$ROOT/spark-samples/log4j2.properties" \
      -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" dev.jgrad.bench.Workload "$workload" "$@"
    ;;
  *)
    "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "$workload" "$@"
    ;;
esac
