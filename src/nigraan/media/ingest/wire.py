"""Wire copies: the same agency brief (APP, PPI, INP) printed by several papers, with another
headline, a trimmed last paragraph or the paper's own byline. Two articles whose 5-word shingles
overlap by a Jaccard similarity of 0.8 or more (the research note's choice) are one text.

MinHash estimates that similarity from a short signature kept with each article, and
locality-sensitive hashing finds the candidates: the signature's 100 values are cut into 20 bands
of 5; articles sharing a band are compared (the chance that a pair at 0.8 shares none is 1 in
2,500; at 0.5, one pair in two is compared and then refused on its estimate).

Written here with numpy rather than taken from datasketch: datasketch needs scipy (about 110 MB
installed) for one integral that chooses band sizes, which are fixed here."""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

PERMUTATIONS = 100
BANDS = 20
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 5
COPY_SIMILARITY = 0.8
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)
# Fixed seed, and numpy's legacy RandomState, whose stream never changes between numpy versions:
# signatures are stored, so every process and every later version must hash alike.
_rng = np.random.RandomState(20261126)
_A = _rng.randint(1, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.randint(0, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> np.ndarray:
    """32-bit hashes of the text's overlapping 5-word runs (lower case, punctuation ignored)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        runs = [" ".join(words)] if words else []
    else:
        runs = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 4)]
    return np.array(sorted({zlib.crc32(run.encode("utf-8")) for run in runs}), dtype=np.uint64)


def signature(text: str) -> bytes:
    """The MinHash signature: for each of 100 hash functions, the least hash of any shingle."""
    hashes = shingles(text)
    if hashes.size == 0:
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32).tobytes()
    # (a·x + b) mod p, wrapping at 64 bits as datasketch does, then kept to 32 bits.
    permuted = ((np.outer(hashes, _A) + _B) % _PRIME) & _MASK
    return permuted.min(axis=0).astype(np.uint32).tobytes()


def band_keys(sig: bytes) -> list[str]:
    values = np.frombuffer(sig, dtype=np.uint32)
    keys = []
    for band in range(BANDS):
        rows = values[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band:02d}{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two texts' shingles."""
    x, y = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.mean(x == y))
