/// What the annual operation report (年度运行报告) is computed from: the county's stored data as of the year's
/// last day, gathered by the service; nothing in it is typed by hand.
public struct AnnualReportInput: Sendable {
    /// One township-level unit's list counts in force on a day.
    public struct UnitLists: Hashable, Sendable {
        public var code: String
        public var kind: TemplateKind
        public var statutory: Int
        public var territorialPrimary: Int
        public var territorialCooperating: Int
        public var empowerment: Int
        public var licences: Int
        public var publicServices: Int
        public var enforcement: Int

        public init(
            code: String, kind: TemplateKind, statutory: Int = 0, territorialPrimary: Int = 0,
            territorialCooperating: Int = 0, empowerment: Int = 0, licences: Int = 0, publicServices: Int = 0,
            enforcement: Int = 0
        ) {
            self.code = code
            self.kind = kind
            self.statutory = statutory
            self.territorialPrimary = territorialPrimary
            self.territorialCooperating = territorialCooperating
            self.empowerment = empowerment
            self.licences = licences
            self.publicServices = publicServices
            self.enforcement = enforcement
        }
    }

    /// An approval item's cases of the year (volume and satisfaction scores 1–5).
    public struct Volume: Hashable, Sendable {
        public var itemCode: String
        public var itemName: String
        public var volume: Int
        public var satisfactionSum: Int
        public var satisfactionCount: Int

        public init(itemCode: String, itemName: String, volume: Int, satisfactionSum: Int, satisfactionCount: Int) {
            self.itemCode = itemCode
            self.itemName = itemName
            self.volume = volume
            self.satisfactionSum = satisfactionSum
            self.satisfactionCount = satisfactionCount
        }
    }

    /// A finding of the adjustment engine at the year's end (one township × item, or the district) with its rule's
    /// name and what 编办 decided (open, accepted). The report counts problems as rule × item, as the
    /// suggestions page groups them.
    public struct Finding: Hashable, Sendable {
        public var rule: String
        public var itemCode: String
        public var status: String

        public init(rule: String, itemCode: String, status: String) {
            self.rule = rule
            self.itemCode = itemCode
            self.status = status
        }
    }

    public var county: String
    public var countyName: String
    public var year: Int
    /// Units at the year's end and at the previous year's end.
    public var units: [UnitLists]
    public var previousUnits: [UnitLists]
    public var decisions: [Decision]
    public var squads: Int
    public var approvalOffices: Int
    public var volumes: [Volume]
    /// Certified officers and officers eligible for a 执法证 at the year's end (`CapacityFigures`).
    public var certified: Int
    public var enforcementEligible: Int
    public var courses: [TrainingCourse]
    public var rights: GovernanceRightList?
    public var appointments: [HeadAppointment]
    public var agencyRules: AgencyRules?
    public var schemes: [AssessmentScheme]
    public var findings: [Finding]
    public var steps: [ProcessingSteps]

    public init(
        county: String, countyName: String, year: Int, units: [UnitLists], previousUnits: [UnitLists] = [],
        decisions: [Decision] = [], squads: Int = 0, approvalOffices: Int = 0, volumes: [Volume] = [],
        certified: Int = 0, enforcementEligible: Int = 0, courses: [TrainingCourse] = [],
        rights: GovernanceRightList? = nil, appointments: [HeadAppointment] = [], agencyRules: AgencyRules? = nil,
        schemes: [AssessmentScheme] = [], findings: [Finding] = [], steps: [ProcessingSteps] = []
    ) {
        self.county = county
        self.countyName = countyName
        self.year = year
        self.units = units
        self.previousUnits = previousUnits
        self.decisions = decisions
        self.squads = squads
        self.approvalOffices = approvalOffices
        self.volumes = volumes
        self.certified = certified
        self.enforcementEligible = enforcementEligible
        self.courses = courses
        self.rights = rights
        self.appointments = appointments
        self.agencyRules = agencyRules
        self.schemes = schemes
        self.findings = findings
        self.steps = steps
    }
}

/// The annual operation report of a county: section 一 of a report like the seed's (工作开展情况及成效), every
/// figure computed from the data and every sentence assembled from the figures and from data with a source.
public struct AnnualReport: Codable, Hashable, Sendable {
    /// One figure: a stable key, what it counts, its printed value and where it comes from.
    public struct Figure: Codable, Hashable, Sendable {
        public var key: String
        public var label: String
        public var value: String
        public var source: String

        public init(key: String, label: String, value: String, source: String) {
            self.key = key
            self.label = label
            self.value = value
            self.source = source
        }
    }

    /// A part of the body: its heading (（一）…) and its paragraphs.
    public struct Section: Codable, Hashable, Sendable {
        public var heading: String
        public var paragraphs: [String]
    }

    public var county: String
    public var countyName: String
    public var year: Int
    public var title: String
    public var sections: [Section]
    public var figures: [Figure]
    /// The processing steps the reduction is computed from (the table of the report's annex).
    public var steps: [ProcessingSteps]

    public func figure(_ key: String) -> Figure? { figures.first { $0.key == key } }

    /// How many items the sentence on approval volumes names (the largest volumes; the figures list all).
    public static let namedVolumes = 2

    /// `113` when every unit has the same count, `110—113` otherwise; `0` without units.
    public static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "0" }
        return low == high ? "\(low)" : "\(low)—\(high)"
    }

    /// A share in basis points with one decimal, trailing .0 dropped: 8817 → `88.2%`, 6000 → `60%`.
    public static func percent(_ basisPoints: Int?) -> String {
        guard let bp = basisPoints else { return "—" }
        let tenths = (bp + 5) / 10
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// A count as pages print it: grouped by thousands from 10,000 on (4917, 12,345).
    public static func count(_ n: Int) -> String {
        guard n >= 10_000 else { return "\(n)" }
        var digits = Array(String(n))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// Computes the report. A county without township-level units has nothing to report on.
    public static func compute(_ input: AnnualReportInput) throws(ReportFailure) -> AnnualReport {
        guard (2000...2100).contains(input.year) else { throw .yearOutOfRange(input.year) }
        guard !input.units.isEmpty else { throw .noTownships }
        let year = input.year
        let end = Day(year: year, month: 12, day: 31)!
        var figures: [Figure] = []
        func add(_ key: String, _ label: String, _ value: String, _ source: String) -> String {
            figures.append(Figure(key: key, label: label, value: value, source: source))
            return value
        }
        let lists = "\(end.chinese)施行中的清单"
        let towns = input.units.filter { $0.kind == .town }
        let subdistricts = input.units.filter { $0.kind == .subdistrict }

        // (一) lists
        var one: [String] = []
        var statutory: [String] = []
        if !towns.isEmpty {
            statutory.append("镇法定事项\(add("statutory.town", "镇法定权力事项（项）", range(towns.map(\.statutory)), lists))项")
        }
        if !subdistricts.isEmpty {
            statutory.append(
                "街道法定事项\(add("statutory.subdistrict", "街道法定权力事项（项）", range(subdistricts.map(\.statutory)), lists))项")
        }
        let listDecisions = input.decisions.filter { $0.date <= end && $0.kind == .listIssuance }
        one.append(
            "用实法定权力清单。截至\(end.chinese)，共印发清单文件\(add("decisions.lists", "印发清单文件（件）", "\(listDecisions.count)", "决定登记"))件，明确"
                + statutory.joined(separator: "，") + "。")
        let primary = add("territorial.primary", "属地主体责任事项（项）", range(input.units.map(\.territorialPrimary)), lists)
        let cooperating = add(
            "territorial.cooperating", "属地配合责任事项（项）", range(input.units.map(\.territorialCooperating)), lists)
        one.append("用好属地事项清单。明确镇街属地主体责任事项\(primary)项、配合责任事项\(cooperating)项。")
        // Batches: the 赋权决定 and the 委托书 issued on one day are one batch (a 委托 batch is many 委托书, one per
        // department and township, each with its own 文号).
        let grants = Set(input.decisions.filter { $0.date <= end && $0.kind == .grantDecision }.map(\.date))
        let entrustments = Set(input.decisions.filter { $0.date <= end && $0.kind == .entrustment }.map(\.date))
        let empowerment = add("empowerment", "扩权赋能事项（项）", range(input.units.map(\.empowerment)), lists)
        var empowermentText =
            "用活扩权赋能清单。分批向镇街下放县级行政权力事项，截至\(end.chinese)赋权"
            + "\(add("decisions.grants", "赋权批次（同日印发的赋权决定为一批）", "\(grants.count)", "决定登记"))批、委托"
            + "\(add("decisions.entrustments", "委托批次（同日印发的委托书为一批）", "\(entrustments.count)", "决定登记"))批，\(year)年末扩权赋能事项为\(empowerment)项"
        if !input.previousUnits.isEmpty {
            let previous = add(
                "empowerment.previous", "上年末扩权赋能事项（项）", range(input.previousUnits.map(\.empowerment)),
                "\(Day(year: year - 1, month: 12, day: 31)!.chinese)施行中的清单")
            empowermentText += "（上年末\(previous)项）"
        }
        one.append(empowermentText + "。")
        let licences = add("approval.licences", "下放审批权力（项）", range(input.units.map(\.licences)), lists)
        let services = add("approval.services", "公共服务事项（小项）", range(input.units.map(\.publicServices)), lists)
        var approval =
            "用细审批执法清单。在\(add("approvalOffices", "行政审批办公室（个）", "\(input.approvalOffices)", "组织机构"))个镇街设置行政审批办公室，"
            + "审批服务清单列审批权力\(licences)项、公共服务事项\(services)小项。"
        let reduction = StepReduction.of(input.steps)
        if reduction.items > 0 {
            let documents = Array(Set(input.steps.map(\.source.citation))).sorted()
            let value = add(
                "steps.reduction", "审批环节减少比例", percent(reduction.reduction),
                "办理环节登记：\(documents.joined(separator: "；"))")
            _ = add("steps.before", "下放前办理环节（个）", "\(reduction.before)", "办理环节登记")
            _ = add("steps.after", "下放后办理环节（个）", "\(reduction.after)", "办理环节登记")
            approval +=
                "据\(documents.joined(separator: "、"))，\(reduction.items)项事项的办理环节由\(reduction.before)个减为\(reduction.after)个，审批环节优化减少\(value)。"
        }
        let ranked = input.volumes.filter { $0.volume > 0 }.sorted {
            $0.volume != $1.volume ? $0.volume > $1.volume : $0.itemCode < $1.itemCode
        }
        for v in ranked {
            _ = add("volume.\(v.itemCode)", "\(year)年\(v.itemName)办件量（件）", count(v.volume), "办件数据（\(year)年）")
        }
        if !ranked.isEmpty {
            let named = ranked.prefix(namedVolumes).map { "\($0.itemName)\(count($0.volume))件" }
            approval += "\(year)年各镇街办理" + named.joined(separator: "，")
            let sum = input.volumes.map(\.satisfactionSum).reduce(0, +)
            let rated = input.volumes.map(\.satisfactionCount).reduce(0, +)
            if rated > 0 {
                let rate = add(
                    "satisfaction", "群众满意率（评分均值÷5）", percent(basisPoints(sum, of: rated * 5)),
                    "办件数据（\(year)年，\(rated)件评价）")
                approval += "，群众满意率达\(rate)"
            }
            approval += "。"
        }
        one.append(approval)
        let squads = add("squads", "综合行政执法中队（个）", "\(input.squads)", "组织机构")
        let enforcement = add("enforcement", "镇街执法事项（项）", range(input.units.map(\.enforcement)), lists)
        var enforcementText = "成立\(squads)个镇街综合执法中队，镇街执法事项为\(enforcement)项"
        if input.enforcementEligible > 0 {
            let rate = add(
                "certifiedRate", "执法人员持证率", percent(basisPoints(input.certified, of: input.enforcementEligible)),
                "能力档案（\(end.chinese)，\(input.certified)/\(input.enforcementEligible)人）")
            enforcementText += "，持证率\(rate)"
        }
        let courses = input.courses.filter { $0.day.year == year }
        let providers = Set(courses.map(\.provider))
        if !courses.isEmpty {
            enforcementText +=
                "；\(year)年\(add("training.providers", "开展培训的部门（个）", "\(providers.count)", "培训登记"))个部门累计开展培训"
                + "\(add("training.sessions", "培训（次）", "\(courses.count)", "培训登记"))次"
        }
        one.append(enforcementText + "。")

        // (二) rights handed down
        var two: [String] = []
        let rights = input.rights?.rights ?? []
        for group in RightGroup.allCases {
            let granted = rights.filter { $0.group == group }
            guard !granted.isEmpty else { continue }
            let documents = Array(Set(granted.map(\.source.document).filter { !$0.isEmpty })).sorted()
            let years = Array(Set(granted.compactMap(\.grantedIn))).sorted()
            let key = group == .people ? "rights.people" : "rights.matters"
            let number = add(key, "“\(group.label)”权力（项）", "\(granted.count)", documents.joined(separator: "；"))
            var text = group == .people ? "提升“管人”话语权。" : "强化“管事”能动力。"
            if let first = years.first { text += "\(first)年" }
            if !documents.isEmpty { text += "印发\(documents.joined(separator: "、"))，" }
            text += "赋予镇街" + granted.map(\.name).joined(separator: "、") + "等\(number)项权力。"
            if group == .people {
                let consulted = input.appointments.filter {
                    $0.state == .decided && ($0.decisionYear ?? Int.max) <= year
                }
                text +=
                    "权力下放以来全区派驻机构累计有\(add("appointments.consulted", "负责人调整征求镇街意见（名）", "\(consulted.count)", "派驻机构负责人任免记录"))名负责人调整征求镇街意见"
                if let rules = input.agencyRules {
                    let weight = add(
                        "assessment.townshipWeight", "年度考核镇街评价权重下限", percent(rules.minimumTownshipWeight),
                        rules.townshipWeight.citation)
                    let published = input.schemes.filter { $0.year == year && $0.state == .published }
                    text += "，依\(rules.townshipWeight.citation)，年度考核镇街评价结果不低于考核权重的\(weight)"
                    if !published.isEmpty {
                        text +=
                            "，\(year)年公布考核方案\(add("assessment.published", "公布的派驻机构考核方案（个）", "\(published.count)", "派驻机构考核方案"))个"
                    }
                }
                text += "。"
            }
            two.append(text)
        }

        // (三) supervision: findings and actions
        var three: [String] = []
        let groups = Dictionary(grouping: input.findings) { "\($0.rule)|\($0.itemCode)" }
        let found = add("findings", "数据分析发现问题（项，按规则和事项计）", "\(groups.count)", "调整建议（\(end.chinese)）")
        let accepted = add(
            "findings.accepted", "已采纳调整建议（项）",
            "\(groups.values.filter { $0.contains { $0.status == "accepted" } }.count)", "调整建议处理记录")
        let byRule = Dictionary(grouping: groups.values.compactMap(\.first), by: \.rule).map {
            ($0.key, $0.value.count)
        }
        .sorted { $0.0 < $1.0 }
        var supervision = "截至\(end.chinese)，依据办件数据和能力档案发现问题\(found)项"
        if !byRule.isEmpty { supervision += "（" + byRule.map { "\($0.0)\($0.1)项" }.joined(separator: "、") + "）" }
        supervision += "，已采纳调整建议\(accepted)项"
        let actions = input.decisions.filter {
            $0.date.year == year && ($0.kind == .adjustment || $0.kind == .recall)
        }.sorted { $0.date < $1.date }
        let actionCount = add("actions", "\(year)年调整、收回决定（件）", "\(actions.count)", "决定登记")
        supervision += "；\(year)年印发调整、收回决定\(actionCount)件"
        if !actions.isEmpty { supervision += "（" + actions.map(\.number).joined(separator: "、") + "）" }
        three.append(supervision + "。")

        var sections = [Section(heading: "（一）定权明责，动态调整", paragraphs: one)]
        if !two.isEmpty { sections.append(Section(heading: "（二）扩权赋能，五权下放", paragraphs: two)) }
        sections.append(Section(heading: "（\(two.isEmpty ? "二" : "三")）常态督权，发现问题及时处置", paragraphs: three))
        return AnnualReport(
            county: input.county, countyName: input.countyName, year: year,
            title: "\(input.countyName)\(year)年度镇街权责清单运行报告", sections: sections, figures: figures,
            steps: input.steps.sorted { $0.itemCode < $1.itemCode })
    }

    /// The figures as a table (the XLSX of the report).
    public var export: TableExport {
        TableExport(
            sheetName: "\(year)年度运行报告", header: ["指标", "数值", "来源"],
            rows: figures.map { [.text($0.label), .text($0.value), .text($0.source)] })
    }
}
