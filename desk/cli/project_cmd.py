"""``desk project status PROJECT``: how far a ``.tarjama`` project has got, counted by status."""

from __future__ import annotations

import argparse
import json
import sys

from desk.project.confidence import LOW_CONFIDENCE_DEFAULT


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("project", help="inspect a .tarjama project")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    status = actions.add_parser("status", help="count sentences by status")
    status.add_argument("project", metavar="PROJECT", help="a .tarjama project")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.add_argument("--low", type=float, default=LOW_CONFIDENCE_DEFAULT, metavar="X",
                        help=f"confidence below which machine output counts as low (default {LOW_CONFIDENCE_DEFAULT})")
    status.set_defaults(func=run_status)
    parser.set_defaults(func=lambda args: parser.error("choose an action: status"))


def run_status(args: argparse.Namespace) -> int:
    from desk.project import Project
    from desk.project.confidence import is_low

    with Project.open(args.project, read_only=True) as project:
        counts = {str(k): v for k, v in project.counts().items()}
        low = sum(1 for s in project.segments if s.is_machine and is_low(s.confidence, args.low))
        total, name, model = len(project), project.path.name, project.model_id
    if args.json:
        payload = {"project": name, "sentences": total, "counts": counts, "low_confidence": low,
                   "low_threshold": args.low, "model": model}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return 0
    lines = [f"{name}: {total} sentences" + (f" (model {model})" if model else "")]
    width = max(len(k) for k in counts)
    for status, count in counts.items():
        if count or status in ("confirmed", "untranslated"):
            extra = f"  ({low} below confidence {args.low:g})" if status == "machine" and low else ""
            lines.append(f"  {status:<{width}}  {count:>6}{extra}")
    lines.append(f"  {counts['confirmed']} / {total} confirmed")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
