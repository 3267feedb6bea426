"""``desk tm import|export|stats|lookup``: manage the translation memory from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desk.errors import DeskError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tm", help="translation memory: import/export TMX, statistics, lookup")
    parser.add_argument("--memory", metavar="FILE", help="memory file (default: memory.sqlite in the data folder)")
    actions = parser.add_subparsers(dest="tm_command", metavar="ACTION", parser_class=type(parser))

    p = actions.add_parser("import", help="add the units of a TMX file (OmegaT, Trados, memoQ, …)")
    p.add_argument("file", metavar="FILE.tmx")
    p.add_argument("--project", default="", help="store the units for this project only (default: global)")
    p.add_argument("--machine", action="store_true", help="mark every unit as machine translation")
    p.add_argument("--target-lang", default="en", metavar="LANG", help="target language code (default en)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=_import)

    p = actions.add_parser("export", help="write the memory as TMX 1.4b")
    p.add_argument("file", metavar="FILE.tmx")
    p.add_argument("--project", help="only this project's units")
    p.add_argument("--human-only", action="store_true", help="leave machine translation out")
    p.set_defaults(func=_export)

    p = actions.add_parser("stats", help="units by origin and project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_stats)

    p = actions.add_parser("lookup", help="the best matches for an Arabic sentence")
    p.add_argument("sentence")
    p.add_argument("--project")
    p.add_argument("--threshold", type=float, default=None, help="minimum similarity, 0-100 (default 75)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_lookup)
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])


def _memory(args, *, must_exist: bool = False):
    from desk.tm.store import TranslationMemory

    path = Path(args.memory) if args.memory else None
    if must_exist:
        memory = TranslationMemory.open_existing(path)
        if memory is None:
            raise DeskError("There is no translation memory yet: `desk tm import FILE.tmx` creates one.")
        return memory
    return TranslationMemory(path)


def _import(args) -> int:
    from desk.tm.tmx import import_tmx

    if not Path(args.file).is_file():
        raise DeskError(f"Cannot open {args.file}: no such file.")
    show = not args.quiet and sys.stderr.isatty()

    def progress(count: int) -> None:
        print(f"\rread {count:,} units", end="", file=sys.stderr)

    with _memory(args) as memory:
        report = import_tmx(memory, args.file, project=args.project, machine=args.machine,
                            target_lang=args.target_lang, progress=progress if show else None)
    if show:
        print(file=sys.stderr)
    print(f"{report.read:,} units read, {report.added:,} new, {report.skipped:,} skipped (no Arabic or no "
          f"{args.target_lang}), {report.machine:,} machine translation; {report.seconds:.1f} s")
    return 0


def _export(args) -> int:
    from desk.tm.tmx import export_tmx

    with _memory(args, must_exist=True) as memory:
        count = export_tmx(memory, args.file, project=args.project, human_only=args.human_only)
    print(f"wrote {count:,} units to {args.file}", file=sys.stderr)
    return 0


def _stats(args) -> int:
    with _memory(args, must_exist=True) as memory:
        stats = memory.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    print(f"{stats['units']:,} units ({stats['human']:,} human, {stats['machine']:,} machine translation)")
    for name, count in stats["projects"].items():
        print(f"  {name}: {count:,}")
    print(f"{stats['path']} ({stats['bytes'] / 2**20:.1f} MiB)")
    return 0


def _lookup(args) -> int:
    from desk.tm.store import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0 <= threshold <= 100:
        raise DeskError("--threshold must be between 0 and 100.")
    with _memory(args, must_exist=True) as memory:
        matches = memory.lookup(args.sentence, project=args.project, threshold=threshold)
    if args.json:
        print(json.dumps([{"similarity": m.similarity, "status": m.status, "source": m.unit.source,
                           "target": m.target, "origin": m.unit.origin, "project": m.unit.project,
                           "diffs": [[d.op, d.ours, d.theirs] for d in m.diffs]} for m in matches],
                         ensure_ascii=False, indent=1))
    else:
        for m in matches:
            print(f"{m.similarity:5.1f}%  {m.target}  [{m.unit.origin}]")
    return 0 if matches else 1
