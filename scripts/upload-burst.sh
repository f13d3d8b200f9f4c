#!/usr/bin/env bash
# Many concurrent uploads at the body limit against the real service, on loopback only:
#
#   scripts/upload-burst.sh [MODEL_DIR [ENCODER]]
#
# Starts `./layeranchor serve` (-Xmx2g, default limits: 64-MiB bodies, 256 MiB of bodies held at
# once) with MODEL_DIR (default target/soak/model, built by scripts/soak-serve.sh), writes a WAV of
# exactly 64 MiB (silence, 2,097 s: over the 300-s limit, so each upload is read whole, then refused
# from its header without decoding), and sends it from CLIENTS (default 16) curl processes at once,
# ROUNDS (default 2) times. Prints the answers by status and the server's peak RSS and heap after GC
# before and after: the bodies held at once stay within the budget, the rest are refused at once.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-port.sh"
cd "$(dirname "$0")/.."
model=${1:-target/soak/model}
encoder=${2:-../shared/models/whisper-base}
work=$(mktemp -d)
log=$work/server.log
python3 - "$work/limit.wav" <<'PY'
import struct, sys
size = 64 << 20                      # the whole file, header included, is exactly the body limit
data = size - 44
with open(sys.argv[1], "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
            + b"data" + struct.pack("<I", data))
    f.write(bytes(data))
PY
LAYERANCHOR_JAVA_OPTS="-Xmx2g" ./layeranchor serve --model "$model" --encoder "$encoder" --host 127.0.0.1 --port 0 \
  --workers 1 --threads 1 --max-uploads-per-client 16 >"$log" 2>&1 &  # all 16 clients share one address
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(server_port "$server" "$log" upload-burst) || exit 1

memory() {
  jcmd "$server" GC.run >/dev/null
  local heap
  heap=$(jcmd "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  printf '%-6s heap after GC %6.1f MB, RSS %6.1f MB, peak RSS %6.1f MB\n' "$1" "$(echo "$heap / 1024" | bc -l)" \
    "$(awk '/^VmRSS/ { print $2 / 1024 }' "/proc/$server/status")" "$(awk '/^VmHWM/ { print $2 / 1024 }' "/proc/$server/status")"
}

memory start
start=$(date +%s.%N)
for round in $(seq 1 "${ROUNDS:-2}"); do
  clients=()
  for i in $(seq 1 "${CLIENTS:-16}"); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 --data-binary @"$work/limit.wav" \
      "http://127.0.0.1:$port/v1/predict" >>"$work/codes" &
    clients+=($!)
  done
  wait "${clients[@]}" || true
done
printf 'uploads:    %d of 64 MiB in %.1f s; answers: %s\n' "$(wc -l <"$work/codes")" \
  "$(echo "$(date +%s.%N) - $start" | bc -l)" "$(sort "$work/codes" | uniq -c | awk '{ printf "%s x %s  ", $1, $2 }')"
memory end
curl -s "http://127.0.0.1:$port/healthz"; echo
