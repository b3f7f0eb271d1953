"""The chain's per-part streaming hook: DraftEvents and on_part, guarded as each part finishes."""

from __future__ import annotations

from assistant.drafting.backends import Backend, register
from assistant.drafting.chain import draft
from assistant.drafting.model import DraftRequest

PASTE = """成绩：
- 查处非法营运黑车300余辆
- 清除牛皮癣900余处，拆除户外广告200处
- 组织拆除违法建设1062.1万余平方米
问题：
- 执法力量不足
计划：
- 新建公厕3座
"""


class Recorder:
    """Keeps every event with the part's text as it stood when the event came."""

    def __init__(self):
        self.events = []
        self.snapshots = {}

    def __call__(self, event):
        self.events.append(event)
        if event.kind == "part_done":
            self.snapshots[event.index] = event.section.text

    def kinds(self, kind):
        return [e for e in self.events if e.kind == kind]


def _request(backend="offline"):
    return DraftRequest(PASTE, period="2023年", next_period="2024年", backend=backend)


def test_offline_draft_streams_part_by_part(settings):
    rec, parts, tokens = Recorder(), [], []
    result = draft(
        _request(),
        settings,
        on_token=tokens.append,
        on_part=lambda s, f: parts.append((s, f)),
        on_event=rec,
    )
    assert rec.events[0].kind == "start" and rec.events[0].text == result.title
    assert rec.events[-1].kind == "done" and rec.events[-1].draft is result
    done = rec.kinds("part_done")
    assert [e.index for e in done] == list(range(len(result.sections)))
    assert [e.section for e in done] == result.sections == [s for s, _ in parts]
    assert [e.heading for e in rec.kinds("part_start")] == [s.heading for s in result.sections]
    # every part: its start, then its tokens, then its end, before the next part starts
    order = [(e.kind, e.index) for e in rec.events if e.kind in ("part_start", "part_done")]
    assert order == [
        (k, i) for i in range(len(result.sections)) for k in ("part_start", "part_done")
    ]
    for event in done:
        body = "".join(e.text for e in rec.kinds("token") if e.index == event.index)
        assert body.strip(), f"part {event.index} streamed nothing"
        assert all(p.text in body for p in event.section.paragraphs if p.kind == "body")
    # the plain stream still carries the whole draft, headings included
    assert all(s.heading in "".join(tokens) for s in result.sections)
    assert result.fallbacks == [] and rec.kinds("part_restart") == []


@register
class ForgetfulBackend(Backend):
    """Answers each part with fixed text from a script; the achievements part misses facts."""

    name = "forgetful-test"
    can_repair = False
    script: dict[str, str] = {}

    def generate(self, task, on_token=None):
        text = self.script.get(task.prompt, "")
        for piece in text:
            if on_token:
                on_token(piece)
        return text


def test_fixups_are_applied_when_a_part_finishes(settings):
    ForgetfulBackend.script = {
        "opening": "2023年，我局围绕中心工作开展各项工作。现将2023年工作总结及2024年工作计划报告如下：",
        # F02 and F03 are missing, and a figure is invented
        "section_achievements": "（一）市容\n一是查处非法营运黑车300余辆，出动77人次。",
        "section_problems": "一是执法力量不足。",
        "section_plans": "一是新建公厕3座。",
    }
    rec = Recorder()
    result = draft(_request("forgetful-test"), settings, on_event=rec)
    achievements = next(e for e in rec.kinds("part_done") if e.heading.startswith("一、"))
    # at the moment the part was reported, the guard had already fixed it
    snapshot = rec.snapshots[achievements.index]
    assert "清除牛皮癣900余处" in snapshot and "1062.1万余平方米" in snapshot
    assert "77人次" not in snapshot and "〔待核〕" in snapshot
    kinds = {f.kind for f in achievements.fixups}
    assert {"inserted_fact", "unsourced_figure"} <= kinds
    # the later parts were not touched by that part's fix-ups, and the final draft agrees
    assert all(e.fixups == [] for e in rec.kinds("part_done") if e.heading.startswith("三、"))
    assert result.sections[achievements.index].text == snapshot
    assert any("遗漏了事实" in f for f in result.findings)
    assert result.unused_facts == []
