/// The statutory list template of one kind of unit: a 镇 (and 乡) holds different statutory powers from a 街道,
/// which is a 派出机关 of the district (地方组织法 第76条 versus 第85–86条).
public struct StatutoryTemplate: Hashable, Sendable {
    public var county: String
    public var kind: TemplateKind
    public var itemCodes: [String]

    public init(county: String, kind: TemplateKind, itemCodes: [String]) {
        self.county = county
        self.kind = kind
        self.itemCodes = itemCodes
    }

    /// The changes that give a unit its statutory list from the template of its kind.
    /// Units whose kind follows another template get nothing from this one.
    public func changes(for township: RegionCode, kind townshipKind: TownshipKind, from day: Day) -> [ListChange] {
        guard townshipKind.template == kind else { return [] }
        return itemCodes.map {
            .add(
                township: township, itemCode: $0, list: .statutory, terms: .init(mode: .statutory), from: day,
                until: nil)
        }
    }
}
