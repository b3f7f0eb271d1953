"""Build eval/cases/dev.jsonl from the five seed reports: `python -m eval.build_cases`.

Facts are curated by hand below (each a short line a writer would paste, with figures copied
verbatim from the report). The script takes the reference from the cleaned text in knowledge/
(falling back to ../shared/seeds), cuts slice cases out of it, writes the paste in the case's
style (with or without 成绩：/问题：/计划： markers) and checks every fact against the reference:
each figure verbatim and most of its wording in one sentence. A fact that fails stops the build.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.cleaning import clean_text, split_collection
from assistant.figures import contains_figure, find_figures
from eval.cases import Case, Fact, write_cases
from eval.text import locate_fact, split_sentences

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = Path(__file__).resolve().parent / "cases" / "dev.jsonl"

A, P, L = "achievements", "problems", "plans"


@dataclass(frozen=True)
class Spec:
    id: str
    seed: str  # file-name prefix of the seed report, e.g. "000"
    part: str  # "篇一"/"篇二" for a seed page holding several reports, else ""
    title: str
    unit: str
    period: str
    next_period: str
    marked: bool  # paste with 成绩：/问题：/计划： markers
    style: str  # bullet style of the paste: "1." "-" "•" "1、" "（1）" "plain" "semicolon"
    facts: tuple[tuple[str, str], ...]  # (role, text)
    # (start anchor, end anchor or "") pairs; the reference is these pieces in order
    segments: tuple[tuple[str, str], ...] = ()
    note: str = ""


SPECS: tuple[Spec, ...] = (
    Spec(
        id="d000-full",
        seed="000",
        part="",
        title="治理办2017年工作总结及2018年工作计划",
        unit="达川区城乡环境综合治理办公室",
        period="2017年",
        next_period="2018年",
        marked=True,
        style="1.",
        facts=(
            (A, "查处非法营运黑车300余辆"),
            (A, "逐一清理整治城区255家小型维修业户，对230家业户进行了关停整改"),
            (A, "规范废旧回收经营网点230个，建拆解分场5个"),
            (A, "64个群众性健身娱乐队伍组织者签订“坝坝舞”自律承诺书"),
            (A, "发放宣传资料50000余份"),
            (A, "处罚机动车乱停乱放3000余辆"),
            (A, "打通美嘉年商业街至通达路等4处断头路"),
            (A, "升级改造完成华蜀路等路段公交站台8座"),
            (A, "对全区54个乡镇（街道办）进行非正规垃圾堆放点排查，排查出46个非正规生活垃圾堆放点"),
            (A, "省级专项补助资金20万元、区级配套资金72万元及时分解到24村"),
            (A, "共建垃圾收集池225个，购垃圾桶3586个"),
            (A, "购置机动垃圾运输车20台、非机动车辆64台，配备村级保洁员220名"),
            (A, "刊播宣传片23篇、公益广告2幅，设置LED显示屏3个"),
            (A, "开展志愿者服务、文明劝导活动45次，发放宣传资料35000多份，完成信息42期"),
            (A, "全年累计发出督办通知80余份，接受群众投诉32件次，处理32件次"),
            (P, "城乡配套设施功能不完善，停车场、公用娱乐休闲场所严重不足"),
            (P, "现有执法保障力量不够，高学历和专业技术人员缺乏"),
            (P, "流动商贩管理成效不易巩固，反弹性强"),
            (P, "城市管理相关法律法规不够健全"),
            (P, "市民文明素质良莠不齐"),
            (P, "各乡镇发展不平衡"),
            (L, "从严查禁将烈性犬、大型犬等犬只带入公共场所的行为"),
            (L, "充分运用报刊、电视、广播、网络等媒体宣传“五治”工程"),
            (L, "积极开展非正规垃圾堆放点排查整治"),
            (L, "持续推进扬尘治理工作"),
            (L, "规范抓好停车场和城乡结合部洗车场建设"),
            (L, "规划实施三里坪、翠屏山（孔家岩）公园等城市公园建设"),
        ),
    ),
    Spec(
        id="d000-slice",
        seed="000",
        part="",
        title="治理办2017年工作总结及2018年工作计划",
        unit="达川区城乡环境综合治理办公室",
        period="2017年",
        next_period="2018年",
        marked=False,
        style="plain",
        segments=(
            ("治理办207年工作总结", "(三)创新"),
            ("二、存在的主要问题", "(四)现行法律法规"),
            ("三、208年工作计划", "(三)以专项治理"),
        ),
        note="slice: part one (一)(二), problems (一)-(三), plans (一)(二)",
        facts=(
            (A, "查处非法营运黑车300余辆"),
            (A, "规范废旧回收经营网点230个"),
            (A, "发放宣传资料50000余份"),
            (A, "城区77条大街小巷机械蓬、遮阳（雨）蓬全部拆除"),
            (A, "处罚机动车乱停乱放3000余辆"),
            (A, "打通美嘉年商业街至通达路等4处断头路"),
            (A, "升级改造完成华蜀路等路段公交站台8座"),
            (P, "城乡配套设施功能不完善，停车场、公用娱乐休闲场所严重不足"),
            (P, "执法保障力量不够，高学历和专业技术人员缺乏"),
            (P, "城市管理成效不明显，流动商贩管理难以巩固"),
            (L, "明年从严查禁“坝坝舞”噪音扰民行为"),
            (L, "明年持续开展“文明劝导”等活动，提升市民群众素质"),
        ),
    ),
    Spec(
        id="d001-full",
        seed="001",
        part="",
        title="株洲县城市管理和行政执法局2017年工作总结及2018年工作打算",
        unit="株洲县城市管理和行政执法局",
        period="2017年",
        next_period="2018年",
        marked=False,
        style="-",
        facts=(
            (A, "组织法律法规、安全生产方面的知识讲座14次，参加上级组织的业务培训48人次"),
            (A, "安排8名业务骨干到市局跟班学习"),
            (A, "全局累计督查179次，形成书面通报12次"),
            (A, "处置城市管理事部件案件10654件，结案率99%"),
            (A, "局党委中心学习15次，党委和支部书记上党课70课时"),
            (A, "劝导占道经营、出店经营、占道作业等行为8000余起"),
            (A, "治理流动叫卖行为3000余次"),
            (A, "对施工工地日常巡查800余次，查处运输车辆“滴、洒、漏”现象60余起"),
            (A, "强制拆除不规范、陈旧户外广告200处，清除牛皮癣900余处"),
            (A, "完成向阳、甘塘坡两个农贸市场的升级改造"),
            (A, "无害化处置城乡生活垃圾3万余吨，县城垃圾无害化处理率达100%"),
            (A, "制止各类违法建设1392.3万余平方米，拆除违法建设1062.1万余平方米"),
            (A, "已拆除历史存量违建105处1.8万余平方米"),
            (A, "解决150余处门店招牌安全隐患，新装道路景观灯320余盏"),
            (A, "49名干部职工与147户贫困户结成帮扶对子"),
            (A, "签定24户征拆协议，成功拆除房屋17栋"),
            (P, "项目建设进度不快"),
            (P, "城市管理力度还有待进一步提高"),
            (P, "管理方式还需改革创新"),
            (L, "明年完成建筑垃圾填埋场建设"),
            (L, "明年争取建成3座三位一体公厕建设及5个垃圾中转站改造"),
            (L, "明年启动县城路灯改造，路灯完好率、亮灯率达到98%"),
            (L, "明年落实每周2课时集中学习和每月8课时业务学习制度"),
            (L, "明年确保生活垃圾清运率和处理率达98%以上"),
        ),
    ),
    Spec(
        id="d001-slice",
        seed="001",
        part="",
        title="株洲县城市管理和行政执法局2017年工作总结及2018年工作打算",
        unit="株洲县城市管理和行政执法局",
        period="2017年",
        next_period="2018年",
        marked=True,
        style="•",
        segments=(
            ("务实创新", "㈢坚持精细作业"),
            ("回顾全年工作", "㈡精雕细作"),
        ),
        note="slice: part one ㈠㈡, the closing problems paragraph, plans ㈠",
        facts=(
            (A, "组织法律法规、安全生产方面的知识讲座14次"),
            (A, "全局累计督查179次，形成书面通报12次"),
            (A, "处置城市管理事部件案件10654件，结案率99%"),
            (A, "发展预备党员2名，预备党员转正2名"),
            (A, "劝导占道经营、出店经营、占道作业等行为8000余起"),
            (A, "纠正乱堆、乱倒、乱挂现象2000余起"),
            (A, "3-4月份开展占道经营专项整治，清理僵尸车18辆"),
            (A, "销毁落地灯箱35个，清理超标店牌59块，办理广告促销许可案件25起"),
            (P, "项目建设进度不快"),
            (P, "城市管理力度还有待进一步提高"),
            (L, "完成建筑垃圾填埋场建设"),
            (L, "争取建成3座三位一体公厕建设及5个垃圾中转站改造"),
            (L, "路灯完好率、亮灯率达到98%"),
            (L, "启动县城智慧停车项目建设，采取PPP模式"),
        ),
    ),
    Spec(
        id="d002-town",
        seed="002",
        part="篇一",
        title="三星镇城乡环境综合治理工作总结",
        unit="三星镇人民政府",
        period="2021年",
        next_period="2022年",
        marked=True,
        style="1、",
        note="the first of the two reports in this seed page (篇一); its plan heading keeps the source's 'xx年'",
        facts=(
            (A, "全年累计投入环境治理资金78万元"),
            (A, "全镇环境卫生实行环境市场化机制，公司化管理"),
            (A, "新建了30口成都市标准的垃圾池"),
            (A, "完成了共和、双桂村百村容貌整治"),
            (A, "印发城乡环境综合整治工作宣传资料近15000份"),
            (A, "各班子成员每周至少一次到所联系村（社区）检查城乡环境综合整治工作"),
            (P, "广大群众对环境治理的认识和社会公德意识有待进一步提高"),
            (P, "经费投入缺乏"),
            (P, "宣传引导需要进一步加大"),
            (L, "突出城乡环境卫生和容貌秩序两个重点"),
            (L, "抓好城镇容貌整洁工程、村庄清洁行动等工作"),
            (L, "成立以镇一把手为组长的领导组"),
            (L, "建立经费保障机制，加大对基础设施建设投入"),
        ),
    ),
    Spec(
        id="d002-county",
        seed="002",
        part="篇二",
        title="某县城乡环境综合整治工作总结",
        unit="某县人民政府",
        period="2018年",
        next_period="2019年",
        marked=False,
        style="semicolon",
        note="the second report in this seed (篇二); its problems sit inside the plans part",
        facts=(
            (A, "共投入农村基础设施建设资金1.05亿元，实施新农村建设点350个"),
            (A, "同步推进14个专项行动"),
            (A, "从相关职能部门抽调12名工作人员集中办公"),
            (A, "县财政共投入1.8亿多元用于城乡环境综合整治工作"),
            (A, "在各乡镇河流水质监测断面设立了30处水质监测点"),
            (A, "对县内6条县乡公路进行了路域环境重点整治"),
            (A, "全县剩余的267万平方米危旧土坯房已全部拆除到位"),
            (A, "拆除铁皮棚32.75万平方米，其中县城区拆除16.27万平方米"),
            (A, "拆除“两违”建筑9430平方米、“两超”建筑10150平方米"),
            (A, "整治坟墓4910座"),
            (A, "全县空气质量优良率稳定在90%"),
            (A, "68家非法采砂点全部整治到位"),
            (A, "对全县26家板鸭企业进行了专项整治，关停了8家无证非法开采的采石场"),
            (P, "坟墓整治的任务还十分繁重，存在不足"),
            (P, "农村风貌提升还有较大空间，存在短板"),
            (P, "乱搭乱建整治成果还不稳固"),
            (L, "下一步进一步完善“河长制”“路长制”"),
            (L, "下一步着力推行“网格化”监管模式"),
            (L, "下一步重点整治“三沿六区”乱埋乱葬、乱搭乱建等突出问题"),
            (L, "下一步对污水处理厂实行联网管理"),
        ),
    ),
    Spec(
        id="d003-full",
        seed="003",
        part="",
        title="2023年区整脏治乱年底工作总结",
        unit="红花岗区整脏治乱专项行动领导小组办公室",
        period="2023年",
        next_period="2024年",
        marked=True,
        style="（1）",
        segments=(("区整脏治乱年底工作总结", ""),),
        facts=(
            (A, "由区委书记任领导小组组长、区长任常务副组长"),
            (A, "制作宣传资料共35万份"),
            (A, "累计参加义务劳动2万余人次，清理垃圾200余吨"),
            (A, "投资30余万元对集贸市场摊区进行改造"),
            (A, "上半年出动警力600余人次，查处各类交通违法行为750起"),
            (A, "共清理垃圾410吨，清扫保洁国道沿线公厕8座，疏通沟渠1100米"),
            (A, "发现问题68处，现场催促整改41处"),
            (A, "对全区40余座公厕实行了标准化管理"),
            (A, "依法撤除违章建筑共约8000平方米"),
            (A, "受理投诉案件642余起，回复率达100%"),
            (P, "市民素质还需要进一步提高"),
            (P, "市政基础设施还需进一步完善"),
            (P, "对一些单位难以实行属地管理"),
            (L, "以公共厕所、农贸市场、城中村为整治重点"),
            (L, "继续加大宣传力度，树立整脏治乱工作的典型"),
            (L, "以队伍建设为切入点，以重点区域整治为突破点"),
        ),
    ),
    Spec(
        id="d003-slice",
        seed="003",
        part="",
        title="2023年区整脏治乱年底工作总结",
        unit="红花岗区整脏治乱专项行动领导小组办公室",
        period="2023年",
        next_period="2024年",
        marked=False,
        style="plain",
        segments=(("区整脏治乱年底工作总结", "二创新载体"), ("四重点突破", "")),
        note="slice: part one (一) and (四), problems, plans",
        facts=(
            (A, "由区委书记任领导小组组长、区长任常务副组长"),
            (A, "投资30余万元对集贸市场摊区进行改造"),
            (A, "上半年出动警力600余人次，机动车120辆次，查处各类交通违法行为750起"),
            (A, "共清理垃圾410吨，疏通沟渠1100米"),
            (A, "增加了80座垃圾池，依法撤除违章建筑共约8000平方米"),
            (A, "受理投诉案件642余起，回复率达100%"),
            (P, "市民素质还需要进一步提高，整体文明素质水平还不是很高"),
            (P, "农贸市场容量偏小，安全隐患严重"),
            (L, "明年围绕重点抓整治，切实解决城区交通秩序混乱问题"),
            (L, "明年围绕宣传抓整治，继续加大宣传力度"),
        ),
    ),
    Spec(
        id="d004-full",
        seed="004",
        part="",
        title="城管局2023年上半年工作总结及下半年工作计划",
        unit="*县城市管理局",
        period="2023年上半年",
        next_period="2023年下半年",
        marked=False,
        style="•",
        segments=(("城管局2023年上半年工作总结", ""),),
        note="figures in the source are masked with *; the cleaner cuts a party lecture appended to the source",
        facts=(
            (A, "新签、补签“门前三包”责任书*余份"),
            (A, "对规范经营的*家商户授旗表彰"),
            (A, "清理各类违规张贴小广告*余张"),
            (A, "锁扣非机动车*余辆，清拖*余辆"),
            (A, "核实确认新增违建*处，已拆除*处，拆除率达*%"),
            (A, "购入专业化保洁器械*多台"),
            (A, "累计外运库存垃圾*万吨"),
            (A, "补植乔木*余株，栽植时令花卉*余平方米"),
            (A, "已完成*处公共停车场建设"),
            (A, "科学设置时令瓜果临时销售点*处"),
            (A, "开展党日活动*次，团建活动*次"),
            (L, "下半年自*月起进行垃圾筛分，力争2023年底完成陈腐积存垃圾处理"),
            (L, "下半年实现垃圾分类覆盖率*%以上"),
            (L, "下半年完成G*绕城段道路亮化工程"),
            (L, "下半年新建机动车、非机动车停车场*处"),
            (L, "下半年引进新型保洁设备，到2023年底基本形成以机械化为主导的道路清扫保洁作业格局"),
        ),
    ),
    Spec(
        id="d004-slice",
        seed="004",
        part="",
        title="城管局2023年上半年工作总结及下半年工作计划",
        unit="*县城市管理局",
        period="2023年上半年",
        next_period="2023年下半年",
        marked=True,
        style="-",
        segments=(
            ("城管局2023年上半年工作总结", "(三)植绿添彩"),
            ("二、下半年工作计划", "三是持续深化"),
        ),
        note="slice: part one (一)(二), plans 一是 and 二是; the source has no problems part",
        facts=(
            (A, "新签、补签“门前三包”责任书*余份"),
            (A, "清理各类违规张贴小广告*余张"),
            (A, "锁扣非机动车*余辆，清拖*余辆"),
            (A, "购入专业化保洁器械*多台"),
            (A, "累计外运库存垃圾*万吨"),
            (A, "餐厨垃圾日收集量达*吨"),
            (L, "自*月起进行垃圾筛分，力争2023年底完成陈腐积存垃圾处理"),
            (L, "第二批公厕新建改建项目预计*月底完工"),
            (L, "实现垃圾分类覆盖率*%以上"),
            (L, "启动*个园林式小区绿化补植项目"),
        ),
    ),
)

_MARKERS = {
    "1.": {A: "成绩：", P: "问题：", L: "计划："},
    "•": {A: "成效：", P: "不足：", L: "下一步："},
    "1、": {A: "工作情况：", P: "问题：", L: "下一步："},
    "（1）": {A: "成效：", P: "问题：", L: "打算："},
    "-": {A: "完成情况：", P: "问题：", L: "计划："},
    "plain": {A: "成绩：", P: "问题：", L: "计划："},
}


def _bullet(style: str, n: int) -> str:
    return {"1.": f"{n}. ", "•": "• ", "1、": f"{n}、", "（1）": f"（{n}）", "-": "- "}.get(
        style, ""
    )


def make_paste(spec: Spec) -> str:
    """The facts as the writer pastes them, in the case's bullet style, with or without markers."""
    if spec.style == "semicolon":
        return "；".join(text for _, text in spec.facts) + "。"
    lines: list[str] = []
    if spec.marked:
        for role in (A, P, L):
            texts = [text for r, text in spec.facts if r == role]
            if not texts:
                continue
            lines.append(_MARKERS[spec.style][role])
            lines += [_bullet(spec.style, n) + text for n, text in enumerate(texts, 1)]
    else:
        lines = [_bullet(spec.style, n) + text for n, (_, text) in enumerate(spec.facts, 1)]
    return "\n".join(lines) + "\n"


def source_text(seed: str, part: str = "") -> tuple[str, Path]:
    """The cleaned seed report: knowledge/ (via its catalog.json) if built, else the raw seed cleaned."""
    catalog = KNOWLEDGE / "catalog.json"
    if catalog.is_file():
        for entry in json.loads(catalog.read_text(encoding="utf-8")):
            if Path(entry["source"]).name.startswith(f"{seed}_") and (entry.get("part") or "") == part:
                path = KNOWLEDGE / entry["file"]
                return path.read_text(encoding="utf-8"), path
    for path in sorted(SEEDS.glob(f"{seed}_*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        pieces = dict(split_collection(text))
        return (pieces[part] if part else text), path
    raise FileNotFoundError(f"no seed report {seed}_* in {KNOWLEDGE} or {SEEDS}")


def _find(text: str, anchor: str, start: int = 0) -> int:
    pos = text.find(anchor, start)
    if pos < 0:  # the cleaned text may use full-width brackets where the raw seed has ASCII
        alt = anchor.replace("(", "（").replace(")", "）")
        pos = text.find(alt, start)
    if pos < 0:
        raise ValueError(f"anchor {anchor!r} not found")
    return pos


def cut_reference(text: str, segments: tuple[tuple[str, str], ...]) -> str:
    """The pieces between each (start, end) anchor, joined by line breaks; the whole text if none."""
    if not segments:
        return text.strip()
    pieces, cursor = [], 0
    for start_anchor, end_anchor in segments:
        start = _find(text, start_anchor, cursor)
        end = _find(text, end_anchor, start + 1) if end_anchor else len(text)
        pieces.append(text[start:end].strip())
        cursor = end
    return "\n".join(pieces)


def check_fact(text: str, reference: str) -> list[str]:
    """Why a fact does not come from the reference (empty when it does)."""
    problems = [
        f"figure {f.text} not in reference"
        for f in find_figures(text)
        if not contains_figure(reference, f)
    ]
    share, _ = locate_fact(text, split_sentences(reference))
    if share < 0.6:
        problems.append(f"only {share:.0%} of its wording found in one sentence")
    return problems


def build(specs: tuple[Spec, ...] = SPECS) -> tuple[list[Case], list[str]]:
    cases, errors = [], []
    for spec in specs:
        text, path = source_text(spec.seed, spec.part)
        try:
            reference = cut_reference(text, spec.segments)
        except ValueError as exc:
            errors.append(f"{spec.id}: {exc} in {path.name}")
            continue
        for role, fact in spec.facts:
            for problem in check_fact(fact, reference):
                errors.append(f"{spec.id} [{role}] {fact}: {problem}")
        where = "seeds" if path.parent == SEEDS else "knowledge"
        extra = {
            "source": f"{where}/{path.name}",
            "seed": spec.seed + (f" {spec.part}" if spec.part else ""),
            "marked": spec.marked,
        }
        if spec.note:
            extra["note"] = spec.note
        cases.append(
            Case(
                id=spec.id,
                title=spec.title,
                unit=spec.unit,
                period=spec.period,
                next_period=spec.next_period,
                input=make_paste(spec),
                facts=tuple(Fact(text, role) for role, text in spec.facts),
                reference=reference,
                extra=extra,
            )
        )
    return cases, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--check", action="store_true", help="only check the facts, write nothing")
    args = parser.parse_args(argv)
    cases, errors = build()
    for error in errors:
        print("FACT CHECK:", error, file=sys.stderr)
    if errors:
        return 1
    if not args.check:
        write_cases(cases, args.out)
        print(f"wrote {len(cases)} cases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
