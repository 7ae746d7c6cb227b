import Mustache

/// Mustache reads stored properties through `Mirror`; a view model lists its derived values here so templates can
/// use them without duplicating state.
protocol ComputedView: MustacheParent {
    var computed: [String: Any] { get }
}

extension ComputedView {
    func child(named: String) -> Any? {
        if let value = computed[named] { return unwrapped(value) }
        return Mirror(reflecting: self).descendant(named).flatMap(unwrapped)
    }
}

/// Mirror hands back an absent optional as a present `Any` holding `nil`, which Mustache would treat as truthy;
/// this turns it into a real nil (and unwraps present optionals) so `{{#notice}}…{{/notice}}` works.
func unwrapped(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    guard let first = mirror.children.first else { return nil }
    return unwrapped(first.value)
}
