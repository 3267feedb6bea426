"""``desk qa INPUT``: QA report for a translation; exit 1 while issues remain.

INPUT is a ``.tarjama`` project (its English as edited, minus the issues ignored in it), the JSON
of ``desk translate --format json`` (checked as it is), or any document the translator reads
(translated first with the model and the translation memory, like ``desk translate``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desk.errors import DeskError, DocumentError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("qa", help="check a translation: numbers, leftovers, glossary terms, typography")
    parser.add_argument("input", metavar="FILE_OR_OUTPUT",
                        help="a .tarjama project, a translated JSON (desk translate --format json), "
                             "or a document to translate first")
    parser.add_argument("--json", action="store_true", help="print the issues as JSON")
    parser.add_argument("--glossary", action="append", default=[], metavar="FILE",
                        help="TSV/CSV/TBX glossary to check terms against (repeatable; stored glossaries are used too)")
    parser.add_argument("--project", help="use this project's stored glossaries as well as the global ones")
    parser.add_argument("--checks", metavar="ID,ID", help="only these checks (default: all)")
    parser.add_argument("--ignore", action="append", default=[], metavar="N:CHECK",
                        help="ignore one check on sentence N, numbered as in the report (repeatable)")
    parser.add_argument("--model", metavar="NAME_OR_DIR", help="model for translating a document first")
    parser.add_argument("--beam", type=int, metavar="N", help="beam size when translating")
    parser.add_argument("--no-tm", action="store_true", help="do not fill sentences from the translation memory")
    parser.set_defaults(func=run, quiet=True)


def _load_json(path: Path) -> list[tuple[int, str, str]]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
        sentences = payload["sentences"]
        return [(int(s.get("index", i)), str(s["source"]), str(s["target"])) for i, s in enumerate(sentences)]
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, f"it cannot be read ({exc}).") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DocumentError(path, "it is not the JSON that `desk translate --format json` writes.") from exc


def _load_project(path: Path) -> tuple[list[tuple[int, str, str]], set[tuple[int, str]]]:
    """A project's translated sentences and stored ignores (read-only: works while a window has it open)."""
    from desk.project import Project
    from desk.qa.project_qa import project_pairs

    with Project.open(path, read_only=True) as project:
        return [(p.sentence, p.source, p.target) for p in project_pairs(project)], project.qa_ignores()


def _translate(args) -> list[tuple[int, str, str]]:
    from desk.cli.inputs import load_input
    from desk.cli.translate_cmd import load_translator, translate_all
    from desk.tm.apply import with_memory

    document = load_input(args.input)
    sentences = document.sentences()
    if not sentences:
        raise DocumentError(args.input, "it contains no text to translate.")
    translator = with_memory(load_translator(args.model), enabled=not args.no_tm)
    return [(t.index, t.source, t.target) for t in translate_all(translator, sentences, args)]


def _matcher(args):
    from desk.glossary import GlossaryStore, TermMatcher, read_glossary

    terms = []
    store = GlossaryStore.open_existing()
    if store is not None:
        with store:
            terms += store.terms(args.project)
    for name in args.glossary:
        terms += read_glossary(name)
    return TermMatcher(terms)


def _ignores(values: list[str]) -> set[tuple[int, str]]:
    from desk.qa import CHECK_IDS

    ignores = set()
    for value in values:
        number, _, check = value.partition(":")
        if not number.strip().isdigit() or check not in CHECK_IDS:
            raise DeskError(f"--ignore takes N:CHECK with CHECK one of {', '.join(CHECK_IDS)}; got {value!r}.")
        ignores.add((int(number) - 1, check))  # the report numbers sentences from 1
    return ignores


def run(args: argparse.Namespace) -> int:
    from desk.project import is_project_path
    from desk.qa import CHECK_IDS, Pair, run_checks

    checks = None
    if args.checks:
        checks = {c.strip() for c in args.checks.split(",") if c.strip()}
        unknown = checks - set(CHECK_IDS)
        if unknown:
            raise DeskError(f"Unknown check {', '.join(sorted(unknown))}; the checks are {', '.join(CHECK_IDS)}.")
    ignore = _ignores(args.ignore)
    path = Path(args.input)
    if is_project_path(path):
        rows, project_ignores = _load_project(path)
        ignore |= project_ignores
    elif path.suffix.lower() == ".json":
        rows = _load_json(path)
    else:
        rows = _translate(args)
    matcher = _matcher(args)
    issues = run_checks([Pair(i, s, t) for i, s, t in rows], glossary=matcher, ignore=ignore, checks=checks)
    if args.json:
        out = {"sentences": len(rows), "issues": [
            {"check": i.check, "sentence": i.sentence, "message": i.message, "span": i.span,
             "source_span": i.source_span, "fix": i.fix} for i in issues]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        by_index = {i: (s, t) for i, s, t in rows}
        for issue in issues:
            source, target = by_index.get(issue.sentence, ("", ""))
            print(f"sentence {issue.sentence + 1} [{issue.check}] {issue.message}")
            print(f"  ar: {source}\n  en: {target}")
        flagged = len({i.sentence for i in issues})
        print(f"{len(issues)} issue(s) in {flagged} of {len(rows)} sentences.", file=sys.stderr)
    return 1 if issues else 0
