#!/usr/bin/env bash
# The long fuzzing run of the graph reader (issue 12 section 4): mutants of every template, for
# SECONDS (default 300), each file within CAP_MS (default 2000) or it counts as a hang.
#   benchmarks/fuzz/run.sh [SECONDS] [FOLDER] [FIRST_SEED] [CAP_MS]
#   benchmarks/fuzz/run.sh replay FILE...     (checks kept reproducers again, with the time each takes)
# Prints files per second every 30 s and at the end; every failure is kept in FOLDER (default
# target/fuzz) as seed-N.json (the file) and seed-N.txt (what broke). A failure reproduces from its
# seed alone: GraphMutator.mutant(N). Exit 1 when anything failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
called_from="$PWD"
cd "$root"
OMP_NUM_THREADS=1 mvn -B -q ${MVN_OFFLINE:+-o} -pl benchmarks -am package -DskipTests >&2
if [ "${1:-}" = replay ]; then
  files=(); for f in "${@:2}"; do case "$f" in /*) files+=("$f");; *) files+=("$called_from/$f");; esac; done
  exec java -Xmx2g -cp benchmarks/target/benchmarks.jar io.layerloom.bench.fuzz.FuzzRun replay "${files[@]}"
fi
seconds="${1:-300}"; folder="${2:-$root/target/fuzz}"; seed="${3:-1}"; cap="${4:-2000}"
exec java -Xmx2g -cp benchmarks/target/benchmarks.jar io.layerloom.bench.fuzz.FuzzRun "$seconds" "$folder" "$seed" "$cap"
