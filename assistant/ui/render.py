"""HTML and Markdown for the browser app. Every piece of writer or document text is escaped here."""

from __future__ import annotations

import html
import re
from typing import Any

from assistant.drafting.editor import heading_numbers
from assistant.roles import ROLE_LABELS

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+\-.!|~>])")
_MARKS = re.compile(r"(〔待核〕|〔待补[^〕]*〕)")
SNIPPET_CHARS = 160
FIRST_FACT_CHARS = 26  # of the first fact shown in a history entry


def esc(text: Any) -> str:
    """Escape for HTML (text nodes and attribute values)."""
    return html.escape("" if text is None else str(text), quote=True)


def md_text(text: str) -> str:
    """Writer text as literal Markdown: HTML escaped, Markdown syntax backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", esc(text))


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role or "")


def _marked(text: str) -> str:
    """Escaped text with 〔待核〕/〔待补…〕 shown as badges the writer cannot miss."""
    parts = _MARKS.split(text)
    return "".join(
        f'<mark class="gw-flag">{esc(p)}</mark>' if _MARKS.fullmatch(p) else esc(p) for p in parts
    )


# ------------------------------------------------------------------ draft


def draft_html(draft: Any, selected: str | None = None) -> str:
    """The draft as a page of 公文 text; paragraphs carry their ids (P03) for the sources panel."""
    if draft is None:
        return (
            '<div class="gw-paper gw-empty">在左侧对话框粘贴工作要点（带数字的事实），'
            "点“发送”（或按 Ctrl+Enter）即可起草；也可以点“先生成提纲”，改好提纲再起草。</div>"
        )
    out = ['<div class="gw-paper">']
    if draft.fixups:
        out.append(
            f'<div class="gw-fixnote">数字核对自动修正 {len(draft.fixups)} 处，'
            "详见“核对与结构检查”。</div>"
        )
    out += _draft_body(draft, selected)
    out.append("</div>")
    return "\n".join(out)


def _draft_body(draft: Any, selected: str | None = None, fixups: Any = None) -> list[str]:
    """Title, part headings and paragraphs; `fixups` (per section) adds a note under a part."""
    levels = heading_numbers(draft)
    out = []
    if draft.title:
        out.append(f'<h1 class="gw-title">{esc(draft.title)}</h1>')
    for index, section in enumerate(draft.sections):
        if section.heading:
            out.append(f'<h2 class="gw-h1">{esc(section.heading)}</h2>')
        for para in section.paragraphs:
            pid = esc(para.id)
            cls = " gw-selected" if para.id == selected else ""
            if para.kind == "heading":
                level = levels.get(para.id, (2, 0))[0]
                tag, klass = {1: ("h2", "gw-h1"), 2: ("h3", "gw-h2")}.get(level, ("h4", "gw-h3"))
                out.append(f'<{tag} class="{klass}{cls}" data-pid="{pid}">{esc(para.text)}</{tag}>')
            else:
                n_src = len(para.fact_ids) + len(para.chunk_ids)
                badge = f'<span class="gw-pid" title="来源 {n_src} 条">{pid}</span>'
                out.append(
                    f'<p class="gw-body{cls}" data-pid="{pid}">{_marked(para.text)}{badge}</p>'
                )
        if fixups and fixups[index]:
            notes = "；".join(esc(f.message) for f in fixups[index])
            out.append(f'<div class="gw-fixnote">本部分写完后自动修正：{notes}</div>')
    return out


def preview_html(
    title: str,
    parts: list[tuple[Any, list[Any]]],
    tail: str,
    total: int,
    notes: list[str] | None = None,
) -> str:
    """The draft pane while it streams: finished parts as on the page, the part being written as
    plain text. `total` is the number of sections expected (opening, parts, closing); `notes`
    say why the part being written started again (the model was stopped)."""
    from assistant.drafting.model import Draft

    partial = Draft(title, [section for section, _ in parts], [])
    done = len(parts)
    out = [
        '<div class="gw-paper gw-live">',
        f'<div class="gw-progress">正在起草：已写完 {done}/{total} 部分……</div>',
    ]
    out += _draft_body(partial, fixups=[fixes for _, fixes in parts])
    out += [f'<div class="gw-fixnote">{esc(note)}</div>' for note in notes or []]
    lines = [line for line in tail.splitlines() if line.strip()]
    if not parts and lines and lines[0].strip() == title.strip():
        lines = lines[1:]  # the title is already shown
    for i, line in enumerate(lines):
        cursor = '<span class="gw-cursor">▍</span>' if i == len(lines) - 1 else ""
        out.append(f'<p class="gw-body gw-streaming">{esc(line)}{cursor}</p>')
    out.append("</div>")
    return "\n".join(out)


def paragraph_choices(draft: Any) -> list[tuple[str, str]]:
    """(label, paragraph id) for each body paragraph, for the sources selector."""
    if draft is None:
        return []
    choices = []
    for section in draft.sections:
        for para in section.paragraphs:
            if para.kind == "heading":
                continue
            text = para.text.replace("\n", " ")
            choices.append((f"{para.id} · {text[:28]}{'…' if len(text) > 28 else ''}", para.id))
    return choices


def first_sourced_paragraph(draft: Any) -> str | None:
    """The paragraph the sources panel opens on: the first that used a fact or an example."""
    if draft is None:
        return None
    body = [p for s in draft.sections for p in s.paragraphs if p.kind != "heading"]
    candidates = [p for p in body if p.fact_ids or p.chunk_ids] or body
    return candidates[0].id if candidates else None


def section_label(section: Any, index: int) -> str:
    """How the page names a part: its heading; a plan's own body (no part heading), or the
    opening or closing paragraph, by what it is."""
    if section.heading:
        return section.heading
    if section.plan_body:
        return "计划正文"
    return "开头段" if index == 0 else "结尾段"


def section_choices(draft: Any) -> list[tuple[str, str]]:
    """(label, target) for the per-section actions: each part, and each sub-heading in it."""
    if draft is None:
        return []
    choices = []
    for index, section in enumerate(draft.sections):
        if not any(p.kind == "body" for p in section.paragraphs):
            continue
        choices.append((section_label(section, index), f"part:{index}"))
        for para in section.paragraphs:
            if para.kind == "heading":
                choices.append((f"　{para.text}", f"sub:{para.id}"))
    return choices


# ------------------------------------------------------------------ sources and checks


def sources_html(draft: Any, paragraph_id: str | None) -> str:
    """Facts a paragraph used and the example paragraphs retrieved for it."""
    if draft is None:
        return '<div class="gw-note">起草后，在这里查看每段的来源。</div>'
    found = draft.paragraph(paragraph_id) if paragraph_id else None
    if not found:
        return '<div class="gw-note">请选择一个段落查看来源。</div>'
    section, para = found
    facts = {f.id: f for f in draft.facts}
    exemplars = {e.get("chunk_id"): e for e in draft.exemplars}
    label = section_label(section, next(i for i, s in enumerate(draft.sections) if s is section))
    out = [f'<div class="gw-sources"><div class="gw-src-head">{esc(para.id)} · {esc(label)}</div>']
    out.append(f"<h4>用到的事实（{len(para.fact_ids)}）</h4>")
    if para.fact_ids:
        out.append("<ul>")
        for fid in para.fact_ids:
            fact = facts.get(fid)
            if fact is None:
                continue
            figs = "、".join(f.text for f in fact.figures)
            out.append(
                f"<li><b>{esc(fact.id)}</b> {esc(fact.text)}"
                f'<div class="gw-meta">{esc(role_label(fact.role))}'
                f"{' · 数字：' + esc(figs) if figs else ''}</div></li>"
            )
        out.append("</ul>")
    else:
        out.append('<div class="gw-note">本段是过渡或套话，没有用到事实。</div>')
    out.append(f"<h4>参考范文段落（{len(para.chunk_ids)}）</h4>")
    if para.chunk_ids:
        out.append("<ul>")
        for cid in para.chunk_ids:
            ex = exemplars.get(cid)
            if not ex:
                continue
            snippet = str(ex.get("text", ""))[:SNIPPET_CHARS]
            out.append(
                f'<li><div class="gw-doc">{esc(ex.get("title"))}</div>'
                f'<div class="gw-meta">{esc(ex.get("heading_path"))}</div>'
                f'<div class="gw-snippet">{esc(snippet)}…</div>'
                + "".join(  # framing sentences the offline engine took from this exemplar
                    f'<div class="gw-meta">本稿借用：{esc(b.get("sentence"))}</div>'
                    for b in ex.get("borrowed", [])
                )
                + "</li>"
            )
        out.append("</ul>")
    else:
        out.append('<div class="gw-note">没有检索到参考段落（知识库为空或未匹配）。</div>')
    out.append("</div>")
    return "\n".join(out)


def checks_html(draft: Any, lint: Any = None) -> str:
    """Guard findings and fix-ups, input warnings, unused facts and the structure lint."""
    if draft is None:
        return '<div class="gw-note">起草后，在这里查看数字核对和结构检查。</div>'
    facts = {f.id: f for f in draft.facts}
    out = ['<div class="gw-checks">']
    out.append(f"<h4>数字核对（{len(draft.findings)} 项发现，{len(draft.fixups)} 处自动修正）</h4>")
    if not draft.findings and not draft.fixups:
        out.append('<div class="gw-ok">✓ 稿中每个数字都来自您提供的事实。</div>')
    if draft.findings:
        out.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in draft.findings) + "</ul>")
    if draft.fixups:
        out.append('<ul class="gw-fixups">')
        for fix in draft.fixups:
            change = ""
            if fix.before or fix.after:
                change = f'<div class="gw-meta">{esc(fix.before)} → {esc(fix.after)}</div>'
            out.append(f"<li>{esc(fix.message)}{change}</li>")
        out.append("</ul>")
    if draft.warnings:
        out.append(
            "<h4>输入提示</h4><ul>"
            + "".join(f"<li>{esc(w)}</li>" for w in draft.warnings)
            + "</ul>"
        )
    out.append(f"<h4>未用上的事实（{len(draft.unused_facts)}）</h4>")
    if draft.unused_facts:
        out.append("<ul>")
        for fid in draft.unused_facts:
            fact = facts.get(fid)
            out.append(f"<li><b>{esc(fid)}</b> {esc(fact.text if fact else '')}</li>")
        out.append("</ul>")
    else:
        out.append('<div class="gw-ok">✓ 所有事实都已写入稿件。</div>')
    if lint is not None:
        out.append(lint_html(lint))
    out.append("</div>")
    return "\n".join(out)


def lint_html(lint: Any) -> str:
    rows = []
    for rule in lint.rules:
        if not rule.applicable:
            status = '<span class="gw-na">不适用</span>'
        elif rule.passed:
            status = '<span class="gw-pass">通过</span>'
        else:
            status = f'<span class="gw-fail">{len(rule.findings)} 处</span>'
        detail = "".join(
            f'<div class="gw-meta">第{f.line}行：{esc(f.message)}</div>' for f in rule.findings[:5]
        )
        rows.append(
            f"<tr><td>{esc(rule.description)}{detail}</td><td>{esc(_basis(rule.basis))}</td><td>{status}</td></tr>"
        )
    return (
        f"<h4>结构检查（符合率 {lint.compliance:.0%}）</h4>"
        '<table class="gw-table"><tr><th>规则</th><th>依据</th><th>结果</th></tr>'
        + "".join(rows)
        + "</table>"
    )


def _basis(basis: str) -> str:
    return "国标" if basis.startswith("GB") else "惯例"


# ------------------------------------------------------------------ knowledge base


def document_rows(docs: list[Any]) -> list[list[Any]]:
    rows = []
    for d in docs:
        roles = "、".join(f"{role_label(r)}{n}" for r, n in sorted(d.roles.items()) if n)
        rows.append([d.title, d.unit or "", d.period or "", d.chunks, roles, d.doc_id])
    return rows


def hits_html(hits: list[Any], terms: list[str] | None = None) -> str:
    """Search results by rank, with the query words each hit contains highlighted.

    The fused score is relative to the other hits (the best is always near 1), so the page
    shows the rank and the matching words instead of a number that looks absolute.
    """
    if not hits:
        return '<div class="gw-note">没有找到相关段落。</div>'
    terms = terms or []
    out = [
        '<div class="gw-note">按相关程度排序：第 1 名最相关；“命中词”是检索词中出现在该段的词，'
        "没有命中词的结果只是语义相近。</div>",
        '<ol class="gw-hits">',
    ]
    for rank, h in enumerate(hits, start=1):
        text = h.text[: SNIPPET_CHARS * 2]
        found = [t for t in terms if t.lower() in h.text.lower()]
        matched = "、".join(esc(t) for t in found) if found else "无（语义相近）"
        out.append(
            f'<li><div class="gw-doc">{esc(h.title)} <span class="gw-meta">'
            f"第 {rank} 名 · {esc(role_label(h.role))} · 命中词：{matched}</span></div>"
            f'<div class="gw-meta">{esc(h.heading_path)}</div>'
            f'<div class="gw-snippet">{highlight(text, found)}</div></li>'
        )
    out.append("</ol>")
    return "\n".join(out)


def highlight(text: str, terms: list[str]) -> str:
    """Escaped text with every occurrence of `terms` (longest first) wrapped in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return esc(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(esc(text[last : m.start()]))
        out.append(f'<mark class="gw-hit">{esc(m.group(0))}</mark>')
        last = m.end()
    out.append(esc(text[last:]))
    return "".join(out)


def message_html(text: str, kind: str = "info") -> str:
    """A status line (info | ok | error), escaped; newlines kept."""
    if not text:
        return ""
    body = "<br>".join(esc(line) for line in text.splitlines())
    return f'<div class="gw-msg gw-msg-{kind}">{body}</div>'


def history_label(conv: Any) -> str:
    """A history entry: title; unit · period · time to the second; the first fact, on one line
    each, so two drafts with the same title can be told apart."""
    import time

    meta = conv.meta or {}
    when = time.strftime("%m-%d %H:%M:%S", time.localtime(conv.updated))
    facts = " · ".join(v for v in (meta.get("unit"), meta.get("period"), when) if v)
    first = " ".join(str(meta.get("first_fact") or "").split())
    if len(first) > FIRST_FACT_CHARS:
        first = first[:FIRST_FACT_CHARS] + "…"
    return "\n".join(line for line in (conv.title, facts, first) if line)
