#!/usr/bin/env python3
"""Generate the demo data of the demo district 大安区 (510304) for Quanze.

Writes three CSV files (UTF-8, header row, RFC 4180 quoting) into
Sources/QuanzeApp/Resources/Demo/:

  catalogue.csv  the power-item catalogue, in the item-import format
                 (code,name,category,parent_code,department,legal_basis,duties,
                  accountability,statutory_limit,promised_limit,requirements,platform_code,
                  level,level_basis: the competent level — county, township, town, subdistrict — and
                  the articles of the legal basis that give the item to that level)
  decisions.csv  the decisions (文件) that change the lists
                 (key,doc_number,title,issuer,date,kind,published_on)
  plan.csv       the list entries of the 15 townships over 2021-2023
                 (list,scope,item_code,mode,role,partner,from,to)

The script is deterministic (no randomness, no clock) and uses the standard library only.
It reads the real material in the shared data folder:

  <data>/laws/*.md                               statutes (articles are parsed; every legal
                                                 basis written is checked against them)
  <data>/service-items/guangan-items-part1.csv   real Sichuan service items (names and
                                                 platform codes of approval / service items)

Penalty items are named from the 法律责任 articles of the statutes ("对……的处罚", one item per
enumerated clause), each with that article as its legal basis. Approval and public-service names
come from the service-items file. Everything else is invented in the same style and is demo data.

After writing, the script re-reads the three files and checks them (counts per unit and year,
legal bases, parents, decision keys, the six problem items of the report …) and prints the count
table. Any failed check raises and exits non-zero.

Usage:  python3 scripts/demo/generate_demo_data.py [--data DIR] [--out DIR] [--check-only]
"""

import argparse
import csv
import datetime
import io
import os
import re
import sys
from collections import Counter, OrderedDict, defaultdict

# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Sources", "QuanzeApp", "Resources", "Demo")


def default_data_dir():
    """QUANZE_DATA, else data/ in the repository, else ../shared/data beside it (found from this script's place)."""
    for cand in (os.environ.get("QUANZE_DATA"),
                 os.path.join(REPO, "data"),
                 os.path.join(REPO, "..", "shared", "data")):
        if cand and os.path.isdir(os.path.join(cand, "laws")):
            return os.path.abspath(cand)
    return os.path.abspath(os.path.join(REPO, "..", "shared", "data"))


# --------------------------------------------------------------------------------------------
# Fixed vocabularies
# --------------------------------------------------------------------------------------------

CATEGORIES = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查",
              "行政确认", "行政奖励", "行政裁决", "其他行政权力", "公共服务"]
CAT_PREFIX = {"行政许可": "XK", "行政处罚": "CF", "行政强制": "QZ", "行政征收": "ZS",
              "行政给付": "JF", "行政检查": "JC", "行政确认": "QR", "行政奖励": "JL",
              "行政裁决": "CJ", "其他行政权力": "QT", "公共服务": "GG"}
ENFORCEMENT_CATS = {"行政处罚", "行政强制", "行政检查"}

D = {  # the demo departments (exact names)
    "EST": "大安区委机构编制委员会办公室",
    "JUS": "大安区司法局",
    "SCJ": "大安区市场监督管理局",
    "YJ": "大安区应急管理局",
    "ZR": "大安区自然资源和规划局",
    "NY": "大安区农业农村局",
    "ZJ": "大安区住房和城乡建设局",
    "HB": "大安区生态环境局",
    "WJ": "大安区卫生健康局",
    "WL": "大安区文化广播电视和旅游局",
    "JT": "大安区交通运输局",
    "SW": "大安区水务局",
    "MZ": "大安区民政局",
    "RS": "大安区人力资源和社会保障局",
    "JY": "大安区教育和体育局",
    "ZF": "大安区综合行政执法局",
    "GA": "大安区公安分局",
    "SP": "大安区行政审批局",
    "TY": "大安区退役军人事务局",
    "YB": "大安区医疗保障局",
}
DEPARTMENTS = set(D.values())

# departments of the service-items file (广安区) -> demo departments
CSV_DEPT = {"区公安分局": "GA", "区交通运输局": "JT", "区住建局": "ZJ", "区文广旅局": "WL",
            "区农业农村局": "NY", "区卫健局": "WJ", "区市监局": "SCJ", "区生态环境局": "HB",
            "区水务局": "SW", "区综合执法局": "ZF", "区行政审批局": "SP"}
CSV_TASK_TYPE = {"1": "行政许可", "5": "行政给付", "7": "行政确认", "8": "行政奖励",
                 "9": "行政裁决", "10": "其他行政权力", "20": "公共服务"}
# the platform's implementation code as the importer recognises it (PowerItem.isKnownPlatformCode):
# 14-char basic code, 12-digit region, 000, 17-18-char credit code, two numeric version parts.
# Only rows of the service-items file whose code has this form are used, so that exactly the three
# ODD_PLATFORM_CODES below raise the importer's warning.
PLATFORM_CODE_RE = re.compile(r"^[^-]{14}-[0-9]{12}-000-[^-]{17,18}-[0-9]*-[0-9]*$")

REQ_FIELDS = ["livestock", "geology", "fishery", "publishing", "work-safety", "hazchem", "food",
              "planning", "construction", "environment", "culture", "transport", "water"]
REQ_CODES = (["field:" + f for f in REQ_FIELDS] +
             ["cert:enforcement", "cert:legal", "equip:vehicle", "equip:bodycam", "equip:scanner",
              "equip:network"])
REQ_RE = re.compile(r"^(?:" + "|".join(re.escape(c) for c in REQ_CODES) + r"|min-certified:[1-9]\d*)$")

LIMIT_RE = re.compile(r"^(?:[1-9]\d*(?:工作日|自然日))?$")
CODE_RE = re.compile(r"^[A-Z0-9-]{1,40}$")
DOCNO_RE = re.compile(r"^\S+〔(\d{4})〕[1-9]\d*号$")
BASIS_RE = re.compile(r"^(.+\(\d{4}-\d{2}-\d{2}\))第([1-9]\d*)条$")

# law file stems
ORG = "地方各级人民代表大会和地方各级人民政府组织法(2022-03-11)"
XKF = "行政许可法(2019-04-23)"
CFF = "行政处罚法(2021-01-22)"
QZF = "行政强制法(2011-06-30)"
SPF = "食品安全法(2021-04-29)"
AQF = "安全生产法(2021-06-10)"
WHF = "危险化学品安全管理条例(2013-12-07)"
CBF = "出版管理条例(2020-11-29)"
DZF = "地质灾害防治条例(2003-11-24)"
YYF = "渔业法(2013-12-28)"
XMF = "畜牧法(2015-04-24)"

TOWNS = ["大山铺镇", "团结镇", "三多寨镇", "何市镇", "新店镇", "新民镇", "牛佛镇", "庙坝镇", "回龙镇"]
SUBDISTRICTS = ["大安街道", "龙井街道", "马冲口街道", "凉高山街道", "和平街道", "凤凰街道"]

LISTS = ["statutory", "territorial", "empowerment", "approval", "enforcement"]
SNAPSHOTS = ["2021-12-31", "2022-12-31", "2023-12-31"]

# the report's 2023 figures, per unit
EXPECTED_2023 = {
    "town": {"statutory": 113, "territorial": 109, "territorial.primary": 62,
             "territorial.cooperating": 47, "empowerment": 126, "approval": 108,
             "approval.行政许可": 15, "approval.公共服务": 93, "enforcement": 246},
    "subdistrict": {"statutory": 47, "territorial": 109, "territorial.primary": 62,
                    "territorial.cooperating": 47, "empowerment": 126, "approval": 108,
                    "approval.行政许可": 15, "approval.公共服务": 93, "enforcement": 246},
}

# --------------------------------------------------------------------------------------------
# Statutes
# --------------------------------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
ARTICLE_RE = re.compile(r"^第([零〇一二两三四五六七八九十百千]+)条(?:[\s\u3000]|$)")
CLAUSE_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")


def cn_to_int(s):
    total, num = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
        elif ch == "千":
            total += (num or 1) * 1000
            num = 0
        else:
            raise ValueError(s)
    return total + num


def parse_law(path):
    """Return {article number: {'chapter': str, 'paras': [str]}}.

    An article starts a paragraph with 第X条 (Chinese numerals) and runs until the next one."""
    text = open(path, encoding="utf-8").read()
    if "<!-- INFO END -->" in text:
        text = text.split("<!-- INFO END -->", 1)[1]
    articles, cur, chapter = OrderedDict(), None, ""
    for line in text.split("\n"):
        p = line.strip()
        if not p:
            continue
        if p.startswith("#"):
            chapter = p.lstrip("#").strip()
            if chapter.startswith("第") and "章" in chapter:
                cur = None
            continue
        m = ARTICLE_RE.match(p)
        if m:
            cur = cn_to_int(m.group(1))
            articles[cur] = {"chapter": chapter, "paras": [p[m.end():].strip()]}
        elif cur is not None:
            articles[cur]["paras"].append(p)
    return articles


def load_laws(data_dir):
    laws = {}
    d = os.path.join(data_dir, "laws")
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".md") and re.search(r"\(\d{4}-\d{2}-\d{2}\)\.md$", fn):
            laws[fn[:-3]] = parse_law(os.path.join(d, fn))
    return laws


def chapter_of(laws, law, art):
    return laws[law][art]["chapter"]


# --------------------------------------------------------------------------------------------
# Penalty items from the 法律责任 chapters
# --------------------------------------------------------------------------------------------

PUNISH_RE = re.compile("罚款|没收|吊销|警告|责令停产停业|取缔")
PENALTY_LAWS = [SPF, AQF, WHF, CBF, YYF, XMF, DZF, XKF]

# (law, article, key) -> None (exclude) or a name (override). key: clause numeral or 'pN'
PENALTY_OVERRIDES = {
    # 食品安全法
    (SPF, 122, "p1"): "对明知从事无证生产经营违法行为仍为其提供生产经营场所或者其他条件的处罚",
    (SPF, 123, "p0"): "对明知从事用非食品原料生产食品等违法行为仍为其提供生产经营场所或者其他条件的处罚",
    (SPF, 124, "p0"): "对明知从事生产经营超标食品等违法行为仍为其提供生产经营场所或者其他条件的处罚",
    (SPF, 135, "p0"): None, (SPF, 135, "p2"): None, (SPF, 136, "p0"): None,
    (SPF, 137, "p0"): None, (SPF, 138, "p0"): None, (SPF, 139, "p0"): None,
    (SPF, 140, "p0"): None, (SPF, 140, "p1"): None, (SPF, 140, "p2"): None,
    (SPF, 140, "p3"): None, (SPF, 140, "p4"): None, (SPF, 147, "p0"): None,
    # 安全生产法
    (AQF, 92, "p2"): None, (AQF, 93, "p0"): None,
    (AQF, 93, "p1"): "对个人经营的投资人不保证安全生产所必需的资金投入导致发生生产安全事故的处罚",
    (AQF, 94, "p1"): None, (AQF, 94, "p2"): None,
    (AQF, 95, "一"): "对生产经营单位主要负责人未履行安全生产管理职责导致发生一般事故的处罚",
    (AQF, 95, "二"): "对生产经营单位主要负责人未履行安全生产管理职责导致发生较大事故的处罚",
    (AQF, 95, "三"): "对生产经营单位主要负责人未履行安全生产管理职责导致发生重大事故的处罚",
    (AQF, 95, "四"): "对生产经营单位主要负责人未履行安全生产管理职责导致发生特别重大事故的处罚",
    (AQF, 103, "p1"): "对生产经营单位未与承包单位、承租单位签订专门的安全生产管理协议或者未对其安全生产统一协调、管理的处罚",
    (AQF, 104, "p0"): "对两个以上生产经营单位在同一作业区域内进行可能危及对方安全的生产经营活动未签订安全生产管理协议或者未指定专职安全生产管理人员的处罚",
    (AQF, 106, "p0"): "对生产经营单位与从业人员订立协议免除或者减轻其对从业人员因生产安全事故伤亡依法应承担的责任的处罚",
    (AQF, 110, "p0"): "对生产经营单位主要负责人在本单位发生生产安全事故时不立即组织抢救或者在事故调查处理期间擅离职守、逃匿的处罚",
    (AQF, 110, "p1"): "对生产经营单位主要负责人对生产安全事故隐瞒不报、谎报或者迟报的处罚",
    (AQF, 112, "p0"): None, (AQF, 113, "一"): None, (AQF, 113, "二"): None,
    (AQF, 113, "三"): None, (AQF, 113, "四"): None,
    (AQF, 114, "一"): "对负有责任的生产经营单位发生一般生产安全事故的处罚",
    (AQF, 114, "二"): "对负有责任的生产经营单位发生较大生产安全事故的处罚",
    (AQF, 114, "三"): "对负有责任的生产经营单位发生重大生产安全事故的处罚",
    (AQF, 114, "四"): "对负有责任的生产经营单位发生特别重大生产安全事故的处罚",
    (AQF, 114, "p0"): None, (AQF, 115, "p0"): None,
    # 危险化学品安全管理条例
    (WHF, 82, "p0"): "对危险化学品单位转产、停产、停业或者解散时未妥善处置危险化学品生产装置、储存设施以及库存危险化学品或者丢弃危险化学品的处罚",
    (WHF, 82, "p1"): "对危险化学品单位转产、停产、停业或者解散时未将处置方案报有关部门备案的处罚",
    (WHF, 84, "p0"): "对不具有相关许可证件或者证明文件的单位购买剧毒化学品、易制爆危险化学品或者个人购买剧毒化学品、易制爆危险化学品的处罚",
    (WHF, 84, "p1"): "对使用剧毒化学品、易制爆危险化学品的单位出借或者违法转让其购买的剧毒化学品、易制爆危险化学品的处罚",
    (WHF, 93, "p0"): None,
    (WHF, 93, "p1"): "对伪造、变造或者出租、出借、转让危险化学品其他许可证或者使用伪造、变造的其他许可证的处罚",
    # 出版管理条例
    (CBF, 61, "p0"): "对未经批准擅自设立出版物的出版、印刷或者复制、进口单位或者擅自从事出版物出版、印刷或者复制、进口、发行业务的处罚",
    (CBF, 69, "p0"): None, (CBF, 70, "p0"): None, (CBF, 70, "p1"): None, (CBF, 71, "p0"): None,
    # 渔业法: 第三十八条第一款 names three kinds of illegal fishing
    (YYF, 38, "p0"): None,
    (YYF, 46, "p0"): None,
    # 畜牧法 2015: 第五十八、五十九条 are powers of the province
    (XMF, 58, "p0"): None, (XMF, 59, "一"): None, (XMF, 59, "二"): None, (XMF, 59, "三"): None,
    (XKF, 78, "p0"): "对行政许可申请人隐瞒有关情况或者提供虚假材料申请行政许可的处罚",
    (XMF, 68, "p0"): "对销售的种畜禽未附具种畜禽合格证明、检疫合格证明、家畜系谱或者销售、收购应当加施标识而没有标识的畜禽或者重复使用畜禽标识的处罚",
}
# extra items named by hand from one article (law, article, key, name)
PENALTY_EXTRA = [
    (YYF, 38, "p0a", "对使用炸鱼、毒鱼、电鱼等破坏渔业资源方法进行捕捞的处罚"),
    (YYF, 38, "p0b", "对违反关于禁渔区、禁渔期的规定进行捕捞的处罚"),
    (YYF, 38, "p0c", "对使用禁用的渔具、捕捞方法和小于最小网目尺寸的网具进行捕捞或者渔获物中幼鱼超过规定比例的处罚"),
    # 行政许可法 第七十九至八十一条 ("应当依法给予行政处罚")
    (XKF, 79, "p0", "对被许可人以欺骗、贿赂等不正当手段取得行政许可的处罚"),
    (XKF, 80, "一", "对被许可人涂改、倒卖、出租、出借行政许可证件或者以其他形式非法转让行政许可的处罚"),
    (XKF, 80, "二", "对被许可人超越行政许可范围进行活动的处罚"),
    (XKF, 80, "三", "对被许可人向负责监督检查的行政机关隐瞒有关情况、提供虚假材料或者拒绝提供反映其活动情况的真实材料的处罚"),
    (XKF, 81, "p0", "对未经行政许可擅自从事依法应当取得行政许可的活动的处罚"),
]

# the report's problem items that come from the statutes
SAFETY_EQUIPMENT = (AQF, 99, "二")     # 对安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准的处罚
TOXIC_SALES = (WHF, 84, "二")          # 对不按照剧毒化学品购买许可证载明的品种、数量销售剧毒化学品的处罚
LIVESTOCK_BREED = (XMF, 61, "p0")      # 对销售、推广未经审定或者鉴定的畜禽品种的处罚
GEOHAZARD = (DZF, 43, "p0")            # 对违反规定在地质灾害危险区内……的行政处罚

# items whose exercise needs the specialised skill (畜禽品种鉴定 / 地质灾害): only the report's two
# problem items among them are put on a list; the rest stay catalogue-only.
LIVESTOCK_SKILL = {(XMF, 61, "p0"), (XMF, 62, "p0"), (XMF, 64, "p0"), (XMF, 65, "p0")}
GEOLOGY_SKILL = {(DZF, 41, "一"), (DZF, 41, "二"), (DZF, 42, "p0"), (DZF, 43, "p0"),
                 (DZF, 44, "一"), (DZF, 44, "二")}

LAW_DEPT = {SPF: "SCJ", AQF: "YJ", WHF: "YJ", CBF: "WL", YYF: "NY", XMF: "NY", DZF: "ZR", XKF: "ZF"}
LAW_FIELD = {SPF: "food", AQF: "work-safety", WHF: "hazchem", CBF: "publishing", YYF: "fishery"}


def violation_phrase(p):
    p = re.sub(r"^违反本(?:法|条例)[^，,]{0,30}规定[，,]", "", p)
    m = re.match(r"^(.{4,70}?)的[，,]\s*(?:由|责令|处|没收|依照|依法|对)", p)
    return m.group(1) if m else None


def penalty_name(viol):
    viol = viol.rstrip("；;。.，, ")
    # "……的，或者……" / "……的，……" inside one clause: one name with 或者
    viol = viol.replace("的，或者", "或者").replace("的，", "或者")
    return "对" + viol + ("" if viol.endswith("的") else "的") + "处罚"


def dept_from_text(law, text):
    if law == WHF:
        m = re.search(r"由([^，。；]{2,30}?)(?:部门|机关)", text)
        if m:
            who = m.group(1)
            if "公安" in who:
                return "GA"
            if "交通运输" in who:
                return "JT"
            if "质量监督" in who or "工商" in who:
                return "SCJ"
            if "环境保护" in who:
                return "HB"
    return LAW_DEPT[law]


def penalty_candidates(laws):
    """All penalty items derivable from the 法律责任 chapters, in statute order."""
    out = []
    for law in PENALTY_LAWS:
        arts = laws[law]
        for n, art in arts.items():
            if "法律责任" not in art["chapter"]:
                continue
            paras = art["paras"]
            head = paras[0]
            if "处分" in head and "罚款" not in head:
                continue                              # duties of officials
            if not PUNISH_RE.search("".join(paras)):
                continue
            clauses = [(m.group(1), m.group(2)) for p in paras[1:] for m in [CLAUSE_RE.match(p)] if m]
            found = []
            if clauses and "下列" in head:
                for k, c in clauses:
                    found.append((k, c, head))
                rest = [p for p in paras[1:] if not CLAUSE_RE.match(p)]
            else:
                rest = paras
            for i, p in enumerate(rest):
                if PUNISH_RE.search(p):
                    found.append(("p%d" % i, None, p))
            for k, clause, ctx in found:
                key = (law, n, k)
                if key in PENALTY_OVERRIDES:
                    name = PENALTY_OVERRIDES[key]
                    if name is None:
                        continue
                elif clause is not None:
                    name = penalty_name(clause)
                else:
                    v = violation_phrase(ctx)
                    if v is None:
                        raise SystemExit("no name for %s 第%d条 %s; add an override" % key)
                    name = penalty_name(v)
                if key == GEOHAZARD:
                    name = "对违反规定在地质灾害危险区内爆破、削坡、进行工程建设以及从事其他可能引发地质灾害活动的行政处罚"
                out.append({"key": key, "name": name, "dept": dept_from_text(law, ctx)})
        for (l2, n2, k2, name) in PENALTY_EXTRA:
            if l2 == law:
                out.append({"key": (l2, n2, k2), "name": name, "dept": LAW_DEPT[law]})
    return out


# --------------------------------------------------------------------------------------------
# Hand-made content (demo data, in the style of Sichuan township lists)
# --------------------------------------------------------------------------------------------

def b(law, *arts):
    return [(law, a) for a in arts]


# 行政检查 (name, dept, bases, field or None)
INSPECTIONS = [
    ("对食品生产者的监督检查", "SCJ", b(SPF, 110), "food"),
    ("对食品销售者的监督检查", "SCJ", b(SPF, 110), "food"),
    ("对餐饮服务提供者的监督检查", "SCJ", b(SPF, 110), "food"),
    ("对食用农产品集中交易市场的监督检查", "SCJ", b(SPF, 64, 110), "food"),
    ("对食品生产加工小作坊和食品摊贩的监督检查", "SCJ", b(SPF, 36, 110), "food"),
    ("对学校、托幼机构等集中用餐单位食堂的监督检查", "SCJ", b(SPF, 110), "food"),
    ("对食品的监督抽样检验", "SCJ", b(SPF, 87), "food"),
    ("对有不良信用记录的食品生产经营者的重点监督检查", "SCJ", b(SPF, 113), "food"),
    ("对生产经营单位执行安全生产法律法规和标准情况的监督检查", "YJ", b(AQF, 65), "work-safety"),
    ("对容易发生重大生产安全事故的生产经营单位的检查", "YJ", b(AQF, 62), "work-safety"),
    ("对餐饮等行业生产经营单位燃气使用安全的监督检查", "YJ", b(AQF, 65), "work-safety"),
    ("对小微企业安全生产状况的监督检查", "YJ", b(AQF, 65), "work-safety"),
    ("对生产安全事故整改措施落实情况的监督检查", "YJ", b(AQF, 86), "work-safety"),
    ("对危险化学品作业场所的现场检查", "YJ", b(WHF, 7), "hazchem"),
    ("对危险化学品经营单位的监督检查", "YJ", b(WHF, 7), "hazchem"),
    ("对危险化学品单位转产、停产、停业或者解散处置情况的监督检查", "YJ", b(WHF, 27), "hazchem"),
    ("对危险化学品道路运输的监督检查", "JT", b(WHF, 7), "transport"),
    ("对出版物发行单位经营活动的检查", "WL", b(CBF, 7), "publishing"),
    ("对出版物质量的监督检查", "WL", b(CBF, 51), "publishing"),
    ("对渔港秩序的监督检查", "NY", b(YYF, 27), "fishery"),
    ("对被许可人从事行政许可事项活动的监督检查", "SP", b(XKF, 61), None),
    ("对被许可人生产经营场所的实地检查", "SP", b(XKF, 62), None),
    ("对直接关系公共安全的重要设备、设施的监督检查", "SCJ", b(XKF, 68), None),
    ("对生产经营单位事故隐患排查治理情况的监督检查", "YJ", b(AQF, 65), "work-safety"),
    ("对生产经营单位安全生产教育和培训情况的监督检查", "YJ", b(AQF, 65), "work-safety"),
    ("对食品生产经营者进货查验记录的监督检查", "SCJ", b(SPF, 110), "food"),
    ("对烟花爆竹零售经营单位的监督检查", "YJ", b(XKF, 61), "work-safety"),
    ("对公共场所卫生的监督检查", "WJ", b(XKF, 61), None),
    ("对占道施工和临时建筑物搭建的监督检查", "ZF", b(XKF, 61), "construction"),
    ("对户外广告设置的监督检查", "ZF", b(XKF, 61), "planning"),
    ("对农药经营单位的监督检查", "NY", b(XKF, 61), None),
    ("对兽药经营单位的监督检查", "NY", b(XKF, 61), None),
    ("对动物饲养场、养殖小区动物防疫条件的监督检查", "NY", b(XKF, 61), None),
    ("对取水单位和个人的监督检查", "SW", b(XKF, 61), "water"),
    ("对营业性演出活动的监督检查", "WL", b(XKF, 61), "culture"),
    ("对河道管理范围内建设活动的监督检查", "SW", b(XKF, 61), "water"),
    ("对乡村医生执业活动的监督检查", "WJ", b(XKF, 61), None),
    ("对个体工商户登记事项的监督检查", "SCJ", b(XKF, 61), None),
]
# catalogue-only inspections (need a skill no township has)
INSPECTIONS_CATALOGUE_ONLY = [
    ("对畜禽质量安全的监督抽查", "NY", b(XMF, 56), "livestock"),
    ("对种畜禽生产经营者的监督检查", "NY", b(XMF, 6), "livestock"),
    ("对地质灾害易发区内建设工程地质灾害危险性评估的监督检查", "ZR", b(DZF, 41), "geology"),
]

# 行政强制 (name, dept, bases, field or None, statutory limit)
COERCIONS = [
    ("查封、扣押不符合食品安全标准或者存在安全隐患的食品、食品添加剂、食品相关产品", "SCJ", b(SPF, 110) + b(QZF, 25), "food", "30自然日"),
    ("查封违法从事食品生产经营活动的场所", "SCJ", b(SPF, 110) + b(QZF, 25), "food", "30自然日"),
    ("查封、扣押不符合保障安全生产标准的设施、设备、器材", "YJ", b(AQF, 65) + b(QZF, 25), "work-safety", "30自然日"),
    ("查封违法生产、储存、使用、经营危险物品的作业场所", "YJ", b(AQF, 65) + b(QZF, 25), "work-safety", "30自然日"),
    ("对拒不执行停产停业决定的生产经营单位采取停止供电、停止供应民用爆炸物品措施", "YJ", b(AQF, 70), "work-safety", ""),
    ("查封违法生产、储存、使用、经营危险化学品的场所", "YJ", b(WHF, 7) + b(QZF, 25), "hazchem", "30自然日"),
    ("扣押违法生产、储存、使用、经营、运输的危险化学品", "YJ", b(WHF, 7) + b(QZF, 25), "hazchem", "30自然日"),
    ("查封、扣押与违法出版活动有关的物品", "WL", b(CBF, 7) + b(QZF, 25), "publishing", "30自然日"),
    ("暂时扣押违法捕捞的捕捞许可证、渔具或者渔船", "NY", b(YYF, 48), "fishery", ""),
    ("强制拆除违法建筑物、构筑物、设施", "ZF", b(QZF, 44), "construction", ""),
    ("对逾期不履行排除妨碍、恢复原状义务的代履行", "ZF", b(QZF, 50, 51), None, ""),
    ("立即代履行清除道路、河道、公共场所的遗洒物、障碍物或者污染物", "ZF", b(QZF, 52), None, ""),
    ("对到期不缴纳罚款的加处罚款", "ZF", b(CFF, 72) + b(QZF, 45), None, ""),
    ("拍卖查封、扣押的财物抵缴罚款", "ZF", b(QZF, 46), None, ""),
    ("证据先行登记保存", "ZF", b(CFF, 56), None, "7自然日"),
]

# The statutory township lists. (name, category, dept, extra bases, requirements)
# shared: on the town and the subdistrict template; basis 组织法 第76条 and 第86条
STAT_SHARED = [
    ("最低生活保障对象审核确认", "行政给付", "MZ", [], ""),
    ("特困人员救助供养审核", "行政给付", "MZ", [], ""),
    ("临时救助审批", "行政给付", "MZ", [], ""),
    ("高龄津贴发放对象核查", "行政给付", "MZ", [], ""),
    ("残疾人两项补贴资格复核", "行政给付", "MZ", [], ""),
    ("城乡居民基本养老保险待遇领取资格认证协助", "公共服务", "RS", [], ""),
    ("就业困难人员认定", "行政确认", "RS", [], ""),
    ("就业援助对象帮扶", "公共服务", "RS", [], ""),
    ("义务兵家庭优待金审核", "行政给付", "TY", [], ""),
    ("退役士兵接收和安置协助", "公共服务", "TY", [], ""),
    ("征兵工作组织实施", "其他行政权力", "TY", [], ""),
    ("人民调解委员会工作指导", "其他行政权力", "JUS", [], ""),
    ("民间纠纷处理", "行政裁决", "JUS", [], "cert:legal"),
    ("社区矫正工作协助", "其他行政权力", "JUS", [], ""),
    ("对本辖区生产经营单位安全生产状况的监督检查", "行政检查", "YJ", b(AQF, 9), "field:work-safety;cert:enforcement;min-certified:2"),
    ("生产安全事故应急救援预案制定和演练", "其他行政权力", "YJ", b(AQF, 80), ""),
    ("生产安全事故现场先期处置", "行政强制", "YJ", b(AQF, 80), "field:work-safety;cert:enforcement;min-certified:2;equip:vehicle"),
    ("自然灾害救助款物发放", "行政给付", "YJ", [], ""),
    ("对在安全生产工作中取得显著成绩的单位和个人的奖励", "行政奖励", "YJ", b(AQF, 19), ""),
    ("对在食品安全工作中做出突出贡献的单位和个人的表彰奖励", "行政奖励", "SCJ", b(SPF, 13), ""),
    ("独生子女父母光荣证发放", "行政确认", "WJ", [], ""),
    ("对基层群众性自治组织工作的指导", "其他行政权力", "MZ", b(ORG, 87), ""),
    ("居民列席有关会议制度的建立和实施", "其他行政权力", "MZ", b(ORG, 88), ""),
    ("殡葬管理", "其他行政权力", "MZ", [], ""),
    ("养老服务机构安全检查", "行政检查", "MZ", [], "cert:enforcement;min-certified:2"),
    ("流动人口居住登记协助", "公共服务", "GA", [], ""),
    ("社会治安综合治理", "其他行政权力", "GA", [], ""),
    ("消防安全检查（九小场所）", "行政检查", "YJ", [], "field:work-safety;cert:enforcement;min-certified:2;equip:bodycam"),
    ("防汛抗旱组织实施", "其他行政权力", "SW", [], ""),
    ("爱国卫生运动组织实施", "其他行政权力", "WJ", [], ""),
    ("突发公共卫生事件应急处置措施的组织实施", "行政强制", "WJ", [], "cert:enforcement;min-certified:2"),
    ("适龄儿童少年入学督促", "其他行政权力", "JY", [], ""),
    ("全民健身活动组织", "公共服务", "JY", [], ""),
    ("综合文化站公共文化服务", "公共服务", "WL", [], ""),
    ("辖区生态环境保护工作", "其他行政权力", "HB", [], ""),
    ("劳动保障监察协查", "行政检查", "RS", [], "cert:enforcement;min-certified:2"),
    ("根治拖欠农民工工资隐患排查", "其他行政权力", "RS", [], ""),
    ("社会救助家庭经济状况核对", "其他行政权力", "MZ", [], ""),
]
# statutory items of the shared template that are also on the enforcement list (mode statutory)
STAT_SHARED_ENFORCEMENT = ["对本辖区生产经营单位安全生产状况的监督检查", "生产安全事故现场先期处置",
                           "养老服务机构安全检查", "消防安全检查（九小场所）",
                           "突发公共卫生事件应急处置措施的组织实施", "劳动保障监察协查"]

# town template only; basis 组织法 第76条
STAT_TOWN = [
    ("农村村民宅基地申请审核批准", "行政许可", "NY", [], ""),
    ("乡村建设规划许可申请受理和初审", "其他行政权力", "ZR", [], ""),
    ("农村土地承包经营纠纷调解", "行政裁决", "NY", [], ""),
    ("农村土地经营权流转合同备案", "其他行政权力", "NY", [], ""),
    ("林木林地权属争议调处", "行政裁决", "ZR", [], "cert:legal"),
    ("个人之间、个人与单位之间土地使用权争议调处", "行政裁决", "ZR", [], "cert:legal"),
    ("农村集体经济组织财务监督检查", "行政检查", "NY", [], ""),
    ("耕地保护日常巡查", "行政检查", "ZR", [], "equip:vehicle"),
    ("地质灾害险情巡回检查", "行政检查", "ZR", b(DZF, 15), "equip:vehicle"),
    ("地质灾害群测群防", "其他行政权力", "ZR", b(DZF, 15), ""),
    ("对在地质灾害防治工作中做出突出贡献的单位和个人的奖励", "行政奖励", "ZR", b(DZF, 9), ""),
    ("动物疫病强制免疫组织实施", "其他行政权力", "NY", [], ""),
    ("重大动物疫情应急处置", "行政强制", "NY", [], "cert:enforcement;min-certified:2"),
    ("农作物重大病虫害防治组织", "其他行政权力", "NY", [], ""),
    ("农业机械安全监督检查", "行政检查", "NY", [], ""),
    ("农业技术推广服务", "公共服务", "NY", [], ""),
    ("耕地地力保护补贴申报审核", "行政给付", "NY", [], ""),
    ("农机购置与应用补贴申请受理", "行政给付", "NY", [], ""),
    ("种粮农民一次性补贴发放", "行政给付", "NY", [], ""),
    ("秸秆禁烧巡查", "行政检查", "HB", [], "equip:vehicle"),
    ("畜禽养殖污染防治巡查", "行政检查", "HB", [], ""),
    ("小型水利工程管理和维护", "其他行政权力", "SW", [], ""),
    ("河湖日常巡查", "行政检查", "SW", [], ""),
    ("农村饮水安全工程运行管理", "公共服务", "SW", [], ""),
    ("水事纠纷调处", "行政裁决", "SW", [], ""),
    ("村庄规划编制组织", "其他行政权力", "ZR", [], ""),
    ("农村人居环境整治", "其他行政权力", "NY", [], ""),
    ("农村公路建设养护管理", "其他行政权力", "JT", [], ""),
    ("农村公路路政巡查", "行政检查", "JT", [], "equip:vehicle"),
    ("乡镇渡口渡船安全管理", "行政检查", "JT", [], ""),
    ("村民委员会选举指导", "其他行政权力", "MZ", [], ""),
    ("村务公开和民主管理监督", "行政检查", "MZ", [], ""),
    ("农村留守儿童关爱保护", "公共服务", "MZ", [], ""),
    ("农村留守老年人关爱服务", "公共服务", "MZ", [], ""),
    ("农村危房改造申请审核", "行政给付", "ZJ", [], ""),
    ("乡村建设工匠培训管理", "其他行政权力", "ZJ", [], ""),
    ("集镇建设管理", "其他行政权力", "ZJ", [], ""),
    ("农贸市场管理协调", "其他行政权力", "SCJ", [], ""),
    ("农村集体资产清产核资", "其他行政权力", "NY", [], ""),
    ("森林防火巡查", "行政检查", "YJ", [], "equip:vehicle"),
    ("野外用火管理", "其他行政权力", "YJ", [], ""),
    ("林木采伐申请受理", "其他行政权力", "ZR", [], ""),
    ("退耕还林补助资金发放", "行政给付", "ZR", [], ""),
    ("征地补偿安置协助", "其他行政权力", "ZR", [], ""),
    ("土地综合整治项目实施", "其他行政权力", "ZR", [], ""),
    ("耕地恢复和撂荒地整治", "其他行政权力", "NY", [], ""),
    ("高标准农田建设管护", "其他行政权力", "NY", [], ""),
    ("农村集体经营性资产股份合作制改革指导", "其他行政权力", "NY", [], ""),
    ("农民专业合作社发展指导", "公共服务", "NY", [], ""),
    ("家庭农场名录管理", "其他行政权力", "NY", [], ""),
    ("对农产品生产者农产品质量安全的监督检查", "行政检查", "NY", [], ""),
    ("生猪等畜禽生产监测", "其他行政权力", "NY", [], ""),
    ("病死畜禽无害化处理监督", "行政检查", "NY", [], ""),
    ("长江流域重点水域禁捕退捕工作", "其他行政权力", "NY", [], ""),
    ("渔业安全生产管理", "其他行政权力", "NY", [], ""),
    ("乡镇卫生院公共卫生服务协调", "公共服务", "WJ", [], ""),
    ("村卫生室管理", "其他行政权力", "WJ", [], ""),
    ("农村户厕改造", "其他行政权力", "NY", [], ""),
    ("乡镇中小学校安全管理协调", "其他行政权力", "JY", [], ""),
    ("农村义务教育控辍保学", "其他行政权力", "JY", [], ""),
    ("乡村文化活动组织", "公共服务", "WL", [], ""),
    ("乡村旅游发展指导", "公共服务", "WL", [], ""),
    ("不可移动文物安全巡查", "行政检查", "WL", [], ""),
    ("农村客运安全管理", "其他行政权力", "JT", [], ""),
    ("农村道路交通安全管理", "其他行政权力", "GA", [], ""),
    ("农村房屋安全隐患排查", "行政检查", "ZJ", [], ""),
    ("农村自建房安全管理", "其他行政权力", "ZJ", [], ""),
    ("农村生活污水治理设施运行维护", "其他行政权力", "HB", [], ""),
    ("农村生活垃圾收运处置", "其他行政权力", "ZF", [], ""),
    ("乡镇集中式饮用水水源地保护", "其他行政权力", "HB", [], ""),
    ("脱贫人口防返贫动态监测帮扶", "其他行政权力", "NY", [], ""),
    ("乡村振兴项目实施管理", "其他行政权力", "NY", [], ""),
    ("农村低保对象入户核查", "行政检查", "MZ", [], ""),
    ("农村敬老院管理", "其他行政权力", "MZ", [], ""),
    ("乡镇机构编制执行情况自查", "其他行政权力", "EST", [], ""),
    ("乡镇行政执法公示", "其他行政权力", "JUS", [], ""),
]
STAT_TOWN_ADDED_2022 = ["耕地恢复和撂荒地整治", "农村自建房安全管理", "脱贫人口防返贫动态监测帮扶"]
STAT_TOWN_REMOVED_2022 = ["种粮农民一次性补贴发放"]

# subdistrict template only; basis 组织法 第86条
STAT_SUBDISTRICT = [
    ("社区居民委员会工作指导", "其他行政权力", "MZ", [], ""),
    ("社区网格化服务管理", "其他行政权力", "MZ", [], ""),
    ("物业管理活动指导和监督", "行政检查", "ZJ", [], ""),
    ("老旧小区改造组织协调", "其他行政权力", "ZJ", [], ""),
    ("城市市容和环境卫生管理", "其他行政权力", "ZF", [], ""),
    ("社区居家养老服务", "公共服务", "MZ", [], ""),
    ("城市社区违法建设巡查", "行政检查", "ZF", [], "equip:bodycam"),
    ("社区卫生服务协调", "公共服务", "WJ", [], ""),
    ("反映居民意见和要求", "其他行政权力", "MZ", [], ""),
    ("业主大会成立和业主委员会选举指导", "其他行政权力", "ZJ", [], ""),
]
STAT_SUB_ADDED_2022 = ["老旧小区改造组织协调", "业主大会成立和业主委员会选举指导"]
STAT_SUB_REMOVED_2022 = ["社区卫生服务协调"]

# Territorial list (属地事项): (name, category, department, extra bases)
# primary: the township leads, the department cooperates; cooperating: the department leads.
TERR_PRIMARY = [
    ("辖区安全生产网格化巡查", "其他行政权力", "YJ", b(AQF, 9)),
    ("生产经营单位安全生产宣传教育", "其他行政权力", "YJ", b(AQF, 9)),
    ("小场所、小作坊消防安全隐患排查", "其他行政权力", "YJ", []),
    ("地质灾害重点防范期巡查值守", "其他行政权力", "ZR", b(DZF, 15)),
    ("地质灾害隐患点群测群防员管理", "其他行政权力", "ZR", b(DZF, 15)),
    ("受地质灾害威胁群众避险转移组织", "其他行政权力", "ZR", b(DZF, 15)),
    ("森林草原防灭火宣传和巡护", "其他行政权力", "YJ", []),
    ("烟花爆竹非法储存销售排查", "其他行政权力", "YJ", []),
    ("居民燃气使用安全宣传和入户排查", "其他行政权力", "ZJ", []),
    ("餐饮场所燃气安全隐患排查", "其他行政权力", "ZJ", []),
    ("违法建设巡查发现、制止和报告", "其他行政权力", "ZF", []),
    ("农村乱占耕地建房巡查", "其他行政权力", "ZR", []),
    ("耕地“非农化”“非粮化”巡查", "其他行政权力", "ZR", []),
    ("非法采矿采砂巡查报告", "其他行政权力", "ZR", []),
    ("河道管理范围内违法行为巡查", "其他行政权力", "SW", []),
    ("山洪灾害预警和人员转移", "其他行政权力", "SW", []),
    ("山坪塘、小型水库安全巡查", "其他行政权力", "SW", []),
    ("禁渔期非法捕捞巡查", "其他行政权力", "NY", []),
    ("动物疫情巡查和报告", "其他行政权力", "NY", []),
    ("病死畜禽随意抛弃巡查", "其他行政权力", "NY", []),
    ("秸秆综合利用和露天焚烧巡查", "其他行政权力", "HB", []),
    ("“散乱污”企业排查", "其他行政权力", "HB", []),
    ("农村黑臭水体巡查", "其他行政权力", "HB", []),
    ("餐饮油烟和噪声扰民问题巡查", "其他行政权力", "HB", []),
    ("城乡环境卫生保洁", "其他行政权力", "ZF", []),
    ("占道经营和流动摊贩巡查", "其他行政权力", "ZF", []),
    ("户外广告和招牌设施巡查", "其他行政权力", "ZF", []),
    ("食品小作坊、小经营店和摊贩日常巡查", "其他行政权力", "SCJ", b(SPF, 36)),
    ("农村集体聚餐食品安全指导", "其他行政权力", "SCJ", []),
    ("学校周边食品安全巡查", "其他行政权力", "SCJ", []),
    ("特种设备安全隐患排查报告", "其他行政权力", "SCJ", []),
    ("非法集资风险排查", "其他行政权力", "SCJ", []),
    ("困难群众动态排查和救助发现", "其他行政权力", "MZ", []),
    ("留守儿童、困境儿童信息摸排", "其他行政权力", "MZ", []),
    ("独居和空巢老人探访关爱", "公共服务", "MZ", []),
    ("殡葬违规行为巡查劝阻", "其他行政权力", "MZ", []),
    ("欠薪问题矛盾排查和化解", "其他行政权力", "RS", []),
    ("就业失业信息采集和就业帮扶", "公共服务", "RS", []),
    ("矛盾纠纷排查化解", "其他行政权力", "JUS", []),
    ("法治宣传教育", "公共服务", "JUS", []),
    ("流动人口和出租房屋信息采集", "其他行政权力", "GA", []),
    ("社会治安重点地区排查整治", "其他行政权力", "GA", []),
    ("农村道路交通安全劝导站管理", "其他行政权力", "GA", []),
    ("校园周边安全巡查", "其他行政权力", "JY", []),
    ("防溺水宣传和重点水域巡查", "其他行政权力", "JY", []),
    ("传染病防控和疫情信息报告", "其他行政权力", "WJ", []),
    ("爱国卫生和病媒生物防制", "其他行政权力", "WJ", []),
    ("文物安全巡查看护", "其他行政权力", "WL", []),
    ("文化市场日常巡查", "其他行政权力", "WL", []),
    ("非法出版物和“扫黄打非”巡查", "其他行政权力", "WL", []),
    ("农村公路日常养护巡查", "其他行政权力", "JT", []),
    ("农村客运和非法营运巡查", "其他行政权力", "JT", []),
    ("水上交通安全劝导", "其他行政权力", "JT", []),
    ("城乡既有房屋安全隐患排查", "其他行政权力", "ZJ", []),
    ("建筑施工扬尘巡查", "其他行政权力", "ZJ", []),
    ("物业小区矛盾纠纷协调", "其他行政权力", "ZJ", []),
    ("退役军人信息采集和走访慰问", "公共服务", "TY", []),
    ("医疗保障政策宣传和参保动员", "公共服务", "YB", []),
    ("欺诈骗保线索发现报告", "其他行政权力", "YB", []),
    ("基层政务服务事项代办帮办", "公共服务", "SP", []),
]
TERR_PRIMARY_ADDED_2022 = [("自建房经营安全隐患排查整治", "其他行政权力", "ZJ", [])]
# cooperating in 2021, primary from the 2022 adjustment (a boundary dispute ruled by the 编办)
TERR_SWITCHED_2022 = ("电动自行车充电安全隐患排查", "其他行政权力", "YJ", b(AQF, 9))
TERR_COOPERATING = [
    ("食品安全抽检抽样配合", "其他行政权力", "SCJ", []),
    ("食品安全事故调查处置配合", "其他行政权力", "SCJ", []),
    ("生产安全事故调查配合", "其他行政权力", "YJ", []),
    ("危险化学品企业安全监管配合", "其他行政权力", "YJ", []),
    ("非煤矿山安全监管配合", "其他行政权力", "YJ", []),
    ("地质灾害治理工程实施配合", "其他行政权力", "ZR", []),
    ("土地执法查处配合", "其他行政权力", "ZR", []),
    ("不动产登记资料收集配合", "其他行政权力", "ZR", []),
    ("国土空间规划编制配合", "其他行政权力", "ZR", []),
    ("重大动物疫病扑杀和无害化处理配合", "其他行政权力", "NY", []),
    ("农作物种子市场检查配合", "其他行政权力", "NY", []),
    ("渔业行政执法配合", "其他行政权力", "NY", []),
    ("生态环境执法检查配合", "其他行政权力", "HB", []),
    ("突发环境事件应急处置配合", "其他行政权力", "HB", []),
    ("饮用水水源地环境整治配合", "其他行政权力", "HB", []),
    ("河湖“清四乱”整治配合", "其他行政权力", "SW", []),
    ("水土保持监督检查配合", "其他行政权力", "SW", []),
    ("水利工程建设征地拆迁配合", "其他行政权力", "SW", []),
    ("违法建筑强制拆除配合", "其他行政权力", "ZF", []),
    ("城市管理综合执法配合", "其他行政权力", "ZF", []),
    ("建筑工程质量安全监督配合", "其他行政权力", "ZJ", []),
    ("燃气经营安全监管配合", "其他行政权力", "ZJ", []),
    ("城市危旧房改造配合", "其他行政权力", "ZJ", []),
    ("交通运输执法配合", "其他行政权力", "JT", []),
    ("道路交通事故处置配合", "其他行政权力", "GA", []),
    ("治安案件调查配合", "其他行政权力", "GA", []),
    ("禁毒宣传和吸毒人员管控配合", "其他行政权力", "GA", []),
    ("传染病疫情流行病学调查配合", "其他行政权力", "WJ", []),
    ("医疗机构执业监督配合", "其他行政权力", "WJ", []),
    ("学校安全隐患整治配合", "其他行政权力", "JY", []),
    ("文化市场综合执法配合", "其他行政权力", "WL", []),
    ("旅游安全检查配合", "其他行政权力", "WL", []),
    ("劳动保障监察执法配合", "其他行政权力", "RS", []),
    ("社会保险稽核配合", "其他行政权力", "RS", []),
    ("医保基金监督检查配合", "其他行政权力", "YB", []),
    ("社会组织监督管理配合", "其他行政权力", "MZ", []),
    ("养老机构安全检查配合", "其他行政权力", "MZ", []),
    ("退役军人权益维护配合", "其他行政权力", "TY", []),
    ("行政复议和行政应诉配合", "其他行政权力", "JUS", []),
    ("特种设备事故调查配合", "其他行政权力", "SCJ", []),
    ("价格监督检查配合", "其他行政权力", "SCJ", []),
    ("商品质量监督抽查配合", "其他行政权力", "SCJ", []),
    ("安置房建设和分配配合", "其他行政权力", "ZJ", []),
    ("征地拆迁补偿配合", "其他行政权力", "ZR", []),
    ("森林火灾扑救配合", "其他行政权力", "YJ", []),
]
TERR_COOPERATING_ADDED_2022 = [
    ("机构编制实名制管理配合", "其他行政权力", "EST", []),
    ("行政执法协调监督配合", "其他行政权力", "JUS", []),
]

# Approval powers (行政许可) from the service-items file, by its item name.
# (csv name, name to use or None, dept override or None, extra bases, field or None)
LICENCES_GRANT_2021 = [
    ("个体工商户设立登记", None, None, [], None),
    ("食品(含保健食品)经营许可核发", None, None, b(SPF, 35), "food"),
    ("出版物零售单位和个体工商户设立审批", "出版物零售业务经营许可", "WL", b(CBF, 35), "publishing"),
    ("公共场所卫生许可新办审批（县级）", None, None, [], None),
    ("烟花爆竹经营（零售）许可证核发", None, None, [], "work-safety"),
    ("临时性建筑物搭建、堆放物料、占道施工审批", None, None, [], "construction"),
    ("占用、挖掘普通公路、普通公路用地或者使公路改线审批", None, None, [], "transport"),
    ("设置大型户外广告的审批", None, None, [], "planning"),
    ("乡村医生执业再注册", None, None, [], None),
    ("河道管理范围内有关活动（不含河道采砂）审批", None, None, [], "water"),
]
LICENCES_ENTR_2022A = [
    ("农药经营许可证核发（其他农药）", None, None, [], None),
    ("动物防疫条件合格证核发（动物饲养场、养殖小区和动物屠宰加工场）", None, None, [], None),
    ("兽药经营许可证核发（普通兽药）", None, None, [], None),
    ("取水许可证新办审批", None, None, [], "water"),           # removed by opt-2023
]
LICENCES_ENTR_2022B = [
    ("举办营业性演出审批", None, None, [], "culture"),
    ("临时占用公共体育场（馆）设施审批（县级）", None, None, [], "culture"),
]
LICENCES_CATALOGUE_ONLY = [
    ("公路超限运输许可", None, None, [], "transport"),
    ("燃气经营许可证新办", None, None, [], "construction"),
    ("渔业捕捞许可审批", None, None, b(YYF, 41), "fishery"),
    ("新建或迁建农村机电提灌站审批", None, None, [], "water"),
]

# Other administrative powers on the empowerment list: (source, name, category, dept, bases, field)
# source "csv" = name (and platform code) from the service-items file, "inv" = invented
OTHER_GRANT_2021 = [
    ("csv", "农村机电提灌站产权登记", None, None, [], None),
    ("csv", "出售废旧机电提灌设备及其主要零部件的确认", None, None, [], None),
    ("csv", "临时便民服务摊点设置", None, None, [], None),
    ("csv", "拆除工程施工备案", None, None, [], "construction"),
    ("csv", "动物收购贩运备案", None, None, [], None),                     # removed by opt-2023
    ("csv", "畜禽养殖场、养殖小区备案", None, None, [], None),
    ("csv", "食品小经营店备案发放", None, None, b(SPF, 36), "food"),
    ("csv", "食品小经营店备案变更", None, None, b(SPF, 36), "food"),
    ("inv", "城镇生活垃圾处理费征收", "行政征收", "ZF", [], None),
    ("inv", "对报告重大事故隐患或者举报安全生产违法行为的有功人员的奖励", "行政奖励", "YJ", b(AQF, 76), None),
]
OTHER_ENTR_2022A = [
    ("csv", "对计量纠纷进行调解及仲裁检定", None, None, [], None),
    ("csv", "非政府投资或补助的农村能源工程初步设计方案的备案", None, None, [], None),
]
OTHER_ENTR_2022B = [
    ("inv", "农村部分计划生育家庭奖励扶助金", "行政给付", "WJ", [], None),
    ("inv", "计划生育家庭特别扶助金", "行政给付", "WJ", [], None),
    ("csv", "生产性废旧金属收购业备案", None, None, [], None),
    ("csv", "设立演出场所经营单位备案", None, None, [], "culture"),
]
OTHER_CATALOGUE_ONLY = [
    ("csv", "无公害农产品认定", None, None, [], None),
    ("csv", "慈善组织认定", None, None, [], None),
    ("csv", "突发环境事件应急预案备案", None, None, [], "environment"),
    ("csv", "医院评审", None, None, [], None),
    ("inv", "对在渔业资源增殖保护中成绩显著的单位和个人的奖励", "行政奖励", "NY", b(YYF, 5), "fishery"),
]
# parent (主项) of the two 食品小作坊/小经营店 items, from the service-items file's main item
FOOD_FILING_PARENT = "对食品小作坊、小经营店进行备案"

# Public services: parent (主项) -> sub-items. (parent name, dept, [(source, name)])
PUBLIC_SERVICES = [
    ("居住证服务", "GA", [("csv", "居住证办理"), ("inv", "居住证签注")]),
    ("户籍证明服务", "GA", [("csv", "户口登记项目内容变更更正证明"), ("csv", "注销户口证明"), ("csv", "临时身份证明"),
                      ("csv", "无犯罪记录证明"), ("csv", "亲属关系证明"), ("csv", "被拐儿童身份证明"),
                      ("csv", "捡拾弃婴（儿童）报案证明"), ("csv", "非正常死亡证明")]),
    ("居民身份证服务", "GA", [("csv", "居民身份证办理（包括临时）"), ("csv", "居民身份证挂失申报、丢失招领"),
                       ("csv", "居民身份证跨省异地办理"), ("csv", "居民身份证省内异地办理")]),
    ("特种行业备案服务", "GA", [("csv", "旧货业备案"), ("csv", "旧手机交易业备案"), ("csv", "开锁业备案")]),
    ("户外招牌设施服务", "ZF", [("inv", "门头招牌设置咨询指导")]),
    ("普通公路信息查询服务", "JT", [("csv", "普通公路行业技术标准查询"), ("csv", "普通公路行业政策制度查询"),
                             ("csv", "普通公路参建单位（设计、施工、监理等）相关资质、信用等级查询"),
                             ("csv", "普通公路项目信息（进度、资金补助政策等）查询")]),
    ("农村能源服务", "NY", [("csv", "农村能源工程报废")]),
    ("农村土地承包经营纠纷仲裁服务", "NY", [("csv", "受理农村土地承包经营纠纷仲裁申请")]),
    ("老年人优待服务", "WJ", [("csv", "申领《四川省老年人优待证》")]),
    ("卫生健康备案服务", "WJ", [("csv", "义诊活动备案"), ("csv", "乙类公共场所备案"), ("csv", "外出健康体检备案"),
                         ("csv-", "医师定期考核结果备案"), ("csv-", "放射工作人员证办理")]),
    ("住宅专项维修资金服务", "ZJ", [("csv", "住宅专项维修资金交存"), ("csv", "住宅专项维修资金使用备案"),
                           ("csv", "住宅专项维修资金查询"), ("csv", "住宅专项维修资金分户账更名")]),
    ("住房保障服务", "ZJ", [("csv", "公租房租金缴纳"), ("csv", "住房保障家庭租赁补贴发放"),
                      ("csv", "公共租赁住房申请资格审核认定"), ("csv", "危旧房棚户区改造信息查询"),
                      ("csv", "农村危房改造农户档案信息查询")]),
    ("审批辅助服务", "SP", [("csv", "企业登记档案资料查询"),
                      ("csv-", "出具民办非企业单位开立验资账户通知书"), ("csv-", "出具社会团体开立验资账户通知书")]),
    ("城乡居民养老保险服务", "RS", [("inv", "城乡居民基本养老保险参保登记"), ("inv", "城乡居民基本养老保险待遇申领"),
                           ("inv", "城乡居民基本养老保险关系转移接续申请"), ("inv", "城乡居民基本养老保险注销登记"),
                           ("inv", "城乡居民基本养老保险缴费档次变更")]),
    ("就业创业服务", "RS", [("inv", "就业登记"), ("inv", "失业登记"), ("inv", "就业创业证申领"),
                      ("inv", "创业担保贷款申请受理"), ("inv", "灵活就业人员社会保险补贴申领"),
                      ("inv", "公益性岗位补贴申领"), ("inv", "职业介绍服务")]),
    ("职业技能培训服务", "RS", [("inv", "职业技能培训报名"), ("inv", "职业培训补贴申领")]),
    ("城乡居民医疗保险服务", "YB", [("inv", "城乡居民基本医疗保险参保登记"), ("inv", "城乡居民基本医疗保险参保信息变更"),
                           ("inv", "基本医疗保险关系转移接续"), ("inv", "异地就医备案"),
                           ("inv", "门诊慢特病待遇认定申请受理"), ("inv", "医疗费用手工（零星）报销申请受理"),
                           ("inv", "医保电子凭证激活服务")]),
    ("生育保险服务", "YB", [("inv", "生育医疗费用报销申请受理"), ("inv", "生育津贴申领受理")]),
    ("社会救助服务", "MZ", [("inv", "最低生活保障申请受理"), ("inv", "特困人员救助供养申请受理"),
                      ("inv", "临时救助申请受理"), ("inv", "低收入人口认定申请受理")]),
    ("残疾人服务", "MZ", [("inv", "残疾人证申领受理"), ("inv", "困难残疾人生活补贴申请受理"),
                     ("inv", "重度残疾人护理补贴申请受理")]),
    ("养老服务", "MZ", [("inv", "高龄津贴申领受理"), ("inv", "居家养老服务补贴申请受理"), ("inv", "老年人助餐服务")]),
    ("婚姻和殡葬服务", "MZ", [("inv", "婚姻登记预约服务"), ("inv", "惠民殡葬补贴申领")]),
    ("儿童福利服务", "MZ", [("inv", "孤儿和事实无人抚养儿童基本生活费申请受理")]),
    ("退役军人服务", "TY", [("inv", "退役军人优待证申领受理"), ("inv", "退役军人信息采集"),
                       ("inv", "烈士纪念设施祭扫服务"), ("inv", "退役士兵待安排工作期间生活费申领"),
                       ("inv", "优抚对象医疗补助申请受理")]),
    ("教育体育服务", "JY", [("inv", "义务教育入学登记"), ("inv", "学生资助申请受理"), ("inv", "学校体育场地开放预约")]),
    ("公共法律服务", "JUS", [("inv", "法律援助申请受理转交"), ("inv", "法律咨询服务"), ("inv", "人民调解申请受理"),
                       ("inv", "公证预约服务")]),
    ("农业农村服务", "NY", [("inv", "农业技术咨询服务"), ("inv", "农业保险投保服务"),
                      ("inv", "农村集体经济组织成员身份信息查询")]),
    ("计划生育服务", "WJ", [("inv", "生育登记服务"), ("inv", "独生子女父母奖励金申领")]),
    ("便民服务", "SP", [("inv", "政务服务事项代办帮办"), ("inv", "证照寄递服务"), ("inv", "政务服务“好差评”受理")]),
    ("文化旅游服务", "WL", [("inv", "公共文化场馆开放预约")]),
]
# public services added by the 2022 and 2023 adjustments; removed by the 2023 adjustment
PS_ADDED_2022 = ["职业技能培训报名", "职业培训补贴申领", "生育医疗费用报销申请受理", "生育津贴申领受理",
                 "残疾人证申领受理", "困难残疾人生活补贴申请受理", "重度残疾人护理补贴申请受理",
                 "退役士兵待安排工作期间生活费申领", "优抚对象医疗补助申请受理", "惠民殡葬补贴申领"]
PS_ADDED_2023 = ["医保电子凭证激活服务", "公证预约服务", "老年人助餐服务", "证照寄递服务", "政务服务“好差评”受理"]
PS_REMOVED_2023 = ["普通公路行业技术标准查询", "普通公路行业政策制度查询"]
# three items whose platform code is in an unknown format (the importer keeps them with a warning)
ODD_PLATFORM_CODES = {
    "政务服务事项代办帮办": "GA-511602-XYZ",
    "居住证签注": "DA-BMFW-2023-017",
    "门头招牌设置咨询指导": "510304-ZF-0086",
}

# --------------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------------

GOV = "自贡市大安区人民政府"
GOV_OFFICE = "自贡市大安区人民政府办公室"
BIANWEI = "中共自贡市大安区委机构编制委员会"

# key, 文号, title, issuer, date, kind, published_on
# A decision that adds granted or entrusted entries is published on its effective date
# (a delegation may not start before its publication); the others a few days later.
DECISIONS = [
    ("prov-catalogue", "川办发〔2020〕85号",
     "四川省人民政府办公厅关于印发《四川省赋予乡镇（街道）县级行政权力事项指导目录》的通知",
     "四川省人民政府办公厅", "2020-11-20", "provincial-catalogue", "2020-11-24"),
    ("st-2021", "大安府发〔2021〕5号", "自贡市大安区人民政府关于印发《大安区镇（街道）法定权力清单》的通知",
     GOV, "2021-03-12", "list-issuance", "2021-03-15"),
    ("terr-2021", "大安编发〔2021〕3号",
     "中共自贡市大安区委机构编制委员会关于印发《大安区镇（街道）属地管理主体责任和配合责任事项清单》的通知",
     BIANWEI, "2021-04-16", "list-issuance", "2021-04-19"),
    ("grant-2021", "大安府发〔2021〕11号", "自贡市大安区人民政府关于赋予镇（街道）部分县级行政权力事项的决定",
     GOV, "2021-06-25", "grant-decision", "2021-06-25"),
    ("appr-2021", "大安府办发〔2021〕16号",
     "自贡市大安区人民政府办公室关于委托镇（街道）便民服务中心办理公共服务事项的通知",
     GOV_OFFICE, "2021-08-10", "entrustment", "2021-08-10"),
    ("enf-grant-2021", "大安府发〔2021〕17号",
     "自贡市大安区人民政府关于在镇（街道）推行综合行政执法赋予部分县级行政执法权限的决定",
     GOV, "2021-10-11", "grant-decision", "2021-10-11"),
    ("enf-2021", "大安府办发〔2021〕23号",
     "自贡市大安区人民政府办公室关于印发《大安区镇（街道）综合行政执法事项清单》的通知",
     GOV_OFFICE, "2021-10-15", "list-issuance", "2021-10-18"),
    ("terr-2022", "大安编发〔2022〕2号",
     "中共自贡市大安区委机构编制委员会关于调整大安区镇（街道）属地管理事项清单的通知",
     BIANWEI, "2022-03-08", "adjustment", "2022-03-10"),
    ("st-2022", "大安府发〔2022〕4号", "自贡市大安区人民政府关于调整大安区镇（街道）法定权力清单的通知",
     GOV, "2022-03-25", "adjustment", "2022-03-28"),
    ("entr-2022a", "大安府办发〔2022〕9号",
     "自贡市大安区人民政府办公室关于委托镇（街道）实施第一批县级行政权力事项的通知",
     GOV_OFFICE, "2022-05-20", "entrustment", "2022-05-20"),
    ("entr-2022b", "大安府办发〔2022〕21号",
     "自贡市大安区人民政府办公室关于委托镇（街道）实施第二批县级行政权力事项的通知",
     GOV_OFFICE, "2022-09-16", "entrustment", "2022-09-16"),
    ("appr-2022", "大安府办发〔2022〕26号",
     "自贡市大安区人民政府办公室关于调整镇（街道）审批服务事项清单的通知",
     GOV_OFFICE, "2022-10-28", "adjustment", "2022-10-28"),
    ("enf-grant-2022", "大安府发〔2022〕15号",
     "自贡市大安区人民政府关于赋予镇（街道）第二批综合行政执法权限的决定",
     GOV, "2022-11-25", "grant-decision", "2022-11-25"),
    ("opt-2023", "大安府发〔2023〕7号",
     "自贡市大安区人民政府关于优化调整赋予镇（街道）县级行政权力事项的决定",
     GOV, "2023-06-16", "adjustment", "2023-06-19"),
    ("recall-2023", "大安府办发〔2023〕14号",
     "自贡市大安区人民政府办公室关于收回部分委托镇（街道）实施的县级行政权力事项的通知",
     GOV_OFFICE, "2023-08-25", "recall", "2023-08-28"),
    ("appr-2023", "大安府办发〔2023〕19号",
     "自贡市大安区人民政府办公室关于调整镇（街道）审批服务事项清单的通知",
     GOV_OFFICE, "2023-09-22", "adjustment", "2023-09-22"),
    ("enf-grant-2023", "大安府发〔2023〕16号",
     "自贡市大安区人民政府关于调整赋予镇（街道）综合行政执法权限的决定",
     GOV, "2023-11-10", "grant-decision", "2023-11-10"),
]
DECISION_PURPOSE = {
    "prov-catalogue": "省级赋权目录（赋权事项须在目录内；plan.csv 不引用）",
    "st-2021": "法定权力清单：镇 111 项、街道 46 项",
    "terr-2021": "属地事项清单：主体责任 60 项、配合责任 46 项",
    "grant-2021": "第一批赋权 90 项（赋权），同时列入审批清单（10 项许可）和执法清单（70 项）",
    "appr-2021": "委托镇街办理公共服务事项 80 小项（审批服务清单）",
    "enf-grant-2021": "综合行政执法赋权：区县部门的处罚及相关强制、检查权 134 项（赋权，列入执法清单）",
    "enf-2021": "印发执法清单；其中镇街依法自有的执法事项 6 项（法定）",
    "terr-2022": "属地清单调整：1 项配合改主体，新增主体 1 项、配合 2 项 → 62 / 47",
    "st-2022": "法定清单调整：镇 +3 −1 → 113，街道 +2 −1 → 47",
    "entr-2022a": "第一批委托 30 项（含畜禽品种、地质灾害处罚）",
    "entr-2022b": "第二批委托 20 项（含剧毒化学品销售处罚）",
    "appr-2022": "审批服务清单新增公共服务 10 小项 → 90",
    "enf-grant-2022": "第二批综合行政执法赋权 8 项（执法清单）",
    "opt-2023": "赋权事项优化调整：取消 12 项（同步调出审批、执法清单）",
    "recall-2023": "收回委托事项 2 项（同步调出执法清单）→ 赋权 126 项",
    "appr-2023": "审批服务清单公共服务 +5 −2 → 93 小项",
    "enf-grant-2023": "综合行政执法赋权调整 +4 −2 → 执法事项 246 项",
}

# how many items of each kind go into each batch (the rest of the design is in build_plan)
PENALTIES_GRANT_2021 = 57
PENALTIES_ENTR_2022A = 22
PENALTIES_ENTR_2022B = 13
# 行政强制措施权不得委托 (行政强制法 第17条): coercion is only granted, never entrusted
COERCION_BATCHES = (7, 0, 0)          # grant-2021, entr-2022a, entr-2022b
INSPECTION_BATCHES = (6, 2, 1)
ENF_STATUTORY_2021 = 140
ENF_STATUTORY_ADDED_2022 = 8
ENF_STATUTORY_ADDED_2023 = 4
ENF_STATUTORY_REMOVED_2023 = 2

# --------------------------------------------------------------------------------------------
# Duties and accountability (责任事项 / 追责情形), per category
# --------------------------------------------------------------------------------------------

DUTIES = {
    "行政许可": "受理责任：公示办理条件、程序和材料清单，依法受理或者不予受理，材料不全的一次性告知补正；"
            "审查责任：审查申请材料，必要时实地核查；决定责任：在承诺时限内作出准予或者不予许可决定，不予许可的说明理由；"
            "送达责任：制发并送达证件，依法公开；事后监管责任：对被许可人开展监督检查。",
    "行政处罚": "立案责任：发现或者接到举报的违法行为及时审查，决定是否立案；调查责任：两名以上持证执法人员调查取证，"
            "出示执法证件，全过程记录；审查责任：审查案件事实、证据和处罚意见，重大处罚决定进行法制审核；"
            "告知责任：告知拟作出处罚的事实、理由、依据及陈述、申辩和听证权利；决定责任：依法作出处罚决定；"
            "送达责任：依法送达处罚决定书；执行责任：督促履行，依法强制执行。",
    "行政强制": "审批责任：实施前向行政机关负责人报告并经批准；实施责任：两名以上持证执法人员实施，通知当事人到场，"
            "制作现场笔录和决定书、清单并当场交付；保管责任：妥善保管查封、扣押的财物；"
            "处理责任：在法定期限内作出处理决定，及时解除不再需要的强制措施。",
    "行政检查": "检查责任：制定检查计划，按照“双随机、一公开”要求实施检查，出示执法证件；处置责任：对发现的问题责令改正，"
            "依法处理或者移送；记录责任：如实记录检查情况并由检查人员签字归档；公开责任：依法公开检查结果。",
    "行政征收": "告知责任：公开征收项目、标准和依据；核定责任：依法核定应缴数额；征收责任：开具合法票据，按时足额征收；"
            "管理责任：征收款项按规定缴入国库。",
    "行政给付": "受理责任：公示给付条件、标准和材料，依法受理申请；审核责任：入户调查、民主评议、公示；"
            "决定责任：作出给付或者不予给付决定并说明理由；发放责任：按时足额发放；监管责任：动态管理，及时停发。",
    "行政确认": "受理责任：公示确认条件和材料，依法受理申请；审查责任：审查材料，必要时实地核查；"
            "决定责任：作出确认或者不予确认决定并说明理由；送达责任：制发并送达确认文书；监管责任：建立档案，依法公开。",
    "行政奖励": "制定责任：拟定奖励方案并公布条件和程序；评审责任：组织推荐、评审和公示；决定责任：作出奖励决定；"
            "兑现责任：按时兑现奖励；其他责任：对弄虚作假取得奖励的依法撤销。",
    "行政裁决": "受理责任：依法受理裁决申请或者告知不予受理理由；审理责任：通知当事人，听取陈述、调查取证，组织调解；"
            "裁决责任：依法作出裁决并说明理由；送达责任：送达裁决书并告知救济途径；执行责任：督促履行。",
    "其他行政权力": "受理责任：公示办理条件和程序，依法受理；审查责任：审查材料，必要时实地核查；决定责任：依法办理并说明理由；"
                "送达责任：及时告知结果；监管责任：建立台账，加强事中事后监管。",
    "公共服务": "受理责任：公示服务事项、条件、材料和时限，一次性告知；办理责任：按照规范流程办理，能即办的即时办结；"
            "告知责任：及时告知办理结果；服务责任：提供咨询、帮办代办，接受“好差评”。",
}
ACCOUNTABILITY = {
    "行政许可": "对符合法定条件的申请不予受理的；对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；"
            "对符合法定条件的申请人不予许可或者不在法定期限内作出决定的；不依法履行监督职责或者监督不力造成严重后果的；"
            "索取或者收受他人财物、谋取其他利益的；其他违反法律法规规章规定的行为。",
    "行政处罚": "没有法定依据或者擅自改变处罚种类、幅度的；违反法定程序实施处罚的；执法人员少于两人或者未出示执法证件的；"
            "应当进行法制审核而未审核的；对应当予以制止和处罚的违法行为不予制止、处罚的；滥用职权、玩忽职守、徇私舞弊的；"
            "其他违反法律法规规章规定的行为。",
    "行政强制": "没有法律、法规依据实施强制措施的；改变强制对象、条件、方式的；违反法定程序实施的；"
            "扩大查封、扣押范围的；使用或者损毁查封、扣押财物的；不及时解除强制措施的；其他违法实施行政强制的行为。",
    "行政检查": "未按规定开展检查或者检查中发现问题不依法处理的；违反规定重复检查、干扰正常生产经营的；"
            "泄露被检查单位商业秘密的；索取或者收受被检查单位财物的；其他失职渎职行为。",
    "行政征收": "违法设定或者擅自改变征收项目、标准的；不开具合法票据的；截留、挪用、私分征收款项的；其他违法行为。",
    "行政给付": "对符合条件的申请不予受理或者不予给付的；对不符合条件的申请人给付的；未按时足额发放的；"
            "截留、挤占、挪用给付资金的；其他违法行为。",
    "行政确认": "对符合条件的申请不予确认的；对不符合条件的申请予以确认的；未在规定时限内办结的；"
            "违法收取费用或者索取、收受财物的；其他违法行为。",
    "行政奖励": "违反规定程序评审的；对不符合条件的单位或者个人予以奖励的；不按规定兑现奖励的；弄虚作假、徇私舞弊的。",
    "行政裁决": "对符合条件的裁决申请不予受理的；违反法定程序作出裁决的；裁决明显不当的；徇私舞弊、偏袒一方的；其他违法行为。",
    "其他行政权力": "不依法履行职责的；未在规定时限内办结的；滥用职权、玩忽职守、徇私舞弊的；其他违反法律法规规章规定的行为。",
    "公共服务": "不一次性告知或者推诿、刁难服务对象的；未在承诺时限内办结的；违规收取费用的；服务态度恶劣造成不良影响的。",
}

# --------------------------------------------------------------------------------------------
# Building the catalogue
# --------------------------------------------------------------------------------------------


class Catalogue:
    def __init__(self, laws):
        self.laws = laws
        self.items = OrderedDict()     # code -> dict
        self.by_name = {}
        self.seq = Counter()

    def new_code(self, category):
        self.seq[category] += 1
        return "DA-%s-%04d" % (CAT_PREFIX[category], self.seq[category])

    def add(self, name, category, dept_key, bases, requirements="", platform_code="", code=None,
            parent=None, statutory_limit=None, promised_limit=None):
        if name in self.by_name:
            raise SystemExit("duplicate item name: " + name)
        if code is None:
            code = self.new_code(category)
        if code in self.items:
            raise SystemExit("duplicate item code: " + code)
        for law, art in bases:
            if art not in self.laws.get(law, {}):
                raise SystemExit("legal basis does not exist: %s第%d条 (%s)" % (law, art, name))
        if statutory_limit is None or promised_limit is None:
            sl, pl = default_limits(category, len(self.items))
            statutory_limit = sl if statutory_limit is None else statutory_limit
            promised_limit = pl if promised_limit is None else promised_limit
        it = {
            "code": code, "name": name, "category": category,
            "parent_code": parent or "",
            "department": D[dept_key], "dept_key": dept_key,
            "legal_basis": ";".join("%s第%d条" % (law, art) for law, art in bases),
            "duties": DUTIES[category], "accountability": ACCOUNTABILITY[category],
            "statutory_limit": statutory_limit, "promised_limit": promised_limit,
            "requirements": requirements, "platform_code": platform_code,
        }
        self.items[code] = it
        self.by_name[name] = code
        return code


def default_limits(category, i):
    if category == "行政许可":
        return "20工作日", "%d工作日" % (5, 7, 10, 12, 15)[i % 5]
    if category == "行政处罚":
        return "90自然日", ""
    if category == "公共服务":
        return "", "%d工作日" % (1, 3, 5)[i % 3]
    if category in ("行政给付", "行政确认", "其他行政权力"):
        return "", "%d工作日" % (5, 10, 15)[i % 3]
    if category == "行政裁决":
        return "", "30工作日"
    return "", ""


def reqs(*parts):
    out = []
    for p in parts:
        if p:
            out.extend(x for x in p.split(";") if x)
    seen = []
    for x in out:
        if x not in seen:
            seen.append(x)
    return ";".join(seen)


def enforcement_reqs(field):
    return reqs("cert:enforcement", "min-certified:2", ("field:" + field) if field else "")


def load_service_items(data_dir):
    path = os.path.join(data_dir, "service-items", "guangan-items-part1.csv")
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    by_name = defaultdict(list)
    for r in rows:
        by_name[r["name"]].append(r)
    return rows, by_name


def csv_row(by_name, name):
    cands = [r for r in by_name.get(name, []) if PLATFORM_CODE_RE.match(r["item_code"])
             and r["department"] in CSV_DEPT]
    if len(cands) != 1:
        raise SystemExit("service item %r: %d usable rows" % (name, len(cands)))
    return cands[0]


def add_csv_item(cat, by_name, csv_name, name=None, dept=None, bases=None, field=None,
                 parent=None, extra_reqs=""):
    r = csv_row(by_name, csv_name)
    category = CSV_TASK_TYPE[r["task_type"]]
    dept = dept or CSV_DEPT[r["department"]]
    first = r["item_code"].split("-")[0]
    code = first if (CODE_RE.match(first) and first not in cat.items) else None
    if bases is None:
        bases = []
    if category == "行政许可":
        bases = bases + [(XKF, 12)]
    elif not bases:
        bases = [(ORG, 73)]
    rq = reqs(("field:" + field) if field else "", extra_reqs)
    return cat.add(name or csv_name, category, dept, bases, rq, r["item_code"], code=code, parent=parent)


def build_catalogue(laws, service_by_name):
    cat = Catalogue(laws)
    groups = defaultdict(list)     # role -> list of codes (used by build_plan)
    problem = {}

    # ---- 行政许可 ----------------------------------------------------------------------------
    for role, spec in (("lic-2021", LICENCES_GRANT_2021), ("lic-2022a", LICENCES_ENTR_2022A),
                       ("lic-2022b", LICENCES_ENTR_2022B), ("lic-cat", LICENCES_CATALOGUE_ONLY)):
        for csv_name, name, dept, bases, field in spec:
            code = add_csv_item(cat, service_by_name, csv_name, name, dept, bases, field)
            groups[role].append(code)
    problem["出版物零售业务经营许可"] = cat.by_name["出版物零售业务经营许可"]

    # ---- 行政处罚 ----------------------------------------------------------------------------
    cands = penalty_candidates(laws)
    pen_by_key = {}
    for c in cands:
        law, art, k = c["key"]
        field = None
        if c["key"] in LIVESTOCK_SKILL:
            field = "livestock"
        elif c["key"] in GEOLOGY_SKILL:
            field = "geology"
        elif law in LAW_FIELD:
            field = LAW_FIELD[law]
        code = cat.add(c["name"], "行政处罚", c["dept"], [(law, art)], enforcement_reqs(field))
        pen_by_key[c["key"]] = code
    # the report's 渔港水域 item (its own regulation is not in data/laws; the 渔业法 articles on
    # 渔港 supervision and on who decides 渔业 penalties are its basis here)
    fish_port = cat.add("对在渔港水域从事捕捞、养殖及有碍水上安全的其他作业的处罚", "行政处罚", "NY",
                        [(YYF, 27), (YYF, 48)], enforcement_reqs("fishery"))
    problem["渔港水域"] = fish_port
    problem["畜禽品种"] = pen_by_key[LIVESTOCK_BREED]
    problem["地质灾害"] = pen_by_key[GEOHAZARD]
    problem["安全设备"] = pen_by_key[SAFETY_EQUIPMENT]
    problem["剧毒化学品"] = pen_by_key[TOXIC_SALES]
    cat.pen_by_key = pen_by_key

    # ---- 行政检查 / 行政强制 ------------------------------------------------------------------
    for name, dept, bases, field in INSPECTIONS:
        groups["insp"].append(cat.add(name, "行政检查", dept, bases, enforcement_reqs(field)))
    for name, dept, bases, field in INSPECTIONS_CATALOGUE_ONLY:
        groups["insp-cat"].append(cat.add(name, "行政检查", dept, bases, enforcement_reqs(field)))
    for name, dept, bases, field, limit in COERCIONS:
        groups["coer"].append(cat.add(name, "行政强制", dept, bases, enforcement_reqs(field),
                                      statutory_limit=limit))

    # ---- other powers (empowerment) ------------------------------------------------------------
    parent_food = add_parent_from_csv(cat, service_by_name, FOOD_FILING_PARENT)
    for role, spec in (("oth-2021", OTHER_GRANT_2021), ("oth-2022a", OTHER_ENTR_2022A),
                       ("oth-2022b", OTHER_ENTR_2022B), ("oth-cat", OTHER_CATALOGUE_ONLY)):
        for src, name, category, dept, bases, field in spec:
            if src == "csv":
                parent = parent_food if name.startswith("食品小") else None
                code = add_csv_item(cat, service_by_name, name, None, None, list(bases), field, parent=parent)
            else:
                code = cat.add(name, category, dept, bases or [(ORG, 73)],
                               reqs(("field:" + field) if field else ""))
            groups[role].append(code)

    # ---- statutory township lists -----------------------------------------------------------
    for role, spec, base in (("st-shared", STAT_SHARED, [(ORG, 76), (ORG, 86)]),
                             ("st-town", STAT_TOWN, [(ORG, 76)]),
                             ("st-sub", STAT_SUBDISTRICT, [(ORG, 86)])):
        for name, category, dept, extra, rq in spec:
            # duties of the township's own (其他行政权力, 检查, 强制) carry no time limit
            lim = {} if category in ("行政许可", "行政给付", "行政确认", "行政裁决", "公共服务") else \
                {"statutory_limit": "", "promised_limit": ""}
            groups[role].append(cat.add(name, category, dept, extra + base, rq, **lim))

    # ---- territorial list -------------------------------------------------------------------
    terr_base = [(ORG, 76), (ORG, 86)]
    for role, spec in (("tp", TERR_PRIMARY), ("tp-2022", TERR_PRIMARY_ADDED_2022),
                       ("tsw", [TERR_SWITCHED_2022]), ("tc", TERR_COOPERATING),
                       ("tc-2022", TERR_COOPERATING_ADDED_2022)):
        for name, category, dept, extra in spec:
            groups[role].append(cat.add(name, category, dept, extra + terr_base, "",
                                        statutory_limit="", promised_limit=""))

    # ---- public services --------------------------------------------------------------------
    for pname, dept, subs in PUBLIC_SERVICES:
        pcode = cat.add(pname, "公共服务", dept, [(ORG, 73)], "", statutory_limit="", promised_limit="")
        groups["ps-parent"].append(pcode)
        for src, name in subs:
            if src.startswith("csv"):
                code = add_csv_item(cat, service_by_name, name, None, dept, None, None, parent=pcode)
            else:
                code = cat.add(name, "公共服务", dept, [(ORG, 73), (ORG, 76), (ORG, 86)], "",
                               platform_code=ODD_PLATFORM_CODES.get(name, ""), parent=pcode)
            groups["ps-cat" if src == "csv-" else "ps"].append(code)

    return cat, groups, problem


def add_parent_from_csv(cat, by_name, main_item):
    """A main item (主项) of the service-items file that has no row of its own."""
    rows = [r for rs in by_name.values() for r in rs if r["main_item"] == main_item]
    if not rows:
        raise SystemExit("no main item " + main_item)
    r = rows[0]
    return cat.add(main_item, CSV_TASK_TYPE[r["task_type"]], CSV_DEPT[r["department"]],
                   [(SPF, 36)], "field:food")


# --------------------------------------------------------------------------------------------
# Building the plan
# --------------------------------------------------------------------------------------------


def build_plan(cat, groups, problem):
    items = cat.items
    rows = []

    def add(lst, scope, code, mode, frm, to="", role="", partner=""):
        rows.append(OrderedDict([("list", lst), ("scope", scope), ("item_code", code), ("mode", mode),
                                 ("role", role), ("partner", partner), ("from", frm), ("to", to)]))

    code_of = cat.by_name
    pen_all = [c for c in items if items[c]["category"] == "行政处罚"]
    # penalty items that may be put on a list: not needing a skill that no township has
    skill_locked = {cat.pen_by_key[k] for k in (LIVESTOCK_SKILL | GEOLOGY_SKILL) if k in cat.pen_by_key}
    special = set(problem.values())
    usable = [c for c in pen_all if c not in skill_locked and c not in special]

    # which law an item's (first) basis is from
    def law_of(c):
        return items[c]["legal_basis"].split("(")[0]

    by_law = defaultdict(list)
    for c in usable:
        by_law[law_of(c)].append(c)

    def take(law, n):
        out = by_law[law][:n]
        if len(out) < n:
            raise SystemExit("not enough penalty items of %s: need %d, have %d" % (law, n, len(out)))
        del by_law[law][:n]
        return out

    # empowerment penalties: batches by law; the report's items placed in their batches
    pen_2021 = ([problem["安全设备"], problem["渔港水域"]] +
                take("食品安全法", 22) + take("安全生产法", 19) + take("危险化学品安全管理条例", 6) +
                take("出版管理条例", 4) + take("渔业法", 2) + take("畜牧法", 2))
    pen_2022a = ([problem["畜禽品种"], problem["地质灾害"]] +
                 take("食品安全法", 7) + take("安全生产法", 7) + take("危险化学品安全管理条例", 4) +
                 take("出版管理条例", 2))
    pen_2022b = ([problem["剧毒化学品"]] +
                 take("安全生产法", 5) + take("危险化学品安全管理条例", 4) + take("食品安全法", 3))
    assert len(pen_2021) == PENALTIES_GRANT_2021, len(pen_2021)
    assert len(pen_2022a) == PENALTIES_ENTR_2022A, len(pen_2022a)
    assert len(pen_2022b) == PENALTIES_ENTR_2022B, len(pen_2022b)

    insp, coer = list(groups["insp"]), list(groups["coer"])
    # delegated inspections / coercions: the first ones of each domain list
    insp_emp = [insp[i] for i in (0, 1, 2, 4, 8, 14, 17, 3, 9)]
    coer_emp = [coer[i] for i in (0, 2, 5, 7, 1, 3, 8)]
    i_b = INSPECTION_BATCHES
    c_b = COERCION_BATCHES
    insp_2021, insp_2022a, insp_2022b = (insp_emp[:i_b[0]], insp_emp[i_b[0]:i_b[0] + i_b[1]],
                                         insp_emp[i_b[0] + i_b[1]:])
    coer_2021, coer_2022a, coer_2022b = (coer_emp[:c_b[0]], coer_emp[c_b[0]:c_b[0] + c_b[1]],
                                         coer_emp[c_b[0] + c_b[1]:])

    batch = OrderedDict()
    batch["grant-2021"] = ("granted", groups["lic-2021"] + pen_2021 + coer_2021 + insp_2021 + groups["oth-2021"])
    batch["entr-2022a"] = ("entrusted", groups["lic-2022a"] + pen_2022a + coer_2022a + insp_2022a + groups["oth-2022a"])
    batch["entr-2022b"] = ("entrusted", groups["lic-2022b"] + pen_2022b + coer_2022b + insp_2022b + groups["oth-2022b"])
    assert [len(v[1]) for v in batch.values()] == [90, 30, 20], [len(v[1]) for v in batch.values()]

    # 2023: the optimisation removes 12 (none of the report's six), the recall 2 entrusted penalties
    keep = set(problem.values())
    opt_2023 = ([code_of["取水许可证新办审批"], code_of["动物收购贩运备案"]] +
                [c for c in pen_2021 if c not in keep][-4:] +
                [c for c in pen_2022a if c not in keep][-2:] +
                [c for c in pen_2022b if c not in keep][-2:] +
                [coer_2021[-1], insp_2021[-1]])
    recall_2023 = ([c for c in pen_2022a if c not in keep][-3:-2] +
                   [c for c in pen_2022b if c not in keep][-3:-2])
    assert len(opt_2023) == 12 and len(recall_2023) == 2 and not (set(opt_2023) & set(recall_2023))
    removed = {c: "opt-2023" for c in opt_2023}
    removed.update({c: "recall-2023" for c in recall_2023})

    for key, (mode, codes) in batch.items():
        for c in codes:
            it = items[c]
            partner = it["department"] if mode == "entrusted" else ""
            to = removed.get(c, "")
            add("empowerment", "all", c, mode, key, to, partner=partner)
            if it["category"] == "行政许可":
                add("approval", "all", c, mode, key, to, partner=partner)
            if it["category"] in ENFORCEMENT_CATS:
                add("enforcement", "all", c, mode, key, to, partner=partner)

    # ---- enforcement: the townships' statutory enforcement items ------------------------------
    delegated = {c for _, codes in batch.values() for c in codes}
    stat_enf_pool = ([code_of[n] for n in STAT_SHARED_ENFORCEMENT] +
                     [c for c in insp if c not in delegated] +
                     [c for c in coer if c not in delegated])
    rest_pen = [c for law in ("食品安全法", "安全生产法", "危险化学品安全管理条例", "出版管理条例",
                              "渔业法", "畜牧法", "地质灾害防治条例", "行政许可法") for c in by_law[law]]
    need = ENF_STATUTORY_2021 + ENF_STATUTORY_ADDED_2022 + ENF_STATUTORY_ADDED_2023
    pool = stat_enf_pool + rest_pen
    if len(pool) < need:
        raise SystemExit("statutory enforcement pool too small: %d < %d" % (len(pool), need))
    # the 2021 list takes the head of the pool, the 2022 and 2023 additions the next items; the
    # tail of the penalty pool stays catalogue-only
    enf_2021 = pool[:ENF_STATUTORY_2021]
    enf_2022 = pool[ENF_STATUTORY_2021:ENF_STATUTORY_2021 + ENF_STATUTORY_ADDED_2022]
    enf_2023 = pool[ENF_STATUTORY_2021 + ENF_STATUTORY_ADDED_2022:need]
    enf_removed_2023 = [c for c in enf_2021 if items[c]["category"] == "行政处罚"][-ENF_STATUTORY_REMOVED_2023:]
    # Only the items the law gives to every township-level unit (on both statutory templates) are the units' own
    # (法定); every county department's power reaches the 执法清单 through a 综合行政执法 赋权 decision of the
    # district government (行政处罚法 第18、24条), one per wave, which also takes the two 2023 removals back.
    own = set(code_of[n] for n in STAT_SHARED_ENFORCEMENT)
    for key, grant, codes in (("enf-2021", "enf-grant-2021", enf_2021), ("enf-2022", "enf-grant-2022", enf_2022),
                              ("enf-2023", "enf-grant-2023", enf_2023)):
        for c in codes:
            removed = "enf-grant-2023" if c in enf_removed_2023 else ""
            if c in own:
                add("enforcement", "all", c, "statutory", key, removed)
            else:
                add("enforcement", "all", c, "granted", grant, removed)

    # ---- approval: public services (entrusted to the townships' service centres) --------------
    ps = groups["ps"]
    names_2022 = set(PS_ADDED_2022)
    names_2023 = set(PS_ADDED_2023)
    for c in ps:
        n = items[c]["name"]
        frm = "appr-2022" if n in names_2022 else "appr-2023" if n in names_2023 else "appr-2021"
        to = "appr-2023" if n in PS_REMOVED_2023 else ""
        add("approval", "all", c, "entrusted", frm, to, partner=items[c]["department"])

    # ---- statutory lists --------------------------------------------------------------------
    for scope, shared, own, added, removed_ in (
            ("town", groups["st-shared"], groups["st-town"], STAT_TOWN_ADDED_2022, STAT_TOWN_REMOVED_2022),
            ("subdistrict", groups["st-shared"], groups["st-sub"], STAT_SUB_ADDED_2022, STAT_SUB_REMOVED_2022)):
        for c in shared + own:
            n = items[c]["name"]
            add("statutory", scope, c, "statutory", "st-2022" if n in added else "st-2021",
                "st-2022" if n in removed_ else "")

    # ---- territorial list -------------------------------------------------------------------
    for c in groups["tp"]:
        add("territorial", "all", c, "statutory", "terr-2021", role="primary",
            partner=items[c]["department"])
    for c in groups["tp-2022"]:
        add("territorial", "all", c, "statutory", "terr-2022", role="primary",
            partner=items[c]["department"])
    for c in groups["tsw"]:
        # 2021: the department leads (the township cooperates); the 2022 ruling makes the
        # township primary, with the fire-safety department (应急) cooperating
        add("territorial", "all", c, "statutory", "terr-2021", "terr-2022", role="cooperating",
            partner=items[c]["department"])
        add("territorial", "all", c, "statutory", "terr-2022", role="primary",
            partner=items[c]["department"])
    for c in groups["tc"]:
        add("territorial", "all", c, "statutory", "terr-2021", role="cooperating",
            partner=items[c]["department"])
    for c in groups["tc-2022"]:
        add("territorial", "all", c, "statutory", "terr-2022", role="cooperating",
            partner=items[c]["department"])

    order = {k: i for i, k in enumerate(LISTS)}
    dec_order = {d[0]: i for i, d in enumerate(DECISIONS)}
    scope_order = {"town": 0, "subdistrict": 1, "all": 2}
    rows.sort(key=lambda r: (order[r["list"]], scope_order[r["scope"]], dec_order[r["from"]],
                             r["item_code"], dec_order.get(r["to"], 99)))
    return rows


# --------------------------------------------------------------------------------------------
# Competent level (实施层级)
# --------------------------------------------------------------------------------------------

# Articles that give a power to the township-level units themselves: 地方组织法 第76条 (乡、民族乡、镇的人民政府),
# 第86条 (街道办事处), 第87、88条 (both), and the special statutes that name 乡镇人民政府和街道办事处.
LEVEL_TOWN = ORG + "第76条"
LEVEL_SUBDISTRICT = ORG + "第86条"
LEVEL_BOTH = {ORG + "第87条", ORG + "第88条", AQF + "第9条", AQF + "第80条", DZF + "第15条"}


def assign_levels(cat, plan):
    """An item on the statutory template of 镇 and 街道 is theirs by law (township), of one kind only (town,
    subdistrict); every other item is its department's (county). The level basis is the articles of the item's
    legal basis that give it to that level."""
    town = {r["item_code"] for r in plan if r["list"] == "statutory" and r["scope"] == "town"}
    sub = {r["item_code"] for r in plan if r["list"] == "statutory" and r["scope"] == "subdistrict"}
    for c, it in cat.items.items():
        level = ("township" if c in town and c in sub else "town" if c in town
                 else "subdistrict" if c in sub else "county")
        bases = it["legal_basis"].split(";")
        keep = set(LEVEL_BOTH)
        if level in ("township", "town"):
            keep.add(LEVEL_TOWN)
        if level in ("township", "subdistrict"):
            keep.add(LEVEL_SUBDISTRICT)
        it["level"] = level
        it["level_basis"] = ";".join(b for b in bases if b in keep) if level != "county" else ""


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

CAT_COLUMNS = ["code", "name", "category", "parent_code", "department", "legal_basis", "duties",
               "accountability", "statutory_limit", "promised_limit", "requirements", "platform_code", "level",
               "level_basis"]
DEC_COLUMNS = ["key", "doc_number", "title", "issuer", "date", "kind", "published_on"]
PLAN_COLUMNS = ["list", "scope", "item_code", "mode", "role", "partner", "from", "to"]


def write_csv(path, columns, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r[c] for c in columns])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def catalogue_rows(cat):
    cat_order = {c: i for i, c in enumerate(CATEGORIES)}
    items = cat.items
    order = list(items)
    pos = {c: i for i, c in enumerate(order)}

    def key(c):
        it = items[c]
        p = it["parent_code"]
        if p:
            return (cat_order[items[p]["category"]], pos[p], 1, pos[c])
        return (cat_order[it["category"]], pos[c], 0, 0)

    return [items[c] for c in sorted(order, key=key)]


def decision_rows():
    return [OrderedDict(zip(DEC_COLUMNS, d)) for d in DECISIONS]


# --------------------------------------------------------------------------------------------
# Self-check (re-reads the written files)
# --------------------------------------------------------------------------------------------


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [dict(zip(header, row)) for row in r]


def check(out_dir, laws):
    h, cat = read_csv(os.path.join(out_dir, "catalogue.csv"))
    assert h == CAT_COLUMNS, h
    h, decs = read_csv(os.path.join(out_dir, "decisions.csv"))
    assert h == DEC_COLUMNS, h
    h, plan = read_csv(os.path.join(out_dir, "plan.csv"))
    assert h == PLAN_COLUMNS, h

    # ---- catalogue ----------------------------------------------------------------------------
    items, seen_names = {}, set()
    for r in cat:
        c = r["code"]
        assert CODE_RE.match(c), c
        assert c not in items, "duplicate code " + c
        assert r["name"] and r["name"] not in seen_names, "duplicate name " + r["name"]
        seen_names.add(r["name"])
        assert r["category"] in CATEGORIES, r
        assert r["department"] in DEPARTMENTS, r
        if r["parent_code"]:
            assert r["parent_code"] in items, "parent after child or missing: " + c
        assert r["duties"] and r["accountability"], c
        assert LIMIT_RE.match(r["statutory_limit"]) and LIMIT_RE.match(r["promised_limit"]), c
        bases = r["legal_basis"].split(";")
        assert bases and bases[0], "no legal basis: " + c
        for bs in bases:
            m = BASIS_RE.match(bs)
            assert m, "bad legal basis %r (%s)" % (bs, c)
            law, art = m.group(1), int(m.group(2))
            assert law in laws, "unknown law %s (%s)" % (law, c)
            assert art in laws[law], "article does not exist: %s (%s)" % (bs, c)
        rq = [x for x in r["requirements"].split(";") if x]
        for x in rq:
            assert REQ_RE.match(x), "bad requirement %r (%s)" % (x, c)
        if r["category"] == "行政处罚":
            assert "cert:enforcement" in rq and "min-certified:2" in rq, c
            assert r["statutory_limit"] == "90自然日", c
            assert any("法律责任" in chapter_of(laws, BASIS_RE.match(bs).group(1),
                                              int(BASIS_RE.match(bs).group(2)))
                       for bs in bases) or r["name"].startswith("对在渔港水域"), c
        if r["category"] == "行政许可":
            assert r["statutory_limit"] == "20工作日", c
            sl, pl = int(r["statutory_limit"][:-3]), int(r["promised_limit"][:-3])
            assert pl < sl and r["promised_limit"].endswith("工作日"), c
        assert r["level"] in ("county", "township", "town", "subdistrict"), c
        lb = [x for x in r["level_basis"].split(";") if x]
        assert set(lb) <= set(r["legal_basis"].split(";")), c
        if r["level"] == "county":
            assert not lb, c
        else:
            assert (LEVEL_TOWN in lb) == (r["level"] in ("township", "town")), c
            assert (LEVEL_SUBDISTRICT in lb) == (r["level"] in ("township", "subdistrict")), c
        items[c] = r
    assert {r["category"] for r in cat} == set(CATEGORIES), "not every category present"
    odd = [r for r in cat if r["platform_code"] and not PLATFORM_CODE_RE.match(r["platform_code"])]
    assert len(odd) == 3, "odd platform codes: %d" % len(odd)

    # ---- decisions ----------------------------------------------------------------------------
    dec = {}
    for r in decs:
        assert r["key"] not in dec and re.match(r"^[a-z0-9-]+$", r["key"]), r
        m = DOCNO_RE.match(r["doc_number"])
        assert m, r["doc_number"]
        d = datetime.date.fromisoformat(r["date"])
        p = datetime.date.fromisoformat(r["published_on"])
        assert d <= p <= d + datetime.timedelta(days=7), r
        assert int(m.group(1)) == d.year, r
        if r["key"] == "prov-catalogue":
            assert r["kind"] == "provincial-catalogue" and d.year == 2020
            assert r["doc_number"] == "川办发〔2020〕85号" and r["issuer"] == "四川省人民政府办公厅"
        else:
            assert r["kind"] in ("list-issuance", "grant-decision", "entrustment", "adjustment", "recall"), r
            assert datetime.date(2021, 1, 1) <= d <= datetime.date(2023, 12, 31), r
        dec[r["key"]] = r
    years = Counter(r["date"][:4] for r in decs if r["key"] != "prov-catalogue")
    assert all(years[y] >= 3 for y in ("2021", "2022", "2023")), years

    # ---- plan ---------------------------------------------------------------------------------
    for r in plan:
        assert r["list"] in LISTS, r
        assert r["item_code"] in items, "unknown item " + r["item_code"]
        assert r["from"] in dec and r["from"] != "prov-catalogue", r
        assert r["to"] == "" or (r["to"] in dec and r["to"] != "prov-catalogue"), r
        if r["to"]:
            assert dec[r["to"]]["date"] > dec[r["from"]]["date"], r
        assert r["mode"] in ("statutory", "granted", "entrusted"), r
        if r["list"] == "statutory":
            assert r["scope"] in ("town", "subdistrict") and r["mode"] == "statutory", r
        else:
            assert r["scope"] == "all", r
        if r["list"] == "territorial":
            assert r["role"] in ("primary", "cooperating") and r["partner"] in DEPARTMENTS, r
        else:
            assert r["role"] == "", r
        if r["mode"] == "entrusted":
            assert r["partner"] == items[r["item_code"]]["department"], r
        elif r["list"] != "territorial":
            assert r["partner"] == "", r
        if r["list"] == "empowerment":
            assert r["mode"] in ("granted", "entrusted"), r
        if r["mode"] == "entrusted":
            # 行政强制措施权不得委托 (行政强制法 第17条)
            assert items[r["item_code"]]["category"] != "行政强制", r
        if r["mode"] in ("granted", "entrusted"):
            # a delegation may not start before its publication
            assert dec[r["from"]]["published_on"] == dec[r["from"]]["date"], r
        if r["list"] == "approval":
            assert items[r["item_code"]]["category"] in ("行政许可", "公共服务"), r
            if items[r["item_code"]]["category"] == "公共服务":
                assert items[r["item_code"]]["parent_code"] and r["mode"] == "entrusted", r
        if r["list"] == "enforcement":
            assert items[r["item_code"]]["category"] in ENFORCEMENT_CATS, r
        # the level rule: 法定 only for what the law gives to that kind of unit, 赋权/委托 only for a county
        # department's power; the territorial list transfers no power
        level = items[r["item_code"]]["level"]
        if r["list"] != "territorial":
            if r["mode"] == "statutory":
                allowed = {"town": ("township", "town"), "subdistrict": ("township", "subdistrict"),
                           "all": ("township",)}[r["scope"]]
                assert level in allowed, ("statutory entry of an item the law does not give", r, level)
            else:
                assert level == "county", ("delegated entry of a township's own power", r, level)

    def in_force(r, day):
        return dec[r["from"]]["date"] <= day and (r["to"] == "" or dec[r["to"]]["date"] > day)

    # at most once per (list, scope) at any time
    dates = sorted({d["date"] for d in decs} | set(SNAPSHOTS))
    for day in dates:
        cnt = Counter((r["list"], r["scope"], r["item_code"]) for r in plan if in_force(r, day))
        dup = [k for k, v in cnt.items() if v > 1]
        assert not dup, (day, dup[:3])

    # consistency of the delegated lists at every date
    for day in dates:
        emp = {r["item_code"]: r for r in plan if r["list"] == "empowerment" and in_force(r, day)}
        appr = {r["item_code"]: r for r in plan if r["list"] == "approval" and in_force(r, day)}
        enf = {r["item_code"]: r for r in plan if r["list"] == "enforcement" and in_force(r, day)}
        for c, r in emp.items():
            cat_ = items[c]["category"]
            if cat_ == "行政许可":
                assert c in appr and appr[c]["mode"] == r["mode"] and appr[c]["partner"] == r["partner"], (day, c)
            if cat_ in ENFORCEMENT_CATS:
                assert c in enf and enf[c]["mode"] == r["mode"] and enf[c]["partner"] == r["partner"], (day, c)
        for c, r in appr.items():
            if items[c]["category"] == "行政许可":
                assert c in emp, ("approval power not on empowerment", day, c)
        for c, r in enf.items():
            # powers conferred by a 综合行政执法 decision stand on the 执法清单 only (as the report counts them)
            if r["mode"] != "statutory" and not r["from"].startswith("enf-grant-"):
                assert c in emp, ("delegated enforcement item not on empowerment", day, c)
    # removal from empowerment removes from approval / enforcement by the same decision
    for r in plan:
        if r["list"] == "empowerment":
            for other in ("approval", "enforcement"):
                for o in plan:
                    if o["list"] == other and o["item_code"] == r["item_code"] and o["from"] == r["from"]:
                        assert o["to"] == r["to"], (r, o)

    # ---- counts per unit ----------------------------------------------------------------------
    def counts(kind, day):
        scopes = (kind, "all")
        res = Counter()
        for r in plan:
            if r["scope"] in scopes and in_force(r, day):
                res[r["list"]] += 1
                if r["list"] == "territorial":
                    res["territorial." + r["role"]] += 1
                if r["list"] == "approval":
                    res["approval." + items[r["item_code"]]["category"]] += 1
                if r["list"] in ("empowerment", "enforcement"):
                    res[r["list"] + "." + r["mode"]] += 1
        return res

    table = {(k, d): counts(k, d) for k in ("town", "subdistrict") for d in SNAPSHOTS}
    for kind, exp in EXPECTED_2023.items():
        got = table[(kind, "2023-12-31")]
        for k, v in exp.items():
            assert got[k] == v, "%s %s: %d != %d" % (kind, k, got[k], v)
    for kind in ("town", "subdistrict"):
        for lst in ("empowerment", "enforcement"):
            a, b_, c_ = (table[(kind, d)][lst] for d in SNAPSHOTS)
            assert a != c_ and b_ != c_, (kind, lst, a, b_, c_)

    # ---- the report's six problem items -------------------------------------------------------
    last = "2023-12-31"
    emp_now = {r["item_code"]: r for r in plan if r["list"] == "empowerment" and in_force(r, last)}
    by_name = {r["name"]: r for r in cat}
    six = [
        ("对销售、推广未经审定或者鉴定的畜禽品种的处罚", XMF + "第61条", "entrusted", "2022", "NY", "field:livestock"),
        ("对违反规定在地质灾害危险区内爆破、削坡、进行工程建设以及从事其他可能引发地质灾害活动的行政处罚",
         DZF + "第43条", "entrusted", "2022", "ZR", "field:geology"),
        ("对在渔港水域从事捕捞、养殖及有碍水上安全的其他作业的处罚", YYF + "第27条", None, None, "NY", "field:fishery"),
        ("出版物零售业务经营许可", CBF + "第35条", None, None, "WL", None),
        ("对安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准的处罚", AQF + "第99条", None, None, "YJ",
         "field:work-safety"),
        ("对不按照剧毒化学品购买许可证载明的品种、数量销售剧毒化学品的处罚", WHF + "第84条", None, None, "YJ",
         "field:hazchem"),
    ]
    six_codes = []
    for name, basis, mode, year, dept, req in six:
        assert name in by_name, "problem item missing: " + name
        it = by_name[name]
        six_codes.append((it["code"], name))
        assert basis in it["legal_basis"].split(";"), (name, it["legal_basis"])
        assert it["department"] == D[dept], (name, it["department"])
        if req:
            assert req in it["requirements"].split(";"), (name, it["requirements"])
        assert it["code"] in emp_now, "problem item not on empowerment at 2023-12-31: " + name
        r = emp_now[it["code"]]
        if mode:
            assert r["mode"] == mode and dec[r["from"]]["date"][:4] == year, (name, r)
    assert by_name["出版物零售业务经营许可"]["category"] == "行政许可"
    # the two skills appear on no other listed item
    listed = {r["item_code"] for r in plan}
    for fld, owner in (("field:livestock", six[0][0]), ("field:geology", six[1][0])):
        holders = [r["name"] for r in cat if r["code"] in listed and fld in r["requirements"].split(";")]
        assert holders == [owner], (fld, holders)
    # the catalogue is bigger than the lists
    unlisted = [r for r in cat if r["code"] not in listed]
    assert len(unlisted) >= 5, len(unlisted)

    return table, dec, plan, items, six_codes, unlisted


def print_report(table, dec, plan, items, six_codes, unlisted, cat_rows):
    def line(label, key):
        vals = []
        for kind in ("town", "subdistrict"):
            for d in SNAPSHOTS:
                vals.append(table[(kind, d)][key])
        return "| %s | %s |" % (label, " | ".join("%d" % v for v in vals))

    print("Per-unit list counts (each of the 9 towns 镇 / each of the 6 subdistricts 街道), in force at the")
    print("end of each year:")
    print()
    print("| list | %s |" % " | ".join("%s %s" % (k, d[:4]) for k in ("镇", "街道") for d in SNAPSHOTS))
    print("|---|%s|" % "|".join(["---:"] * 6))
    for label, key in (("statutory 法定", "statutory"),
                       ("territorial 属地", "territorial"),
                       ("  primary 主体责任", "territorial.primary"),
                       ("  cooperating 配合责任", "territorial.cooperating"),
                       ("empowerment 扩权赋能", "empowerment"),
                       ("  granted 赋权", "empowerment.granted"),
                       ("  entrusted 委托", "empowerment.entrusted"),
                       ("approval 审批服务", "approval"),
                       ("  行政许可 approval powers", "approval.行政许可"),
                       ("  公共服务 sub-items", "approval.公共服务"),
                       ("enforcement 执法", "enforcement"),
                       ("  statutory 法定", "enforcement.statutory"),
                       ("  granted 赋权", "enforcement.granted"),
                       ("  entrusted 委托", "enforcement.entrusted")):
        print(line(label, key))
    print()
    cats = Counter(r["category"] for r in cat_rows)
    print("catalogue: %d items (%s); %d on no list" % (
        len(cat_rows), ", ".join("%s %d" % (c, cats[c]) for c in CATEGORIES), len(unlisted)))
    print("plan: %d rows; decisions: %d" % (len(plan), len(dec)))
    print()
    print("Decisions:")
    for k, r in dec.items():
        print("  %-15s %-22s %s  %-20s %s" % (k, r["doc_number"], r["date"], r["kind"], DECISION_PURPOSE.get(k, "")))
    print()
    print("The report's six problem items:")
    for code, name in six_codes:
        print("  %-16s %s" % (code, name))


# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=default_data_dir(), help="shared data folder (laws/, service-items/)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--check-only", action="store_true", help="only check the existing files")
    args = ap.parse_args()

    laws = load_laws(args.data)
    if not args.check_only:
        _, service_by_name = load_service_items(args.data)
        cat, groups, problem = build_catalogue(laws, service_by_name)
        plan = build_plan(cat, groups, problem)
        assign_levels(cat, plan)
        os.makedirs(args.out, exist_ok=True)
        write_csv(os.path.join(args.out, "catalogue.csv"), CAT_COLUMNS, catalogue_rows(cat))
        write_csv(os.path.join(args.out, "decisions.csv"), DEC_COLUMNS, decision_rows())
        write_csv(os.path.join(args.out, "plan.csv"), PLAN_COLUMNS, plan)
        print("wrote %s/{catalogue,decisions,plan}.csv" % os.path.relpath(args.out, os.getcwd()))
        print()
    table, dec, plan_rows, items, six_codes, unlisted = check(args.out, laws)
    _, cat_rows = read_csv(os.path.join(args.out, "catalogue.csv"))
    print_report(table, dec, plan_rows, items, six_codes, unlisted, cat_rows)
    print()
    print("self-check passed")


if __name__ == "__main__":
    main()
