/// One requirement of an item as a unit meets it on a day: held or missing, with the evidence in Chinese — who or
/// what satisfies it, or what is missing and which records did not count (expired, seconded away).
public struct RequirementFit: Hashable, Sendable {
    public var requirement: Requirement
    /// The requirement as the county's vocabulary names it (专业能力：畜禽品种鉴定).
    public var label: String
    public var held: Bool
    public var evidence: String

    public init(requirement: Requirement, label: String, held: Bool, evidence: String) {
        self.requirement = requirement
        self.label = label
        self.held = held
        self.evidence = evidence
    }
}

/// Capacity fit (承接能力匹配, DESIGN §4 step 4 and §5 R3): each requirement of an item checked against the unit's
/// records on a day. Only people in post count — on the roll and not seconded away — and only certificates valid on
/// the day (the expiry day still counts).
///
/// Names (of fields, certificates, equipment) come from the county's vocabulary; a county's own terms are
/// checked exactly like the built-in ones.
///
/// - `field:X`: someone in post (any kind of staff) holds a valid professional certificate of the field.
/// - `cert:enforcement`: a certified officer in post (在编 or 派驻, enforcement post, valid 行政执法证).
/// - `cert:legal`: someone in post holds a 法律职业资格; `cert:X` (a county's kind): someone in post holds a valid one.
/// - `equip:X`: the unit, its squad or office has at least one on the day.
/// - `min-certified:N`: at least N certified officers in post (行政处罚法 第42条: two for a penalty).
public enum CapacityFit {
    public static func evaluate(
        _ requirements: [Requirement], snapshot: CapacitySnapshot, on day: Day, vocabulary: RequirementVocabulary
    ) -> [RequirementFit] {
        requirements.map { requirement in
            let (held, evidence): (Bool, String)
            switch requirement {
            case .field(let field):
                (held, evidence) = certificateFit(
                    kind: .professional(field), snapshot: snapshot, on: day, vocabulary: vocabulary)
            case .certificate(.enforcement):
                (held, evidence) = officersFit(minimum: 1, snapshot: snapshot, on: day)
            case .certificate(let kind):
                (held, evidence) = certificateFit(
                    kind: Certificate.Kind(kind), snapshot: snapshot, on: day, vocabulary: vocabulary)
            case .minimumCertifiedOfficers(let n):
                (held, evidence) = officersFit(minimum: n, snapshot: snapshot, on: day)
            case .equipment(let kind):
                (held, evidence) = equipmentFit(
                    kind: kind, name: vocabulary.name(of: kind), snapshot: snapshot, on: day)
            }
            return RequirementFit(
                requirement: requirement, label: vocabulary.label(of: requirement), held: held, evidence: evidence)
        }
    }

    /// Whether every requirement is held.
    public static func isFit(_ fits: [RequirementFit]) -> Bool { fits.allSatisfy(\.held) }

    static func certificateFit(
        kind: Certificate.Kind, snapshot s: CapacitySnapshot, on day: Day, vocabulary: RequirementVocabulary
    ) -> (Bool, String) {
        var holders: [String] = []
        var excluded: [String] = []
        for person in s.onRoll(on: day) {
            let theirs = s.certificates(of: person.id).filter { $0.kind == kind }
            guard !theirs.isEmpty else { continue }
            if let valid = s.validCertificate(of: person.id, kind: kind, on: day) {
                if let away = s.secondment(of: person.id, on: day) {
                    excluded.append("\(person.name)（\(secondedText(away))）")
                } else {
                    holders.append(
                        "\(person.name)（\(s.organizationName(person.organization))，\(certificateText(valid))）")
                }
            } else {
                excluded.append("\(person.name)（\(invalidText(theirs, on: day))）")
            }
        }
        let label = vocabulary.name(of: kind)
        if !holders.isEmpty { return (true, "在岗人员持有有效的\(label)：\(holders.joined(separator: "；"))") }
        var text = "本单位在岗人员中无人持有有效的\(label)"
        if !excluded.isEmpty { text += "；不计入：\(excluded.joined(separator: "；"))" }
        return (false, text)
    }

    static func officersFit(minimum: Int, snapshot s: CapacitySnapshot, on day: Day) -> (Bool, String) {
        let officers = s.certifiedOfficers(on: day)
        var excluded: [String] = []
        for person in s.onRoll(on: day) where person.isEligibleEnforcement {
            let theirs = s.certificates(of: person.id).filter { $0.kind == .enforcement }
            guard !theirs.isEmpty else { continue }
            if s.validCertificate(of: person.id, kind: .enforcement, on: day) == nil {
                excluded.append("\(person.name)（\(invalidText(theirs, on: day))）")
            } else if let away = s.secondment(of: person.id, on: day) {
                excluded.append("\(person.name)（\(secondedText(away))）")
            }
        }
        let names = officers.map { "\($0.staff.name)（执法证 \($0.certificate.number)\(expiryText($0.certificate))）" }
        let held = officers.count >= minimum
        var text: String
        if held {
            text = "在岗持证执法人员 \(officers.count) 名"
            if minimum > 1 { text += "，不少于 \(minimum) 名" }
            text += "：\(names.joined(separator: "；"))"
        } else if officers.isEmpty {
            text = "本单位没有在岗的持证执法人员"
            if minimum > 1 { text += "（至少需要 \(minimum) 名）" }
        } else {
            text = "在岗持证执法人员仅 \(officers.count) 名，少于 \(minimum) 名：\(names.joined(separator: "；"))"
        }
        if !held && !excluded.isEmpty { text += "；不计入：\(excluded.joined(separator: "；"))" }
        return (held, text)
    }

    static func equipmentFit(kind: EquipmentKind, name: String, snapshot s: CapacitySnapshot, on day: Day)
        -> (Bool, String)
    {
        let records = s.equipment(on: day).filter { $0.kind == kind }
        let present = records.filter { $0.count > 0 }
        if !present.isEmpty {
            let parts = present.map {
                "\(s.organizationName($0.organization)) \($0.count) \(kind.unitWord)（\($0.since.chinese)起）"
            }
            return (true, "配备\(name)：\(parts.joined(separator: "；"))")
        }
        var text = "本单位未登记\(name)"
        if let last = records.max(by: { $0.since < $1.since }) {
            text = "本单位自\(last.since.chinese)起无\(name)（数量登记为 0）"
        }
        return (false, text)
    }

    static func certificateText(_ c: Certificate) -> String {
        "证书编号 \(c.number)\(expiryText(c))"
    }

    static func expiryText(_ c: Certificate) -> String {
        c.expiresOn.map { "，有效期至\($0.chinese)" } ?? "，长期有效"
    }

    static func secondedText(_ s: Secondment) -> String {
        "\(s.from.chinese)起借调至\(s.destination)" + (s.until.map { "，至\($0.chinese)" } ?? "")
    }

    /// Why none of a person's certificates of a kind is valid on the day: expired, or not yet issued.
    static func invalidText(_ certificates: [Certificate], on day: Day) -> String {
        if let expired = certificates.compactMap(\.expiresOn).filter({ $0 < day }).max() {
            return "证书已于\(expired.chinese)到期"
        }
        if let next = certificates.map(\.issuedOn).filter({ $0 > day }).min() { return "证书\(next.chinese)才颁发" }
        return "证书无效"
    }
}
