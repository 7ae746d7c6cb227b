import Foundation
import QuanzeDomain

/// The capacity pages' long tables through the one table mechanism (`TableQuery`, `TableControls`, `TableExport`):
/// the district's table of units (`/capacity`) and a unit's staff with their certificates (`/units/{code}/capacity`).
/// Both keep the page's 统计日期 and 学时目标 in every link.
enum CapacityTables {
    // MARK: The district's units

    static let unitSpec = TableSpec(
        sortable: [
            .init("name", "镇街"), .init("staff", "在册人员"), .init("rate", "持证率"), .init("hours", "人均学时"),
            .init("below", "未达标"), .init("expiring", "90日内到期"), .init("seconded", "借调"),
        ],
        filters: [
            .init(
                "standardisation", "标准化建设",
                options: Standardisation.State.allCases.map { .init($0.label, $0.label) } + [.init("未登记", "未登记")])
        ], defaultSort: "name")

    /// A unit's row: rates and hours sorted in thousandths and tenths (whole numbers keep the order exact).
    static func unitRecord(_ r: FiguresRow, _ f: CapacityFigures) -> TableRecord {
        TableRecord(
            values: [
                "name": .text(r.name), "staff": .number(r.staff),
                "rate": f.certifiedRate.map { .number(Int(($0 * 1000).rounded())) } ?? .empty,
                "hours": f.hoursPerOfficer.map { .number(Int(($0 * 10).rounded())) } ?? .empty,
                "below": .number(r.belowTarget), "expiring": .number(r.expiringCertificates),
                "seconded": .number(r.seconded), "standardisation": .text(r.standardisation),
            ], searchText: r.name)
    }

    static func unitExport(_ rows: [(FiguresRow, CapacityFigures)], target: String) -> TableExport {
        TableExport(
            sheetName: "承接能力",
            header: [
                "镇街", "在册人员", "执法人员（在编+派驻）", "持证", "持证率", "在岗持证", "编外辅助执法", "人均学时", "未达\(target)学时",
                "90日内到期", "借调", "标准化建设",
            ],
            rows: rows.map { pair in
                let r = pair.0
                return [
                    .text(r.name), .number(r.staff), .number(r.enforcementEligible), .number(r.certified),
                    .text(r.certifiedRate), .number(r.certifiedInPost), .number(r.auxiliaryEnforcement),
                    .text(r.hoursPerOfficer), .number(r.belowTarget), .number(r.expiringCertificates),
                    .number(r.seconded), .text(r.standardisation),
                ]
            })
    }

    // MARK: A unit's staff

    static let staffSpec = TableSpec(
        sortable: [
            .init("id", "人员编号"), .init("name", "姓名"), .init("hired", "入职日期"), .init("hours", "本年培训学时"),
        ],
        filters: [
            .init("kind", "类别", options: StaffKind.allCases.map { .init($0.rawValue, $0.label) }),
            .init("position", "岗位", options: Position.allCases.map { .init($0.rawValue, $0.label) }),
            .init(
                "status", "状态",
                options: [.init("in-post", "在岗"), .init("seconded", "借调中"), .init("pending", "未入职")]),
        ], defaultSort: "id")

    static func staffRecord(_ s: StaffView) -> TableRecord {
        TableRecord(
            values: [
                "id": .text(s.id), "name": .text(s.name), "hired": .day(s.hireDay),
                "hours": .number(Int((s.hoursValue * 10).rounded())), "kind": .text(s.kindKey),
                "position": .text(s.positionKey), "status": .text(s.statusKey),
            ],
            searchText: ([s.id, s.name, s.organization, s.kind, s.position, s.education, s.status]
                + s.certificates.flatMap { [$0.kind, $0.number] }).joined(separator: "\u{1F}"))
    }

    static func staffExport(_ rows: [StaffView]) -> TableExport {
        TableExport(
            sheetName: "人员与证件",
            header: ["人员编号", "姓名", "所在机构", "类别", "岗位", "学历", "入职日期", "证件", "本年培训学时", "状态"],
            rows: rows.map { s in
                [
                    .text(s.id), .text(s.name), .text(s.organization), .text(s.kind), .text(s.position),
                    .text(s.education), .day(s.hireDay),
                    .text(
                        s.certificates.map { "\($0.kind) \($0.number) 至 \($0.expires)（\($0.status)）" }.joined(
                            separator: "；")), .text(s.hours), .text(s.status),
                ]
            })
    }
}
