#!/usr/bin/env python3
"""Read a LayerAnchor feature store from Python with numpy alone (one file: copy it anywhere).

A store (README.md, "The feature store") holds one folder per encoder setting:

    STORE/<encoder key>/encoder.json, index.csv, pooled/ab/<sha256>.npy, frames/ab/<sha256>.npy

As a library:

    from layeranchor_store import Store
    enc = Store("store").encoder()              # the only encoder folder (or .encoder("whisper-..."))
    X, rows = enc.pooled(corpus="emodb")        # float32 [utterances, layers, 2, dim]: [:, :, 0] mean, [:, :, 1] std
    y = [r["emotion"] for r in rows]
    F = enc.frames(rows[0])                     # float16 [layers, frames, dim] (stores extracted with --frames)
    index = enc.index()                         # the index as numpy arrays, one per column

From the shell:

    python3 layeranchor_store.py list STORE     # encoder folders, corpora, utterances, shapes
    python3 layeranchor_store.py verify STORE   # CRC-32 of every entry file against index.csv; exit 1 if damaged

Only index.csv is read: rows that a running (or killed) `extract` has journaled but not yet merged
(journal-*.csv) are counted by `list` and merged by the next `layeranchor extract` or `store verify`.
"""

import argparse
import csv
import json
import os
import sys
import zlib

import numpy as np

__all__ = ["Store", "Encoder", "StoreError"]

COLUMNS = ["corpus", "corpus_dir", "path", "speaker", "gender", "emotion", "language", "duration_s",
           "audio_sha256", "frames", "pooled_file", "frames_file", "pooled_crc32", "frames_crc32"]
# Stores written before checksums were kept have the first 12 columns only.
COLUMNS_WITHOUT_CHECKSUMS = COLUMNS[:12]


class StoreError(Exception):
    """A store that cannot be read as one: missing, unreadable index, damaged or missing entry."""


def crc32_hex(path):
    """The CRC-32 that index.csv records for a file: zlib's, as 8 lowercase hex digits."""
    crc = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            crc = zlib.crc32(block, crc)
    return format(crc & 0xFFFFFFFF, "08x")


class Store:
    """A store root (the folder given to `extract --store`), or one encoder folder inside it."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        if not os.path.isdir(self.root):
            raise StoreError(f"{self.root}: no feature store here")
        if _is_encoder_dir(self.root):
            self._keys = [os.path.basename(self.root)]
            self.root = os.path.dirname(self.root)
        else:
            self._keys = sorted(k for k in os.listdir(self.root) if _is_encoder_dir(os.path.join(self.root, k)))
        if not self._keys:
            raise StoreError(f"{self.root}: no feature store here (no folder with encoder.json and index.csv)")

    def encoder_keys(self):
        return list(self._keys)

    def encoder(self, key=None):
        """The encoder folder `key`; without a key, the only one (an error if there are several)."""
        if key is None:
            if len(self._keys) > 1:
                raise StoreError(f"{self.root}: {len(self._keys)} encoder folders, name one of: {', '.join(self._keys)}")
            key = self._keys[0]
        if key not in self._keys:
            raise StoreError(f"{self.root}: no encoder folder {key!r} (have: {', '.join(self._keys)})")
        return Encoder(os.path.join(self.root, key))


class Encoder:
    """One encoder folder: its settings (encoder.json), index rows and entries."""

    def __init__(self, directory):
        self.dir = directory
        self.key = os.path.basename(directory)
        with open(os.path.join(directory, "encoder.json"), encoding="utf-8") as f:
            self.info = json.load(f)
        self._rows = None

    def rows(self, corpus=None):
        """index.csv's rows as dicts (column name -> string), in file order; only `corpus`'s (a name or list) if given."""
        if self._rows is None:
            self._rows = _read_index(os.path.join(self.dir, "index.csv"))
        if corpus is None:
            return list(self._rows)
        wanted = {corpus} if isinstance(corpus, str) else set(corpus)
        return [r for r in self._rows if r["corpus"] in wanted]

    def corpora(self):
        return sorted({r["corpus"] for r in self.rows()})

    def index(self, corpus=None):
        """The index as arrays, one per column: strings as numpy str arrays, duration_s float64, frames int64."""
        rows = self.rows(corpus)
        out = {}
        for c in COLUMNS:
            values = [r.get(c, "") for r in rows]
            if c == "duration_s":
                out[c] = np.array(values, dtype=np.float64)
            elif c == "frames":
                out[c] = np.array(values, dtype=np.int64)
            else:
                out[c] = np.array(values, dtype=str)
        return out

    def pooled(self, corpus=None, verify=True):
        """(X, rows): X float32 [utterances, layers, 2, dim] ([:, :, 0] mean, [:, :, 1] std over frames)."""
        rows = self.rows(corpus)
        if not rows:
            raise StoreError(f"{self.dir}: no index rows" + (f" for corpus {corpus!r}" if corpus else ""))
        arrays = [self._load(r, "pooled", verify) for r in rows]
        return np.stack(arrays).astype(np.float32, copy=False), rows

    def frames(self, row, verify=True):
        """One row's frame features: float16 [layers, frames, dim]; an error if the row has none."""
        if not row.get("frames_file"):
            raise StoreError(f"{self.dir}: {row['corpus']}/{row['path']} has no frame features (extract with --frames)")
        return self._load(row, "frames", verify)

    def verify(self, frames=True):
        """Every entry file's CRC-32 against index.csv: a list of (file, problem), empty when all is well."""
        problems = []
        for r in self.rows():
            for kind in ("pooled", "frames") if frames else ("pooled",):
                rel = r.get(kind + "_file", "")
                if not rel:
                    continue
                path = os.path.join(self.dir, rel)
                if not os.path.isfile(path):
                    problems.append((path, f"missing (listed for {r['corpus']}/{r['path']})"))
                    continue
                expected = r.get(kind + "_crc32", "")
                if expected and crc32_hex(path) != expected:
                    problems.append((path, f"corrupt (CRC-32 {crc32_hex(path)}, index says {expected})"))
        return problems

    def journals(self):
        return sorted(f for f in os.listdir(self.dir) if f.startswith("journal-") and f.endswith(".csv"))

    def _load(self, row, kind, verify):
        path = os.path.join(self.dir, row[kind + "_file"])
        if not os.path.isfile(path):
            raise StoreError(f"{path}: missing (listed for {row['corpus']}/{row['path']})")
        expected = row.get(kind + "_crc32", "")
        if verify and expected:
            actual = crc32_hex(path)
            if actual != expected:
                raise StoreError(f"{path}: corrupt (CRC-32 {actual}, index says {expected}); "
                                 f"re-run 'layeranchor extract' to write it again")
        return np.load(path, allow_pickle=False)


def _is_encoder_dir(d):
    return os.path.isfile(os.path.join(d, "encoder.json")) and os.path.isfile(os.path.join(d, "index.csv"))


def _read_index(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header not in (COLUMNS, COLUMNS_WITHOUT_CHECKSUMS):
            raise StoreError(f"{path}: unexpected header {header}")
        rows = []
        for line, values in enumerate(reader, start=2):
            if len(values) != len(header):
                raise StoreError(f"{path}: line {line}: expected {len(header)} columns, found {len(values)}")
            rows.append(dict(zip(header, values)))
        return rows


def _list(store):
    for key in store.encoder_keys():
        enc = store.encoder(key)
        rows = enc.rows()
        print(f"{key}: {enc.info.get('layers', '?')} layers x {enc.info.get('dim', '?')} dims, {len(rows)} utterances")
        for corpus in enc.corpora():
            sub = [r for r in rows if r["corpus"] == corpus]
            with_frames = sum(1 for r in sub if r["frames_file"])
            emotions = sorted({r["emotion"] for r in sub})
            print(f"  {corpus}: {len(sub)} utterances ({with_frames} with frames), emotions {', '.join(emotions)}")
        if enc.journals():
            print(f"  {len(enc.journals())} journal(s) not yet merged into index.csv (a running or killed extract)")


def _verify(store, frames):
    damaged = 0
    for key in store.encoder_keys():
        enc = store.encoder(key)
        problems = enc.verify(frames=frames)
        checked = sum(1 for r in enc.rows() for k in (("pooled", "frames") if frames else ("pooled",)) if r[k + "_file"])
        print(f"{key}: {len(enc.rows())} index rows, {checked} entry files checked")
        for path, problem in problems:
            print(f"{path}: {problem}")
        damaged += len(problems)
    print("ok: no damaged files" if damaged == 0 else f"{damaged} damaged file(s)")
    return damaged


def main(argv=None):
    p = argparse.ArgumentParser(description="List or verify a LayerAnchor feature store (numpy only).")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="encoder folders, corpora and utterance counts").add_argument("store")
    v = sub.add_parser("verify", help="check every entry file's CRC-32 against index.csv (exit 1 if any is damaged)")
    v.add_argument("store")
    v.add_argument("--skip-frames", action="store_true", help="check the pooled files only")
    args = p.parse_args(argv)
    try:
        store = Store(args.store)
        if args.command == "list":
            _list(store)
            return 0
        return 1 if _verify(store, frames=not args.skip_frames) else 0
    except (StoreError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
