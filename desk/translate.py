"""The translation engine: segmented Arabic in, English out, through CTranslate2.

``Translator`` wraps one CTranslate2 model folder (``model.bin``, ``config.json``, the
vocabulary, ``source.spm`` and ``target.spm``). It loads lazily and once. The main call,
``translate_document``, is a generator: it yields one ``SentenceTranslation`` per sentence
in document order as soon as that sentence and every one before it is done, so the GUI and
the CLI can stream, show progress and cancel between batches.

How the engine is fed (measured in docs/performance.md):
- identical sentences are translated once; sentences without Arabic pass through;
- sentences longer than ``TOKEN_BUDGET`` pieces are split at clause punctuation and rejoined;
- a small first batch (the first sentence) so something appears at once, then windows of
  sentences in document order, sorted by length inside the window and cut into batches of
  at most ``max_batch_tokens`` beam-expanded tokens (source tokens × beam: memory and the
  best batch size scale with both);
- two single-threaded engine replicas (``inter_threads``) each get a batch, and one more is
  queued, so the engine never waits for Python (detokenising, yielding to the GUI) between
  batches; a cancel stops submissions at once, so only batches already running finish.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.errors import ModelLoadError, ModelNotFoundError
from desk.results import SentenceTranslation
from desk.segment import Sentence, segment, split_for_budget
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

DEFAULT_BEAM_SIZE = 2  # beam 4 is 1.7× slower on 2 cores for little gain (docs/performance.md)
# Keep searching until beam_size × patience hypotheses have ended, like Marian (which decoded
# OPUS-MT for its published scores) rather than stopping at the first beam_size endings.
DEFAULT_PATIENCE = 2
# Marian models have 512 positions (CTranslate2 raises past them); quality drops well before.
TOKEN_BUDGET = 200
MAX_POSITIONS = 512
DEFAULT_MAX_BATCH_TOKENS = 1024  # source tokens × beam per batch: keeps a CLI run under 300 MB
MIN_BATCH_TOKENS = 64
FIRST_BATCH_SENTENCES = 1
WINDOW_BATCHES = 4
CACHE_SIZE = 50_000

CancelCheck = Callable[[], bool]


def physical_cores() -> int:
    """Threads for CTranslate2: physical cores (hyper-threads do not help int8 GEMM)."""
    try:
        import psutil

        count = psutil.cpu_count(logical=False)
    except Exception:  # noqa: BLE001 - psutil missing or unsupported platform
        count = None
    return max(1, count or os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class _Unit:
    """One sequence handed to the engine: a whole sentence or a piece of a long one."""

    key: str
    part: int
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Done:
    target: str
    score: float
    alternatives: tuple[str, ...]


class Translator:
    """One CTranslate2 model folder, loaded on first use."""

    def __init__(
        self,
        model_dir: str | Path,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        threads: int | None = None,
        beam_size: int = DEFAULT_BEAM_SIZE,
        max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS,
        name: str | None = None,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.device = device
        self.compute_type = compute_type
        self.threads = threads or physical_cores()
        # Two single-threaded replicas decode two batches at once: on 2 cores that beats one
        # two-threaded engine by a third (docs/performance.md).
        self.replicas = min(2, self.threads)
        self.beam_size = beam_size
        self.max_batch_tokens = max_batch_tokens
        self.name = name or self.model_dir.name
        self._lock = threading.Lock()
        self._engine = None
        self._sp_source = None
        self._sp_target = None
        self._config: dict[str, Any] = {}
        self._cache: OrderedDict[tuple, _Done] = OrderedDict()

    # -- loading -----------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def load(self) -> Translator:
        """Load the model and tokenisers (once); raises ``ModelLoadError`` if broken."""
        with self._lock:
            if self._engine is None:
                self._load_locked()
        return self

    def _load_locked(self) -> None:
        folder = self.model_dir
        if not folder.is_dir():
            raise ModelNotFoundError(f"The model folder {folder} does not exist.")
        for required in ("model.bin", "source.spm", "target.spm"):
            if not (folder / required).is_file():
                raise ModelLoadError(
                    f"The model folder {folder} has no {required}; import the model again "
                    "with `desk models import PATH`."
                )
        try:
            self._config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            self._config = {}
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"The model's config.json in {folder} is unreadable: {exc}.") from exc

        import ctranslate2
        import sentencepiece

        try:
            sp_source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
            sp_target = sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        except (OSError, RuntimeError) as exc:
            raise ModelLoadError(f"The tokeniser files in {folder} are damaged: {exc}.") from exc
        try:
            engine = ctranslate2.Translator(
                str(folder),
                device=self.device,
                compute_type=self.compute_type,
                intra_threads=max(1, self.threads // self.replicas),
                inter_threads=self.replicas,
            )
        except (RuntimeError, ValueError, OSError, IndexError, KeyError) as exc:
            log.warning("CTranslate2 cannot load %s: %s", folder, exc)  # the long engine text goes to the log
            raise ModelLoadError(
                f"The model in {folder} cannot be loaded: its model.bin is damaged or incomplete; "
                "remove the model and install or import it again."
            ) from exc
        self._sp_source, self._sp_target, self._engine = sp_source, sp_target, engine
        log.info("loaded model %s (%s, %d threads)", folder, self.compute_type, self.threads)

    # -- tokenisation ------------------------------------------------------------------
    @property
    def tokenisers(self):
        """The loaded (source, target) SentencePieceProcessor pair."""
        self.load()
        return self._sp_source, self._sp_target

    @property
    def source_suffix(self) -> tuple[str, ...]:
        """End-of-sentence token the caller must append (unless CTranslate2 adds it itself)."""
        if self._config.get("add_source_eos"):
            return ()
        return (self._config.get("eos_token") or "</s>",)

    def count_tokens(self, text: str) -> int:
        self.load()
        return len(self._sp_source.encode(text))

    def _units_for(self, key: str) -> list[_Unit]:
        sp = self._sp_source
        pieces = sp.encode(key, out_type=str)
        if len(pieces) <= TOKEN_BUDGET:
            parts = [pieces]
        else:
            texts = split_for_budget(key, TOKEN_BUDGET, lambda t: len(sp.encode(t)))
            parts = [sp.encode(t, out_type=str)[:TOKEN_BUDGET] for t in texts]
        suffix = self.source_suffix
        return [_Unit(key, i, tuple(p) + suffix) for i, p in enumerate(parts)]

    # -- translation -------------------------------------------------------------------
    def translate_document(
        self,
        source: str | Sequence[Sentence] | Any,
        *,
        beam_size: int | None = None,
        n_best: int = 1,
        cancel: CancelCheck | None = None,
        use_cache: bool = True,
        **decode_options: Any,
    ) -> Iterator[SentenceTranslation]:
        """Translate a text, a ``Document`` or a list of ``Sentence`` (see module doc).

        ``decode_options`` go to ``ctranslate2.Translator.translate_batch`` as they are
        (the benchmark fixes output lengths with them). Stops quietly when ``cancel()``
        turns true; what was yielded stays valid.
        """
        sentences = _as_sentences(source)
        if not sentences:
            return
        self.load()
        beam = max(1, beam_size or self.beam_size, n_best)
        cache_tag = (beam, n_best, tuple(sorted(decode_options.items())))
        use_cache = use_cache and not decode_options

        keys: list[str | None] = []
        results: dict[str, _Done] = {}
        pending: dict[str, list[_Unit]] = {}
        for sentence in sentences:
            key = sentence.model_text
            if not key or not has_arabic(key):
                keys.append(None)
                continue
            keys.append(key)
            if key in results or key in pending:
                continue
            cached = self._cache.get((key, *cache_tag)) if use_cache else None
            if cached is not None:
                results[key] = cached
            else:
                pending[key] = self._units_for(key)

        emitted = 0

        def flush() -> Iterator[SentenceTranslation]:
            nonlocal emitted
            while emitted < len(sentences):
                key = keys[emitted]
                if key is not None and key not in results:
                    return
                yield _result(sentences[emitted], results.get(key) if key else None)
                emitted += 1

        yield from flush()
        partials: dict[str, dict[int, tuple[str, float, tuple[str, ...]]]] = {}
        for batch, outputs in self._run_batches(pending, beam, n_best, cancel, decode_options):
            for unit, output in zip(batch, outputs, strict=True):
                partials.setdefault(unit.key, {})[unit.part] = output
                if len(partials[unit.key]) == len(pending[unit.key]):
                    done = _join(partials.pop(unit.key))
                    results[unit.key] = done
                    if use_cache:
                        self._remember((unit.key, *cache_tag), done)
            yield from flush()

    def _run_batches(
        self,
        pending: dict[str, list[_Unit]],
        beam: int,
        n_best: int,
        cancel: CancelCheck | None,
        decode_options: dict[str, Any],
    ) -> Iterator[tuple[list[_Unit], list[tuple[str, float, tuple[str, ...]]]]]:
        """Keep every replica busy plus one batch queued; yield (units, decoded) pairs in order."""
        # The budget counts beam-expanded tokens: memory and the best batch size scale with both.
        budget = max(MIN_BATCH_TOKENS, self.max_batch_tokens // beam)
        batches = _plan_batches([u for units in pending.values() for u in units], budget)
        submitted: list[tuple[list[_Unit], list]] = []
        next_batch = 0

        def submit() -> None:
            nonlocal next_batch
            if next_batch < len(batches) and not (cancel and cancel()):
                batch = batches[next_batch]
                next_batch += 1
                submitted.append((batch, self._submit(batch, beam, n_best, decode_options)))

        for _ in range(self.replicas):
            submit()
        while submitted:
            submit()  # keep every replica busy while this batch is read and yielded
            batch, futures = submitted.pop(0)
            try:
                outputs = [self._decode(future.result(), n_best) for future in futures]
            except (RuntimeError, ValueError, IndexError) as exc:  # e.g. a vocabulary that does not fit the model
                raise ModelLoadError(f"The model {self.name} failed while translating: {exc}.") from exc
            yield batch, outputs
            if cancel and cancel():
                for _, later in submitted:  # let CTranslate2 finish what it started
                    for future in later:
                        future.result()
                return

    def _submit(self, batch: list[_Unit], beam: int, n_best: int, decode_options: dict[str, Any]) -> list:
        longest = max(len(u.tokens) for u in batch)
        options: dict[str, Any] = {
            "beam_size": beam,
            "num_hypotheses": n_best,
            "return_scores": True,
            "max_decoding_length": min(MAX_POSITIONS, 2 * longest + 10),
            "max_batch_size": 0,
            "patience": DEFAULT_PATIENCE,
        }
        options.update(decode_options)
        try:
            return self._engine.translate_batch([list(u.tokens) for u in batch], asynchronous=True, **options)
        except (RuntimeError, ValueError) as exc:
            raise ModelLoadError(f"The model {self.name} failed while translating: {exc}.") from exc

    def _decode(self, result, n_best: int) -> tuple[str, float, tuple[str, ...]]:
        hypotheses = result.hypotheses[:n_best]
        scores = list(result.scores[:n_best]) if result.scores else [0.0]
        texts = [self._sp_target.decode(h) for h in hypotheses]
        return texts[0], float(scores[0]), tuple(texts[1:])

    def _remember(self, key: tuple, done: _Done) -> None:
        self._cache[key] = done
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def translate_text(self, text: str, **options: Any) -> str:
        """The English for ``text``: sentences joined by spaces, paragraphs by blank lines."""
        paragraphs: dict[int, list[str]] = {}
        for item in self.translate_document(text, **options):
            paragraphs.setdefault(item.paragraph, []).append(item.target)
        return "\n\n".join(" ".join(p) for p in paragraphs.values())


def _as_sentences(source: str | Sequence[Sentence] | Any) -> list[Sentence]:
    if isinstance(source, str):
        return segment(source)
    if hasattr(source, "sentences") and callable(source.sentences):
        return list(source.sentences())
    return list(source)


def _plan_batches(units: list[_Unit], max_batch_tokens: int) -> list[list[_Unit]]:
    """A small first batch, then length-sorted batches over windows in document order."""
    if not units:
        return []
    first_keys: list[str] = []
    for unit in units:
        if unit.key not in first_keys:
            if len(first_keys) == FIRST_BATCH_SENTENCES:
                break
            first_keys.append(unit.key)
    first = [u for u in units if u.key in first_keys]
    rest = [u for u in units if u.key not in first_keys]
    batches = _cut(first, max_batch_tokens)  # small, but never over the budget (one huge sentence)
    window_tokens = max_batch_tokens * WINDOW_BATCHES
    window: list[_Unit] = []
    size = 0
    for unit in rest:
        window.append(unit)
        size += len(unit.tokens)
        if size >= window_tokens:
            batches.extend(_cut(window, max_batch_tokens))
            window, size = [], 0
    batches.extend(_cut(window, max_batch_tokens))
    return batches


def _cut(units: Iterable[_Unit], max_batch_tokens: int) -> list[list[_Unit]]:
    """Length-sorted batches whose padded size (rows × longest) stays under the budget."""
    ordered = sorted(units, key=lambda u: len(u.tokens))
    batches: list[list[_Unit]] = []
    batch: list[_Unit] = []
    for unit in ordered:
        if batch and (len(batch) + 1) * len(unit.tokens) > max_batch_tokens:
            batches.append(batch)
            batch = []
        batch.append(unit)
    if batch:
        batches.append(batch)
    return batches


def _join(parts: dict[int, tuple[str, float, tuple[str, ...]]]) -> _Done:
    ordered = [parts[i] for i in sorted(parts)]
    if len(ordered) == 1:
        target, score, alternatives = ordered[0]
        return _Done(target, score, alternatives)
    target = " ".join(p[0] for p in ordered if p[0])
    score = sum(p[1] for p in ordered) / len(ordered)
    return _Done(target, score, ())


def _result(sentence: Sentence, done: _Done | None) -> SentenceTranslation:
    if done is None:
        return SentenceTranslation(
            sentence.paragraph, sentence.index, sentence.span, sentence.text, sentence.text, 0.0, (), True
        )
    return SentenceTranslation(
        sentence.paragraph,
        sentence.index,
        sentence.span,
        sentence.text,
        done.target,
        done.score,
        done.alternatives,
    )
