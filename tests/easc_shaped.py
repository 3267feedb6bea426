"""Files in EASC's shape for the summary benchmarks' tests: a short article of six sentences and
the writer of BOM + CRLF files, as the corpus distributes them."""

from __future__ import annotations

from pathlib import Path

QUAKE = [
    "الزلزال ظاهرة طبيعية تحدث نتيجة اهتزاز سريع في القشرة الأرضية.",
    "تقاس قوة الزلازل بمقياس ريختر الذي وضعه العالم تشارلز ريختر عام 1935.",
    "تحدث معظم الزلازل عند حدود الصفائح التكتونية حيث تتحرك الصفائح ببطء.",
    "وقد تسبب الزلازل الكبيرة أمواجا بحرية عاتية تعرف باسم تسونامي.",
    "يستخدم العلماء أجهزة السيزموغراف لرصد الهزات الأرضية وتسجيلها.",
    "ومن أشهر الزلازل في التاريخ زلزال لشبونة الذي دمر المدينة عام 1755.",
]


def write_easc(path: Path, text: str) -> None:
    """``text`` as EASC stores it: UTF-8 with a BOM, CRLF line ends."""
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
