#!/usr/bin/env bash
# End-to-end test of the page served at / in headless Chromium (apt-get install chromium).
#
#   scripts/browser-test.sh [MODEL_DIR [ENCODER [AUDIO]]]
#
# Part 1, always: the JUnit BrowserPageTest, made to fail (not skip) if Chromium is missing. It trains
#   a tiny model, starts the server in-process on 127.0.0.1, and drives the page over the DevTools
#   protocol: a WAV picked in the file chooser, one dropped on the drop zone and one submitted through
#   the page's ?audio= hook must each show one bar per class with the server's probabilities, and a
#   1.5-s recording started and stopped with the Record button (Chromium's synthetic microphone,
#   MediaRecorder, then WAV encoding in the page) must come back predicted. Screenshots:
#   core/target/browser-test/.
# Part 2, when MODEL_DIR exists (default runs/demo-model, train it with: ./layeranchor train --config scripts/demo-model.yaml): the real
#   command, `./layeranchor serve --port 0` on loopback with MODEL_DIR and ENCODER (default
#   ../shared/models/whisper-base); Chromium loads the page with AUDIO (default an EmoDB clip) as a
#   data: URL, --dump-dom must show the "done" state and one bar per class, and a screenshot is
#   written to core/target/browser-test/serve.png.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/server-port.sh"
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "browser-test: $chromium not found (apt-get install chromium)" >&2; exit 1; }
out=core/target/browser-test   # where BrowserPageTest (run in core/) writes its screenshots
mkdir -p "$out"

echo "== part 1: BrowserPageTest (tiny model, upload and recording)"
./mvnw -B -q test -pl core -Dtest=BrowserPageTest -Dlayeranchor.requireChromium=true -Dlayeranchor.chromium="$chromium"
echo "ok: screenshots $out/upload.png $out/recording.png"

model=${1:-runs/demo-model}
encoder=${2:-../shared/models/whisper-base}
audio=${3:-../shared/corpora/emodb/audio/03a01Fa.flac}
if [ ! -f "$model/model.json" ]; then
  echo "== part 2 skipped: no model folder at $model"
  exit 0
fi
echo "== part 2: ./layeranchor serve with $model, page driven by Chromium with $audio"
log=$(mktemp)
profile=$(mktemp -d)
./layeranchor serve --model "$model" --encoder "$encoder" --host 127.0.0.1 --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$profile" "$log"' EXIT
port=$(server_port "$server" "$log" browser-test) || exit 1
classes=$(curl -s "http://127.0.0.1:$port/v1/model" | sed -n 's/.*"classes" : \[\([^]]*\)\].*/\1/p' | head -1)
n_classes=$(echo "$classes" | tr ',' '\n' | grep -c '"')

# The clip travels in the URL, percent-encoded (a '+' in base64 would otherwise read as a space).
mime=audio/wav
case "$audio" in *.flac) mime=audio/flac ;; *.mp3) mime=audio/mpeg ;; esac
b64=$(base64 -w0 "$audio"); b64=${b64//+/%2B}; b64=${b64//\//%2F}; b64=${b64//=/%3D}
if [ ${#b64} -gt 120000 ]; then
  echo "browser-test: $audio is too large to pass in a URL on the command line; use a clip under 80 kB" >&2
  exit 1
fi
url="http://127.0.0.1:$port/?audio=data:$mime;base64,$b64"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile"
       --virtual-time-budget=120000)
# Virtual time: Chromium waits for the page's fetches (the prediction) before dumping or capturing.
timeout 300 "$chromium" "${flags[@]}" --dump-dom "$url" 2>/dev/null >"$out/serve-dom.html"
grep -q 'id="status" data-state="done"' "$out/serve-dom.html" || {
  echo "browser-test: the page did not reach the done state:" >&2
  grep -o 'id="status"[^<]*' "$out/serve-dom.html" >&2 || true
  exit 1
}
bars=$(grep -o 'class="bar[ "][^>]*>' "$out/serve-dom.html" || true)
n_bars=$(printf '%s\n' "$bars" | grep -c 'data-class=' || true)
printf '%s\n' "$bars" | sed -n 's/.*data-class="\([^"]*\)" data-p="\([^"]*\)".*/  \1 \2/p'
[ "$n_bars" -eq "$n_classes" ] || { echo "browser-test: $n_bars bars for $n_classes classes" >&2; exit 1; }
timeout 300 "$chromium" "${flags[@]}" --window-size=900,760 --screenshot="$out/serve.png" "$url" 2>/dev/null >/dev/null
echo "ok: $n_bars bars for classes [$classes]; screenshot $out/serve.png"
