import Foundation
import GreenParkCore

/// Reading the pack's inputs defensively: the pack may be crafted. Files the park file
/// names come from the pack only, numbers are checked before any arithmetic, and JSON is
/// read with Foundation's parser (at most 512 levels deep) and exact integers only.
extension EvidenceVerifier {
    /// The text of `park/<name>`, a file the packed park file names (factor table, hourly
    /// factors, policy profile). Refused when the name leads out of the pack (absolute,
    /// `..`) or the file is not in it: a pack never makes the verifier read local files.
    func packedText(named name: String) throws -> String {
        let path = "park/" + name
        guard EvidencePack.isSafe(path) else {
            throw EvidenceError(
                message: "the packed park file names \(name), a path outside the pack; "
                    + "files it names must lie next to park/park.yaml inside the pack")
        }
        guard let data = files[path] else {
            throw EvidenceError(message: "the packed park file names \(name), but \(path) is not in the pack")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The park's total consumption per interval (nil when the pack leaves it out, which it
    /// must for a park of fewer than 3 members) and which intervals the run excluded.
    func intervals(park: Park, from: Timestamp, step: Int64, count: Int) throws -> (total: [Int64]?, excluded: [Bool]) {
        var excluded = [Bool](repeating: false, count: count)
        let withTotals = park.members.count >= EvidencePack.minimumMembersForParkTotals
        let path = withTotals ? EvidenceTables.parkConsumptionPath : EvidenceTables.intervalsPath
        let other = withTotals ? EvidenceTables.intervalsPath : EvidenceTables.parkConsumptionPath
        guard files[other] == nil else {
            throw EvidenceError(
                message: "the park has \(park.members.count) members, so the pack must hold \(path), not \(other)")
        }
        let header = withTotals ? EvidenceTables.parkConsumptionHeader : EvidenceTables.intervalsHeader
        var total: [Int64]? = withTotals ? [Int64](repeating: 0, count: count) : nil
        let fields = withTotals ? 3 : 2
        for (line, f) in try EvidenceTables.rows(files[path], path, header: header) {
            guard f.count == fields else { throw EvidenceError(message: "\(path):\(line): expected \(fields) fields") }
            let t = try EvidenceTables.interval(
                try EvidenceTables.instant(f[0], path, line), from: from, step: step, count: count, path, line)
            if withTotals {
                let value = try EvidenceTables.integer(f[1], path, line)
                guard value >= 0, value <= PeriodData.maximumTotalWh else {
                    throw EvidenceError(message: "\(path):\(line): \(value) Wh is not a plausible park total")
                }
                total?[t] = value
            }
            excluded[t] = f[fields - 1] == "1"
        }
        return (total, excluded)
    }

    /// Redeemed instruments of the member's statements in the pack.
    func instruments(member: String, rates: [String: Fixed6]) throws -> [RedeemedInstrument] {
        var result: [RedeemedInstrument] = []
        var total: Int64 = 0
        for path in files.keys.sorted() where path.hasPrefix("certificates/statements/") && path.hasSuffix(".json") {
            let parsed = try? JSONSerialization.jsonObject(with: files[path]!)
            guard let object = parsed as? [String: Any], let id = object["statement"] as? String,
                let beneficiary = object["beneficiary"] as? String,
                let certificates = object["certificates"] as? [[String: Any]]
            else {
                throw EvidenceError(message: "\(path) is not a redemption statement")
            }
            // Certificates count where they were produced (the calculator keeps those of the run).
            guard beneficiary == member else { continue }
            for group in certificates {
                let rate = RedeemedInstrument.rate(
                    device: group["device"] as? String ?? "", technology: group["technology"] as? String ?? "",
                    rates: rates)
                guard let ranges = group["ranges"] as? [[Any]], let unit = Self.wholeNumber(group["unit_wh"]),
                      let declared = Self.wholeNumber(group["volume_wh"]), unit > 0, unit <= 1_000_000 else {
                    throw EvidenceError(message: "\(path): a certificate entry is incomplete")
                }
                var groupTotal: Int64 = 0
                for range in ranges {
                    // 8 for certificates released from storage ("storage", device, efficiency, produced).
                    guard range.count == 4 || (range.count == 8 && range[4] as? String == "storage"),
                          let first = Self.wholeNumber(range[0]), let last = Self.wholeNumber(range[1]),
                          first >= 0, first <= last, last - first < PeriodData.maximumTotalWh,
                          let ps = (range[2] as? String).flatMap({ try? Timestamp.parseISO8601($0).get() }),
                          let pe = (range[3] as? String).flatMap({ try? Timestamp.parseISO8601($0).get() })
                    else {
                        throw EvidenceError(message: "\(path): a certificate entry is incomplete")
                    }
                    let volume = (last - first + 1) * unit
                    let (sum, overflow) = total.addingReportingOverflow(volume)
                    guard !overflow, sum <= PeriodData.maximumTotalWh else {
                        throw EvidenceError(
                            message: "\(path): certificate volumes must be 0 or more and add up to at most 10^15 Wh")
                    }
                    total = sum
                    groupTotal += volume
                    result.append(
                        RedeemedInstrument(
                            statement: id, productionStart: ps, productionEnd: pe, volumeWh: volume, kgPerKWh: rate))
                }
                guard groupTotal == declared else {
                    throw EvidenceError(message: "\(path): a device's volume_wh is not the sum of its ranges")
                }
            }
        }
        return result
    }

    /// A JSON number that is exactly a whole Int64 (not 1.5, not 1e308).
    static func wholeNumber(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber else { return nil }
        let whole = number.int64Value
        return NSNumber(value: whole) == number ? whole : nil
    }
}

extension EvidenceTables {
    /// `a + b` for values read from the pack, or an error naming `file` when it overflows.
    static func sum(_ a: Int64, _ b: Int64, _ file: String) throws -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw EvidenceError(message: "\(file): the values add up to more than Int64 can hold") }
        return value
    }
}
