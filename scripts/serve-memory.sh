#!/usr/bin/env bash
# Measures the heap `serve` needs per worker under the decode-heavy input of issue 25, row 3:
#
#   XMX=512m WORKERS=1 SECONDS_LIMIT=90 scripts/serve-memory.sh [CLIP...]
#
# Starts `./layeranchor serve` (MODEL, default models/default: whisper-base in faithful mode) on 127.0.0.1 with
# -XmxXMX, --workers WORKERS, one ONNX thread per worker and a GC log, then for SECONDS_LIMIT keeps
# WORKERS + 1 clients sending 299 s of compressed digital silence, as 16-kHz and 192-kHz FLAC in turn
# (written by `bench silence`; every worker decodes one while another waits), and one client
# predicting the CLIPs in turn (default: one clip of each corpus in ../shared). Reports the answers by status, the server's heap after a full GC before and after (jcmd), the
# largest heap left after any collection during the load (the GC log: what the live data needed at
# its peak), and the peak RSS (VmHWM).
# SERVE_ARGS adds options to serve (e.g. --max-buffered-mb 16). LAYERANCHOR names another launcher of the same command line (default ./layeranchor).
# Exit 1 when any answer was not 200 or the server logged an error.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-port.sh"
cd "$(dirname "$0")/.."
clips=("$@")
if [ ${#clips[@]} -eq 0 ]; then
  c=../shared/corpora
  clips=("$c/emodb/audio/03a01Fa.flac" "$c/emovo/audio/dis-f1-b1.flac" "$c/ravdess/audio/03-01-01-01-01-01-01.flac"
    "$c/urdu/audio/SF10_F1_S01.flac")
fi
xmx=${XMX:-512m} workers=${WORKERS:-1} seconds=${SECONDS_LIMIT:-90}
work=$(mktemp -d)
silence16=$work/silence-16k.flac silence192=$work/silence-192k.flac
${LAYERANCHOR:-./layeranchor} bench silence --rate 16000 --out "$silence16" >/dev/null
${LAYERANCHOR:-./layeranchor} bench silence --rate 192000 --out "$silence192" >/dev/null
log=$work/server.log gclog=$work/gc.log
LAYERANCHOR_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$gclog" ${LAYERANCHOR:-./layeranchor} serve --model "${MODEL:-models/default}" --host 127.0.0.1 --port 0 \
  --workers "$workers" --threads 1 ${SERVE_ARGS:-} >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(server_port "$server" "$log" serve-memory) || exit 1
url=http://127.0.0.1:$port/v1/predict

heap_after_full_gc() { # in MB
  jcmd "$server" GC.run >/dev/null
  jcmd "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+' | awk '{ printf "%.1f", $1 / 1024 }'
}

curl -s -o /dev/null --data-binary @"${clips[0]}" "$url" # loads ONNX Runtime's session
before=$(heap_after_full_gc)
gc_from=$(wc -l <"$gclog")
end=$(( $(date +%s) + seconds ))
send() { # send OUT FILE...: posts the files in turn until the end, one status per line in OUT
  local out=$1 i=0
  shift
  local files=("$@")
  while [ "$(date +%s)" -lt "$end" ]; do
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 300 --data-binary @"${files[i % ${#files[@]}]}" "$url") \
      || code="no-answer(curl-exit-$?)"
    echo "$code" >>"$out"
    i=$((i + 1))
  done
}
clients=()
for w in $(seq 0 "$workers"); do
  if [ $((w % 2)) -eq 0 ]; then send "$work/silence.$w" "$silence192" "$silence16" &
  else send "$work/silence.$w" "$silence16" "$silence192" & fi
  clients+=($!)
done
send "$work/valid" "${clips[@]}" &
clients+=($!)
wait "${clients[@]}"
after=$(heap_after_full_gc)
peak_after_gc=$(tail -n +"$((gc_from + 1))" "$gclog" | grep -oE '[0-9]+M->[0-9]+M' | sed 's/.*->//; s/M//' | sort -n | tail -1)
hwm=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
silence=$(cat "$work"/silence.* | sort | uniq -c | awk '{ printf "%s x %s  ", $2, $1 }')
valid=$(sort "$work/valid" | uniq -c | awk '{ printf "%s x %s  ", $2, $1 }')
echo "serve -Xmx$xmx --workers $workers --threads 1 ${SERVE_ARGS:-}, ${seconds} s, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "silence answers: $silence"
echo "valid answers:   $valid"
echo "heap after full GC: before $before MB, after $after MB; largest heap after any GC during the load: ${peak_after_gc} MB; peak RSS $hwm MB"
status=0
cat "$work"/silence.* "$work/valid" | grep -qv '^200$' && status=1
if grep -qE 'SEVERE|WARN|OutOfMemory' "$log"; then echo "the server logged:"; grep -E 'SEVERE|WARN|OutOfMemory' "$log" | head -5; status=1; fi
exit $status
