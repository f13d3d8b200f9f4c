#!/usr/bin/env bash
# Times whisper.cpp's encoder and LayerAnchor's on the same machine, same threads, one after the
# other, so the two figures can be compared (docs/BENCHMARK.md, "Encoder precision and speed").
# Needs the internet (GitHub and Hugging Face for whisper.cpp and its ggml model), git, cmake and a
# C++ compiler; LayerAnchor itself needs neither. Usage: scripts/whisper-cpp-bench.sh [THREADS] [WORKDIR]
set -euo pipefail
threads="${1:-2}"
work="${2:-${TMPDIR:-/tmp}/whisper-cpp-bench}"
version="v1.9.3"   # the version the project brief's reference figures came from
repo="$(cd "$(dirname "$0")/.." && pwd)"

mkdir -p "$work"
if [ ! -d "$work/whisper.cpp" ]; then
  git clone --depth 1 --branch "$version" https://github.com/ggml-org/whisper.cpp "$work/whisper.cpp" \
    || { echo "error: could not clone whisper.cpp $version from GitHub (offline?)" >&2; exit 2; }
fi
cd "$work/whisper.cpp"
cmake -B build -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON >/dev/null
cmake --build build -j "$threads" --target whisper-bench >/dev/null
[ -f models/ggml-base.bin ] || sh ./models/download-ggml-model.sh base \
  || { echo "error: could not download ggml-base.bin from Hugging Face (offline?)" >&2; exit 2; }

echo "== machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== whisper.cpp $version encoder, base, $threads threads, flash attention on (whisper-bench -fa)"
# Flash attention is the faster of its two paths on these CPUs; -fa turns it on in this version
# (check './build/bin/whisper-bench -h' on another version: the flag has been renamed before).
for i in 1 2 3; do
  ./build/bin/whisper-bench -m models/ggml-base.bin -t "$threads" -fa 2>&1 | grep -E "encode time"
done
echo "== LayerAnchor encoder, same threads (one 30-s window = whisper.cpp's encode of 1500 frames)"
cd "$repo"
./layeranchor bench encoder --threads "$threads" --repeats 10
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
