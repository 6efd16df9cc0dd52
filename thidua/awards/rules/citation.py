"""Vietnamese citations of the rule book's article codes, for pages and documents.

The contract's `article` field keeps the rule book's compact form ("Luật Art 74.1.d", "NĐ 152/2025 Art 4.4",
"NĐ 98/2023 Art 30.7 (carried over, unconfirmed)"). Vietnamese pages and documents cite the law as Vietnamese
legal texts do: "điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng", "khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP".
`citation(article)` turns one into the other; it never leaves "Art" in its output. The English UI may keep the
compact form."""

from __future__ import annotations

import re

LAW = "Luật Thi đua, khen thưởng"

# Qualifiers of the rule book (English in the contract) and their Vietnamese wording; longest first.
_PHRASES = (
    (
        "TT 12/2019 practice, kept as province default",
        "thực tiễn áp dụng TT 12/2019, giữ làm mặc định của tỉnh",
    ),
    ("carried over, unconfirmed under", "tiếp tục áp dụng, chưa xác nhận theo"),
    ("carried over, unconfirmed", "tiếp tục áp dụng, chưa xác nhận"),
    ("best understanding, unconfirmed", "cách hiểu hiện có, chưa xác nhận"),
    ("article not in the research", "chưa xác định điều, khoản"),
    ("default parameter", "tham số mặc định"),
    ("provincial rule", "quy định của tỉnh"),
    ("tenure thresholds", "ngưỡng thời gian giữ chức vụ"),
    ("women leaders −1/3", "nữ lãnh đạo được giảm 1/3 thời gian"),
    ("replaces", "thay thế"),
    (" months", " tháng"),
)

_DOC = r"Luật(?: TĐKT 2022)?|NĐ \d+(?:/\d{4})?(?:/NĐ-CP)?|TT \d+/\d{4}(?:/TT-[A-Z]+)?|Bắc Ninh QĐ \d+/\d{4}"
_NUMBER = r"\d+(?:\.\d+)?(?:\.[a-zđ])?|\d+\.[a-zđ]"
_CITE = re.compile(rf"(?:(?P<doc>{_DOC})\s+)?Art\s+(?P<num>{_NUMBER})(?P<more>(?:,\s*(?:{_NUMBER}))*)")
# The catalogue's own form ("Luật TĐKT 2022 Điều 24.2", "Điều 72, 73", "Điều 33–58"): a document must precede it,
# so an already Vietnamese citation ("khoản 4 Điều 4 Nghị định …") is left as it is.
_ARTICLE_NO = r"\d+(?:\.\d+)?(?:\.[a-zđ])?(?:[–-]\d+)?"
_DIEU = re.compile(rf"(?P<doc>{_DOC})\s+Điều\s+(?P<nums>{_ARTICLE_NO}(?:,\s*{_ARTICLE_NO})*)")
_BARE_DOC = re.compile(r"\b(NĐ \d+/\d{4}(?:/NĐ-CP)?|TT \d+/\d{4}(?:/TT-[A-Z]+)?)(\s+pattern)?")
_RESEARCH_KEY = re.compile(r",\s*(?:[PSC]\d+|L26 §\d+)(?=\))")
_YEARS = {"98": "2023", "152": "2025", "129": "2025", "28": "2024", "73": "2024", "161": "2026"}
_CIRCULAR_ISSUERS = {"12/2019": "TT-BNV", "15/2025": "TT-BNV", "01/2024": "TT-BNV"}


def document_name(doc: str) -> str:
    """'Luật' → 'Luật Thi đua, khen thưởng'; 'NĐ 98' → 'Nghị định 98/2023/NĐ-CP'; 'TT 12/2019' → 'Thông tư …'."""
    doc = doc.strip()
    if doc.startswith("Luật"):
        return LAW
    if doc.startswith("NĐ "):
        number = doc[3:].removesuffix("/NĐ-CP")
        if "/" not in number:
            number = f"{number}/{_YEARS.get(number, '')}".rstrip("/")
        return f"Nghị định {number}/NĐ-CP"
    if doc.startswith("TT "):
        number = doc[3:]
        if number.count("/") == 1:
            issuer = _CIRCULAR_ISSUERS.get(number)
            number = f"{number}/{issuer}" if issuer else number
        return f"Thông tư {number}"
    if doc.startswith("Bắc Ninh QĐ "):
        return f"Quyết định {doc[len('Bắc Ninh QĐ '):]} của Ủy ban nhân dân tỉnh Bắc Ninh"
    return doc


def _point(number: str) -> str:
    """'74.1.d' → 'điểm d khoản 1 Điều 74'; '22.a' → 'điểm a Điều 22'; '30.9' → 'khoản 9 Điều 30'; '21' → 'Điều 21'."""
    parts = number.split(".")
    article = parts[0]
    clause = point = None
    for part in parts[1:]:
        if part.isdigit():
            clause = part
        else:
            point = part
    words = []
    if point:
        words.append(f"điểm {point}")
    if clause:
        words.append(f"khoản {clause}")
    words.append(f"Điều {article}")
    return " ".join(words)


def _cite_dieu(match: re.Match) -> str:
    numbers = [n.strip() for n in match["nums"].split(",")]
    doc = document_name(match["doc"])
    if all("." not in n for n in numbers):  # whole articles: "Điều 72, 73 Luật …", "Điều 33–58 Luật …"
        return f"Điều {', '.join(numbers)} {doc}"
    return ", ".join(f"{_point(n)} {doc}" for n in numbers)


def citation(article: str) -> str:
    """The Vietnamese citation of a rule book article code (see the module's docstring)."""
    text = (article or "").strip()
    if not text:
        return ""
    text = _RESEARCH_KEY.sub("", text)  # the research's source keys (", P6") mean nothing to a reader
    for english, vietnamese in _PHRASES:
        text = text.replace(english, vietnamese)
    out = []
    for part in text.split(";"):
        part = part.strip()
        last_doc = None

        def cite(match: re.Match) -> str:
            nonlocal last_doc
            doc = match["doc"] or last_doc or "Luật"
            last_doc = doc
            numbers = [match["num"]] + [n.strip() for n in match["more"].split(",") if n.strip()]
            return ", ".join(f"{_point(n)} {document_name(doc)}" for n in numbers)

        part = _CITE.sub(cite, part)
        part = _DIEU.sub(_cite_dieu, part)
        part = _BARE_DOC.sub(lambda m: ("theo mẫu " if m[2] else "") + document_name(m[1]), part)
        part = part.replace("thực tiễn áp dụng TT 12/2019", "thực tiễn áp dụng Thông tư 12/2019/TT-BNV")
        if part:
            out.append(part)
    return "; ".join(out)
