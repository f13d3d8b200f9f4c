#!/usr/bin/env bash
# Cost growth with the number of utterances (docs/BENCHMARK.md, "Cost growth to 100,000 utterances").
#
#   scripts/cost-growth.sh REAL_STORE WORK_DIR [SIZES...]      (default sizes: 3000 10000 30000 100000)
#
# For each size N: builds a synthetic store of N noisy copies of REAL_STORE's pooled entries
# (`bench synthetic-store`, about 29 KB per utterance with whisper-base: 2.9 GB at 100,000), then times
# `analyze` (ravdess -> emodb), `train` (ravdess -> emodb, inductive) for each strategy that reads no
# frames, and the benchmark's post-extraction work (`benchmark --features-only`, inductive table only,
# 1 seed, strategies lam, weighted-sum, last-layer). Each run: wall and CPU seconds and peak RSS from
# GNU time (/usr/bin/time -v), and the 1-minute load average before and after, one line per run in
# WORK_DIR/results.tsv. Nothing tracked in the repository is written (the jar is built in core/target and
# copied to WORK_DIR). JAVA_OPTS (default -Xmx8g -XX:GCTimeRatio=4, the launcher's) goes to java.
set -euo pipefail
real="$1"; work="$2"; shift 2
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(3000 10000 30000 100000); fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
jar="$work/layeranchor.jar"
mkdir -p "$work/logs" "$work/cfg"
(cd "$repo" && ./mvnw -q -B -o -pl core -DskipTests package) && cp "$repo/core/target/layeranchor.jar" "$jar"
java_opts=(${JAVA_OPTS:--Xmx8g -XX:GCTimeRatio=4})

measure() { # LABEL COMMAND...: one line of results.tsv
  local label="$1"; shift
  local log="$work/logs/$label.log" load0 rc=0
  load0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v nice "$@" > "$log" 2>&1 || rc=$?
  printf "%s\trc=%s\twall=%s\tuser_s=%s\tsys_s=%s\tpeak_rss_mb=%d\tload=%s-%s\n" "$label" "$rc" \
    "$(grep 'Elapsed (wall' "$log" | awk '{print $NF}')" "$(grep 'User time' "$log" | awk '{print $NF}')" \
    "$(grep 'System time' "$log" | awk '{print $NF}')" "$(( $(grep 'Maximum resident' "$log" | awk '{print $NF}') / 1024 ))" \
    "$load0" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/results.tsv"
}

for n in "${sizes[@]}"; do
  store="$work/s$n"
  [ -d "$store" ] || measure "build-$n" java "${java_opts[@]}" -jar "$jar" bench synthetic-store --from "$real" \
      --splits "$repo/splits" --out "$store" --utterances "$n"
  rm -rf "$work/analyze-$n"
  measure "analyze-$n" java "${java_opts[@]}" -jar "$jar" analyze --store "$store" --source ravdess --target emodb \
      --out "$work/analyze-$n"
  for s in last-layer weighted-sum best-layer coral-last lam lam-gl; do
    rm -rf "$work/models/$n-$s"
    printf 'store: %s\nsource: ravdess\ntarget: emodb\nsplits: %s\nout: %s\ntraining:\n  strategy: %s\n  seed: 0\n' \
      "$store" "$store-splits" "$work/models/$n-$s" "$s" > "$work/cfg/train-$n-$s.yaml"
    measure "train-$n-$s" java "${java_opts[@]}" -jar "$jar" train --config "$work/cfg/train-$n-$s.yaml"
  done
  rm -rf "$work/benchmark-$n"
  measure "benchmark-$n" java "${java_opts[@]}" -jar "$jar" benchmark --features-only --store "$store" \
      --splits "$store-splits" --out "$work/benchmark-$n" --seeds 1 --strategies lam,weighted-sum,last-layer \
      --no-transductive --no-leave-one-out --no-vowels
done
