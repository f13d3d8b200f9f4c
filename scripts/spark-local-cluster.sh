#!/usr/bin/env bash
# The Spark job with separate executor JVMs: SparkSubmit on Spark's local-cluster[2,1,1024] master (a
# standalone Master and two Workers inside the driver JVM; each Worker starts its executor as its own
# JVM), on N clips of a shared corpus, one executor killed (SIGKILL) mid-job. Checks that
#   1. the job still ends with exit 0 and a complete store,
#   2. the store equals 'layeranchor extract's byte for byte (entries, index.csv, encoder.json),
#   3. every executor JVM opened its encoder exactly once (ExecutorEncoders logs each open).
# Needs the built jars (./mvnw -B -DskipTests package) and Maven's Spark jars; it lays out a SPARK_HOME
# (jars/ = symbolic links to them) as a Spark distribution has it, since a Worker starts executors with
# "$SPARK_HOME/jars/*" as their classpath. Output: docs/spark-local-cluster.txt.
#
#   scripts/spark-local-cluster.sh [CORPUS] [CLIPS]     # default ../shared/corpora/emodb, 40 clips
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus_src="$(cd "${1:-$root/../shared/corpora/emodb}" && pwd)"
clips="${2:-40}"
model="$(cd "$root/../shared/models/whisper-base" && pwd)"
job="$root/spark/target/layeranchor-spark.jar"
cli="$root/core/target/layeranchor.jar"
for f in "$job" "$cli"; do
  [ -f "$f" ] || { echo "spark-local-cluster: $f missing: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
done
work="$(mktemp -d /tmp/layeranchor-local-cluster.XXXXXX)"
echo "work folder: $work"

# A SPARK_HOME laid out from the jars Maven resolves for spark-sql (what a Spark distribution's jars/ holds).
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/pom.xml")"
mkdir -p "$work/spark-home/jars" "$work/spark-pom"
cat > "$work/spark-pom/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>spark-home</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId>
    <version>$spark_version</version></dependency></dependencies></project>
EOF
(cd "$work/spark-pom" && "$root/mvnw" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
   -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
tr ':' '\n' < "$work/classpath.txt" | while read -r j || [ -n "$j" ]; do ln -sf "$j" "$work/spark-home/jars/"; done
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13
echo "SPARK_HOME: $(ls "$SPARK_HOME/jars" | wc -l) jars"

# The first CLIPS clips of the corpus (symbolic links: content keys hash the audio bytes, not the path).
corpus="$work/corpus"
mkdir -p "$corpus/audio"
head -n $((clips + 1)) "$corpus_src/manifest.csv" > "$corpus/manifest.csv"
tail -n +2 "$corpus/manifest.csv" | cut -d, -f1 | while read -r p; do ln -s "$corpus_src/$p" "$corpus/$p"; done

echo "== layeranchor extract (one JVM)"
start=$(date +%s)
java -Xmx2g -jar "$cli" extract --mode fast --threads 1 --model "$model" --corpus "$corpus" --store "$work/store-extract" >"$work/extract.log" 2>&1
echo "extract: $(( $(date +%s) - start )) s"

echo "== SparkSubmit --master local-cluster[2,1,1024], one executor killed mid-job"
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
       --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
       --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED)
start=$(date +%s)
java -Xmx1g "${opens[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master 'local-cluster[2,1,1024]' --conf spark.ui.enabled=false \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.task.maxFailures=4 --conf spark.executor.extraJavaOptions=-Xss4m \
  "$job" --mode fast --threads 1 --partitions 8 --model "$model" --corpus "$corpus" --store "$work/store-spark" \
  >"$work/spark.out" 2>"$work/spark.err" &
driver=$!
# Kill one executor JVM (a child of the driver, started by a Worker) once a few entries are written.
killed=""
for _ in $(seq 1 600); do
  entries=$( (find "$work/store-spark" -path '*/pooled/*' -name '*.npy' 2>/dev/null || true) | wc -l)
  if [ "$entries" -ge 4 ]; then
    victim=$(pgrep -P "$driver" -f CoarseGrainedExecutorBackend | head -n 1 || true)
    if [ -n "$victim" ]; then
      kill -9 "$victim"; killed="$victim"
      echo "killed executor JVM $victim after $entries entries"
      break
    fi
  fi
  kill -0 "$driver" 2>/dev/null || break
  sleep 0.5
done
rc=0; wait "$driver" || rc=$?
echo "spark job: exit $rc, $(( $(date +%s) - start )) s"
[ -n "$killed" ] || { echo "FAIL: no executor was killed (the job ended before 4 entries?)"; exit 1; }
[ "$rc" = 0 ] || { echo "FAIL: the job exited $rc; see $work/spark.err"; exit 1; }

echo "== checks"
key=$(ls "$work/store-extract")
rows_e=$(($(wc -l < "$work/store-extract/$key/index.csv") - 1))
rows_s=$(($(wc -l < "$work/store-spark/$key/index.csv") - 1))
echo "index rows: extract $rows_e, spark $rows_s (corpus $clips)"
[ "$rows_s" = "$clips" ] || { echo "FAIL: the Spark store is incomplete"; exit 1; }
if diff -r -x 'journal-*' -x 'index.lock' \
     "$work/store-extract" "$work/store-spark" >"$work/diff.txt"; then
  echo "stores equal byte for byte: $(find "$work/store-spark/$key" -name '*.npy' | wc -l) entry files, index.csv, encoder.json"
else
  echo "FAIL: the stores differ:"; head -n 20 "$work/diff.txt"; exit 1
fi
echo "encoder opens per executor JVM (each executor's log under \$SPARK_HOME/work):"
bad=0
for log in "$SPARK_HOME"/work/app-*/*/stderr; do
  n=$(grep -c "opened encoder" "$log" || true)
  pid=$(grep -o "opened encoder .* in executor JVM [0-9]*" "$log" | grep -o '[0-9]*$' | head -n 1 || true)
  echo "  executor $(basename "$(dirname "$log")") (JVM ${pid:-none}): $n open(s)$([ "${pid:-}" = "$killed" ] && echo ", killed")"
  # An executor may be killed before its first open or start after the last task: 0 or 1, never more.
  [ "$n" -le 1 ] || bad=1
done
executors=$(ls -d "$SPARK_HOME"/work/app-*/*/ | wc -l)
opened=$(cat "$SPARK_HOME"/work/app-*/*/stderr | grep -c "opened encoder" || true)
echo "executors started: $executors (2 + the replacement of the killed one), encoder opens: $opened"
[ "$bad" = 0 ] || { echo "FAIL: an executor opened its encoder more than once"; exit 1; }
[ "$executors" -ge 3 ] || { echo "FAIL: no replacement executor was started"; exit 1; }
echo "OK"
