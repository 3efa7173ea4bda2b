import Foundation
import GreenParkCore
import GreenParkFormats

/// The table `greenpark simulate` prints: one column per side of the what-if.
enum SimulationText {
    static func print(_ sides: [SimulationJSON.Side], days: Int, seconds: Double) {
        let names = ["before": "before", "after": "after (forecast)", "after_perfect_information": "after (perfect)"]
        let width = 20
        func row(_ label: String, _ cells: [String]) {
            Swift.print(label.padding(toLength: 30, withPad: " ", startingAt: 0)
                + cells.map { String(repeating: " ", count: max(0, width - $0.count)) + $0 }.joined())
        }
        func percent(_ ratio: Ratio) -> String { String(format: "%.2f %%", ratio.value * 100) }
        Swift.print("what-if over \(days) days, \(String(format: "%.1f", seconds)) s")
        row("", sides.map { names[$0.key] ?? $0.key })
        row("self-consumption", sides.map { percent($0.selfConsumption) })
        row("green share of load", sides.map { percent($0.greenShare) })
        for (k, (key, _)) in (sides.first?.energies ?? []).enumerated() {
            row(key.replacingOccurrences(of: "_wh", with: "").replacingOccurrences(of: "_", with: " ") + " (MWh)",
                sides.map { String(format: "%.3f", Double($0.energies[k].1) / 1e6) })
        }
        for (i, member) in (sides.first?.members ?? []).enumerated() {
            Swift.print(member.id)
            row("  hourly matched share", sides.map { percent($0.members[i].matchedShare) })
            row("  energy bill (CNY)", sides.map { side in
                side.members[i].billFen.map { String(format: "%.2f", Double($0) / 100) } ?? "no prices"
            })
            row("  Scope 2 location (t)",
                sides.map { String(format: "%.3f", Double($0.members[i].scope2LocationGrams) / 1e6) })
            row("  Scope 2 market hourly (t)",
                sides.map { String(format: "%.3f", Double($0.members[i].scope2MarketHourlyGrams) / 1e6) })
        }
        for side in sides where side.days.contains(where: { $0.1 > 0 }) {
            Swift.print("\(names[side.key] ?? side.key): " + side.days.filter { $0.1 > 0 }.map {
                switch $0.0 {
                case "fallback_days": "\($0.1) days scheduled for matching (policy targets out of reach)"
                case "demand_response_days": "\($0.1) days planned with a demand-response import limit"
                case "binary_days": "\($0.1) days solved with binaries (Cbc)"
                default: "\($0.1) days planned on metered data (too little history to forecast)"
                }
            }.joined(separator: "; "))
        }
    }
}
