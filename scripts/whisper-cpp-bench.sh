#!/usr/bin/env bash
# Times whisper.cpp's encoder and LayerAnchor's on the same machine, same threads, one after the
# other, so the two figures can be compared (docs/BENCHMARK.md, "whisper.cpp side by side").
#
# Usage: scripts/whisper-cpp-bench.sh [OPTIONS] [THREADS] [WORKDIR]
#   THREADS   threads for both (default 2); WORKDIR default ${TMPDIR:-/tmp}/whisper-cpp-bench
# Where whisper.cpp v1.9.3 comes from (default: git clone from GitHub into WORKDIR/whisper.cpp):
#   --source DIR        an unpacked whisper.cpp v1.9.3 source tree; built in DIR/build
#   --git-dir DIR       a local clone or mirror of whisper.cpp's repository: v1.9.3 is extracted
#                       from it with `git archive` into WORKDIR/whisper.cpp (offline)
# Which ggml model (default: models/download-ggml-model.sh base, from Hugging Face):
#   --model FILE        a ggml Whisper base model file
#   --convert-from DIR  write WORKDIR/ggml-base-encoder.bin from the .npy encoder weights in DIR
#                       (e.g. ../shared/models/whisper-base) with scripts/whisper-cpp/npy_to_ggml.py
#                       (Python 3 + NumPy; real encoder, decoder all zeros: encode time only)
#   --runs N            whisper-bench runs with flash attention on (default 3); one more runs with it off
#   --repeats N         LayerAnchor's timed runs per configuration (default 5, the best is kept)
# The same settings can come from the environment: WHISPER_CPP_SOURCE, WHISPER_CPP_GIT_DIR,
# WHISPER_CPP_MODEL, WHISPER_CPP_CONVERT_FROM.
# Needs git, cmake and a C++ compiler; the default (online) path also needs GitHub and Hugging Face.
# The offline recipe used for docs/whisper-cpp-side-by-side.txt:
#   scripts/whisper-cpp-bench.sh --git-dir /path/to/whisper.cpp.git --convert-from ../shared/models/whisper-base 2 /work/wcpp
set -euo pipefail
version="v1.9.3"   # the version the project brief's reference figures came from
repo="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="${WHISPER_CPP_SOURCE:-}"
git_dir="${WHISPER_CPP_GIT_DIR:-}"
model="${WHISPER_CPP_MODEL:-}"
convert_from="${WHISPER_CPP_CONVERT_FROM:-}"
runs=3
repeats=5
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir="$2"; shift 2 ;;
    --git-dir) git_dir="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --convert-from) convert_from="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
threads="${positional[0]:-2}"
work="${positional[1]:-${TMPDIR:-/tmp}/whisper-cpp-bench}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# whisper.cpp's source
if [ -n "$source_dir" ]; then
  wcpp="$(cd "$source_dir" && pwd)"
elif [ -n "$git_dir" ]; then
  wcpp="$work/whisper.cpp"
  if [ ! -f "$wcpp/CMakeLists.txt" ]; then
    mkdir -p "$wcpp"
    git --git-dir="$git_dir" archive "$version" | tar -x -C "$wcpp" \
      || { echo "error: could not extract $version from $git_dir" >&2; exit 2; }
  fi
else
  wcpp="$work/whisper.cpp"
  if [ ! -d "$wcpp" ]; then
    git clone --depth 1 --branch "$version" https://github.com/ggml-org/whisper.cpp "$wcpp" \
      || { echo "error: could not clone whisper.cpp $version from GitHub (offline? see --git-dir, --source)" >&2; exit 2; }
  fi
fi

# the model
if [ -n "$model" ]; then
  model="$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
elif [ -n "$convert_from" ]; then
  model="$work/ggml-base-encoder.bin"
  [ -f "$model" ] || python3 "$repo/scripts/whisper-cpp/npy_to_ggml.py" "$convert_from" "$model" \
    || { echo "error: could not convert $convert_from to a ggml model" >&2; exit 2; }
else
  model="$wcpp/models/ggml-base.bin"
  [ -f "$model" ] || (cd "$wcpp" && sh ./models/download-ggml-model.sh base) \
    || { echo "error: could not download ggml-base.bin from Hugging Face (offline? see --model, --convert-from)" >&2; exit 2; }
fi

# the bench tool (a no-op when already built)
(cd "$wcpp" && cmake -B build -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
  && nice cmake --build build -j "$threads" --target whisper-bench) >"$work/whisper-cpp-build.log" 2>&1 \
  || { tail -20 "$work/whisper-cpp-build.log" >&2; echo "error: could not build whisper-bench (log: $work/whisper-cpp-build.log)" >&2; exit 2; }
bench="$wcpp/build/bin/whisper-bench"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== load average before: $(loadavg)"
echo "== whisper.cpp $version ($wcpp), model $model"
# whisper-bench encodes one 30-s window (1500 frames; it gives no audio, an empty mel) twice to warm up, then times one
# encode ("encode time"); it then times the decoder, whose figures are not used here (and are
# meaningless with a converted model's zero decoder). -fa / -nfa are v1.9.3's flags (check
# 'whisper-bench -h' on another version: flash attention is on by default there, renamed before).
"$bench" -h 2>&1 | grep -E -- "-t N|-fa|-nfa" | sed 's/^/   /'
for i in $(seq 1 "$runs"); do
  echo "== whisper.cpp encoder, $threads threads, flash attention on (-fa), run $i of $runs (load $(loadavg))"
  "$bench" -m "$model" -t "$threads" -fa 2>&1 | grep -E "system_info|encode time" | sed 's/^/   /'
done
echo "== whisper.cpp encoder, $threads threads, flash attention off (-nfa) (load $(loadavg))"
"$bench" -m "$model" -t "$threads" -nfa 2>&1 | grep -E "encode time" | sed 's/^/   /'

echo "== LayerAnchor encoder, same threads (faithful 30 s = one window = whisper.cpp's encode of 1500 frames) (load $(loadavg))"
cd "$repo"
./layeranchor bench encoder --threads "$threads" --repeats "$repeats" --precision fp32,int8
echo "== load average after: $(loadavg)"
