"""``desk translate INPUT [-o OUT]``: a document (or a folder of them) into English."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from desk.cli.inputs import load_input
from desk.errors import DeskError, DocumentError
from desk.results import SentenceTranslation
from desk.tm.apply import with_memory
from desk.translate import DEFAULT_BEAM_SIZE

PROGRESS_MIN_SENTENCES = 20


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("translate", help="translate a document or a folder into English")
    parser.add_argument("input", metavar="INPUT",
                        help="a file, a folder (batch), - for stdin, or a .tarjama project to finish translating")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file (.tarjama writes a project; .docx .tmx .txt .json an export) "
                             "or folder for a batch")
    parser.add_argument("--format", choices=("txt", "json"), default="txt",
                        help="what to print on stdout when there is no -o (default txt)")
    parser.add_argument("--layout", choices=("bilingual", "target"), default="bilingual",
                        help="DOCX/TXT export: both languages side by side, or English only")
    parser.add_argument("--to", choices=("docx", "tmx", "txt", "json"), default="docx",
                        help="output format for a folder batch (default docx)")
    parser.add_argument("--model", metavar="NAME_OR_DIR",
                        help="installed model id or model folder (default: $DESK_MODEL, then your default)")
    parser.add_argument("--beam", type=int, metavar="N", help=f"beam size (default {DEFAULT_BEAM_SIZE})")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--no-tm", action="store_true", help="do not fill sentences from the translation memory")
    parser.set_defaults(func=run)


def load_translator(model: str | None):
    """The engine for ``--model`` (an installed id or a folder; else $DESK_MODEL or the default)."""
    from desk.models.store import model_name, resolve_model
    from desk.translate import Translator

    model_dir = resolve_model(model)
    return Translator(model_dir, name=model_name(model_dir))


def translate_all(translator, sentences, args, label: str = "") -> list[SentenceTranslation]:
    """Drive the engine's generator, printing progress on stderr for long inputs."""
    show = not args.quiet and len(sentences) >= PROGRESS_MIN_SENTENCES
    started = time.monotonic()
    done: list[SentenceTranslation] = []
    for item in translator.translate_document(sentences, beam_size=args.beam):
        done.append(item)
        if show:
            rate = len(done) / max(1e-6, time.monotonic() - started)
            print(f"\r{label}translated {len(done)}/{len(sentences)} sentences ({rate:.1f}/s)",
                  end="", file=sys.stderr, flush=True)
    if show:
        print(file=sys.stderr)
    return done


def run(args: argparse.Namespace) -> int:
    if args.beam is not None and not 1 <= args.beam <= 16:
        raise DeskError("--beam must be between 1 and 16.")
    if args.input != "-" and Path(args.input).is_dir():
        return _run_batch(args)
    from desk.cli.project_run import is_project_path, translate_into_project

    if is_project_path(args.input) or (args.output and is_project_path(args.output)):
        return translate_into_project(args, load_translator)
    document = load_input(args.input)
    sentences = document.sentences()
    if not sentences:
        raise DocumentError(args.input, "it contains no text to translate.")
    translator = with_memory(load_translator(args.model), enabled=not args.no_tm)
    translations = translate_all(translator, sentences, args)
    if getattr(translator, "hits", None) and not args.quiet:
        print(f"{len(translator.hits)} sentence(s) from the translation memory", file=sys.stderr)
    if args.output:
        from desk.export import ExportOptions, write_translation

        options = ExportOptions(model_name=translator.name, source_name=document.path or args.input)
        write_translation(args.output, document, translations, layout=args.layout, options=options)
        if not args.quiet:
            print(f"wrote {args.output}", file=sys.stderr)
        return 0
    if args.format == "json":
        payload = {
            "model": translator.name,
            "sentences": [
                {"paragraph": t.paragraph, "index": t.index, "source": t.source, "target": t.target,
                 "score": round(t.score, 4)}
                for t in translations
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(_as_text(translations))
    return 0


def _as_text(translations: list[SentenceTranslation]) -> str:
    paragraphs: dict[int, list[str]] = {}
    for t in translations:
        paragraphs.setdefault(t.paragraph, []).append(t.target)
    return "\n\n".join(" ".join(p) for p in paragraphs.values()) + "\n"


def _run_batch(args: argparse.Namespace) -> int:
    from desk.export.batch import batch_translate

    if not args.output:
        raise DeskError("Translating a folder needs -o OUTDIR.")
    translator = with_memory(load_translator(args.model), enabled=not args.no_tm)

    def translate_fn(document):
        return list(translator.translate_document(document.sentences(), beam_size=args.beam))

    errors = []
    counts = {"ok": 0, "skipped": 0, "error": 0}
    for result in batch_translate(Path(args.input), Path(args.output), translate_fn, out_ext="." + args.to,
                                  layout=args.layout, model_name=translator.name):
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "error":
            errors.append(result)
        if not args.quiet:
            print(f"{result.status:7} {result.source}", file=sys.stderr)
    if not args.quiet:
        print(f"{counts['ok']} translated, {counts['skipped']} already done, {counts['error']} failed",
              file=sys.stderr)
    for result in errors:
        print(f"desk: error: {result.message}", file=sys.stderr)
    return 2 if errors else 0
