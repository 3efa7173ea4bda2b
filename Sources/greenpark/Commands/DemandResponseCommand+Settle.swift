import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkServices

extension DemandResponseCommand {
    /// `greenpark dr settle`: each member's delivered flexibility in an event and its payment.
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle an event: each member's baseline, metered use, delivered flexibility and payment.",
            discussion: """
                For every park interval of the event, each member it targets (by id; every member
                when it names none or names the park) gets a "10 of 10" baseline: the mean of its
                metered use in the same interval on the latest 10 of the 45 days before that had
                no event for it and were metered (fewer than 5 such days: no baseline, nothing
                paid). Delivered =
                baseline - metered where positive; paid at --incentive-fen-per-kwh, rounded half to
                even once per member. --out writes every interval (CSV). Nothing is stored.
                See docs/demand-response.md.
                """)
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "The event's id or name.") var event: String
        @Option(help: ArgumentHelp("What a delivered kWh is paid, fen.", valueName: "fen"))
        var incentiveFenPerKwh: String
        @Option(help: "Write every member's intervals here (CSV).") var out: String?

        func validate() throws {
            guard let value = Fixed6(parsing: incentiveFenPerKwh), value >= .zero else {
                throw ValidationError("--incentive-fen-per-kwh \(incentiveFenPerKwh): a number of fen, 0 or more")
            }
        }

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                let results = try FlexibilityService(context: context)
                    .settle(event: event, incentive: Fixed6(parsing: incentiveFenPerKwh)!)
                print("member          baseline kWh   metered kWh  delivered kWh   payment CNY  no baseline")
                for result in results {
                    let rows = result.intervals
                    let baseline = rows.compactMap(\.baselineWh).reduce(0, +)
                    let metered = rows.filter { $0.baselineWh != nil }.map(\.meteredWh).reduce(0, +)
                    let cells = [DecimalText.thousandths(baseline), DecimalText.thousandths(metered),
                                 DecimalText.thousandths(result.deliveredWh), Terminal.yuan(result.paymentFen)]
                    print(result.member.padding(toLength: 14, withPad: " ", startingAt: 0)
                        + cells.map { String(repeating: " ", count: max(0, 14 - $0.count)) + $0 }.joined()
                        + "  \(rows.filter { $0.baselineWh == nil }.count) of \(rows.count) intervals")
                }
                if let out {
                    var csv = "member,interval_start,baseline_wh,metered_wh,delivered_wh,incentive_fen_per_kwh\n"
                    for result in results {
                        for row in result.intervals {
                            csv += "\(result.member),\(row.start.iso8601),\(row.baselineWh.map(String.init) ?? ""),"
                                + "\(row.meteredWh),\(row.deliveredWh),\(row.incentive)\n"
                        }
                    }
                    try csv.write(toFile: out, atomically: true, encoding: .utf8)
                }
            }
        }
    }
}
