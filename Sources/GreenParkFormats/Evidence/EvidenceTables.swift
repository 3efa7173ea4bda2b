import Foundation
import GreenParkCore

/// The CSV tables of an evidence pack that GreenPark writes and its verifier reads back:
/// the park's total consumption per interval, one member's allocation by generator, the
/// member's CBAM production rows, and long-format readings.
public enum EvidenceTables {
    public static let parkConsumptionHeader = "interval_start,consumption_wh,excluded"
    public static let intervalsHeader = "interval_start,excluded"
    public static let allocationsHeader = "interval_start,generator_id,energy_wh"
    /// Where the park's total consumption is (parks of 3 or more members).
    public static let parkConsumptionPath = "readings/park-consumption.csv"
    /// Where only the excluded intervals are (parks of fewer than 3 members).
    public static let intervalsPath = "readings/intervals.csv"

    /// `interval_start,excluded`: whether the run left each interval out, without the
    /// park's total (for a park of fewer than 3 members, where the total less the
    /// member's own consumption would be the other member's).
    public static func intervals(_ data: PeriodData) -> String {
        var out = intervalsHeader + "\n"
        for t in 0..<data.problem.intervalCount {
            out += "\(data.start(ofInterval: t).iso8601),\(data.problem.excluded[t] ? 1 : 0)\n"
        }
        return out
    }

    /// `interval_start,consumption_wh,excluded`: the sum over all members (the only data
    /// of other members a pack holds) and whether the run left the interval out.
    public static func parkConsumption(_ data: PeriodData) -> String {
        let n = data.problem.memberCount
        var out = parkConsumptionHeader + "\n"
        for t in 0..<data.problem.intervalCount {
            var total: Int64 = 0
            for i in 0..<n { total += data.problem.consumption[t * n + i] }
            out += "\(data.start(ofInterval: t).iso8601),\(total),\(data.problem.excluded[t] ? 1 : 0)\n"
        }
        return out
    }

    /// `interval_start,generator_id,energy_wh` of member `i`, rows with energy only.
    /// Where a park with storage puts what the member took from it (DOMAIN.md 4a).
    public static let storagePath = "allocation/storage.csv"
    public static let storageHeader = "interval_start,from_storage_wh,green_from_storage_wh"

    /// `interval_start,from_storage_wh,green_from_storage_wh`: member `i`'s intervals with energy
    /// from the park's storage, and the green part of it by origin.
    public static func storage(_ data: PeriodData, _ supply: StorageSupply, member i: Int) -> String {
        var out = storageHeader + "\n"
        for t in 0..<data.problem.intervalCount {
            let (taken, green) = supply.member(i, interval: t)
            if taken != 0 || green != 0 { out += "\(data.start(ofInterval: t).iso8601),\(taken),\(green)\n" }
        }
        return out
    }

    public static func allocations(_ data: PeriodData, _ outcome: AllocationOutcome, member i: Int, generators: [Generator]) -> String {
        var out = allocationsHeader + "\n"
        for t in 0..<data.problem.intervalCount {
            for (j, generator) in generators.enumerated() {
                let wh = outcome.allocated(interval: t, member: i, generator: j)
                if wh != 0 { out += "\(data.start(ofInterval: t).iso8601),\(generator.id),\(wh)\n" }
            }
        }
        return out
    }

    /// The production rows as a production file (the reader's format).
    public static func production(_ rows: [CBAMProduction]) -> String {
        var out = CBAMProductionReader.header + "\n"
        for r in rows {
            out += "\(r.installation),\(r.start.iso8601),\(r.end.iso8601),\(r.cnCode),\(r.productionT),\(r.directEmissionsT)\n"
        }
        return out
    }

    /// Rows of a CSV with `header`, split into fields; the line number comes with each.
    static func rows(_ data: Data?, _ name: String, header: String) throws -> [(line: Int, fields: [Substring])] {
        guard let data else { throw EvidenceError(message: "\(name) is missing from the pack") }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).enumerated().map { ($0.offset + 1, $0.element) }
        guard let first = lines.first, first.1.hasPrefix(header) else { throw EvidenceError(message: "\(name): expected the header \(header)") }
        lines.removeFirst()
        return lines.map { ($0.0, $0.1.split(separator: ",", omittingEmptySubsequences: false)) }
    }

    static func instant(_ text: Substring, _ name: String, _ line: Int) throws -> Timestamp {
        guard case .success(let t) = Timestamp.parseISO8601(String(text)) else { throw EvidenceError(message: "\(name):\(line): bad time \(text)") }
        return t
    }

    static func integer(_ text: Substring, _ name: String, _ line: Int) throws -> Int64 {
        guard let value = Int64(text) else { throw EvidenceError(message: "\(name):\(line): not a whole number: \(text)") }
        return value
    }

    /// Interval index of `t` in the run, or an error naming the file and line.
    static func interval(_ t: Timestamp, from: Timestamp, step: Int64, count: Int, _ name: String, _ line: Int) throws -> Int {
        let offset = t.seconds - from.seconds
        guard offset >= 0, offset % step == 0, offset / step < Int64(count) else {
            throw EvidenceError(message: "\(name):\(line): \(t) is not an interval of the pack's period")
        }
        return Int(offset / step)
    }
}
