"""``desk export PROJECT -o OUT``: a ``.tarjama`` project to DOCX, TMX, TXT or JSON, with its edits."""

from __future__ import annotations

import argparse
import sys

from desk.export.options import TMX_SCOPES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="export a .tarjama project (its edited English) to a file")
    parser.add_argument("project", metavar="PROJECT", help="a .tarjama project")
    parser.add_argument("-o", "--output", metavar="OUT", required=True,
                        help="output file: .docx .tmx .txt or .json decides the format")
    parser.add_argument("--layout", choices=("bilingual", "target"), default="bilingual",
                        help="DOCX/TXT: both languages side by side, or English only")
    parser.add_argument("--rows", choices=("sentence", "paragraph"), default="sentence",
                        help="bilingual DOCX/TXT: one row per sentence or per paragraph")
    parser.add_argument("--status-column", action="store_true", help="bilingual DOCX: add a status column")
    parser.add_argument("--mark-unconfirmed", action="store_true",
                        help="bilingual DOCX: shade the English of rows not yet confirmed")
    parser.add_argument("--tmx", choices=TMX_SCOPES, default="all", dest="tmx_scope",
                        help="TMX: every translated sentence (machine output marked MT!), only reviewed "
                             "(edited/confirmed) ones, or only confirmed ones (default all)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no message on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.project import Project
    from desk.project.exporting import export_project

    with Project.open(args.project, read_only=True) as project:
        path = export_project(project, args.output, layout=args.layout, rows=args.rows,
                              status_column=args.status_column, mark_unconfirmed=args.mark_unconfirmed,
                              tmx_scope=args.tmx_scope)
    if not args.quiet:
        print(f"wrote {path}", file=sys.stderr)
    return 0
