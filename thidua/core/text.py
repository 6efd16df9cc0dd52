"""Vietnamese text: diacritic-insensitive search keys and Vietnamese alphabetical sort keys.

The same pure-Python functions fill indexed columns (`search_text`, `sort_key`) so search and ordering behave
identically on SQLite and PostgreSQL, whatever the database's collation.
"""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Look-alikes of Đ/đ that keyboards and old fonts produce: Icelandic eth (Ð U+00D0, ð U+00F0) and African D
# (Ɖ U+0189, ɖ U+0256). Typed into a name they would file it under another letter and hide it from "duc".
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ"})


def normalize_letters(text: str) -> str:
    """NFC with the look-alikes of Đ/đ replaced by the Vietnamese letters."""
    return unicodedata.normalize("NFC", text.translate(_LOOKALIKES))

# Characters that hide or reorder text: zero-width characters and the soft hyphen (two names that look the same
# would differ), bidirectional overrides and isolates (a name displayed backwards, "Trojan Source"), and control
# characters (they break exports and other readers). Names and every text field are stored without them.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_LINE = "".join(chr(c) for c in range(0x20)) + "\x7f" + "".join(chr(c) for c in range(0x80, 0xa0))
_DROP = str.maketrans("", "", _INVISIBLE + _BIDI + "".join(c for c in _CONTROL_LINE if c not in "\t\n\r"))
_LINE_BREAKS = str.maketrans("\t\n\r", "   ")


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """NFC, without invisible, bidi-override and control characters; line breaks and tabs kept only in multi-line
    text (elsewhere they become spaces). Used by models (on save), imports and forms alike."""
    if not value:
        return value or ""
    value = unicodedata.normalize("NFC", value).translate(_DROP)
    return value if multiline else value.translate(_LINE_BREAKS)


def has_hidden_characters(value: str | None) -> bool:
    return bool(value) and clean_text(value, multiline=True) != unicodedata.normalize("NFC", value)


def clean_text_fields(sender, instance, raw=False, **kwargs):
    """pre_save for every thidua model: text columns are stored through `clean_text` (API, forms, services)."""
    if raw or not sender.__module__.startswith("thidua."):
        return
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and value:
                cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)


def fold(text: str | None) -> str:
    """Lower-case, strip tones and vowel marks, đ→d, collapse spaces: 'Nguyễn Văn Đức' → 'nguyen van duc'."""
    if not text:
        return ""
    text = normalize_letters(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def search_terms(query: str | None) -> list[str]:
    """Words of a search box, folded; empty words dropped."""
    return [w for w in fold(query).split(" ") if w]


# Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y); f j w z for foreign names
# take their Latin places. Each letter gets a two-digit rank so keys compare correctly under any collation.
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
             "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_RANK = {letter: f"{i + 10:02d}" for i, letter in enumerate(_ALPHABET)}
_DIGIT_RANK = {str(d): f"0{d}" for d in range(10)}  # digits before letters; "00" is the word separator
# Tones, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}


@lru_cache(maxsize=65536)  # names and unit names repeat their words: each word is ranked once
def _letters(word: str) -> tuple[str, str]:
    """(primary ranks, tone digits) of one word."""
    primary, tones = [], []
    for ch in normalize_letters(word).lower():
        if ch == "đ":
            primary.append(_RANK["đ"])
            tones.append("0")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = "0"
        letter = base
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif m == "\u0306" and base == "a":
                letter = "ă"
            elif m == "\u0302" and base in "aeo":
                letter = {"a": "â", "e": "ê", "o": "ô"}[base]
            elif m == "\u031b" and base in "ou":
                letter = {"o": "ơ", "u": "ư"}[base]
        if letter in _RANK:
            primary.append(_RANK[letter])
            tones.append(tone)
        elif letter in _DIGIT_RANK:
            primary.append(_DIGIT_RANK[letter])
            tones.append("0")
    return "".join(primary), "".join(tones)


def sort_key(text: str | None) -> str:
    """Key that orders text in Vietnamese alphabetical order, word by word; within a word, tones break ties.

    Each word becomes its letter ranks, "0", its tone digits; words are joined by "0". Letter ranks start at "1",
    so a shorter word sorts before a longer one sharing its start ('an' < 'anh') and 'anh' < 'ánh' < 'ăn'.
    """
    words = [w for w in _SPACES.split((text or "").strip()) if w]
    parts = []
    for w in words:
        p, t = _letters(w)
        parts.append(p + "0" + t)
    return "0".join(parts)


def person_sort_key(full_name: str | None) -> str:
    """Vietnamese name order: given name (last word) first, then middle names, then family name.

    'Nguyễn Văn An' sorts as 'An Văn Nguyễn', which is how official lists (danh sách kèm theo quyết định) are ordered.
    """
    words = [w for w in _SPACES.split((full_name or "").strip()) if w]
    if len(words) > 1:
        words = [words[-1], *words[1:-1], words[0]]
    return sort_key(" ".join(words))


class SearchMixin:
    """For the QuerySet of a model with a folded `search_text` column: `.search(query)` keeps the rows holding every
    word of the query, diacritics ignored."""

    def search(self, query: str):
        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs


class SearchTextMixin:
    """For a model with a `search_text` column (put it before models.Model): save() stores `search_source()` folded
    and cut to the column's length."""

    def search_source(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_text = fold(self.search_source())[: self._meta.get_field("search_text").max_length]
        super().save(*args, **kwargs)
