import Mustache

/// A view model as the template engine reads it fastest: every struct of our own turned into a dictionary once,
/// before rendering.
///
/// Mustache finds a name in a struct through `Mirror`, building the struct's whole list of children for every
/// `{{name}}` it looks up, and for every object of the context stack it passes on the way; a table of fifty rows
/// with twenty cells each built thousands of mirrors per page (the township page spent most of its time there).
/// One mirror per struct, here, and the lookups are dictionary reads. What a template sees is the same: stored
/// properties by name, `ComputedView` values, absent optionals as absent, arrays and their transforms
/// (`count`, `empty`); values that print themselves (`CustomStringConvertible`), enums, classes and closures are
/// left as they are.
enum TemplateValues {
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Int, is Bool, is Double, is Substring: return value
        case let dictionary as [String: Any]:
            return dictionary.compactMapValues { unwrapped($0).map(flatten) }
        case let array as [Any]:
            guard let first = array.first, needsFlattening(first) else { return value }
            return array.map(flatten)
        default:
            guard needsFlattening(value) else { return value }
            var fields: [String: Any] = [:]
            for child in Mirror(reflecting: value).children {
                guard let label = child.label, let present = unwrapped(child.value) else { continue }
                fields[label] = flatten(present)
            }
            if let view = value as? any ComputedView {
                for (name, computed) in view.computed {
                    if let present = unwrapped(computed) { fields[name] = flatten(present) }
                }
            }
            return fields
        }
    }

    /// A struct whose fields the template reads by name.
    static func needsFlattening(_ value: Any) -> Bool {
        guard !(value is CustomStringConvertible), !(value is MustacheLambda) else { return false }
        return Mirror(reflecting: value).displayStyle == .struct
    }
}
