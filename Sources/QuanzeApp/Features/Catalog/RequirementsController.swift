import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The county's requirement vocabulary (承接要求词表): professional fields, certificate kinds and equipment with their
/// Chinese names. Anyone may read it (item pages show its names); 编办 adds terms, on the page or through the API.
enum RequirementsController {
    struct TermView: Encodable {
        var kind: String
        var kindLabel: String
        var code: String
        var requirementCode: String
        var name: String
        var builtIn: Bool

        init(_ term: RequirementVocabulary.Term, builtIn: Bool) {
            kind = term.kind.rawValue
            kindLabel = term.kind.label
            code = term.code
            requirementCode = term.key.requirementCode
            name = term.name
            self.builtIn = builtIn
        }
    }

    struct KindOption {
        var value: String
        var label: String
        var selected: Bool
    }

    struct PageModel {
        var groups: [[String: Any]]
        var canAdd: Bool
        var kinds: [KindOption]
        var code: String
        var name: String
        var error: String
        var added: String
    }

    static func views(_ vocabulary: RequirementVocabulary) -> [TermView] {
        vocabulary.terms.map { TermView($0, builtIn: vocabulary.isBuiltIn($0.key)) }
    }

    static func page(
        _ request: Request, context: AppContext, services: AppServices, form: [String: String] = [:],
        error: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: services.county)
        let terms = views(vocabulary)
        let groups = RequirementVocabulary.Term.Kind.allCases.map { kind -> [String: Any] in
            ["label": kind.label, "terms": terms.filter { $0.kind == kind.rawValue }]
        }
        let chosen = form["kind"] ?? RequirementVocabulary.Term.Kind.field.rawValue
        let model = PageModel(
            groups: groups, canAdd: AccessPolicy.allows(context.principal, .manageRequirementVocabulary),
            kinds: RequirementVocabulary.Term.Kind.allCases.map {
                KindOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen)
            }, code: form["code"] ?? "", name: form["name"] ?? "", error: error,
            added: request.uri.queryParameters.get("added") ?? "")
        return try Page.render(
            model, template: "catalog/requirements", title: "承接要求词表", section: "items",
            breadcrumb: [.init(label: "事项目录", href: "/items"), .init(label: "承接要求词表", href: nil)],
            services: services, status: status)
    }

    @Sendable static func show(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        try await page(request, context: context, services: services)
    }

    /// Reads `kind`, `code`, `name` (form or JSON) into a term; an unknown kind is refused like the other problems.
    static func term(_ input: DelegationInput) throws(RequirementVocabulary.Failure) -> RequirementVocabulary.Term {
        guard let kind = RequirementVocabulary.Term.Kind(text: input["kind"]) else { throw .invalidKind(input["kind"]) }
        return RequirementVocabulary.Term(kind: kind, code: input["code"], name: input["name"])
    }

    /// The page's form: adds the term and returns to the page, or shows the page again with the reason (422).
    @Sendable static func add(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageRequirementVocabulary, request, context, services)
        let input = try await DelegationInput.read(request)
        do {
            let added = try await RequirementStore(services.database).add(
                try term(input), county: principal.county, by: principal.actor, at: services.now)
            return Response(
                status: .seeOther,
                headers: [.location: "/catalog/requirements?added=\(percentEncode(added.key.requirementCode))"])
        } catch let failure as RequirementVocabulary.Failure {
            return try await page(
                request, context: context, services: services, form: input.fields, error: failure.message,
                status: .unprocessableContent)
        }
    }

    @Sendable static func api(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: services.county)
        let page = try Listing.page(request, views(vocabulary))
        return JSONBody.response(["terms": page.items], page: page.headers)
    }

    /// `POST /api/v1/requirements` with `{"kind","code","name"}`: 201 with the term, or 422 with the reason.
    @Sendable static func apiAdd(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.manageRequirementVocabulary, request, context, services)
        let input = try await DelegationInput.read(request)
        do {
            let added = try await RequirementStore(services.database).add(
                try term(input), county: principal.county, by: principal.actor, at: services.now)
            return JSONBody.response(TermView(added, builtIn: false), status: .created)
        } catch let failure as RequirementVocabulary.Failure {
            throw AppError.unprocessable(failure.message)
        }
    }
}

extension RequirementsController.PageModel: ComputedView {
    var computed: [String: Any] { ["hasError": !error.isEmpty, "hasAdded": !added.isEmpty] }
}
