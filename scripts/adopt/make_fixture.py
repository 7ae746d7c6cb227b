#!/usr/bin/env python3
"""Builds the adoption fixture of a real second county, 广安区 (511602), as the files a 编办 clerk would bring:
its organisations, a provincial grant catalogue, an item catalogue (two real Sichuan 实施编码 licences from
../shared/data/service-items, penalties citing the law library; three items cite statutes not yet imported), the
lists in force (扩权赋能清单 with 赋权 and 委托 entries), staff of the townships' squads with a certificate kind outside
the built-ins (特种设备), and a year (2023) of case records with planted problems.

Deterministic (seed 20231231): running it again writes the same files. Nothing here is read by the product at run
time; the adoption test and scripts/adopt/adopt.sh load these files through the command line and the API only.

Planted problems, which the engine must find exactly as of 2023-12-31:
  R1  the entrusted 地质灾害危险区 penalty has no case at any of the six townships holding it (6 × R1 + 1 district R1)
  R2  at 协兴镇 8 of the 10 安全设备 penalty cases were handled by 区应急管理局
  R3  井河镇 has nobody holding the 特种设备 certificate the 特种设备使用登记 penalty requires
"""
import csv
import json
import os
import random
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "511602")
COUNTY = "511602"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

TOWNSHIPS = [
    ("511602101000", "官盛镇"), ("511602102000", "协兴镇"), ("511602103000", "浓溪镇"),
    ("511602104000", "悦来镇"), ("511602105000", "兴平镇"), ("511602106000", "井河镇"),
]


def credit_code(body17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(body17, WEIGHTS))
    return body17 + ALPHABET[(31 - total % 31) % 31]


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(20231231)

    departments = [
        ("GA-BB", "广安区委机构编制委员会办公室", "是", "否"),
        ("GA-SF", "广安区司法局", "否", "是"),
        ("GA-SJ", "广安区市场监督管理局", "否", "否"),
        ("GA-YJ", "广安区应急管理局", "否", "否"),
        ("GA-ZR", "广安区自然资源局", "否", "否"),
        ("GA-SP", "广安区行政审批局", "否", "否"),
    ]
    orgs = []
    for i, (code, name, est, jus) in enumerate(departments):
        orgs.append([code, name, "区级部门", "", "", credit_code("1151160200%07d" % (1000 + i)), est, jus])
    for code, name in TOWNSHIPS:
        orgs.append([code + "-ZF", name + "综合行政执法中队", "综合执法中队", code, "", "", "否", "否"])
    orgs.append(["GA-SJ-GS", "广安区市场监督管理局官盛市场监管所", "派驻机构", "GA-SJ", TOWNSHIPS[0][0], "", "否", "否"])
    write("organizations.csv", ["code", "name", "kind", "parent", "stationed_at", "credit_code", "establishment",
                                "justice"], orgs)

    write("requirements.csv", ["kind", "code", "名称"], [["field", "special-equipment", "特种设备安全监察"]])

    items = [
        ["GA-CF-0001", "对未取得食品生产经营许可从事食品生产经营活动的处罚", "行政处罚", "GA-SJ",
         "食品安全法(2021-04-29)第122条", "cert:enforcement;min-certified:2", "90自然日"],
        ["GA-CF-0002", "对生产经营单位未对安全设备进行经常性维护、保养和定期检测的处罚", "行政处罚", "GA-YJ",
         "安全生产法(2021-06-10)第99条", "cert:enforcement;min-certified:2", "90自然日"],
        ["GA-CF-0003", "对特种设备使用单位未按规定办理使用登记的处罚", "行政处罚", "GA-SJ",
         "特种设备安全法(2013-06-29)第84条", "cert:enforcement;field:special-equipment", "90自然日"],
        ["GA-CF-0004", "对违反规定在地质灾害危险区内爆破、削坡、进行工程建设的处罚", "行政处罚", "GA-ZR",
         "地质灾害防治条例(2003-11-24)第43条", "cert:enforcement;min-certified:2", "90自然日"],
        ["511A0146000000-511602000000-000-1151130000877869M-1-00", "旅馆业特种行业许可证核发", "行政许可", "GA-SP",
         "旅馆业治安管理办法(2022-03-29)第4条", "", "20工作日"],
        ["511A0152300000-511602000000-000-1151130000877869M-1-00", "烟花爆竹道路运输许可", "行政许可", "GA-SP",
         "烟花爆竹安全管理条例(2016-02-06)第22条", "", "20工作日"],
    ]
    write("items.csv", ["code", "name", "category", "department", "legal_basis", "requirements", "statutory_limit"],
          items)

    write("catalogue.csv", ["decision", "decision_title", "decision_issuer", "decision_date", "item_code"],
          [["川办发〔2020〕85号", "四川省赋予乡镇（街道）县级管理权限指导目录", "四川省人民政府办公厅", "2020-12-30", code]
           for code in
           ("GA-CF-0001", "GA-CF-0002", "GA-CF-0003")])

    rows = []
    for code, name in TOWNSHIPS:
        for item in ("GA-CF-0001", "GA-CF-0002", "GA-CF-0003"):
            for lst in ("empowerment", "enforcement"):
                rows.append([code, item, lst, "赋权", "", "", "广府发〔2021〕8号", "关于向镇赋予部分县级行政权力事项的决定",
                             "广安市广安区人民政府", "2021-06-30", "grant-decision", "2021-07-01", ""])
        for lst in ("empowerment", "enforcement"):
            rows.append([code, "GA-CF-0004", lst, "委托", "", "广安区自然资源局", "广府办发〔2022〕12号",
                         "关于委托镇实施部分自然资源行政处罚事项的通知", "广安市广安区人民政府办公室", "2022-05-20",
                         "entrustment", "2022-06-01", "2025-05-31"])
    write("assignments.csv", ["township", "item_code", "list", "mode", "role", "partner", "decision", "decision_title",
                              "decision_issuer", "decision_date", "decision_kind", "valid_from", "valid_to"], rows)

    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    for t, (code, name) in enumerate(TOWNSHIPS):
        staff = []
        for n in range(1, 4):
            sid = "GA-%s-%02d" % (code[6:9], n)
            person = surnames[(t * 3 + n) % len(surnames)] + given[(t * 7 + n) % len(given)]
            base = [sid, person, code + "-ZF", "在编", "执法", "大学本科", "2019-09-01", ""]
            staff.append(base + ["执法证", "51160221%03d%02d" % (t, n), "2021-01-01", "2026-12-31"])
            if n == 1 and code != "511602106000":  # 井河镇 holds no 特种设备 certificate
                staff.append(base + ["特种设备安全监察", "TZ-%s-%02d" % (code[6:9], n), "2022-03-01", "2026-02-28"])
        write("staff-%s.csv" % code, ["id", "name", "organization", "kind", "position", "education", "hire_date",
                                       "person", "certificate", "certificate_no", "issued_on", "expires_on"], staff)

    records = []

    def add(township, item, handler, received):
        closed = received + timedelta(days=rng.randint(3, 20))
        records.append({
            "source": "sczwfw", "externalId": "GA-%06d" % (len(records) + 1),
            "sourceVersion": closed.isoformat() + "T18:00:00+08:00", "itemCode": item, "township": township,
            "handler": handler, "kind": "enforcement", "receivedOn": received.isoformat(),
            "closedOn": closed.isoformat(), "officers": 2, "legalReview": True, "fullRecord": True,
        })

    start = date(2023, 1, 3)
    for code, _ in TOWNSHIPS:
        for _ in range(12):
            add(code, "GA-CF-0001", "township", start + timedelta(days=rng.randint(0, 320)))
        for i in range(10):
            by_department = code == "511602102000" and i < 8
            add(code, "GA-CF-0002", "department" if by_department else "township",
                start + timedelta(days=rng.randint(0, 320)))
        for _ in range(3):
            add(code, "GA-CF-0003", "township", start + timedelta(days=rng.randint(0, 320)))
    records.sort(key=lambda r: (r["receivedOn"], r["externalId"]))
    with open(os.path.join(OUT, "cases-2023.ndjson"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d organisations, %d items, %d list entries, %d staff files, %d case records to %s"
          % (len(orgs), len(items), len(rows), len(TOWNSHIPS), len(records), OUT))


if __name__ == "__main__":
    main()
