"""``desk glossary import|list|remove``: the glossaries ``desk qa`` (and later the editor) check against."""

from __future__ import annotations

import argparse

from desk.errors import DeskError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("glossary", help="glossaries: import TSV/CSV/TBX, list, remove")
    actions = parser.add_subparsers(dest="glossary_command", metavar="ACTION", parser_class=type(parser))
    p = actions.add_parser("import", help="store the terms of a TSV/CSV (ar, en, note) or TBX file")
    p.add_argument("file")
    p.add_argument("--name", help="glossary name (default: the file name)")
    p.add_argument("--project", default="", help="for this project only (default: global)")
    p.set_defaults(func=_import)
    p = actions.add_parser("list", help="the stored glossaries")
    p.set_defaults(func=_list)
    p = actions.add_parser("remove", help="delete a stored glossary")
    p.add_argument("name")
    p.add_argument("--project", default="")
    p.set_defaults(func=_remove)


def _import(args) -> int:
    from pathlib import Path

    from desk.glossary import GlossaryStore, read_glossary

    path = Path(args.file)
    if not path.is_file():
        raise DeskError(f"Cannot open {args.file}: no such file.")
    name = args.name or path.stem
    terms = read_glossary(path, glossary=name, project=args.project)
    if not terms:
        raise DeskError(f"{path.name} has no (Arabic, English) terms.")
    with GlossaryStore() as store:
        store.add(terms, glossary=name, project=args.project)
    print(f"{len(terms)} terms stored in glossary {name}" + (f" (project {args.project})" if args.project else ""))
    return 0


def _list(args) -> int:
    from desk.glossary import GlossaryStore

    store = GlossaryStore.open_existing()
    rows = [] if store is None else store.glossaries()
    for name, project, count in rows:
        print(f"{name}\t{project or '(global)'}\t{count} terms")
    return 0


def _remove(args) -> int:
    from desk.glossary import GlossaryStore

    store = GlossaryStore.open_existing()
    removed = 0 if store is None else store.remove(args.name, args.project)
    if not removed:
        raise DeskError(f"There is no glossary {args.name}.")
    print(f"removed {removed} terms")
    return 0
