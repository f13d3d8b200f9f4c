#!/usr/bin/env bash
# Measures the Spark job's overhead (docs/SCALE_OUT.md): the same N utterances of a corpus extracted
# by the local extractor ('layeranchor extract') and by the Spark job in local[C], each into an empty
# store, in the order local, spark, spark, local, so that a change in the machine's load between runs
# affects both sides alike. Prints each run's own summary line (utterances/s) and wall time.
#   scripts/spark-overhead.sh [N=40] [CORPUS=../shared/corpora/emodb] [MODEL=../shared/models/whisper-base] [C=2]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-40}
corpus=$(cd "${2:-../shared/corpora/emodb}" && pwd)
model=${3:-../shared/models/whisper-base}
cores=${4:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A corpus of the first N manifest rows; the audio folder is linked, not copied.
sub="$work/$(basename "$corpus")-$n"
mkdir -p "$sub"
ln -s "$corpus/audio" "$sub/audio"
head -n $((n + 1)) "$corpus/manifest.csv" > "$sub/manifest.csv"

./mvnw -q -B -DskipTests install >&2
./mvnw -q -B -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2
# The module openings Spark needs on Java 17 (as in spark/pom.xml's surefire argLine).
opens=$(sed -n 's/^ *\(--add-[a-z]*=[^ <]*\).*/\1/p' spark/pom.xml | tr '\n' ' ')

local_run() {
  /usr/bin/time -f "wall %e s, peak RSS %M kB" ./layeranchor extract --model "$model" --corpus "$sub" \
      --store "$work/local-$1" --threads "$cores" 2>&1 | grep -E "utterances:|wall"
}
spark_run() {
  # shellcheck disable=SC2086
  /usr/bin/time -f "wall %e s, peak RSS %M kB" java -Xmx4g $opens -Dspark.master="local[$cores]" -Dspark.ui.enabled=false \
      -cp "spark/target/layeranchor-spark.jar:$(cat "$work/cp.txt")" org.layeranchor.spark.SparkExtractCommand \
      --model "$model" --corpus "$sub" --store "$work/spark-$1" 2>&1 | grep -E "utterances in|wall"
}
echo "== $n utterances of $corpus, $model, $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- local 1";  local_run 1
echo "-- spark 1";  spark_run 1
echo "-- spark 2";  spark_run 2
echo "-- local 2";  local_run 2
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The two sides' stores must hold the same entries.
key=$(ls "$work/local-1")
cmp "$work/local-1/$key/index.csv" "$work/spark-1/$key/index.csv" && echo "index.csv identical"
diff -r "$work/local-1/$key/pooled" "$work/spark-1/$key/pooled" && echo "pooled entries identical"
