import Mustache

/// Mustache reads stored properties through `Mirror`; a view model lists its derived values here so templates can
/// use them without duplicating state.
protocol ComputedView: MustacheParent {
    var computed: [String: Any] { get }
}

extension ComputedView {
    func child(named: String) -> Any? {
        computed[named] ?? Mirror(reflecting: self).descendant(named)
    }
}
