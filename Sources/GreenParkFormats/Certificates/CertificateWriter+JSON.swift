import GreenParkCore

extension CertificateWriter {
    /// The certificates of a statement grouped by device and scheme, in serial order.
    static func groups(_ s: RedemptionStatement) -> [[CertificateRange]] {
        var order: [String] = [], groups: [String: [CertificateRange]] = [:]
        for r in s.certificates {
            let key = r.issue.idPrefix
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        return order.map { groups[$0]!.sorted { $0.firstSerial < $1.firstSerial } }
    }

    /// A redemption statement as JSON. Its certificates are grouped by device: each group
    /// names the device, technology, scheme, id prefix and unit once and lists its ranges as
    /// `[first serial, last serial, production start, production end]` (ids are the prefix
    /// and the serial in at least ten digits), so a year of hourly certificates stays
    /// compact; `covered_hours` lists `[hour start, Wh]` for every hour the claim covers.
    public static func json(_ s: RedemptionStatement, parkName: String) -> String {
        var out = "{\n"
        func field(_ key: String, _ value: String, last: Bool = false) {
            out += "  " + JSONText.quote(key) + ": " + value + (last ? "\n" : ",\n")
        }
        func text(_ value: String) -> String { JSONText.quote(value) }
        field("statement", text(s.id))
        field("park", text(parkName))
        field("beneficiary", text(s.beneficiary))
        field("consumption_location", text(s.location))
        field("reporting_period", text(s.periodLabel))
        field("period_start", text(s.periodStart.iso8601))
        field("period_end", text(s.periodEnd.iso8601))
        field("purpose", text(s.purpose))
        field("scheme", text(s.scheme.rawValue))
        field("redeemed_at", text(s.redeemedAt.iso8601))
        field("volume_wh", String(s.volumeWh))
        out += "  \"certificates\": ["
        for (g, group) in groups(s).enumerated() {
            let first = group[0]
            out += (g == 0 ? "\n" : ",\n") + "    {\n"
            out += "      \"device\": \(text(first.device)),\n      \"technology\": \(text(first.technology)),\n"
            out += "      \"scheme\": \(text(first.scheme.rawValue)),\n      \"id_prefix\": \(text(first.issue.idPrefix)),\n"
            out += "      \"unit_wh\": \(first.unitWh),\n"
            out += "      \"volume_wh\": \(group.reduce(Int64(0)) { $0 + $1.volumeWh }),\n"
            out += "      \"ranges\": ["
            for (k, r) in group.enumerated() {
                // Released from storage (DOMAIN.md 4a): the discharge hour, then "storage", the device, the
                // efficiency and the original production hour's start.
                let storage = r.issue.storage.map {
                    ", \"storage\", \(text($0.storageDevice)), \"\($0.efficiency)\", \"\($0.producedStart.iso8601)\""
                } ?? ""
                out += (k == 0 ? "\n" : ",\n") + "        [\(r.firstSerial), \(r.lastSerial), \"\(r.productionStart.iso8601)\", "
                    + "\"\(r.productionEnd.iso8601)\"\(storage)]"
            }
            out += group.isEmpty ? "]\n    }" : "\n      ]\n    }"
        }
        out += s.certificates.isEmpty ? "],\n" : "\n  ],\n"
        field("flagged_by_corrections", "[" + s.flags.map(text).joined(separator: ", ") + "]")
        field("covered_wh", s.coverage.map { String($0.totalWh) } ?? text("not recorded"))
        field("coverage_sha256", text(s.coverage?.digest ?? ""))
        let hours = s.coverage?.hours ?? []
        out += "  \"covered_hours\": ["
        for (k, hour) in hours.enumerated() {
            out += (k == 0 ? "\n" : ",\n") + "    [\"\(hour.start.iso8601)\", \(hour.wh)]"
        }
        out += hours.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}
