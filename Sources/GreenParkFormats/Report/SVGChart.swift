/// Small inline SVG charts for reports: no scripts, no network, print-friendly.
enum SVGChart {
    static let greenColor = "#2e8b57", gridColor = "#9aa5b1", loadColor = "#c0392b"

    /// Stacked monthly bars: green (bottom) and grid (top), in MWh.
    static func monthlyBars(labels: [String], green: [Int64], grid: [Int64], greenName: String, gridName: String, unit: String) -> String {
        let width = 680.0, height = 260.0, left = 56.0, bottom = 28.0, top = 24.0
        let maxValue = max(1, zip(green, grid).map { $0 + $1 }.max() ?? 1)
        let scale = (height - bottom - top) / Double(maxValue)
        let slot = (width - left - 10) / Double(max(1, labels.count))
        var svg = header(width, height) + axis(left: left, top: top, bottom: height - bottom, width: width, maxValue: maxValue, unit: unit)
        for (k, label) in labels.enumerated() {
            let x = left + Double(k) * slot + slot * 0.15, w = slot * 0.7
            let hg = Double(green[k]) * scale, hr = Double(grid[k]) * scale
            let base = height - bottom
            svg += rect(x, base - hg, w, hg, greenColor, title: "\(label) \(greenName): \(mwh(green[k])) \(unit)")
            svg += rect(x, base - hg - hr, w, hr, gridColor, title: "\(label) \(gridName): \(mwh(grid[k])) \(unit)")
            svg += "<text x=\"\(f(x + w / 2))\" y=\"\(f(height - 10))\" font-size=\"10\" text-anchor=\"middle\">\(escape(String(label.suffix(2))))</text>"
        }
        svg += legend([(greenName, greenColor), (gridName, gridColor)], x: left, y: 14)
        return svg + "</svg>"
    }

    /// Two daily lines (e.g. generation and load), in MWh per day.
    static func dailyLines(first: [Int64], second: [Int64], names: (String, String), unit: String) -> String {
        let width = 680.0, height = 240.0, left = 56.0, bottom = 20.0, top = 24.0
        let maxValue = max(1, (first + second).max() ?? 1)
        let scale = (height - bottom - top) / Double(maxValue)
        let step = (width - left - 10) / Double(max(1, first.count - 1))
        func path(_ values: [Int64]) -> String {
            values.enumerated().map { k, v in "\(k == 0 ? "M" : "L")\(f(left + Double(k) * step)) \(f(height - bottom - Double(v) * scale))" }.joined()
        }
        var svg = header(width, height) + axis(left: left, top: top, bottom: height - bottom, width: width, maxValue: maxValue, unit: unit)
        svg += "<path d=\"\(path(first))\" fill=\"none\" stroke=\"\(greenColor)\" stroke-width=\"1.2\"/>"
        svg += "<path d=\"\(path(second))\" fill=\"none\" stroke=\"\(loadColor)\" stroke-width=\"1.2\"/>"
        svg += legend([(names.0, greenColor), (names.1, loadColor)], x: left, y: 14)
        return svg + "</svg>"
    }

    /// A day-by-hour heatmap: `cells[d][h]` in permille, or `nil` for no consumption.
    static func heatmap(cells: [[Int?]], dayLabels: [String], hourName: String) -> String {
        let cellW = max(1.0, min(4.0, 620.0 / Double(max(1, cells.count)))), cellH = 8.0
        let left = 40.0, top = 8.0
        let width = left + cellW * Double(cells.count) + 10, height = top + cellH * 24 + 24
        var svg = header(width, height)
        svg += "<style>" + (0...10).map { ".h\($0){fill:\(shade($0))}" }.joined() + ".hn{fill:#e5e5e5}</style>"
        for (d, day) in cells.enumerated() {
            for (h, value) in day.enumerated() {
                let cls = value.map { "h\(min(10, $0 / 100))" } ?? "hn"
                svg += "<rect x=\"\(f(left + Double(d) * cellW))\" y=\"\(f(top + Double(h) * cellH))\" width=\"\(f(cellW))\" height=\"\(f(cellH))\" class=\"\(cls)\"/>"
            }
        }
        for h in stride(from: 0, to: 24, by: 6) {
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(top + Double(h) * cellH + 7))\" font-size=\"9\" text-anchor=\"end\">\(h):00</text>"
        }
        for (d, label) in dayLabels.enumerated() where !label.isEmpty {
            svg += "<text x=\"\(f(left + Double(d) * cellW))\" y=\"\(f(height - 8))\" font-size=\"9\">\(escape(label))</text>"
        }
        svg += "<text x=\"4\" y=\"\(f(top + 12 * cellH))\" font-size=\"9\" transform=\"rotate(-90 8 \(f(top + 12 * cellH)))\">\(escape(hourName))</text>"
        return svg + "</svg>"
    }

    /// White to green in eleven steps.
    static func shade(_ step: Int) -> String {
        let t = Double(step) / 10
        func channel(_ from: Double, _ to: Double) -> String {
            let v = Int((from + (to - from) * t).rounded())
            let digits = Array("0123456789abcdef")
            return String([digits[v / 16], digits[v % 16]])
        }
        return "#" + channel(247, 0x1b) + channel(247, 0x7a) + channel(240, 0x3e)
    }

    static func header(_ width: Double, _ height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" role=\"img\" font-family=\"sans-serif\">"
    }

    static func axis(left: Double, top: Double, bottom: Double, width: Double, maxValue: Int64, unit: String) -> String {
        var svg = "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(width - 10))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        for k in 0...4 {
            let value = maxValue * Int64(k) / 4
            let y = bottom - (bottom - top) * Double(k) / 4
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - 10))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 3))\" font-size=\"9\" text-anchor=\"end\">\(mwh(value))</text>"
        }
        return svg + "<text x=\"4\" y=\"\(f(top - 8))\" font-size=\"9\">\(escape(unit))</text>"
    }

    static func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var svg = "", offset = x
        for (name, color) in items {
            svg += "<rect x=\"\(f(offset))\" y=\"\(f(y - 8))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(f(offset + 14))\" y=\"\(f(y + 1))\" font-size=\"10\">\(escape(name))</text>"
            offset += 24 + Double(name.count) * 7
        }
        return svg
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: String, title: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(max(0, h)))\" fill=\"\(color)\"><title>\(escape(title))</title></rect>"
    }

    /// Wh as MWh with one decimal (for axes and tooltips only; tables print exact values).
    static func mwh(_ wh: Int64) -> String {
        let tenths = (wh + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}
