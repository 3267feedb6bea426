"""Can CTranslate2 enforce a glossary term at decoding time? Prints what each API option does.

    .venv/bin/python tests/bench/term_enforcement.py [--model DIR]

Runs on the tiny fixture model by default (tests/fixtures/tiny-ar-en/ct2): an over-fitted model,
so a forced detour shows clearly whether decoding recovers after it. Options tried: a
``target_prefix`` ending with the term (term at the start; term in the middle after a first
pass), ``prefix_bias_beta`` with the first-pass output edited to carry the term,
``suppress_sequences`` to ban the unwanted rendering, a placeholder the model copies
(a Latin acronym it knows, or a made-up token) substituted back afterwards, and
``return_alternatives`` at the term's position. Findings are in README.md
("Translation memory, glossary and QA").
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "tests" / "fixtures" / "tiny-ar-en" / "ct2"))
    args = parser.parse_args()

    import ctranslate2
    import sentencepiece as spm

    from desk.textnorm import normalize_for_model

    model = Path(args.model)
    engine = ctranslate2.Translator(str(model), compute_type="int8")
    sp_src = spm.SentencePieceProcessor(model_file=str(model / "source.spm"))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(model / "target.spm"))

    def run(ar: str, prefix: str | None = None, **options) -> str:
        options.setdefault("beam_size", 2)
        options.setdefault("patience", 2)
        source = sp_src.encode(normalize_for_model(ar), out_type=str) + ["</s>"]
        target_prefix = [sp_tgt.encode(prefix, out_type=str)] if prefix else None
        result = engine.translate_batch([source], target_prefix=target_prefix, **options)[0]
        return sp_tgt.decode(result.hypotheses[0])

    council = "اعتمد مجلس الأمن القرار رقم 2728 بأغلبية ١٤ صوتا."
    minister = "قال الوزير: «لن نقبل بأي تدخل في شؤوننا الداخلية»."
    un = "أكد الأمين العام للأمم المتحدة أن الحوار هو الطريق الوحيد للسلام."
    pieces = sp_tgt.encode("Security Council", out_type=str)
    rows = [
        ("baseline", run(council)),
        ("term at start: target_prefix 'The UN Security Council'", run(council, "The UN Security Council")),
        ("baseline", run(minister)),
        ("term mid-sentence: prefix up to the term ('…tolerate')",
         run(minister, 'The minister said: "We will not tolerate')),
        ("baseline", run(un)),
        ("term mid-sentence: prefix '…stressed that talks'", run(un, "The UN Secretary-General stressed that talks")),
        ("term at start, longer: prefix 'The United Nations Secretary-General'",
         run(un, "The United Nations Secretary-General")),
        *[(f"edited first pass as prefix, prefix_bias_beta={beta}",
           run(un, "The United Nations Secretary-General stressed that dialogue is the only path to peace.",
               prefix_bias_beta=beta)) for beta in (0.5, 0.9)],
        (f"suppress_sequences {pieces}", run(council, suppress_sequences=[pieces])),
        ("placeholder: مجلس الأمن → 'منظمة OPEC', then OPEC → term",
         run(council.replace("مجلس الأمن", "منظمة OPEC"))),
        ("placeholder: مجلس الأمن → 'XQZ'", run(council.replace("مجلس الأمن", "XQZ"))),
    ]
    for label, text in rows:
        print(f"{label:70} {text}")
    result = engine.translate_batch([sp_src.encode(normalize_for_model(council), out_type=str) + ["</s>"]],
                                    target_prefix=[sp_tgt.encode("The", out_type=str)], return_alternatives=True,
                                    num_hypotheses=4, beam_size=4)[0]
    print(f"{'return_alternatives after prefix The':70} {[sp_tgt.decode(h) for h in result.hypotheses]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
