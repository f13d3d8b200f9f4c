#!/usr/bin/env bash
# Load test of the real service, on loopback only, bounded in requests and time:
#
#   scripts/load-test.sh [MODEL_DIR [ENCODER [AUDIO]]]
#
# Starts `./layeranchor serve --port 0` on 127.0.0.1 with MODEL_DIR (default runs/demo-model, see
# scripts/demo-model.yaml (./layeranchor train --config scripts/demo-model.yaml)) and ENCODER (default ../shared/models/whisper-base), then runs
# `./layeranchor bench serve` against it: REQUESTS (default 40) POSTs of a 3-s clip cut from AUDIO
# (default a RAVDESS sentence) from CONCURRENCY (default 4) clients, after 2 warm-up requests, and
# prints requests/s, p50/p99 latency and failures. The server is stopped at the end.
# Server settings from the environment: WORKERS (1), QUEUE (16), THREADS (0 = cores / workers).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-port.sh"
cd "$(dirname "$0")/.."
model=${1:-runs/demo-model}
encoder=${2:-../shared/models/whisper-base}
audio=${3:-../shared/corpora/ravdess/audio/03-01-05-02-01-01-13.flac}
log=$(mktemp)
./layeranchor serve --model "$model" --encoder "$encoder" --host 127.0.0.1 --port 0 --workers "${WORKERS:-1}" \
  --queue "${QUEUE:-16}" --threads "${THREADS:-0}" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
port=$(server_port "$server" "$log" load-test) || exit 1
head -1 "$log"
echo "server:     workers ${WORKERS:-1}, queue ${QUEUE:-16}, threads ${THREADS:-0} (0 = cores / workers), $(nproc) cores"
./layeranchor bench serve --url "http://127.0.0.1:$port/" --audio "$audio" --clip-seconds 3 \
  --requests "${REQUESTS:-40}" --concurrency "${CONCURRENCY:-4}" --warmup 2 --max-seconds "${MAX_SECONDS:-600}"
