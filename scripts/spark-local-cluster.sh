#!/usr/bin/env bash
# The Spark job with separate executor JVMs, as a documented command: builds core and spark, then runs
# SparkLocalClusterIT (spark/src/test/java/org/layeranchor/spark/), which submits the packaged
# spark/target/layeranchor-spark.jar with SparkSubmit to a local-cluster[2,1,1024] master (a Master and
# two Workers in the driver's JVM, each executor a JVM of its own) on 8 emodb clips in fast mode, kills
# one executor JVM (SIGKILL) once the first entry is written, and checks
#   1. the job still ends with exit 0 and every utterance extracted,
#   2. the store equals 'layeranchor extract's on the same clips, every file byte for byte,
#   3. each executor that ran a task opened its encoder exactly once (its log's "opened encoder" lines),
#   4. the killed executor was replaced once, and no executor launch failed.
# Its report, with the machine's load, goes to docs/spark-local-cluster.txt. Needs ../shared (emodb,
# whisper-base) and Spark's jars from Maven (the test resolves them; SPARK_HOME=/path/to/spark-4.0.x
# uses a distribution's jars instead). Extra arguments go to Maven (e.g. -o).
#
#   scripts/spark-local-cluster.sh [MAVEN ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
log="$(mktemp /tmp/layeranchor-local-cluster.XXXXXX.log)"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs/spark-local-cluster.txt' || echo ' plus uncommitted changes')"
load_before="$(uptime | sed 's/.*load average: //')"
start=$(date +%s)
if ! ./mvnw -B "$@" -pl core,spark verify -Dlayeranchor.sparkCluster=true -Dtest=SparkLocalClusterIT >"$log" 2>&1; then
  grep -E 'local-cluster:|Tests run|FAIL|ERROR' "$log" | head -n 40 >&2
  echo "spark-local-cluster: FAILED; Maven's log: $log (the test's folder is kept when it fails: see driver.err there)" >&2
  exit 1
fi
elapsed=$(( $(date +%s) - start ))
test_time="$(grep -o 'Time elapsed: [0-9.]* s -- in org.layeranchor.spark.SparkLocalClusterIT' "$log" | tail -n 1 | grep -o '[0-9.]* s')"
{
  echo "# scripts/spark-local-cluster.sh, $(date -u '+%F %H:%M') UTC, $(nproc) cores, commit $commit"
  echo "# load average (1, 5, 15 min) before: $load_before; after: $(uptime | sed 's/.*load average: //')"
  echo "# SparkLocalClusterIT: passed in $test_time (the Maven build around it: $elapsed s in all)"
  cat spark/target/spark-local-cluster.txt
} > docs/spark-local-cluster.txt
cat docs/spark-local-cluster.txt
