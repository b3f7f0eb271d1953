"""The scanner that accepts candidate markers as headings and run-ins, and parse_document."""

from __future__ import annotations

from assistant.structure.markers import (
    _BARE_BAD_FOLLOWERS,
    _MARKER_RE,
    _SPACES,
    LINE,
    NONE,
    SENTENCE,
    SPACE,
    TITLE,
    _boundary,
    _breaks_sentence,
    _Candidate,
    _candidate,
    _cut_glued_level2,
    _cut_inline_title,
    _line_start,
    _title,
    runin_blocked,
)
from assistant.structure.model import CN_DIGITS, Heading, ParsedDocument, RunIn
from assistant.structure.sections import (
    _assign_roles,
    _build_sections,
    _document_title,
    _problem_spans,
)


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.headings: list[Heading] = []
        self.runins: list[RunIn] = []
        self.last = {1: 0, 2: 0, 3: 0, 4: 0}
        self.style: dict[int, str] = {}
        self.title_ends: set[int] = set()
        self.heading_lines: set[int] = set()
        self.last_runin = 0
        self.runin_group: list[RunIn] = []
        self.accepted_until = -1  # skip candidates inside an accepted title

    def scan(self) -> None:
        for m in _MARKER_RE.finditer(self.text):
            if m.start() < self.accepted_until:
                continue
            cand = _candidate(m)
            if cand.kind == "runin":
                self._runin(cand)
            else:
                self._heading(cand)
        self._close_runins()

    # -- run-in lists
    def _runin(self, c: _Candidate) -> None:
        if runin_blocked(self.text, c.start):
            return
        if c.number == 1:
            self._close_runins()
            self.runin_group = [RunIn(1, c.marker, c.start, c.end)]
            self.last_runin = 1
        elif self.last_runin and c.number == self.last_runin + 1:
            self.runin_group.append(RunIn(c.number, c.marker, c.start, c.end))
            self.last_runin = c.number

    def _close_runins(self) -> None:
        # a lone "一是" with no "二是" is more likely a phrase than a list
        if len(self.runin_group) >= 2:
            self.runins.extend(self.runin_group)
        self.runin_group = []
        self.last_runin = 0

    # -- headings
    def _heading(self, c: _Candidate) -> None:
        text = self.text
        if c.number <= 0:
            return
        boundary = _boundary(text, c.start, self.title_ends)
        level = c.level
        expected = self.last[level] + 1
        prev_char = text[c.start - 1] if c.start > 0 else "\n"
        after = text[c.end : c.end + 2]

        if c.kind == "l1":
            if boundary == NONE or prev_char in CN_DIGITS + "第":
                return
            if c.style[-1] in "，," and boundary != LINE:
                return
            if len(after) == 2 and after[0] in CN_DIGITS and after[1] in "、，,":
                return  # "一、二、三产业": an enumeration
            ok = c.number == expected or (boundary == LINE and expected < c.number <= expected + 1)
            if not ok:
                return
        elif c.kind == "l2":
            if c.number == expected:
                pass
            elif boundary in (LINE, SENTENCE, TITLE) and (
                c.number == expected + 1 or (c.number == 1 and boundary == LINE)
            ):
                pass
            else:
                return
        elif c.kind == "bare":
            if boundary not in (LINE, SENTENCE, TITLE, SPACE) or c.number != expected:
                return
            if not after or after[0] in _BARE_BAD_FOLLOWERS:
                return
            follows_l1_title = (
                c.number == 1
                and self.headings
                and self.headings[-1].level == 1
                and boundary in (TITLE, LINE)
                and not text[self.headings[-1].end : c.start].strip(_SPACES + "\r\n")
            )
            if not (follows_l1_title or self.style.get(2) == "一"):
                return
        elif c.kind == "l3":
            if boundary == NONE:
                return
            if boundary == SPACE and not (
                "\u4e00" <= prev_char <= "\u9fff" or prev_char in _SPACES
            ):
                return
            if c.number not in (expected, 1):
                return
        elif c.kind == "l4":
            if boundary == NONE and c.number != expected:
                return
            if c.number not in (expected, 1):
                return

        title, title_end, stopped = _title(text, c.end)
        if boundary == LINE:
            if level in (1, 3) and _breaks_sentence(text, c.start, self.heading_lines):
                return
            if level == 1 and (not stopped or len(title) > 40):
                # a title glued to its body at a line start: "三、208年工作计划208年,我办将…"
                cut = _cut_inline_title(title, stopped)
                if cut:
                    title, stopped = cut, True
                    title_end = text.index(title, c.end) + len(title)
            if not stopped:
                title = title[:40]
                title_end = c.end + len(title)
        elif level == 1:
            # an inline level-1 title may run on into its body with no stop at all
            cut = _cut_inline_title(title, stopped)
            if not cut or len(cut) > 40:
                return
            title = cut
            title_end = text.index(title, c.end) + len(title)
        else:
            ends_sentence = not stopped or text[title_end : title_end + 1] in "。！？!?；;：:"
            if c.kind == "l2" and ends_sentence:
                # a bracketed title glued to its body: "（一）…，保持经济稳定增长坚持把投资…"
                # (a title that stops at a gap, a marker or a run-in "一是" is whole)
                cut = _cut_glued_level2(title)
                if cut:
                    title, stopped = cut, True
                    title_end = text.index(title, c.end) + len(title)
            # a bracketed level-2 marker that continues its numbering may carry a long title
            longest = 50 if c.kind == "l2" and c.number == expected else 40
            if not stopped or len(title) > longest or not title:
                return
            if c.kind == "bare" and len(title) > 25:
                return
        if not title:
            return

        if level == 2 and c.number == expected + 1 and self.last[2] >= 1:
            self._repair_lost_marker(c)
        self._accept(
            Heading(
                level=level,
                number=c.number,
                marker=c.marker,
                style=c.style,
                title=title,
                start=c.start,
                end=title_end,
                inline=boundary != LINE,
            )
        )

    def _accept(self, h: Heading) -> None:
        self.headings.append(h)
        self.last[h.level] = h.number
        for deeper in range(h.level + 1, 5):
            self.last[deeper] = 0
        self.style[h.level] = h.style
        self.title_ends.add(h.end)
        self.heading_lines.add(_line_start(self.text, h.start))
        self.accepted_until = h.end
        self._close_runins()

    def _repair_lost_marker(self, c: _Candidate) -> None:
        """A level-2 number was skipped: find the paragraph whose marker was lost."""
        text = self.text
        prev = next((h for h in reversed(self.headings) if h.level == 2), None)
        if prev is None:
            return
        sibling_has_comma = any(
            ("，" in h.title or "," in h.title) for h in self.headings if h.level == 2
        )
        pos = text.find("\n", prev.end, c.start)
        if pos < 0:
            self._repair_lost_inline_marker(prev, c)
            return
        while 0 <= pos < c.start:
            line_start = pos + 1
            while line_start < c.start and text[line_start] in _SPACES + "\r\n":
                line_start += 1
            stop = text.find("。", line_start, min(c.start, line_start + 26))
            if stop > line_start:
                sentence = text[line_start:stop]
                body_follows = stop + 1 < len(text) and text[stop + 1] not in "\r\n"
                shaped = ("，" in sentence or "," in sentence) or not sibling_has_comma
                if 6 <= len(sentence) <= 24 and body_follows and shaped:
                    if not _MARKER_RE.match(text, line_start) or text[line_start] not in (
                        CN_DIGITS + "（(㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩0123456789"
                    ):
                        self._add_unmarked(c, prev, sentence, line_start, stop, inline=False)
                        return
            pos = text.find("\n", pos + 1, c.start)

    def _repair_lost_inline_marker(self, prev: Heading, c: _Candidate) -> None:
        """The same, in text with no line breaks: a sentence shaped like its sibling titles.

        "…㈢坚持精细作业,县城环境进一步整洁。…。保持高压态势,违建防控进一步压实。年,…㈤…":
        the lost title has a sibling's length (±2), its comma at a sibling's position, and
        shares a three-character run with at least two siblings ("进一步").
        """
        text = self.text
        siblings = [
            h.title for h in self.headings if h.level == 2 and h.start >= self._part_start()
        ]
        if len(siblings) < 2:
            return
        comma_at = {t.find(",") if "," in t else t.find("，") for t in siblings}
        lengths = {len(t) for t in siblings}
        grams = [{t[i : i + 3] for i in range(len(t) - 2)} for t in siblings]
        start = text.find("。", prev.end, c.start)
        while 0 <= start < c.start:
            line_start = start + 1
            stop = text.find("。", line_start, c.start)
            if stop < 0:
                break
            sentence = text[line_start:stop]
            comma = sentence.find(",") if "," in sentence else sentence.find("，")
            shared = sum(
                1 for g in grams if any(sentence[i : i + 3] in g for i in range(len(sentence) - 2))
            )
            if (
                comma in comma_at
                and comma >= 0
                and any(abs(len(sentence) - n) <= 2 for n in lengths)
                and shared >= 2
            ):
                self._add_unmarked(c, prev, sentence, line_start, stop, inline=True)
                return
            start = stop

    def _add_unmarked(
        self, c, prev: Heading, sentence: str, start: int, stop: int, *, inline: bool
    ):
        """Record a level-2 heading whose marker was lost, numbered between its siblings."""
        self.headings.append(
            Heading(
                level=2,
                number=c.number - 1,
                marker="",
                style=prev.style,
                title=sentence,
                start=start,
                end=stop,
                inline=inline,
                missing_marker=True,
            )
        )
        self.title_ends.add(stop)

    def _part_start(self) -> int:
        return next((h.start for h in reversed(self.headings) if h.level == 1), 0)


def parse_document(text: str) -> ParsedDocument:
    """Parse a report's text into headings, parts with roles, run-in lists and problem spans."""
    scanner = _Scanner(text)
    scanner.scan()
    headings = sorted(scanner.headings, key=lambda h: h.start)
    runins = sorted(scanner.runins, key=lambda r: r.start)
    sections = _build_sections(text, headings, runins)
    _assign_roles(sections)
    spans = _problem_spans(text, sections, headings)
    preamble_end = headings[0].start if headings else len(text)
    return ParsedDocument(
        text=text,
        title=_document_title(text, preamble_end),
        headings=headings,
        sections=sections,
        runins=runins,
        problem_spans=spans,
        preamble_end=preamble_end,
    )
