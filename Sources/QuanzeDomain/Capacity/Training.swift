/// A training session given by a county department (扶上马，送一程): who gave it, when, how long, how.
public struct TrainingCourse: Hashable, Sendable, Codable {
    public var id: String
    public var county: String
    /// The department that gave it (its name, as the county's organisations spell it).
    public var provider: String
    public var title: String
    public var day: Day
    /// 学时; positive, at most `TrainingCourse.maximumHours`.
    public var hours: Double
    public var mode: TrainingMode
    public var kind: TrainingKind

    public static let maximumHours = 200.0

    public init(
        id: String, county: String, provider: String, title: String, day: Day, hours: Double, mode: TrainingMode,
        kind: TrainingKind
    ) {
        self.id = id
        self.county = county
        self.provider = provider
        self.title = title
        self.day = day
        self.hours = hours
        self.mode = mode
        self.kind = kind
    }

    public var auditText: String {
        [id, provider, title, day.iso, String(hours), mode.rawValue, kind.rawValue].joined(separator: "|")
    }
}

/// 线上 or 线下.
public enum TrainingMode: String, Sendable, Codable, CaseIterable {
    case online, offline

    public var label: String { self == .online ? "线上" : "线下" }

    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let m = TrainingMode(rawValue: t) ?? TrainingMode.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = m
    }
}

/// 理论 or 实操 (the report asks for more 实操: "理论+实操").
public enum TrainingKind: String, Sendable, Codable, CaseIterable {
    case theory, practice

    public var label: String { self == .theory ? "理论" : "实操" }

    public init?(text: String) {
        let t = text.trimmingSpaces()
        guard let k = TrainingKind(rawValue: t) ?? TrainingKind.allCases.first(where: { $0.label == t }) else {
            return nil
        }
        self = k
    }
}

/// One person attended one course.
public struct Attendance: Hashable, Sendable, Codable {
    public var courseId: String
    public var staffId: String

    public init(courseId: String, staffId: String) {
        self.courseId = courseId
        self.staffId = staffId
    }

    public var auditText: String { "\(courseId)|\(staffId)" }
}
