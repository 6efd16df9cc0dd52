"""Where in the system an appendix task is carried out.

A plan's appendix says what to do ("Tập huấn nghiệp vụ…", "Kiểm tra công tác thi đua…", "Thành lập Đoàn đại
biểu…"); the task page links to the pages where that work is done. The link is read from the task's content
(folded, without diacritics) by the rules below, so it works for any province's plan imported from .docx, not
only the demo's. Labels and who may open each page come from the apps' navigation (`<app>/nav.py`), so a task
never links a user to a page their role cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from thidua.core.nav import allowed
from thidua.core.text import fold

# (words that must all appear in the folded content — "^" marks a word the content must start with —, pages,
# words that cancel the rule). Every matching rule contributes its pages, in this order.
RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("doan dai bieu",), ("outreach:congress_list",), ()),
    (("dai hoi",), ("outreach:congress_list",), ()),
    (("tap huan",), ("outreach:training_list",), ()),
    (("kiem tra",), ("oversight:plan_list",), ()),
    (("don thu",), ("oversight:petition_list",), ()),
    (("khieu nai",), ("oversight:petition_list",), ()),
    (("tuyen truyen", "bao cao"), ("outreach:report",), ()),
    (("tuyen truyen",), ("outreach:exemplar_list",), ("bao cao",)),
    (("dien hinh",), ("outreach:exemplar_list",), ("bao cao",)),
    (("dang ky thi dua",), ("movements:registration_list",), ()),
    (("phat dong",), ("movements:movement_list",), ()),
    (("hop hoi dong",), ("dossiers:council",), ()),
    (("hoat dong cua hoi dong",), ("dossiers:council",), ()),
    (("thuong truc hoi dong",), ("dossiers:council",), ()),
    (("truong, pho",), ("orgs:group_list",), ()),
    (("cum, khoi",), ("orgs:group_list", "movements:pact_list", "movements:rubric_list"), ()),
    (("cum thi dua",), ("orgs:group_list",), ()),
    (("cham diem",), ("movements:rubric_list",), ()),
    (("^khen thuong",), ("dossiers:list",), ()),
    (("de nghi tang",), ("dossiers:list",), ()),
    (("so ket",), ("reports:periodic", "reporting:request_list"), ("^khen thuong",)),
    (("tong ket",), ("reports:periodic", "reporting:request_list"), ("^khen thuong", "ke hoach so 90")),
    (("bao cao",), ("reports:periodic", "reporting:request_list"), ("ke hoach so 90",)),
    (("ke hoach cong tac thi dua",), ("plans:plan_list",), ()),
)


def _has(text: str, word: str) -> bool:
    return text.startswith(word[1:]) if word.startswith("^") else word in text


@dataclass(frozen=True)
class WorkArea:
    label: str
    url: str


def _nav():
    from thidua.core.context_processors import _all_items

    return {url_name: (label, roles) for _area, label, url_name, roles in _all_items()}


def pages_for(content: str) -> list[str]:
    """URL names of the pages where a task with this content is carried out (may be empty)."""
    text = fold(content or "")
    pages: list[str] = []
    for words, targets, unless in RULES:
        if not all(_has(text, w) for w in words) or any(_has(text, w) for w in unless):
            continue
        for target in targets:
            if target not in pages:
                pages.append(target)
    return pages


def work_areas(task, user) -> list[WorkArea]:
    """The pages of `pages_for(task.content)` this user may open, with the navigation's labels."""
    nav = _nav()
    out = []
    for url_name in pages_for(task.content):
        label, roles = nav.get(url_name, (None, None))
        if label is None or not allowed(user, roles):
            continue
        try:
            out.append(WorkArea(str(label), reverse(url_name)))
        except NoReverseMatch:
            continue
    return out
