import Foundation

/// Server-rendered SVG charts (UI.md): bars and lines drawn with presentation attributes only (the CSP allows no
/// inline style), labelled with their numbers, readable in black and white; every chart has a table below it.
/// Each chart has its axes with their titles and units, and is drawn on a narrow canvas (400 units) so that its
/// labels stay readable when a phone (390 px) shrinks it to the screen.
enum Charts {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// The note a chart carries when every bar has the same value (bars of equal height look like a drawing error
    /// or a placeholder): "各月数值相同（均为 100%）". Nil when the values differ or fewer than two are drawn.
    static func sameValueNote(_ values: [Double?], what: String, format: (Double) -> String) -> String? {
        let drawn = values.compactMap { $0 }
        guard drawn.count > 1, let first = drawn.first, drawn.allSatisfy({ $0 == first }) else { return nil }
        return "\(what)数值相同（均为 \(format(first))）"
    }

    /// Vertical bars, one per label (e.g. months), with the value written above each bar; a missing value (a rate
    /// of a month without closed records) draws no bar and reads "—". `scale` fixes the top of the axis (1 for rates).
    /// `axis` names the vertical axis with its unit ("办件量（件）"), `across` the horizontal one ("受理月份"), and
    /// `what` the kind of label for the equal-values note ("各月").
    static func bars(
        _ points: [(String, Double?)], title: String, axis: String, across: String, what: String = "各月",
        height: Double = 240, scale: Double? = nil, format: (Double) -> String
    ) -> String {
        // 30 units a bar: twelve months fit the narrow canvas; a longer period widens it and scrolls on a phone.
        let width = points.count > 12 ? 50 + 30 * Double(points.count) : 400.0
        let left = 44.0
        let right = 6.0
        let top = 34.0
        let bottom = 42.0
        let maxValue = scale ?? max(points.compactMap(\.1).max() ?? 0, 1)
        let plot = height - top - bottom
        let step = (width - left - right) / Double(max(points.count, 1))
        let fontSize = 10
        let note = sameValueNote(points.map(\.1), what: what, format: format)
        let label = note.map { "\(title)：\($0)" } ?? title
        var out = """
            <svg class="chart\(width > 400 ? " wide" : "")" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(label))">
            <title>\(escape(label))</title>
            <text x="2" y="12" font-size="11">\(escape(axis))</text>
            """
        if let note {
            out +=
                "<text x=\"\(f(width - right))\" y=\"12\" font-size=\"11\" text-anchor=\"end\" font-weight=\"bold\">\(escape(note))</text>"
        }
        // The vertical axis: ticks at 0, half and the top, with light grid lines.
        for fraction in [0.0, 0.5, 1.0] {
            let y = height - bottom - plot * fraction
            let grid = fraction == 0 ? "#333" : "#ccc"
            out += """
                <line x1="\(f(left))" y1="\(f(y))" x2="\(f(width - right))" y2="\(f(y))" stroke="\(grid)" stroke-width="\(fraction == 0 ? 1 : 0.5)"/>
                <text x="\(f(left - 4))" y="\(f(y + 4))" font-size="10" text-anchor="end">\(escape(format(maxValue * fraction)))</text>
                """
        }
        out += """
            <line x1="\(f(left))" y1="\(f(top - 6))" x2="\(f(left))" y2="\(f(height - bottom))" stroke="#333" stroke-width="1"/>
            <text x="\(f(left + (width - left - right) / 2))" y="\(f(height - 4))" font-size="11" text-anchor="middle">\(escape(across))</text>
            """
        for (index, (label, value)) in points.enumerated() {
            let h = plot * min(value ?? 0, maxValue) / maxValue
            let x = left + Double(index) * step + step * 0.15
            let y = height - bottom - h
            if value != nil {
                out += """
                    <rect x="\(f(x))" y="\(f(y))" width="\(f(step * 0.7))" height="\(f(h))" fill="#b3261e" stroke="#000" stroke-width="0.5"/>
                    """
            }
            out += """
                <text x="\(f(x + step * 0.35))" y="\(f(y - 3))" font-size="\(fontSize)" text-anchor="middle">\(escape(value.map(format) ?? "—"))</text>
                <text x="\(f(x + step * 0.35))" y="\(f(height - bottom + 14))" font-size="\(fontSize)" text-anchor="middle">\(escape(label))</text>
                """
        }
        return out + "</svg>"
    }

    /// Horizontal bars for a ranking (e.g. townships by volume), longest first; labels past seven characters are
    /// cut (the table below has them whole). `axis` names the bars' measure with its unit ("办件量（件）").
    static func ranking(_ points: [(String, Double)], title: String, axis: String, format: (Double) -> String)
        -> String
    {
        let rowHeight = 22.0
        let labelWidth = 92.0
        let width = 400.0
        let top = 20.0
        let height = top + rowHeight * Double(max(points.count, 1)) + 8
        let maxValue = max(points.map(\.1).max() ?? 0, 1)
        let note = sameValueNote(points.map { $0.1 }, what: "各项", format: format)
        let label = note.map { "\(title)：\($0)" } ?? title
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(label))">
            <title>\(escape(label))</title>
            <text x="\(f(labelWidth))" y="12" font-size="11">\(escape(axis))</text>
            <line x1="\(f(labelWidth))" y1="\(f(top - 2))" x2="\(f(labelWidth))" y2="\(f(height - 4))" stroke="#333" stroke-width="1"/>
            """
        if let note {
            out +=
                "<text x=\"\(f(width - 4))\" y=\"12\" font-size=\"11\" text-anchor=\"end\" font-weight=\"bold\">\(escape(note))</text>"
        }
        for (index, (full, value)) in points.enumerated() {
            // Long item names would run off the left edge: the chart shows the first characters, the table all.
            let label = full.count > 7 ? String(full.prefix(6)) + "…" : full
            let y = top + Double(index) * rowHeight
            let w = (width - labelWidth - 56) * value / maxValue
            out += """
                <text x="\(f(labelWidth - 4))" y="\(f(y + 15))" font-size="12" text-anchor="end">\(escape(label))</text>
                <rect x="\(f(labelWidth))" y="\(f(y + 4))" width="\(f(w))" height="\(f(rowHeight - 8))" fill="#b3261e" stroke="#000" stroke-width="0.5"/>
                <text x="\(f(labelWidth + w + 4))" y="\(f(y + 15))" font-size="12">\(escape(format(value)))</text>
                """
        }
        return out + "</svg>"
    }
}
