import Foundation

/// Server-rendered SVG charts (UI.md): bars and lines drawn with presentation attributes only (the CSP allows no
/// inline style), labelled with their numbers, readable in black and white; every chart has a table below it.
enum Charts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Vertical bars, one per label (e.g. months), with the value written above each bar; a missing value (a rate
    /// of a month without closed records) draws no bar and reads "—". `scale` fixes the top of the axis (1 for rates).
    static func bars(
        _ points: [(String, Double?)], title: String, height: Double = 220, scale: Double? = nil,
        format: (Double) -> String
    ) -> String {
        let width = 640.0
        let top = 24.0
        let bottom = 36.0
        let maxValue = scale ?? max(points.compactMap(\.1).max() ?? 0, 1)
        let step = width / Double(max(points.count, 1))
        let fontSize = points.count > 12 ? 8 : 10
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))">
            <title>\(escape(title))</title>
            <line x1="0" y1="\(height - bottom)" x2="\(width)" y2="\(height - bottom)" stroke="#333" stroke-width="1"/>
            """
        for (index, (label, value)) in points.enumerated() {
            let h = (height - top - bottom) * min(value ?? 0, maxValue) / maxValue
            let x = Double(index) * step + step * 0.15
            let y = height - bottom - h
            if value != nil {
                out += """
                    <rect x="\(String(format: "%.1f", x))" y="\(String(format: "%.1f", y))" width="\(String(format: "%.1f", step * 0.7))" height="\(String(format: "%.1f", h))" fill="#b3261e" stroke="#000" stroke-width="0.5"/>
                    """
            }
            out += """
                <text x="\(String(format: "%.1f", x + step * 0.35))" y="\(String(format: "%.1f", y - 4))" font-size="\(fontSize)" text-anchor="middle">\(escape(value.map(format) ?? "—"))</text>
                <text x="\(String(format: "%.1f", x + step * 0.35))" y="\(String(format: "%.1f", height - bottom + 14))" font-size="\(fontSize)" text-anchor="middle">\(escape(label))</text>
                """
        }
        return out + "</svg>"
    }

    /// Horizontal bars for a ranking (e.g. townships by volume), longest first; labels past nine characters are cut.
    static func ranking(_ points: [(String, Double)], title: String, format: (Double) -> String) -> String {
        let rowHeight = 22.0
        let labelWidth = 120.0
        let width = 640.0
        let height = rowHeight * Double(max(points.count, 1)) + 8
        let maxValue = max(points.map(\.1).max() ?? 0, 1)
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))">
            <title>\(escape(title))</title>
            """
        for (index, (full, value)) in points.enumerated() {
            // Long item names would run off the left edge: the chart shows the first characters, the table all.
            let label = full.count > 9 ? String(full.prefix(8)) + "…" : full
            let y = Double(index) * rowHeight + 4
            let w = (width - labelWidth - 70) * value / maxValue
            out += """
                <text x="\(labelWidth - 6)" y="\(String(format: "%.1f", y + 15))" font-size="12" text-anchor="end">\(escape(label))</text>
                <rect x="\(labelWidth)" y="\(String(format: "%.1f", y + 3))" width="\(String(format: "%.1f", w))" height="\(rowHeight - 8)" fill="#b3261e" stroke="#000" stroke-width="0.5"/>
                <text x="\(String(format: "%.1f", labelWidth + w + 6))" y="\(String(format: "%.1f", y + 15))" font-size="12">\(escape(format(value)))</text>
                """
        }
        return out + "</svg>"
    }
}
