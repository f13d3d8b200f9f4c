#!/usr/bin/env bash
# Soak test of the real service, on loopback only, bounded in time and requests:
#
#   scripts/soak-serve.sh [MODEL_DIR [ENCODER [AUDIO]]]
#
# Starts `./layeranchor serve --port 0` on 127.0.0.1 (1 worker, -Xmx2g) with MODEL_DIR and ENCODER
# (default ../shared/models/whisper-base), then runs `./layeranchor bench soak` against it for
# SECONDS_LIMIT (default 150) or REQUESTS (default 100000), whichever comes first, from CONCURRENCY
# (default 4) clients: a mix of predictions of (up to) 3 s of AUDIO (default a 2-s EmoDB sentence),
# health, model and HEAD requests, and hostile requests (see `bench soak --help`). Before and after,
# it reports the server's resident memory (VmRSS, peak VmHWM) and its heap after a full GC (jcmd).
# Exit 1 when any answer was unexpected.
#
# COMBINED=1 makes it the combined soak of issue 25 (docs/soak-combined.txt): the server gets -Xmx1g
# (XMX), and while the mix runs, TRICKLING (default 4) connections declare 64-MiB uploads and send a
# byte every TRICKLE_INTERVAL (default 5) s from 127.0.0.2, SILENCE (default 1) clients send 299 s of
# compressed digital silence (16-kHz and 192-kHz FLAC in turn), /healthz is probed every second and
# the server's heap after a full GC is sampled every 10 s; predictions cycle through AUDIO and one
# clip of each other corpus. Exit 1 unless >= 80 % of the predictions were answered 200, the other
# kinds as expected, /healthz answered throughout and the heap stayed flat.
#
# Without MODEL_DIR it first builds a small real model in target/soak: 10 utterances per class of
# EmoDB (source) and of EMOVO (target, unlabelled) from ../shared, extracted in fast mode (seconds)
# and trained with the defaults, so that predictions exercise whisper-base without the cost of
# faithful mode on this shared machine.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-port.sh"
cd "$(dirname "$0")/.."
shared=../shared
encoder=${2:-$shared/models/whisper-base}
audio=${3:-$shared/corpora/emodb/audio/03a01Fa.flac}
work=target/soak

subset() { # subset NAME: the first 10 rows of each of the four classes, audio linked, not copied
  local name=$1 dir=$work/corpora/$1
  mkdir -p "$dir"
  ln -sfn "$(cd "$shared/corpora/$name" && pwd)/audio" "$dir/audio"
  awk -F, 'NR == 1 { print; next } $4 ~ /^(neutral|happy|sad|angry)$/ && n[$4]++ < 10' \
    "$shared/corpora/$name/manifest.csv" > "$dir/manifest.csv"
}

model=${1:-}
if [ -z "$model" ]; then
  model=$work/model
  if [ ! -f "$model/model.json" ]; then
    echo "building a small soak model in $model ..."
    subset emodb
    subset emovo
    ./layeranchor extract --model "$encoder" --mode fast --corpus "$work/corpora/emodb" "$work/corpora/emovo" \
      --store "$work/store" --threads 2 >/dev/null
    printf 'store: %s\nsource: emodb\ntarget: emovo\nout: %s\n' "$work/store" "$model" > "$work/soak-model.yaml"
    ./layeranchor train --config "$work/soak-model.yaml" >/dev/null
  fi
fi

log=$(mktemp)
combined=${COMBINED:-0}
xmx=${XMX:-$([ "$combined" = 1 ] && echo 1g || echo 2g)}
LAYERANCHOR_JAVA_OPTS="-Xmx$xmx" ./layeranchor serve --model "$model" --encoder "$encoder" --host 127.0.0.1 --port 0 \
  --workers 1 --queue 8 --threads "${THREADS:-1}" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
port=$(server_port "$server" "$log" soak-serve) || exit 1
head -1 "$log"

memory() { # memory LABEL: the server's RSS now and at its peak, and its heap after a full GC
  jcmd "$server" GC.run >/dev/null
  local heap rss hwm
  heap=$(jcmd "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$server/status")
  hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$server/status")
  printf '%-6s heap after GC %6.1f MB, RSS %6.1f MB, peak RSS %6.1f MB\n' "$1" "$(echo "$heap / 1024" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)" "$(echo "$hwm / 1024" | bc -l)"
}

# Warm up (the first prediction loads ONNX Runtime's session), then measure the starting point.
curl -s -o /dev/null --data-binary @"$audio" "http://127.0.0.1:$port/v1/predict" || true
memory start
status=0
clips=("$audio")
extra=()
if [ "$combined" = 1 ]; then
  clips+=("$shared/corpora/emovo/audio/dis-f1-b1.flac" "$shared/corpora/ravdess/audio/03-01-01-01-01-01-01.flac"
    "$shared/corpora/urdu/audio/SF10_F1_S01.flac")
  extra=(--trickling "${TRICKLING:-4}" --trickle-interval "${TRICKLE_INTERVAL:-5}" --silence "${SILENCE:-1}"
    --server-pid "$server" --heap-every 10)
fi
echo "server: -Xmx$xmx, 1 worker x ${THREADS:-1} ONNX thread(s); load average $(cut -d' ' -f1-3 /proc/loadavg)"
./layeranchor bench soak --url "http://127.0.0.1:$port/" --audio "${clips[@]}" --clip-seconds 3 \
  --seconds "${SECONDS_LIMIT:-150}" --requests "${REQUESTS:-100000}" --concurrency "${CONCURRENCY:-4}" "${extra[@]}" \
  || status=$?
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
memory end
if grep -qE 'SEVERE|Exception' "$log"; then
  echo "the server logged errors:"; grep -E 'SEVERE|Exception' "$log" | head -5
  status=1
fi
exit $status
