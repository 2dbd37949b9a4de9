import Foundation

/// A chart as inline SVG: labelled axes with a grid, a value on every bar or point, a legend for
/// several series. No script and no external resource: it prints and mails as it is.
struct SVGChart {
    let chart: ReportChart
    /// How values read: the document's language and currency.
    let values: ValueText
    let width = 720.0, height = 340.0
    let left = 90.0, right = 20.0, top = 36.0, bottom = 64.0
    static let palette = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#ec4899"]

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func render() -> String {
        var svg = "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" aria-label=\"\(escape(chart.title))\">\n"
        svg += text(chart.title + unitNote, x: width / 2, y: 20, anchor: "middle", cls: "title")
        switch chart.kind {
        case .bar: svg += axes() + bars(stacked: false)
        case .stackedBar: svg += axes() + bars(stacked: true)
        case .line: svg += axes() + lines()
        case .funnel: svg += funnel()
        }
        if chart.series.count > 1 && chart.kind != .funnel { svg += legend() }
        return svg + "</svg>\n"
    }

    /// The currency after a money chart's title: " (CNY)", or " (¥)" in Chinese.
    private var unitNote: String {
        guard chart.valueKind == .money, !values.currency.isEmpty else { return "" }
        return " (" + (values.signsAmounts ? values.currencySign.trimmingCharacters(in: .whitespaces) : values.currency) + ")"
    }

    private var totals: [Double] {
        chart.categories.indices.map { i in chart.series.reduce(0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }
    }

    /// A round top for the value axis: 1, 2, 2.5 or 5 times a power of ten.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1, 2, 2.5, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    private var scaleTop: Double { Self.niceMaximum(max(chart.kind == .stackedBar ? totals.max() ?? 0 : chart.series.flatMap(\.values).max() ?? 0, 0)) }

    private func y(_ value: Double) -> Double { top + plotHeight * (1 - max(0, value) / scaleTop) }

    private func axes() -> String {
        var out = ""
        for tick in 0...4 {
            let value = scaleTop * Double(tick) / 4
            let at = y(value)
            out += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(at))\" x2=\"\(f(width - right))\" y2=\"\(f(at))\"/>\n"
            out += text(values.compact(value, chart.valueKind == .change ? .percent : chart.valueKind), x: left - 6, y: at + 4, anchor: "end", cls: "tick")
        }
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotHeight))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\"/>\n"
        let step = plotWidth / Double(max(1, chart.categories.count))
        for (i, category) in chart.categories.enumerated() {
            out += text(category, x: left + step * (Double(i) + 0.5), y: top + plotHeight + 16, anchor: "middle", cls: "category")
        }
        if let xLabel = chart.xLabel { out += text(xLabel, x: left + plotWidth / 2, y: height - 8, anchor: "middle", cls: "axis-label") }
        if let yLabel = chart.yLabel {
            out += "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\">\(escape(yLabel))</text>\n"
        }
        return out
    }

    private func bars(stacked: Bool) -> String {
        var out = ""
        let step = plotWidth / Double(max(1, chart.categories.count))
        let groupWidth = step * 0.7
        let barWidth = stacked ? groupWidth : groupWidth / Double(max(1, chart.series.count))
        for i in chart.categories.indices {
            var base = 0.0
            for (s, series) in chart.series.enumerated() where i < series.values.count {
                let value = series.values[i]
                let x = left + step * Double(i) + (step - groupWidth) / 2 + (stacked ? 0 : barWidth * Double(s))
                let low = stacked ? base : 0, high = low + max(0, value)
                out += "<rect class=\"bar\" data-value=\"\(JSONRenderer.number(value))\" x=\"\(f(x))\" y=\"\(f(y(high)))\" width=\"\(f(barWidth))\" "
                    + "height=\"\(f(max(0, y(low) - y(high))))\" fill=\"\(Self.palette[s % Self.palette.count])\"><title>\(escape(chart.categories[i])): "
                    + "\(escape(values.format(value, chart.valueKind)))</title></rect>\n"
                if !stacked { out += text(label(value, room: barWidth), x: x + barWidth / 2, y: y(high) - 4, anchor: "middle", cls: "value") }
                base = high
            }
            if stacked {
                out += text(label(totals[i], room: groupWidth), x: left + step * (Double(i) + 0.5), y: y(base) - 4, anchor: "middle", cls: "value")
            }
        }
        return out
    }

    /// A bar's value label, in the short form when the full one is wider than the bar (about 6 px a character).
    private func label(_ value: Double, room: Double) -> String {
        let full = values.format(value, chart.valueKind)
        return Double(full.count) * 6 <= room + 8 ? full : values.compact(value, chart.valueKind)
    }

    private func lines() -> String {
        var out = ""
        let step = plotWidth / Double(max(1, chart.categories.count))
        for (s, series) in chart.series.enumerated() {
            let colour = Self.palette[s % Self.palette.count]
            let points = series.values.prefix(chart.categories.count).enumerated().map { (left + step * (Double($0) + 0.5), y($1), $1) }
            out += "<polyline class=\"line\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>\n"
            for point in points {
                out += "<circle class=\"point\" data-value=\"\(JSONRenderer.number(point.2))\" cx=\"\(f(point.0))\" cy=\"\(f(point.1))\" r=\"3.5\" fill=\"\(colour)\"/>\n"
                out += text(label(point.2, room: step), x: point.0, y: point.1 - 8, anchor: "middle", cls: "value")
            }
        }
        return out
    }

    private func funnel() -> String {
        var out = ""
        let counts = chart.series.first?.values ?? []
        let maximum = counts.max() ?? 0
        let rowHeight = plotHeight / Double(max(1, chart.categories.count))
        let centre = left + plotWidth / 2
        for (i, category) in chart.categories.enumerated() where i < counts.count {
            let barWidth = maximum > 0 ? max(2, (plotWidth - 180) * counts[i] / maximum) : 2
            let y = top + rowHeight * Double(i)
            out += "<rect class=\"bar\" data-value=\"\(JSONRenderer.number(counts[i]))\" x=\"\(f(centre - barWidth / 2))\" y=\"\(f(y + 3))\" "
                + "width=\"\(f(barWidth))\" height=\"\(f(rowHeight - 6))\" fill=\"\(Self.palette[i % Self.palette.count])\"/>\n"
            out += text(category, x: left - 6, y: y + rowHeight / 2 + 4, anchor: "end", cls: "category")
            let step = i > 0 && counts[i - 1] > 0 ? " (\(percent(counts[i] / counts[i - 1])))" : ""
            out += text(values.format(counts[i], chart.valueKind) + step, x: centre + barWidth / 2 + 6, y: y + rowHeight / 2 + 4, anchor: "start", cls: "value")
        }
        return out
    }

    private func legend() -> String {
        var out = "", x = left
        for (s, series) in chart.series.enumerated() {
            out += "<rect x=\"\(f(x))\" y=\"\(f(height - 22))\" width=\"10\" height=\"10\" fill=\"\(Self.palette[s % Self.palette.count])\"/>\n"
            out += text(series.name, x: x + 14, y: height - 13, anchor: "start", cls: "legend")
            x += 24 + Double(TextTable.width(series.name)) * 7
        }
        return out
    }

    private func text(_ content: String, x: Double, y: Double, anchor: String, cls: String) -> String {
        "<text class=\"\(cls)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(escape(content))</text>\n"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Text for HTML and SVG: &, <, > and quotes escaped.
func escape(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(character)
        }
    }
    return out
}
