import Foundation

/// A case record's fields as a sender wrote them, before they are read: one set of reading rules for the JSON API
/// and the staff CSV upload, so that a value accepted by one is accepted by the other and nothing is silently dropped
/// (an unreadable optional value is a problem, not a nil).
public struct CaseFields: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case source, externalId, sourceVersion, itemCode, township, handler, kind, receivedOn, dueOn, closedOn
        case satisfaction, officers, legalReview, fullRecord
        case officerIds, reviewTriggers, filedOn, extendedTo, extensionDays, extensionApproved

        /// The field's name in the JSON API.
        public var json: String {
            switch self {
            case .source: "source"
            case .externalId: "externalId"
            case .sourceVersion: "sourceVersion"
            case .itemCode: "itemCode"
            case .township: "township"
            case .handler: "handler"
            case .kind: "kind"
            case .receivedOn: "receivedOn"
            case .dueOn: "dueOn"
            case .closedOn: "closedOn"
            case .satisfaction: "satisfaction"
            case .officers: "officers"
            case .legalReview: "legalReview"
            case .fullRecord: "fullRecord"
            case .officerIds: "officerIds"
            case .reviewTriggers: "legalReviewTriggers"
            case .filedOn: "filedOn"
            case .extendedTo: "extendedTo"
            case .extensionDays: "extensionDays"
            case .extensionApproved: "extensionApproved"
            }
        }

        /// The column's name in a CSV file.
        public var csv: String {
            switch self {
            case .externalId: "external_id"
            case .sourceVersion: "source_version"
            case .itemCode: "item_code"
            case .receivedOn: "received_on"
            case .dueOn: "due_on"
            case .closedOn: "closed_on"
            case .legalReview: "legal_review"
            case .fullRecord: "full_record"
            case .officerIds: "officer_ids"
            case .reviewTriggers: "legal_review_triggers"
            case .filedOn: "filed_on"
            case .extendedTo: "extended_to"
            case .extensionDays: "extension_days"
            case .extensionApproved: "extension_approved"
            default: json
            }
        }

        public static let required: [Field] = [.source, .externalId, .sourceVersion, .itemCode, .township, .receivedOn]
    }

    /// How fields are named in messages: as the JSON API or as the CSV columns name them.
    public enum Naming: Sendable {
        case json, csv

        func name(_ field: Field) -> String { self == .json ? field.json : field.csv }
    }

    /// One field that cannot be read, and why.
    public struct Problem: Equatable, Sendable {
        public var field: Field?
        public var rejection: CaseRejection
    }

    /// Every problem of one record.
    public struct Problems: Error, Equatable, Sendable {
        public var list: [Problem]

        /// The reasons in one line, as the ingest answer gives them per record.
        public var message: String { list.map(\.rejection.message).joined(separator: "；") }
    }

    /// The longest value of a case field (codes, identifiers, dates, numbers).
    public static let maximumLength = 200

    private var values = [String?](repeating: nil, count: Field.allCases.count)
    /// The sender's element was not an object at all (e.g. a number in the JSON array).
    public var notAnObject = false
    /// Fields whose JSON value is neither text, number nor boolean (an object, an array).
    public var unreadable: [Field] = []

    public init() {}

    /// A field's text, trimmed; nil when absent or blank.
    public subscript(field: Field) -> String? {
        get { values[field.rawValue] }
        set {
            let trimmed = newValue?.trimmingSpaces()  // pure Swift: `trimmingCharacters(in:)` bridged through NSString
            values[field.rawValue] = trimmed?.isEmpty == true ? nil : trimmed
        }
    }

    /// The record, or every problem of its fields (named as `naming` names them).
    public func record(county: String, naming: Naming) -> Result<CaseRecord, Problems> {
        if notAnObject {
            return .failure(
                Problems(list: [Problem(field: nil, rejection: .badValue(field: "record", value: "非 JSON 对象"))]))
        }
        var problems = unreadable.map {
            Problem(field: $0, rejection: .badValue(field: naming.name($0), value: "（不是文本、数字或布尔值）"))
        }
        // Control characters and overlong values: this record is rejected, the rest of its batch is not.
        for field in Field.allCases {
            guard let value = self[field] else { continue }
            do throws(InputText.Problem) {
                try InputText.check(value, field: naming.name(field), limit: Self.maximumLength)
            } catch {
                problems.append(Problem(field: field, rejection: .badText(error)))
            }
        }
        for field in Field.required where self[field] == nil && !unreadable.contains(field) {
            problems.append(Problem(field: field, rejection: .missing(naming.name(field))))
        }
        func bad(_ field: Field) {
            problems.append(
                Problem(field: field, rejection: .badValue(field: naming.name(field), value: self[field] ?? "")))
        }
        var version: Date?
        if let text = self[.sourceVersion] {
            version = Timestamp.parse(text, allowDay: true)
            if version == nil { bad(.sourceVersion) }
        }
        func choice<T: CaseIterable>(_ field: Field, _ fallback: T, raw: (T) -> String, label: (T) -> String) -> T? {
            guard let text = self[field] else { return fallback }
            if let found = T.allCases.first(where: { raw($0) == text || label($0) == text }) { return found }
            bad(field)
            return nil
        }
        let handler = choice(.handler, CaseRecord.Handler.township, raw: \.rawValue, label: \.label)
        let kind = choice(.kind, CaseRecord.Kind.application, raw: \.rawValue, label: \.label)
        func day(_ field: Field) -> Day? {
            guard let text = self[field] else { return nil }
            if let d = Day(spreadsheet: text) { return d }
            problems.append(Problem(field: field, rejection: .badDate(field: naming.name(field), value: text)))
            return nil
        }
        let received = day(.receivedOn)
        let due = day(.dueOn)
        let closed = day(.closedOn)
        let filed = day(.filedOn)
        let extendedTo = day(.extendedTo)
        func int(_ field: Field) -> Int? {
            guard let text = self[field] else { return nil }
            if let n = Int(text) { return n }
            bad(field)
            return nil
        }
        let satisfaction = int(.satisfaction)
        let officers = int(.officers)
        let extensionDays = int(.extensionDays)
        /// A list: `;` `；` `、` or `,` between the entries (a JSON array arrives joined by `;`); 无 / none: empty.
        func list(_ field: Field) -> [String]? {
            guard let text = self[field] else { return nil }
            if text == "无" || text.lowercased() == "none" { return [] }
            let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { ";；、,，".contains($0) }).map {
                String($0).trimmingSpaces()
            }
            if parts.contains(where: \.isEmpty) || parts.isEmpty {
                bad(field)
                return nil
            }
            return parts
        }
        let officerIds = list(.officerIds)
        if let ids = officerIds, ids.contains(where: { $0.count > 40 }) { bad(.officerIds) }
        var triggers: [LegalReviewTrigger]?
        if let parts = list(.reviewTriggers) {
            let read = parts.map(LegalReviewTrigger.init(text:))
            if read.contains(where: { $0 == nil }) {
                problems.append(
                    Problem(
                        field: .reviewTriggers,
                        rejection: .badValue(field: naming.name(.reviewTriggers), value: self[.reviewTriggers] ?? "")))
            } else {
                triggers = LegalReviewTrigger.allCases.filter { t in read.contains(t) }
            }
        }
        func flag(_ field: Field) -> Bool? {
            switch self[field] {
            case nil: return nil
            case "是", "true", "TRUE", "True", "1", "yes", "Y", "y": return true
            case "否", "false", "FALSE", "False", "0", "no", "N", "n": return false
            default:
                bad(field)
                return nil
            }
        }
        let legalReview = flag(.legalReview)
        let fullRecord = flag(.fullRecord)
        let extensionApproved = flag(.extensionApproved)
        guard problems.isEmpty, let version, let handler, let kind, let received else {
            return .failure(Problems(list: problems))
        }
        return .success(
            CaseRecord(
                county: county, source: self[.source]!, externalId: self[.externalId]!, sourceVersion: version,
                itemCode: self[.itemCode]!, township: self[.township]!, handler: handler, kind: kind,
                receivedOn: received, dueOn: due, closedOn: closed, satisfaction: satisfaction, officers: officers,
                legalReview: legalReview, fullRecord: fullRecord, officerIds: officerIds, reviewTriggers: triggers,
                filedOn: filed, extendedTo: extendedTo, extensionDays: extensionDays,
                extensionApproved: extensionApproved))
    }
}

extension CaseFields: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads a JSON object without ever failing: strings, numbers and booleans become the field's text (read by the
    /// same rules as a CSV cell); anything that is not an object is marked, to be rejected with its index.
    public init(from decoder: any Decoder) throws {
        self.init()
        guard let container = try? decoder.container(keyedBy: Key.self) else {
            notAnObject = true
            return
        }
        for field in Field.allCases {
            let key = Key(stringValue: field.json)
            guard container.contains(key), (try? container.decodeNil(forKey: key)) == false else { continue }
            // The expected type first: a failed attempt costs an error.
            switch field {
            case .satisfaction, .officers, .extensionDays:
                if let n = try? container.decode(Int.self, forKey: key) {
                    self[field] = String(n)
                    continue
                }
            case .officerIds, .reviewTriggers:
                if let list = try? container.decode([String].self, forKey: key) {
                    if list.contains(where: { $0.trimmingSpaces().isEmpty }) {
                        unreadable.append(field)  // an empty entry: nothing to count, and not silently dropped
                    } else {
                        self[field] = list.isEmpty ? "无" : list.joined(separator: ";")
                    }
                    continue
                }
            case .legalReview, .fullRecord, .extensionApproved:
                if let b = try? container.decode(Bool.self, forKey: key) {
                    self[field] = b ? "true" : "false"
                    continue
                }
            default:
                if let s = try? container.decode(String.self, forKey: key) {
                    self[field] = s
                    continue
                }
            }
            if let s = try? container.decode(String.self, forKey: key) {
                self[field] = s
            } else if let n = try? container.decode(Double.self, forKey: key) {
                if n == n.rounded() && abs(n) < 1e15 {
                    self[field] = String(Int(n))
                } else if field == .satisfaction || field == .officers || field == .extensionDays {
                    self[field] = String(n)  // read, then refused as not a whole number, with the value shown
                } else {
                    unreadable.append(field)  // an id or code that JSON cannot carry exactly
                }
            } else if let b = try? container.decode(Bool.self, forKey: key) {
                self[field] = b ? "true" : "false"
            } else {
                unreadable.append(field)
            }
        }
    }
}
