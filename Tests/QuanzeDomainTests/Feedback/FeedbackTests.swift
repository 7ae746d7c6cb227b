import Foundation
import Testing

@testable import QuanzeDomain

/// Third-party evaluations (period, score, the CSV's rows) and public feedback (submission, moderation): every rule
/// with its exact message.
@Suite("Evaluations and public feedback")
struct FeedbackTests {
    static let today = Day(iso: "2023-12-31")!
    static let establishment = Principal(
        username: "bianban", role: .establishment, county: Fixture.county, organization: "D-BB")
    static let supervisor = Principal(username: "jiandu", role: .supervisor, county: Fixture.county, organization: "G")

    // MARK: period and score

    @Test("a period is a year, a half, a quarter or two days; anything else is refused")
    func periods() {
        let cases: [(String, String?, String?, String?, String?)] = [
            ("2023", "2023", "2023-01-01", "2023-12-31", "2023年"),
            ("2023-h1", "2023-H1", "2023-01-01", "2023-06-30", "2023年上半年"),
            ("2023-H2", "2023-H2", "2023-07-01", "2023-12-31", "2023年下半年"),
            ("2024-Q1", "2024-Q1", "2024-01-01", "2024-03-31", "2024年第一季度"),
            ("2024-Q2", "2024-Q2", "2024-04-01", "2024-06-30", "2024年第二季度"),
            ("2023-Q3", "2023-Q3", "2023-07-01", "2023-09-30", "2023年第三季度"),
            ("2023-Q4", "2023-Q4", "2023-10-01", "2023-12-31", "2023年第四季度"),
            (
                "2023-03-01~2023-08-31", "2023-03-01~2023-08-31", "2023-03-01", "2023-08-31",
                "2023年3月1日至2023年8月31日"
            ),
            (" 2023-03-01 至 2023-03-01 ", "2023-03-01~2023-03-01", "2023-03-01", "2023-03-01", "2023年3月1日至2023年3月1日"),
            ("2023-08-31~2023-03-01", nil, nil, nil, nil),
            ("2023-Q5", nil, nil, nil, nil),
            ("2023-H3", nil, nil, nil, nil),
            ("1999", nil, nil, nil, nil),
            ("23", nil, nil, nil, nil),
            ("2023-", nil, nil, nil, nil),
            ("2023-H1-x", nil, nil, nil, nil),
            ("二〇二三", nil, nil, nil, nil),
            ("", nil, nil, nil, nil),
            ("2023-02-30~2023-03-01", nil, nil, nil, nil),
        ]
        for (raw, text, from, to, label) in cases {
            let p = EvaluationPeriod.parse(raw)
            #expect(p?.text == text, "\(raw)")
            #expect(p?.from.iso == from, "\(raw)")
            #expect(p?.to.iso == to, "\(raw)")
            #expect(p?.label == label, "\(raw)")
        }
    }

    @Test("a score is 0–100 with at most one decimal, kept in tenths")
    func scores() {
        let cases: [(String, Int?)] = [
            ("0", 0), ("100", 1000), ("100.0", 1000), ("87.5", 875), (" 90 ", 900), ("9.9", 99), ("100.1", nil),
            ("101", nil), ("87.55", nil), ("-1", nil), ("+5", nil), ("abc", nil), ("", nil), (".5", nil), ("5.", nil),
            ("1000", nil), ("８７", nil),
        ]
        for (raw, tenths) in cases { #expect(EvaluationScore.parse(raw)?.tenths == tenths, "\(raw)") }
        #expect(EvaluationScore(tenths: 875).text == "87.5")
        #expect(EvaluationScore(tenths: 900).text == "90.0")
        // (85.5 + 88.0) / 2 = 86.75 → 86.8 (half up, once); (90.0 + 78.5 + 95.0) / 3 = 87.8333 → 87.8
        #expect(EvaluationScore.mean([.init(tenths: 855), .init(tenths: 880)])?.tenths == 868)
        #expect(EvaluationScore.mean([.init(tenths: 900), .init(tenths: 785), .init(tenths: 950)])?.tenths == 878)
        #expect(EvaluationScore.mean([]) == nil)
    }

    // MARK: the CSV

    static let items = ["I-1": "某许可"]
    static let townships = ["510104100000": "甲镇"]

    static func parse(_ text: String, existing: Set<String> = []) -> (rows: [EvaluationImport.Row], issues: [String]) {
        let (rows, issues) = EvaluationImport.parse(
            Data(text.utf8), items: items, townships: townships, existing: existing)
        return (rows, issues.map(\.description))
    }

    @Test("a good file gives one row per line, item or township")
    func goodFile() throws {
        let (rows, issues) = Self.parse(
            """
            evaluator,period,item,township,score,findings
            评估中心,2023,I-1,,87.5,办理规范
            评估中心,2023-H1,,510104100000,90,公开及时
            """)
        #expect(issues == [])
        #expect(rows.count == 2)
        let first = try #require(rows.first)
        #expect(first.line == 2)
        #expect(first.target == .item(code: "I-1", name: "某许可"))
        #expect(first.score.tenths == 875)
        #expect(rows[1].target == .township(code: "510104100000", name: "甲镇"))
        #expect(rows[1].period.text == "2023-H1")
    }

    @Test("GB18030 as Chinese Excel saves it reads the same")
    func gb18030() throws {
        let text = "evaluator,period,township,score,findings\r\n评估中心,2023,510104100000,88.0,公开及时\r\n"
        let data = try #require(text.data(using: CSVReader.gb18030))
        let (rows, issues) = EvaluationImport.parse(data, items: Self.items, townships: Self.townships, existing: [])
        #expect(issues == [])
        #expect(rows.map(\.evaluator) == ["评估中心"])
        #expect(rows.map(\.findings) == ["公开及时"])
    }

    @Test("any bad row refuses the whole file, naming each line and what is wrong")
    func badRows() {
        let (rows, issues) = Self.parse(
            """
            evaluator,period,item,township,score,findings
            评估中心,2023,I-1,,87.5,办理规范

            ,2023,I-1,,80,缺评估机构
            评估中心,2023-Q5,I-1,,80,期间错
            评估中心,2023,,,80,无对象
            评估中心,2023,I-1,510104100000,80,两个对象
            评估中心,2023,I-9,,80,未知事项
            评估中心,2023,,510104999000,80,未知镇街
            评估中心,2023,I-1,,87.55,两位小数
            评估中心,2023-H2,I-1,,80,
            评估中心,2023,I-1,,70,重复
            """)
        #expect(rows == [])
        #expect(
            issues == [
                "第 4 行（evaluator）：请填写评估机构",
                "第 5 行（period）：评估期间“2023-Q5”无效：应为年份（2023）、半年（2023-H1）、季度（2023-Q3）或起止日期（2023-03-01~2023-08-31）",
                "第 6 行（item）：事项编码（item）和镇街代码（township）须填写其中一项",
                "第 7 行（item）：事项编码（item）和镇街代码（township）只能填写其中一项",
                "第 8 行（item）：事项目录中没有编码为 I-9 的事项",
                "第 9 行（township）：“510104999000”不是本区县的镇街",
                "第 10 行（score）：评分“87.55”无效：应为 0–100 的数，最多一位小数",
                "第 11 行（findings）：请填写评估发现",
                "第 12 行：评估中心对某许可2023年的评估已登记或在文件中重复",
            ])
    }

    @Test("an evaluation already recorded is refused; a missing column or an empty file names it")
    func existingAndShape() {
        let (_, again) = Self.parse(
            "evaluator,period,item,score,findings\n评估中心,2023,I-1,80,再次导入\n", existing: ["评估中心|2023|item:I-1"])
        #expect(again == ["第 2 行：评估中心对某许可2023年的评估已登记或在文件中重复"])
        #expect(Self.parse("evaluator,period,item,score\n").issues == ["第 1 行：缺少必需的列：findings"])
        #expect(Self.parse("evaluator,period,item,score,findings\n").issues == ["第 1 行：文件中没有评估数据"])
        #expect(Self.parse("").issues == ["第 1 行：文件为空或没有表头"])
    }

    @Test("only 编办 and the supervisor import")
    func importers() {
        for role in Role.allCases {
            let p = Principal(username: "x", role: role, county: Fixture.county, organization: "O")
            #expect(EvaluationImport.mayImport(p) == (role == .establishment || role == .supervisor), "\(role)")
        }
    }

    @Test("summaries count per target with the mean half up")
    func summaries() {
        func e(_ id: String, _ target: EvaluationTarget, _ tenths: Int) -> Evaluation {
            Evaluation(
                id: id, county: Fixture.county, evaluator: "E", period: EvaluationPeriod.parse("2023")!, target: target,
                score: .init(tenths: tenths), findings: "f", batch: "PG-0001")
        }
        let town = EvaluationTarget.township(code: "510104100000", name: "甲镇")
        let item = EvaluationTarget.item(code: "I-1", name: "某许可")
        let list = EvaluationSummary.of([e("1", town, 855), e("2", item, 900), e("3", town, 880)])
        #expect(list.map(\.code) == ["I-1", "510104100000"])
        #expect(list.map(\.count) == [1, 2])
        #expect(list.map(\.mean.text) == ["90.0", "86.8"])
    }

    // MARK: public feedback

    static func submit(kind: String = "question", text: String = "请问需要哪些材料？", contact: String = "")
        throws(FeedbackFailure) -> PublicFeedback
    {
        try PublicFeedback.submit(
            id: "YJ-0001", county: Fixture.county, itemCode: "I-1", itemName: "某许可", kind: kind, text: text,
            contact: contact, on: today)
    }

    @Test("a submission: a kind, 5–500 characters, an optional contact of at most 60; pending")
    func submissions() throws {
        let made = try Self.submit(kind: "投诉", text: "  办理太慢了吧  ", contact: " 138 ")
        #expect(made.kind == .complaint)
        #expect(made.text == "办理太慢了吧")
        #expect(made.contact == "138")
        #expect(made.state == .pending)
        #expect(try Self.submit().contact == nil)
        #expect(try Self.submit(text: String(repeating: "字", count: 500)).text.count == 500)
        func refusal(_ make: () throws(FeedbackFailure) -> PublicFeedback) -> FeedbackFailure? {
            do throws(FeedbackFailure) {
                _ = try make()
                return nil
            } catch { return error }
        }
        #expect(refusal { () throws(FeedbackFailure) in try Self.submit(kind: "表扬") } == .unknownKind)
        #expect(refusal { () throws(FeedbackFailure) in try Self.submit(text: "   ") } == .empty(field: "内容"))
        #expect(refusal { () throws(FeedbackFailure) in try Self.submit(text: "太慢了") } == .tooShort(minimum: 5))
        #expect(
            refusal { () throws(FeedbackFailure) in try Self.submit(text: String(repeating: "字", count: 501)) }
                == .tooLong(field: "内容", limit: 500))
        #expect(
            refusal { () throws(FeedbackFailure) in try Self.submit(contact: String(repeating: "1", count: 61)) }
                == .tooLong(field: "联系方式", limit: 60))
        #expect(FeedbackFailure.unknownKind.message == "请选择类别：咨询、建议或投诉")
        #expect(FeedbackFailure.tooLong(field: "联系方式", limit: 60).field == "contact")
        #expect(FeedbackFailure.tooShort(minimum: 5).message == "内容至少 5 个字")
    }

    @Test("编办 moderates a pending submission once; a rejection needs its reason; no other role moderates")
    func moderation() throws {
        let pending = try Self.submit()
        let approved = try pending.moderated(approve: true, reason: "", by: Self.establishment, on: Self.today)
        #expect(approved.state == .approved)
        #expect(approved.moderation == .init(by: "bianban", on: Self.today, reason: nil))
        let rejected = try pending.moderated(approve: false, reason: " 涉及个人信息 ", by: Self.establishment, on: Self.today)
        #expect(rejected.state == .rejected)
        #expect(rejected.moderation?.reason == "涉及个人信息")
        func refusal(_ f: PublicFeedback, approve: Bool, reason: String = "", by p: Principal) -> FeedbackFailure? {
            do throws(FeedbackFailure) {
                _ = try f.moderated(approve: approve, reason: reason, by: p, on: Self.today)
                return nil
            } catch { return error }
        }
        #expect(refusal(pending, approve: false, by: Self.establishment) == .reasonRequired)
        #expect(refusal(approved, approve: false, reason: "x", by: Self.establishment) == .notPending(state: "已公开"))
        #expect(refusal(rejected, approve: true, by: Self.establishment) == .notPending(state: "不予公开"))
        #expect(
            refusal(pending, approve: false, reason: String(repeating: "字", count: 201), by: Self.establishment)
                == .tooLong(field: "理由", limit: 200))
        for role in Role.allCases where role != .establishment {
            let p = Principal(username: "x", role: role, county: Fixture.county, organization: "O")
            #expect(refusal(pending, approve: true, by: p) == .wrongRole, "\(role)")
        }
        let c = FeedbackCounts.of([pending, approved, rejected, approved])
        let expected: [Int] = [1, 2, 1, 4]
        #expect([c.pending, c.approved, c.rejected, c.total] == expected)
    }
}
