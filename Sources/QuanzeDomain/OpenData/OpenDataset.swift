import Foundation

/// The open-data form of the published lists (开放数据): one row per list entry in force on a day, the same fields in
/// CSV, JSON and XLSX, each described once here — the files and the public data dictionary both read `fields`, so
/// the dictionary cannot describe a column the files lack.
public enum OpenDataset {
    /// One field of an entry row: its JSON key, its column name in CSV and XLSX, what it means, its type and an
    /// example, and how it is read from an entry.
    public struct Field: Sendable {
        public var key: String
        public var name: String
        public var meaning: String
        public var type: String
        public var example: String
        /// The code list it takes its values from, if any (`codeLists`).
        public var codeList: String?
        let value: @Sendable (Record) -> TableValue

        init(
            _ key: String, _ name: String, _ meaning: String, _ type: String, _ example: String,
            codeList: String? = nil, _ value: @escaping @Sendable (Record) -> TableValue
        ) {
            self.key = key
            self.name = name
            self.meaning = meaning
            self.type = type
            self.example = example
            self.codeList = codeList
            self.value = value
        }
    }

    /// One entry with what its row needs besides the entry: the item (name, category, department) and the
    /// township's name.
    public struct Record: Sendable {
        public var entry: Assignment
        public var item: PowerItem?
        public var townshipName: String

        public init(entry: Assignment, item: PowerItem?, townshipName: String) {
            self.entry = entry
            self.item = item
            self.townshipName = townshipName
        }

        var standing: EntryStanding {
            EntryStanding.of(entry, townshipName: townshipName, department: item?.department)
        }
    }

    static let text = "文本"
    static let code = "代码"
    static let date = "日期（年-月-日）"

    /// The fields of an entry row, in column order.
    public static let fields: [Field] = [
        Field("township_code", "镇街代码", "镇街的12位统计用区划代码", code, "110101001000") { .text($0.entry.township.value) },
        Field("township_name", "镇街名称", "镇（乡、街道）的名称", text, "大山铺镇") { .text($0.townshipName) },
        Field("list", "清单代码", "条目所在的清单（五张清单之一）", code, "enforcement", codeList: "list") {
            .text($0.entry.list.rawValue)
        },
        Field("list_name", "清单名称", "清单代码对应的中文名称", text, "执法清单") { .text($0.entry.list.label) },
        Field("item_code", "事项编码", "权责事项的编码（基本编码或实施编码）", code, "DA-CF-0001") { .text($0.entry.itemCode) },
        Field("item_name", "事项名称", "权责事项的名称", text, "对销售不合格食品的处罚") { .text($0.item?.name ?? $0.entry.itemCode) },
        Field("category", "事项类型", "行政许可、行政处罚等事项类型", text, "行政处罚") { .text($0.item?.category.label ?? "") },
        Field("department", "主管部门", "事项的县级主管部门", text, "市场监督管理局") { .text($0.item?.department ?? "") },
        Field("mode", "方式代码", "镇街如何持有该事项：法定、赋权或委托", code, "granted", codeList: "mode") {
            .text($0.entry.mode.rawValue)
        },
        Field("role", "责任代码", "属地事项的责任：主体责任或配合责任；其他清单为空", code, "cooperating", codeList: "role") {
            .text($0.entry.role?.rawValue ?? "")
        },
        Field("partner", "协同部门", "属地事项的协同（牵头）部门，或委托事项的委托部门", text, "应急管理局") { .text($0.entry.partner ?? "") },
        Field("acting_name", "行使名义", "以谁的名义行使：法定、赋权为镇街本身，委托为委托部门", text, "大山铺镇") {
            .text($0.standing.actingName)
        },
        Field("liable_body", "法律责任主体", "对行使结果承担法律责任的机关", text, "大山铺镇") { .text($0.standing.liableBody) },
        Field("decision", "依据文件", "使该条目生效的决定文号；勘误条目为空", text, "某府发〔2021〕17号") {
            .text($0.entry.decision ?? "")
        },
        Field("correction_reason", "勘误理由", "条目以勘误记录时写明的理由；其他为空", text, "生效日期录入有误") {
            .text($0.entry.correctionReason ?? "")
        },
        Field("valid_from", "生效日期", "条目生效的日期", date, "2021-10-11") { .day($0.entry.validFrom) },
        Field("valid_to", "截止日期", "条目到期的日期（不含当日）；长期有效为空", date, "2024-05-20") {
            $0.entry.validTo.map(TableValue.day) ?? .empty
        },
        Field("entry_id", "条目标识", "条目的稳定标识，历次变更不变", code, "a1b2c3") { .text($0.entry.entryId) },
    ]

    /// A code list of the dictionary: each code with its Chinese name.
    public struct CodeList: Sendable {
        public var key: String
        public var name: String
        public var codes: [(code: String, label: String)]
    }

    /// The code lists the fields refer to (list kinds, modes, territorial roles), from the domain's own enums.
    public static let codeLists: [CodeList] = [
        CodeList(key: "list", name: "清单代码", codes: ListKind.allCases.map { ($0.rawValue, $0.label) }),
        CodeList(key: "mode", name: "方式代码", codes: AssignmentMode.allCases.map { ($0.rawValue, $0.label) }),
        CodeList(key: "role", name: "责任代码", codes: TerritorialRole.allCases.map { ($0.rawValue, $0.label) }),
    ]

    /// The cells of one entry, in the order of `fields`.
    public static func row(_ record: Record) -> [TableValue] { fields.map { $0.value(record) } }

    /// What a file says about itself: its scope, the day its lists are read as of, the moment the data was read
    /// (every page of a download reads the lists as recorded at that moment, so a change made while it streams
    /// does not tear it), how many entries it holds and the decisions its entries cite.
    public struct Meta: Sendable {
        public var title: String
        public var scopeCode: String
        public var scopeName: String
        public var asOf: Day
        public var recordedAt: Date
        public var entryCount: Int
        public var decisions: [Decision]

        public init(
            title: String, scopeCode: String, scopeName: String, asOf: Day, recordedAt: Date, entryCount: Int,
            decisions: [Decision]
        ) {
            self.title = title
            self.scopeCode = scopeCode
            self.scopeName = scopeName
            self.asOf = asOf
            self.recordedAt = recordedAt
            self.entryCount = entryCount
            self.decisions = decisions
        }

        /// The moment as written in the files: ISO 8601 in China time (+08:00), to the second.
        public var recordedAtText: String { Self.chinaTime(recordedAt) }

        static func chinaTime(_ date: Date) -> String {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
            let day = Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
            let rest = seconds - day.ordinal * 86400
            let time = [rest / 3600, rest % 3600 / 60, rest % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }
            return day.iso + "T" + time.joined(separator: ":") + "+08:00"
        }

        /// The metadata as label–value pairs, in the order every format writes them.
        public var pairs: [(key: String, label: String, value: TableValue)] {
            [
                ("title", "数据集", .text(title)), ("scope_code", "范围代码", .text(scopeCode)),
                ("scope_name", "范围名称", .text(scopeName)), ("as_of", "清单日期", .day(asOf)),
                ("recorded_at", "记录时点", .text(recordedAtText)), ("entry_count", "条目数", .number(entryCount)),
                ("decision_count", "引用决定数", .number(decisions.count)),
            ]
        }

        /// The columns of a decision cited.
        public static let decisionHeader = ["文号", "标题", "发文机关", "成文日期", "类型代码", "类型"]
        /// The same as JSON keys.
        public static let decisionKeys = ["number", "title", "issuer", "date", "kind", "kind_label"]

        public static func decisionRow(_ d: Decision) -> [TableValue] {
            [
                .text(d.number), .text(d.title), .text(d.issuer), .day(d.date), .text(d.kind.rawValue),
                .text(d.kind.label),
            ]
        }
    }
}
