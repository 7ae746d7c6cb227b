import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The one place where failures become HTTP statuses and Chinese messages. Every error body has the same shape:
/// `{"error": {"status": 404, "code": "not-found", "message": "…"}}`.
struct AppError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// For 303 answers (login required, password change first): where the browser goes.
    var location: String? = nil
    /// For 429 answers: seconds until the client may try again.
    var retryAfter: Int? = nil
    /// A cookie to set with the error answer (clearing a timed-out session).
    var setCookie: String? = nil
    /// For 405 answers: the methods the path answers.
    var allow: String? = nil
    /// The form field the failure is about (`reasons`, `opinion`, …), for a page that shows it next to that input.
    var field: String? = nil

    static func notFound(_ message: String) -> AppError {
        AppError(status: .notFound, code: "not-found", message: message)
    }
    static func badRequest(_ message: String) -> AppError {
        AppError(status: .badRequest, code: "bad-request", message: message)
    }
    static func unprocessable(_ message: String, field: String? = nil) -> AppError {
        AppError(status: .unprocessableContent, code: "invalid", message: message, field: field)
    }

    /// Maps any error to what the user sees; unknown errors never leak their text.
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let e as AppError: return e
        case let e as ListServiceFailure:
            switch e {
            case .unknownDecision, .unknownItem, .unknownTownship:
                return AppError(status: .unprocessableContent, code: "unknown-reference", message: e.message)
            case .rule: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as AccountStoreFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            case .duplicate: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return .unprocessable(e.message)
            }
        case let e as TokenFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            default: return .unprocessable(e.message)
            }
        case let e as DelegationFailure:
            switch e {
            case .wrongRole, .wrongOrganization:
                return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .illegalTransition: return AppError(status: .conflict, code: "state", message: e.message)
            case .openProposalExists, .evaluationAlreadyRecorded, .duplicateAttachment:
                return AppError(status: .conflict, code: "duplicate", message: e.message)
            default:
                return AppError(status: .unprocessableContent, code: "rule", message: e.message, field: field(of: e))
            }
        case let e as ScanFailure:
            if e == .duplicate { return AppError(status: .conflict, code: "duplicate", message: e.message) }
            return .unprocessable(e.message)
        case let e as LegalGroundServiceFailure:
            return AppError(status: .unprocessableContent, code: "rule", message: e.message)
        case let e as LegalGroundFailure:
            return AppError(status: .unprocessableContent, code: "rule", message: e.message)
        case let e as LegalBasisFailure: return .unprocessable(e.message)
        case let e as ItemStoreFailure: return .notFound(e.message)
        case let e as OrganizationServiceFailure:
            if case .notFound = e.failure { return .notFound(e.message) }
            return .unprocessable(e.message)
        case let e as AgencyFailure:
            switch e {
            case .wrongRole, .wrongOrganization:
                return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .illegalTransition: return AppError(status: .conflict, code: "state", message: e.message)
            case .schemeExists: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as AgencyServiceFailure: return .notFound(e.message)
        case let e as ResourceFailure:
            switch e {
            case .notATownship, .unknownStaff: return .notFound(e.message)
            case .duplicatePolicy: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as ResourceServiceFailure: return .notFound(e.message)
        case let e as AccountabilityFailure:
            switch e {
            case .wrongRole: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .alreadyDecided: return AppError(status: .conflict, code: "state", message: e.message)
            case .duplicateSituation: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as AccountabilityServiceFailure: return .notFound(e.message)
        case let e as DisputeFailure:
            switch e {
            case .wrongRole, .notYourSide: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .illegalTransition, .answerOutstanding:
                return AppError(status: .conflict, code: "state", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as DisputeServiceFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            case .decisionExists: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return .unprocessable(e.message)
            }
        case let e as GuidanceFailure:
            switch e {
            case .wrongRole, .notCompetent: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as GuidanceServiceFailure:
            switch e {
            case .documentNotFound: return .notFound(e.message)
            default: return .unprocessable(e.message)
            }
        case let e as FeedbackFailure:
            switch e {
            case .wrongRole: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .notPending: return AppError(status: .conflict, code: "state", message: e.message)
            case .unknownItem: return .notFound(e.message)
            default: return .unprocessable(e.message, field: e.field)
            }
        case let e as SubscriptionFailure:
            switch e {
            case .alreadyConfirmed, .cancelled, .notDead:
                return AppError(status: .conflict, code: "state", message: e.message)
            case .badToken: return .notFound(e.message)
            case .missingCode, .unknownTarget: return .unprocessable(e.message, field: "code")
            case .channelNotAllowed: return .unprocessable(e.message, field: "channel")
            default: return .unprocessable(e.message, field: "target")
            }
        case let e as SubscriptionServiceFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            case .forbidden: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            }
        case let e as FeedbackServiceFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            case .forbidden: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            }
        case let e as EvaluationImportRefused:
            return AppError(
                status: .unprocessableContent, code: "import",
                message: e.message + "：" + e.issues.prefix(20).map(\.description).joined(separator: "；"), field: "csv")
        case let e as ReportFailure:
            switch e {
            case .unknownItem: return .notFound(e.message)
            case .alreadyPublished: return AppError(status: .conflict, code: "duplicate", message: e.message)
            case .yearOutOfRange: return .badRequest(e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as SupervisionFailure:
            switch e {
            case .wrongRole: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            case .unknownTownship: return .notFound(e.message)
            case .alreadyPublished: return AppError(status: .conflict, code: "state", message: e.message)
            case .sampleExists, .schemeExists: return AppError(status: .conflict, code: "duplicate", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as SupervisionServiceFailure: return .notFound(e.message)
        case let e as GovernanceFailure:
            switch e {
            case .wrongRole, .notOwnTownship: return AppError(status: .forbidden, code: "forbidden", message: e.message)
            default: return AppError(status: .unprocessableContent, code: "rule", message: e.message)
            }
        case let e as DelegationServiceFailure:
            switch e {
            case .notFound: return .notFound(e.message)
            default: return .unprocessable(e.message)
            }
        case let e as ImportFailure:
            return AppError(status: .unprocessableContent, code: "import", message: e.description)
        case let e as HTTPError:
            switch e.status {
            case .notFound: return .notFound("页面或接口不存在")
            case .methodNotAllowed:
                return AppError(status: .methodNotAllowed, code: "method-not-allowed", message: "不支持该请求方法")
            case .contentTooLarge:
                return AppError(status: .contentTooLarge, code: "too-large", message: "请求内容过大")
            default:
                return AppError(
                    status: e.status.code < 500 ? e.status : .internalServerError, code: "http",
                    message: e.status.code < 500 ? "请求无效（\(e.status.code)）" : "服务器内部错误，请稍后重试")
            }
        case let e as DuplicateSubmission: return AppError(status: .conflict, code: "duplicate", message: e.message)
        case let e where WriteConflict.isUniqueViolation(e):
            return AppError(
                status: .conflict, code: "duplicate", message: "相同的内容已经提交（可能是重复提交或他人同时提交），未再次写入；请刷新后查看")
        default:
            return AppError(status: .internalServerError, code: "internal", message: "服务器内部错误，请稍后重试")
        }
    }
}

extension AppError {
    /// The form field a lifecycle failure is about (the name the API and the forms use), if it names one.
    static func field(of failure: DelegationFailure) -> String? {
        switch failure {
        case .emptyReasons: "reasons"
        case .emptyOpinion: "opinion"
        case .emptyNote: "note"
        case .negativeVolume: "expectedYearlyVolume"
        case .invalidNumber: "number"
        case .termEndsBeforeStart: "termTo"
        case .effectiveBeforePublication, .effectiveAfterTermEnd: "effectiveOn"
        case .notInProvincialCatalogue, .grantNeedsCatalogue: "catalogue"
        case .reDelegation, .noLegalGround, .forbiddenCombination, .competence: "itemCode"
        default: nil
        }
    }
}

/// Parsing query parameters with Chinese errors: a message names the field as the page's filter labels it
/// (`label`), never the parameter's key, since pages show these messages to people.
enum Query {
    /// The Chinese name of each query parameter the pages and the API read.
    static let labels: [String: String] = [
        "asOf": "截止日期", "knownAt": "记录时点", "from": "起始", "to": "截止", "q": "关键词", "category": "事项类型",
        "department": "部门", "list": "清单", "item": "事项", "township": "镇街", "limit": "每页条数", "offset": "起始位置",
        "page": "页码", "county": "区县代码", "groupBy": "分组方式", "format": "下载格式", "year": "年度",
    ]

    static func label(_ name: String) -> String { labels[name] ?? "查询条件" }

    static func day(_ request: Request, _ name: String, default value: Day) throws -> Day {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return value }
        guard let day = Day(iso: text) else {
            throw AppError.badRequest("\(label(name))“\(text)”不是有效日期，应写作 2023-12-31 这样的年-月-日")
        }
        return day
    }

    static func county(_ request: Request, default value: String) throws -> String {
        guard let text = request.uri.queryParameters.get("county"), !text.isEmpty else { return value }
        guard isCountyCode(text) else { throw AppError.badRequest("区县代码应为6位数字，收到“\(text)”") }
        return text
    }

    static func township(_ context: some RequestContext) throws -> RegionCode {
        let text = context.parameters.get("code") ?? ""
        guard let code = RegionCode(text), code.level == .township else {
            throw AppError.badRequest("镇街代码“\(text)”格式不正确，应为12位统计用区划代码")
        }
        return code
    }

    static func text(_ request: Request, _ name: String, max: Int = 100) throws -> String? {
        guard let text = request.uri.queryParameters.get(name)?.trimmingSpaces(), !text.isEmpty else { return nil }
        guard text.count <= max else { throw AppError.badRequest("\(label(name))过长（最多 \(max) 个字）") }
        return text
    }

    /// A month parameter (YYYY-MM), nil when absent.
    static func month(_ request: Request, _ name: String) throws -> String? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard text.count == 7, Day(iso: text + "-01") != nil else {
            throw AppError.badRequest("\(label(name))月份应写作 2023-12 这样的年-月，收到“\(text)”")
        }
        return text
    }

    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw AppError.badRequest("\(label(name))应为 \(range.lowerBound)–\(range.upperBound) 的整数")
        }
        return n
    }

    static func page(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("page"), !text.isEmpty else { return 1 }
        guard let n = Int(text), n >= 1, n <= 100_000 else { throw AppError.badRequest("页码应为正整数") }
        return n
    }
}
