"""Half-width punctuation in a paste is written full-width; a figure's own marks are not."""

from __future__ import annotations

import pytest

from assistant.punctuation import full_width


@pytest.mark.parametrize(
    ("pasted", "written"),
    [
        ("新登记经营主体4,215户,同比增长8.6%;", "新登记经营主体4,215户，同比增长8.6%；"),
        ('"个体工商户转企业"32户.', "“个体工商户转企业”32户。"),
        (
            "基层所人员老化,年龄结构不合理;检验检测能力不足.",
            "基层所人员老化，年龄结构不合理；检验检测能力不足。",
        ),
        ("10:30召开会议:研究部署", "10:30召开会议：研究部署"),
        ("是否完成?是!", "是否完成？是！"),
        ("增长1.5个百分点.", "增长1.5个百分点。"),
        # ASCII text keeps its own marks: a pasted tag is shown as written, never rewritten
        ('<img src=x onerror="window.__pwned=1">', '<img src=x onerror="window.__pwned=1">'),
        ("见http://x.cn:80/a", "见http://x.cn:80/a"),
        ("完成3.2万吨。", "完成3.2万吨。"),
    ],
)
def test_full_width(pasted, written):
    assert full_width(pasted) == written
