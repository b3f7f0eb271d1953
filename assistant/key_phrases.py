"""Key phrases of a group of facts: what its sub-heading is named by (assistant.headings_writer).

A key phrase is a run of noun-like jieba words copied verbatim from one fact, never across a
verb: a work item ("耕地保护", "高标准农田建设", "中心组学习") or an object of work ending in a
head noun ("离岛饮用水工程"). A verb closes a phrase only where other reports write the same
run too (assistant.topics term counts), so "为5名台胞提供" gives no "台胞提供", or where it is a
stock work word with no object after it ("经济责任审计"). Phrases are scored by their word
weights and by how many of the group's facts hold them; a noun written only before its figure
is what was counted, and ranks last. The rules' words are assistant/data/heading_patterns.yaml's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from assistant import topics
from assistant.data_files import read_yaml
from assistant.figures import counted_at

PATTERNS_PATH = Path(__file__).resolve().parent / "data" / "heading_patterns.yaml"
# a word the reports hardly use is a name (仙人井, 北港) more often than a topic
KNOWN_WORD_IDF = 7.5
TOPIC_WORD_IDF = 7.0
_COMMON = frozenset({"n", "vn", "l", "v"})
MAX_PHRASE_CHARS = 9
MAX_PHRASE_WORDS = 3
IDF_CAP = 6.5
TERM_FACTOR = 1.5  # a run other reports write too is a term of the trade
LENGTH_BONUS = 0.5  # per extra word: "高标准农田建设" says more than "农田建设"
KIND_FACTOR = {"work": 1.6, "thing": 1.0, "object": 1.0, "topic": 0.8}  # work done first
# a noun the facts write only before its figure ("注册资金6.88亿元", "责任书*余份") is what was
# counted, not the work: it heads a group only when nothing else does
COUNTED_FACTOR = 0.3
# one of three or more things a fact lists ("紧扣选人用人、工程建设、招投标…等重点领域"): an
# example of the work, not the work (a heading had read "持续推进工程建设" over 督促检查)
LISTED_FACTOR = 0.3
LIST_MIN_ITEMS = 3
_CLAUSE = re.compile(r"[^，,；;。：:！？（）()]+")
MAX_OBJECT_CHARS = 10
MAX_MODIFIERS = 3  # nouns between a verb and its object: "设置时令瓜果临时销售点"
MODIFIER_FLAGS = frozenset({"n", "b", "nz"})
QUOTES = ('“‘"', '”’"')
# jieba's dictionary counts: a word it barely knows ("建成区" 19) made mostly of a common one
# ("建成" 6215) whose last character makes a word with the next ("区级" 24) is a wrong cut
RARE_WORD_COUNT = 20
COMMON_PART_COUNT = 1000


@lru_cache(maxsize=2)
def load_patterns(path: Path = PATTERNS_PATH) -> dict:
    return read_yaml(path, "标题句式库")


@lru_cache(maxsize=1)
def _flags() -> tuple[frozenset[str], frozenset[str], int]:
    spec = load_patterns()
    return frozenset(spec["phrase_flags"]), frozenset(spec["verb_flags"]), spec["min_term_reports"]


@lru_cache(maxsize=1)
def _not_topic_heads() -> tuple[str, ...]:
    """Last words of no topic: measures ("粮食播种面积") and people ("行政村居民")."""
    spec = load_patterns()
    return (*spec["measure_heads"], *spec["not_topic_heads"])


def _flag(word: str) -> str:
    """jieba's flag, but "vn" for a "name" ending in a work word: jieba 0.42.1 tags 安全检查 nr
    (a person), so "开展特种设备安全检查460台次" gave no work item (a 市场监管局 paste, 2026-12);
    and "n" for the verbs the reports write as nouns (noun_verbs: 采购 of 政府采购项目)."""
    flag = topics.word_flag(word)
    if flag == "nr" and len(word) >= 4 and word[-2:] in load_patterns()["work_heads"]:
        return "vn"
    if flag == "v" and word in load_patterns()["noun_verbs"]:
        return "n"
    return flag


def _measures(word: str, text: str, end: int) -> bool:
    """Whether `word`, ending at text[end], is a measure running into its figure ("面积1810亩")."""
    return word.endswith(tuple(load_patterns()["measure_heads"])) and counted_at(text, end)


def is_term(phrase: str) -> bool:
    """Whether other reports write this run of words too: a term of the trade ("耕地保护",
    "就业创业"), not a one-off run ("方式盘活")."""
    return topics.idf().term(phrase) >= _flags()[2]


def _topical(word: str) -> bool:
    """A content word that names a topic: one the reports use, or a dictionary common noun
    (a rare name is tagged ns/nt/nz, or not known at all)."""
    if not topics.is_content(word):
        return False
    return topics.idf().word(word) <= KNOWN_WORD_IDF or topics.word_flag(word) in _COMMON


def _nounish(word: str, flag: str) -> bool:
    """A word a phrase may hold before its last: noun-like, a stock noun ("高标准") allowed."""
    if len(word) < 2 or flag not in _flags()[0]:
        return False
    return _topical(word) or word in topics.stock_words()


def kind_of(words: tuple[str, ...]) -> str:
    """ "work" for a work item ("耕地保护"), "thing" for an object of work ("饮用水工程"),
    "topic" for another noun term ("农村低保", "学术交流"), "" for none ("行政村居民", "中央")."""
    spec = load_patterns()
    last, phrase = words[-1], "".join(words)
    flag = _flag(last)
    known = len(words) > 1 and is_term(phrase)
    if not any(phrase.endswith(w) for w in spec["not_work"]):
        # a plain verb after a noun is a compound only where other reports write it too:
        # "耕地保护" is, "方式盘活" (of "以…方式盘活") is not
        if flag == "v" and not known:
            return ""
        if flag == "vn" and known or any(last.endswith(h) for h in spec["work_heads"]):
            return "work"
    if any(last.endswith(h) for h in spec["object_heads"]):
        return "thing"
    if flag == "l" and (
        topics.word_flag(last[-2:]) == "a"
        or last[:2] in spec["work_heads"]
        or any(last.endswith(w) and topics.word_flag(w) == "v" for w in spec["not_work"])
    ):
        # a verb idiom ("全面完成", "发展壮大", or a work word and its object: "落实政策")
        # names no topic; "年度预算" and "固定资产" do
        return ""
    if flag in ("vn", "v") or any(last.endswith(h) for h in _not_topic_heads()):
        return ""
    # a noun term other reports write too ("农村低保"), or one known long word ("停车场");
    # a lone two-character noun ("温度", "中央") is too vague, a one-off ("板凳刺客") too odd.
    # (Lone nouns still give clumsy headings, "扎实做好责任书工作"; without them such a group
    # joins its neighbour, and a heading over facts of another topic misleads, which is worse.)
    if len(words) > 1:
        return "topic" if known else ""
    return "topic" if len(last) >= 3 and topics.idf().word(last) <= TOPIC_WORD_IDF else ""


def _units_of(text: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Candidate phrases of one fact -> (their words, copied as written; whether a stock work
    verb closes them with no object after it). Up to three adjacent noun-like words, a verb only
    last: where other reports write the run too, or where it is a stock work word that takes no
    object, a work item named ("经济责任审计", "结算审计86个"), not done ("方式盘活存量资产")."""
    words = topics.cut(text)
    flags = [_flag(w) for w in words]
    ends = list(accumulate(len(w) for w in words))
    verbs = _flags()[1]
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + MAX_PHRASE_WORDS) + 1):
            run = words[i:j]
            if not topics.is_content(run[0]) or run[0] in load_patterns()["not_first"]:
                break  # a phrase opens on a content word, never on 全面/工作 or 新建/印发
            if not all(_nounish(w, f) for w, f in zip(run[:-1], flags[i : j - 1], strict=True)):
                break  # the run is broken: no longer phrase starts here
            last, flag = run[-1], flags[j - 1]
            phrase = "".join(run)
            # a stock work word closes a work item of the noun before it ("政务服务", "民生保障"),
            # unless a stock noun runs on from it ("卫生院服务" of "卫生院服务能力达标率")
            worked = len(run) >= 2 and last in load_patterns()["work_heads"]
            worked = worked and (j == len(words) or words[j] not in topics.stock_words())
            if len(phrase) > MAX_PHRASE_CHARS or not (_topical(last) or worked) or len(last) < 2:
                continue
            if j < len(words) and _cut_from_a_term(last, words[j]):
                continue
            # an object after the work word is what is worked on ("专项审计扶贫资金"); a measure
            # running into its figure is what the work came to ("土地处置面积1810亩")
            after = j < len(words) and topics.is_content(words[j])
            named = (
                flag in verbs and worked and not (after and not _measures(words[j], text, ends[j]))
            )
            if flag in verbs and not named:
                if len(run) < 2 or not is_term(phrase):
                    continue
            elif flag not in verbs and flag not in _flags()[0]:
                continue
            if len(run) == 1 and len(last) < 3:
                continue  # a lone two-character word ("生活", "娱乐", "中央") names no work
            if named or kind_of(run):
                out.setdefault(phrase, (run, named))
    return out


def _cut_from_a_term(last: str, after: str) -> bool:
    """Whether a phrase ending in `last` stops inside a work item the reports write, its work
    word `after` next: "城乡环境综合" of "城乡环境综合整治" (综合整治; a heading had read "全力
    推进城乡环境综合"). The phrase that runs on to the work word is a candidate of its own."""
    return after in load_patterns()["work_heads"] and is_term(last + after)


def _whole(word: str, texts: list[str]) -> tuple[str, ...]:
    """A lone noun with the noun it always runs into, where jieba cut a term in two
    ("新型农村" + "集体经济"); the noun alone where a fact writes it on its own."""
    heads, verbs = _not_topic_heads(), load_patterns()["object_verbs"]
    nexts = set()
    for text in texts:
        cut = topics.cut(text)
        for i in (k for k, w in enumerate(cut) if w == word):
            after = cut[i + 1] if i + 1 < len(cut) else ""
            if not topics.is_content(after) or topics.word_flag(after) not in ("n", "nz"):
                return (word,)
            if after in verbs or any(after.endswith(h) for h in heads):
                return (word,)
            nexts.add(after)
    if len(nexts) != 1 or len(word + min(nexts)) > MAX_PHRASE_CHARS:
        return (word,)
    return (word, nexts.pop())


def _verb_before(cut: tuple[str, ...], i: int, verbs: frozenset, skips: frozenset) -> str:
    """The verb before the noun at cut[i], past a quantifier ("查处各类"), a quoted name
    ("补签“门前三包”责任书") or up to MAX_MODIFIERS nouns of its own ("设置时令瓜果临时销售点");
    "" for none."""
    h = i
    while h > 0 and cut[h - 1] in skips:
        h -= 1
    if h > 1 and cut[h - 1] in QUOTES[1]:
        opening = max((q for q in range(h - 1) if cut[q] in QUOTES[0]), default=-1)
        h = opening if opening > 0 else h
    for _ in range(MAX_MODIFIERS + 1):
        if h == 0:
            return ""
        if cut[h - 1] in verbs:
            return cut[h - 1]
        if not topics.is_content(cut[h - 1]) or topics.word_flag(cut[h - 1]) not in MODIFIER_FLAGS:
            return ""
        h -= 1
    return ""


def _with_verb(words: tuple[str, ...], texts: list[str]) -> tuple[str, ...] | None:
    """A noun's words with the verb a fact applies to it, noun first ("公司债券", "发行"; "对集贸
    市场摊区进行改造" gives "集贸市场", "改造"); None when no fact has one.
    A verb after the noun counts only behind 对 or a skipped word: "组织者签订" is no object."""
    spec = load_patterns()
    verbs, skips = frozenset(spec["object_verbs"]), frozenset(spec["verb_skips"])
    n = len(words)
    for text in texts:
        cut = topics.cut(text)
        for i in (k for k in range(len(cut) - n + 1) if cut[k : k + n] == words):
            verb = _verb_before(cut, i, verbs, skips)
            if verb:
                return (*words, verb)
            j = i + n
            if j < len(cut) and cut[j] not in verbs and topics.is_content(cut[j]):
                j += 1  # one word of the noun's own ("集贸市场摊区") stays out of the heading
            k = j
            while k < len(cut) and cut[k] in skips:
                k += 1
            behind = i > 0 and cut[i - 1] in spec["object_markers"]
            if k < len(cut) and cut[k] in verbs and (behind or k > j):
                return (*words, cut[k])
    return None


@dataclass
class KeyPhrase:
    text: str
    words: tuple[str, ...]
    score: float
    # "work" ("耕地保护"), "thing" ("离岛饮用水工程"), "topic" ("农村低保") or "object" (a
    # topic with the verb its fact applies to it: "公司债券发行")
    kind: str = "work"
    written: str = ""  # an object's noun as its fact writes it ("公司债券"): the theme's name

    @property
    def task(self) -> bool:
        return self.kind == "work"


def key_phrases(texts: list[str]) -> list[KeyPhrase]:
    """The group's key phrases, best first: shared by many of its facts, topical words.

    Word weights are capped: the rarest words (names of one project) are specific, not topical.
    """
    table = topics.idf()
    found: dict[str, tuple[str, ...]] = {}
    named: set[str] = set()  # work items a stock work verb closes ("经济责任审计")
    for text in texts:
        for phrase, (words, work) in _units_of(text).items():
            found.setdefault(phrase, words)
            if work:
                named.add(phrase)
    scored = []
    counted = _counted_places(list(found), texts)
    for phrase, words in found.items():
        if len(words) == 1 and _miscut(words[0], texts):
            continue
        holders = sum(1 for t in texts if phrase in t)
        kind, written = ("work" if phrase in named else kind_of(words)), phrase
        if kind == "topic" and len(words) == 1 and topics.word_flag(words[0]) in ("n", "nz"):
            # "新型农村" of "新型农村集体经济": the whole term
            words = _whole(words[0], texts)
            written = "".join(words)
        if kind == "topic":  # "公司债券" -> "公司债券发行" where a fact says 发行公司债券
            done = _with_verb(words, texts)
            if done and len("".join(done)) <= MAX_OBJECT_CHARS:
                kind, words = "object", done
        content = [w for w in found[phrase] if topics.is_content(w)]
        mean = sum(min(table.word(w), IDF_CAP) for w in content) / max(1, len(content))
        factor = 1 + LENGTH_BONUS * (len(content) - 1)  # of the noun alone, its verb aside
        factor *= TERM_FACTOR if is_term(phrase) else 1.0
        factor *= KIND_FACTOR[kind]
        # a work word before its figure is the work ("开展职业技能培训4200人次"), not a measure
        activity = _flag(found[phrase][-1]) in ("v", "vn")
        factor *= COUNTED_FACTOR if not activity and _only_counted(written, texts, counted) else 1.0
        factor *= LISTED_FACTOR if only_listed(phrase, texts) else 1.0
        score = mean**2 * factor * holders
        scored.append(KeyPhrase("".join(words), words, score, kind, written))
    # of phrases as strong, the one the writer says first ("高新技术企业" before "中小企业")
    scored.sort(key=lambda k: (-k.score, first_said(k.written or k.text, texts), k.text))
    return scored


def _places(phrase: str, texts: list[str]) -> list[tuple[int, int, int]]:
    """(fact, start, end) of every place the facts write `phrase`."""
    return [
        (i, m.start(), m.end())
        for i, t in enumerate(texts)
        for m in re.finditer(re.escape(phrase), t)
    ]


def _counted_places(phrases: list[str], texts: list[str]) -> list[tuple[int, int, int]]:
    """The places where a candidate phrase runs right into its figure: a measure
    ("开园以来累计销售额约50亿元", "党建品牌示范点4个"), not a work item ("已完成*处公共停车场
    建设")."""
    return [
        place
        for phrase in phrases
        for place in _places(phrase, texts)
        if counted_at(texts[place[0]], place[2])
    ]


def _only_counted(phrase: str, texts: list[str], counted: list[tuple[int, int, int]]) -> bool:
    """Whether every place of `phrase` is inside a measure (党建品牌 of 党建品牌示范点4个)."""
    places = _places(phrase, texts)
    return bool(places) and all(
        any(i == c and s >= cs and e <= ce for c, cs, ce in counted) for i, s, e in places
    )


def only_listed(phrase: str, texts: list[str]) -> bool:
    """Whether every place of `phrase` is one item of a "、" list of LIST_MIN_ITEMS or more
    in its clause."""
    places = _places(phrase, texts)
    return bool(places) and all(_in_list(texts[i], s, e) for i, s, e in places)


def _in_list(text: str, start: int, end: int) -> bool:
    for m in _CLAUSE.finditer(text):
        if m.start() <= start and end <= m.end():
            clause = m.group()
            inside = text[start:end]
            return clause.count("、") >= LIST_MIN_ITEMS - 1 and "、" not in inside
    return False


def _miscut(word: str, texts: list[str]) -> bool:
    """A word jieba cut across the text's own words: one its dictionary barely knows, the rest
    of which is a common word, and whose edge character makes a word with the text's next one
    ("建成区" of "建成区级政务云平台": 建成 + 区级); "景观灯" of "新装道路景观灯320余盏" is a word."""
    count = topics.dictionary_count
    if len(word) < 3 or count(word) >= RARE_WORD_COUNT:
        return False
    for text in texts:
        at = text.find(word)
        while at >= 0:
            after = text[at + len(word) : at + len(word) + 1]
            before = text[at - 1 : at] if at else ""
            # 建成 + 区级: the rest is common and the edge character runs on into the text
            ends = [(word[:-1], word[-1] + after)] if after else []
            ends += [(word[1:], before + word[0])] if before else []
            if any(count(r) >= COMMON_PART_COUNT and count(o) >= RARE_WORD_COUNT for r, o in ends):
                return True
            at = text.find(word, at + 1)
    return False


def first_said(phrase: str, texts: list[str]) -> tuple[int, int]:
    """(fact, offset) where the facts first say a phrase; after every fact when none does."""
    return next(((i, t.index(phrase)) for i, t in enumerate(texts) if phrase in t), (len(texts), 0))
