import Foundation
import Hummingbird
import QuanzeDomain
import QuanzePersistence

/// The capacity JSON API (described in `openapi.json`): a unit's records and figures and its fit for an item
/// (`viewUnit`), and the district's figures per unit (whoever may see every unit). Counts and sums come as they are;
/// rates are derived from them and null without a denominator.
enum CapacityAPI {
    /// `CapacityFigures` with its derived rates.
    struct FiguresDTO: Encodable {
        var asOf: String
        var trainingTarget: Double
        var units: Int
        var staff: Int
        var establishment: Int
        var auxiliary: Int
        var dispatched: Int
        var enforcementEligible: Int
        var certified: Int
        var certifiedRate: Double?
        var certifiedInPost: Int
        var auxiliaryEnforcement: Int
        var trainingHours: Double
        var hoursPerOfficer: Double?
        var belowTarget: Int
        var expiringCertificates: Int
        var seconded: Int
        var secondedShare: Double?
        var underTwoYears: Int

        init(_ f: CapacityFigures) {
            asOf = f.asOf.iso
            trainingTarget = f.trainingTarget
            units = f.units
            staff = f.staff
            establishment = f.establishment
            auxiliary = f.auxiliary
            dispatched = f.dispatched
            enforcementEligible = f.enforcementEligible
            certified = f.certified
            certifiedRate = f.certifiedRate
            certifiedInPost = f.certifiedInPost
            auxiliaryEnforcement = f.auxiliaryEnforcement
            trainingHours = f.trainingHours
            hoursPerOfficer = f.hoursPerOfficer
            belowTarget = f.belowTarget
            expiringCertificates = f.expiringCertificates
            seconded = f.seconded
            secondedShare = f.secondedShare
            underTwoYears = f.underTwoYears
        }
    }

    /// A certificate and whether it is valid on the as-of day.
    struct CertificateDTO: Encodable {
        var kind: String
        var label: String
        var number: String
        var issuedOn: String
        var expiresOn: String?
        var valid: Bool
    }

    /// A person with certificates, hours in the year and where they are seconded to.
    struct StaffDTO: Encodable {
        var id: String
        var name: String
        var organization: String
        var kind: String
        var position: String
        var education: String
        var hireDate: String
        var person: String?
        var onRoll: Bool
        var secondedTo: String?
        var trainingHours: Double
        var certificates: [CertificateDTO]
    }

    /// A secondment and whether it runs on the as-of day.
    struct SecondmentDTO: Encodable {
        var staffId: String
        var destination: String
        var from: String
        var until: String?
        var active: Bool
    }

    /// Equipment in force on the as-of day.
    struct EquipmentDTO: Encodable {
        var organization: String
        var kind: String
        var count: Int
        var since: String
    }

    /// `GET /api/v1/units/{code}/capacity`.
    struct UnitDTO: Encodable {
        var unit: String
        var name: String
        var asOf: String
        var organizations: [String: String]
        var figures: FiguresDTO
        var standardisation: String?
        var staff: [StaffDTO]
        var secondments: [SecondmentDTO]
        var equipment: [EquipmentDTO]
    }

    @Sendable static func unit(_ request: Request, context: AppContext, services: AppServices) async throws -> Response
    {
        let code = try Query.township(context)
        try await Guard.require(.viewUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        let asOf = try Query.day(request, "asOf", default: services.today)
        let target = try CapacityController.trainingTarget(request)
        let s = try await CapacityStore(services.database).snapshot(county: code.county, unit: code.value)
        let vocabulary = try await RequirementStore(services.database).vocabulary(county: code.county)
        let hours = s.trainingHours(on: asOf)
        return JSONBody.response(
            UnitDTO(
                unit: s.unit, name: s.unitName, asOf: asOf.iso, organizations: s.organizations,
                figures: FiguresDTO(s.figures(on: asOf, trainingTarget: target)),
                standardisation: s.standardisation(on: asOf)?.state.rawValue,
                staff: s.staff.sorted { $0.id < $1.id }.map { p in
                    StaffDTO(
                        id: p.id, name: p.name, organization: p.organization, kind: p.kind.rawValue,
                        position: p.position.rawValue, education: p.education.rawValue, hireDate: p.hireDate.iso,
                        person: p.person, onRoll: p.isOnRoll(on: asOf),
                        secondedTo: s.secondment(of: p.id, on: asOf)?.destination, trainingHours: hours[p.id] ?? 0,
                        certificates: s.certificates(of: p.id).map {
                            CertificateDTO(
                                kind: $0.kind.code, label: vocabulary.name(of: $0.kind), number: $0.number,
                                issuedOn: $0.issuedOn.iso,
                                expiresOn: $0.expiresOn?.iso, valid: $0.isValid(on: asOf))
                        })
                },
                secondments: s.secondments.map {
                    SecondmentDTO(
                        staffId: $0.staffId, destination: $0.destination, from: $0.from.iso, until: $0.until?.iso,
                        active: $0.isActive(on: asOf))
                },
                equipment: s.equipment(on: asOf).map {
                    EquipmentDTO(
                        organization: $0.organization, kind: $0.kind.rawValue, count: $0.count, since: $0.since.iso)
                }))
    }

    /// `GET /api/v1/units/{code}/capacity/fit`.
    struct FitDTO: Encodable {
        var unit: String
        var item: String
        var itemName: String
        var asOf: String
        var fit: Bool
        var requirements: [FitView]
    }

    @Sendable static func fit(_ request: Request, context: AppContext, services: AppServices) async throws -> Response {
        let code = try Query.township(context)
        try await Guard.require(.viewUnit(county: code.county, unit: code.value), request, context, services)
        _ = try await services.township(code)
        let asOf = try Query.day(request, "asOf", default: services.today)
        guard let itemCode = try Query.text(request, "item", max: PowerItem.maximumCodeLength) else {
            throw AppError.badRequest("请用参数 item 指定事项编码")
        }
        guard let item = try await services.items.item(county: code.county, code: itemCode) else {
            throw AppError.notFound("没有编码为“\(itemCode)”的事项")
        }
        let fits =
            try await CapacityStore(services.database).fit(
                county: code.county, unit: code.value, itemCodes: [item.code], on: asOf)[item.code] ?? []
        return JSONBody.response(
            FitDTO(
                unit: code.value, item: item.code, itemName: item.name, asOf: asOf.iso, fit: CapacityFit.isFit(fits),
                requirements: fits.map(FitView.init)))
    }

    /// One unit's line of the district answer.
    struct UnitFiguresDTO: Encodable {
        var code: String
        var name: String
        var standardisation: String?
        var figures: FiguresDTO
    }

    /// Courses held in the as-of year up to the day, and by whom.
    struct TrainingDTO: Encodable {
        var year: Int
        var courses: Int
        var providers: [String]
    }

    /// `GET /api/v1/capacity`.
    struct DistrictDTO: Encodable {
        var county: String
        var asOf: String
        var district: FiguresDTO
        var units: [UnitFiguresDTO]
        var training: TrainingDTO
    }

    @Sendable static func district(_ request: Request, context: AppContext, services: AppServices) async throws
        -> Response
    {
        let principal = try await Guard.require(.staffSession, request, context, services)
        guard AccessPolicy.allows(principal, .viewCounty(principal.county)) else {
            throw try await Guard.refusal(.forbidden("无权查看全区各单位的承接能力"), request, context, services)
        }
        let asOf = try Query.day(request, "asOf", default: services.today)
        let target = try CapacityController.trainingTarget(request)
        let store = CapacityStore(services.database)
        let snapshots = try await store.snapshots(county: principal.county)
        let figures = snapshots.map { $0.figures(on: asOf, trainingTarget: target) }
        let courses = try await store.courses(county: principal.county).filter {
            $0.day.year == asOf.year && $0.day <= asOf
        }
        // The district figures add up every unit; `units` holds the requested page of them.
        let page = try Listing.page(request, Array(zip(snapshots, figures)))
        return JSONBody.response(
            DistrictDTO(
                county: principal.county, asOf: asOf.iso,
                district: FiguresDTO(CapacityFigures.total(figures, asOf: asOf, trainingTarget: target)),
                units: page.items.map {
                    UnitFiguresDTO(
                        code: $0.unit, name: $0.unitName, standardisation: $0.standardisation(on: asOf)?.state.rawValue,
                        figures: FiguresDTO($1))
                },
                training: TrainingDTO(
                    year: asOf.year, courses: courses.count, providers: Array(Set(courses.map(\.provider))).sorted())),
            page: page.headers)
    }
}
