import Foundation
import Hummingbird

/// Forms keep their place (issue 13). A staff page's form posts to the same route an API client uses (one service
/// call, one set of rules); what comes back depends on who asked:
/// - a JSON or token client gets the JSON answer or the JSON error, unchanged;
/// - a signed-in browser's form that is refused (a 4xx other than 401/403/429) gets the page it was posted from,
///   rendered again with the refusal's status: the Chinese message at the top and next to the field it names, every
///   typed value back in its input, the signed-in frame;
/// - a done form gets a 303 to its page, which says what was done with a link to it (`FormDone`).
/// Authorization and CSRF stay where they are (`Guard`, `AuthMiddleware`); a 403 keeps the error page, which shows
/// the signed-in frame too (`SignedInFailure`).
struct FormReturn: Sendable {
    /// Renders the originating page with a refusal.
    let page: @Sendable (Request, AppContext, FormRefusal) async throws -> Response

    /// Runs `handler`; a refused form post of a signed-in browser comes back as `page`.
    func run(
        _ request: Request, _ context: AppContext,
        _ handler: @Sendable (Request, AppContext) async throws -> Response
    ) async throws -> Response {
        guard Self.isBrowserForm(request, context) else { return try await handler(request, context) }
        do {
            return try await handler(request, context)
        } catch {
            let failure = AppError.from(error)
            guard Self.returnsToPage(failure) else { throw error }
            let form = try await Form.read(request)
            // A page that cannot be built again (its record gone, its group decided meanwhile) leaves the original
            // refusal to the error page, in the signed-in frame.
            guard let shown = try? await page(request, context, FormRefusal(failure, form: form)) else { throw error }
            return shown
        }
    }

    /// A form body posted by a staff page, answered with pages: a 303 to its page when done, the page again or the
    /// error page when refused. A form body that comes with a token is an API client's, answered as JSON like any
    /// other API request (as `/openapi.json` documents); a browser session never sends a token.
    static func fromPage(_ request: Request) -> Bool {
        (request.headers[.contentType] ?? "").hasPrefix("application/x-www-form-urlencoded")
            && request.headers[.authorization] == nil
    }

    /// A form body (not JSON) from a browser session (not a token).
    static func isBrowserForm(_ request: Request, _ context: AppContext) -> Bool {
        (request.headers[.contentType] ?? "").hasPrefix("application/x-www-form-urlencoded")
            && context.identity?.csrf != nil
    }

    /// Refusals the page shows in place: bad input, a state or rule that refuses, a duplicate, a missing record.
    /// Not: authentication and authorization (401, 403: audited refusals, the error page) and rate limits (429).
    static func returnsToPage(_ failure: AppError) -> Bool {
        let code = failure.status.code
        return code >= 400 && code < 500 && ![401, 403, 429].contains(code) && failure.location == nil
    }
}

/// A refused form, as the page renders it again.
struct FormRefusal: Sendable {
    /// The posted form's `_form` field: which form of the page it was (a page has many; each names itself).
    var form: String
    var message: String
    /// The input the message belongs next to (absent: the message stands at the top of the form).
    var field: String?
    var values: [String: [String]]
    var status: HTTPResponse.Status

    init(_ failure: AppError, form: Form) {
        self.form = form["_form"]
        message = failure.message
        values = form.fields
        values["_csrf"] = nil
        status = failure.status
        // The field the failure names, or the first of its kind the form has (an opinion is `opinion`, `reason`,
        // `findings` or `note` depending on the form).
        let candidates = failure.field.map { FormRefusal.synonyms[$0] ?? [$0] } ?? []
        field = candidates.first { form.fields[$0] != nil }
    }

    /// Names of inputs that carry the same thing on different forms.
    static let synonyms: [String: [String]] = [
        "opinion": ["opinion", "reason", "findings", "note"], "reasons": ["reasons", "note"],
        "number": ["number", "decision"],
    ]

    /// What the page's form `key` shows: the typed values and the message, when it is the refused form.
    func state(_ key: String) -> FormState {
        guard key == form else { return FormState() }
        var state = FormState(values: values.compactMapValues(\.first), all: values)
        state.errors[field ?? "form"] = message
        state.refused = true
        return state
    }
}

/// One form of a page as a template reads it: `values.<name>` for inputs, `errors.<name>` next to an input and
/// `errors.form` at the top of the form; empty for every form but the refused one.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var all: [String: [String]] = [:]
    var errors: [String: String] = [:]
    /// `name_value` → true for each value the refused form sent (a select's choice, a ticked box).
    var picked: [String: Bool] = [:]
    var refused = false

    init(values: [String: String] = [:], all: [String: [String]] = [:]) {
        self.values = values
        self.all = all
        for (name, list) in all { for value in list { picked["\(name)_\(value)"] = true } }
    }

    /// Whether the refused form had the checkbox `name` with `value` ticked (`fallback` for a fresh form).
    func ticked(_ name: String, _ value: String, fallback: Bool = false) -> Bool {
        refused ? (all[name] ?? []).contains(value) : fallback
    }

    /// Whether `value` was the one chosen in select `name` (`fallback` for a fresh form).
    func chose(_ name: String, _ value: String, fallback: Bool = false) -> Bool {
        refused ? values[name] == value : fallback
    }
}

/// An error thrown under a signed-in browser session, carried out to the error page so that it keeps the
/// signed-in frame (name, menu, 退出) instead of the public one.
struct SignedInFailure: Error {
    var error: any Error
    var identity: Identity

    static func unwrap(_ error: any Error) -> (any Error, Identity?) {
        if let signed = error as? SignedInFailure { return (signed.error, signed.identity) }
        return (error, nil)
    }
}
