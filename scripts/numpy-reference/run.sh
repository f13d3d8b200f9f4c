#!/usr/bin/env bash
# The independent numpy reference behind docs/BENCHMARK.md's "Tried and not kept" figures: label-free
# linear recipes (per-domain standardisation, closed-form CORAL, logistic regression) scored on the
# same store, splits and unlabelled sets as `benchmark`. Not used by the product or its tests; needs
# python3 with numpy and a faithful-mode store (extract --frames not needed). About an hour on 2 cores.
#   STORE=store scripts/numpy-reference/run.sh      # logs in runs/numpy-reference/
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p runs/numpy-reference
export PYTHONPATH=scripts/numpy-reference
python3 scripts/numpy-reference/load.py
for s in sweep sweep2 sweep3; do
  python3 scripts/numpy-reference/$s.py | tee runs/numpy-reference/$s.log
done
for s in sweep4a sweep4b; do
  python3 scripts/numpy-reference/sweep4.py $s | tee runs/numpy-reference/$s.log
done
# Several sources and speakers (docs/BENCHMARK.md): per-speaker standardisation and the label-free
# statistics (speakers.py), several-source variants with leave-one-source-out means (several_sources.py).
mkdir -p runs/numpy-reference
python3 scripts/numpy-reference/speakers.py | tee runs/numpy-reference/speakers.log
MODE=dom python3 scripts/numpy-reference/several_sources.py | tee runs/numpy-reference/several-sources.log
# Third round: speaker directions projected out, other heads, faithful and fast views (FAST=fast-mode store).
python3 scripts/numpy-reference/several_sources_round3.py | tee runs/numpy-reference/several-sources-round3.log
# Pooling over speech only: the detector's spans from the product's jar, then the stored frames pooled three ways.
java -cp core/target/layeranchor.jar scripts/numpy-reference/SpeechSpans.java "$(ls -d "${STORE:-store}"/whisper-*mode-faithful_samplerate-16000)/index.csv" runs/numpy-reference/speech-spans.csv
python3 scripts/numpy-reference/speech_pooling.py | tee runs/numpy-reference/speech-pooling.log
