"""``desk summarize INPUT``: the sentences that carry the story, one per line, in document order."""

from __future__ import annotations

import argparse
import json
import sys

from desk.cli.inputs import add_input_arguments, label, load_input
from desk.errors import DeskError, DocumentError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("summarize", help="pick the key sentences of an (Arabic news) document")
    add_input_arguments(parser)
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, metavar="N", help="number of sentences to keep")
    length.add_argument("--ratio", type=float, metavar="R", help="fraction of the sentences to keep (0-1]")
    length.add_argument("--words", type=int, metavar="W",
                        help="about W words: whole sentences, ending at the sentence boundary nearest to W")
    parser.add_argument("--json", action="store_true", help="JSON with index, paragraph and score per sentence")
    parser.add_argument("--translate", action="store_true", help="add the English of each selected sentence")
    parser.add_argument("--model", metavar="NAME_OR_DIR",
                        help="with --translate: installed model id or model folder "
                             "(default: $DESK_MODEL, then your default)")
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> None:
    if args.sentences is not None and args.sentences < 1:
        raise DeskError("--sentences must be at least 1.")
    if args.ratio is not None and not 0 < args.ratio <= 1:
        raise DeskError("--ratio must be greater than 0 and at most 1.")
    if args.words is not None and args.words < 1:
        raise DeskError("--words must be at least 1.")
    if args.model and not args.translate:
        raise DeskError("--model is only used with --translate.")


def _headline(document) -> str | None:
    """A leading heading block is the headline (plain text gets the summariser's own detection)."""
    blocks = getattr(document, "blocks", ())
    return blocks[0].text if blocks and blocks[0].kind == "heading" else None


def _translations(args: argparse.Namespace, sentences) -> tuple[list[str], str]:
    from desk.cli.translate_cmd import load_translator

    translator = load_translator(args.model)
    by_index = {t.index: t.target for t in translator.translate_document(sentences)}
    return [by_index.get(s.index, "") for s in sentences], translator.name


def run(args: argparse.Namespace) -> int:
    from desk.summarize import summarize

    _check(args)
    document = load_input(args.input, args.input_format)
    sentences = document.sentences()
    if not sentences:
        raise DocumentError(label(args.input), "it contains no text to summarise.")
    summary = summarize(sentences, headline=_headline(document), n_sentences=args.sentences,
                        ratio=args.ratio, words=args.words)
    english, model = None, None
    if args.translate:
        by_index = {s.index: s for s in sentences}
        english, model = _translations(args, [by_index[s.index] for s in summary])
    if args.json:
        payload = {"total_sentences": len(sentences), "sentences": []}
        if model:
            payload["model"] = model
        for i, s in enumerate(summary):
            item = {"index": s.index, "paragraph": s.paragraph, "score": round(s.score, 4), "text": s.text}
            if english is not None:
                item["translation"] = english[i]
            payload["sentences"].append(item)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return 0
    lines = []
    for i, s in enumerate(summary):
        lines.append(s.text.replace("\n", " "))
        if english is not None:
            lines.append(english[i].replace("\n", " "))
            lines.append("")
    sys.stdout.write("\n".join(lines).rstrip("\n") + "\n")
    return 0
