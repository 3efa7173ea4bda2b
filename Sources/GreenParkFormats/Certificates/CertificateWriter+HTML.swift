import GreenParkCore

extension CertificateWriter {
    /// Ranges of one device listed one by one on the HTML page; more are summed up.
    static let listedRanges = 100

    /// The covered hours as runs of consecutive hours: (first hour, hours, Wh).
    static func runs(_ coverage: ClaimCoverage) -> [(Timestamp, Int, Int64)] {
        var runs: [(Timestamp, Int, Int64)] = []
        for (start, wh) in coverage.hours {
            if let last = runs.last, last.0.adding(seconds: Int64(last.1) * 3600) == start {
                runs[runs.count - 1] = (last.0, last.1 + 1, last.2 + wh)
            } else {
                runs.append((start, 1, wh))
            }
        }
        return runs
    }

    /// The hours a statement covers, as runs of consecutive hours (the JSON lists each hour).
    static func coverageHTML(_ s: RedemptionStatement) -> String {
        guard let coverage = s.coverage else {
            return "<p>Not recorded: this statement was made before GreenPark recorded the hours a claim covers.</p>"
        }
        let rows = runs(coverage).map { start, hours, wh in
            "<tr><td>\(start.iso8601)</td><td>\(start.adding(seconds: Int64(hours) * 3600).iso8601)</td>"
                + "<td class=n>\(hours)</td><td class=n>\(wh)</td></tr>"
        }.joined(separator: "\n")
        return """
            <p>\(coverage.totalWh) Wh of the beneficiary's metered consumption in \(coverage.hours.count) hours; no Wh is \
            covered by another statement. SHA-256 of the hour list (in the ledger): \(coverage.digest)</p>
            <table><tr><th>From</th><th>To</th><th>Hours</th><th>Wh</th></tr>
            \(rows)
            </table>
            """
    }

    /// A redemption statement as a printable, self-contained HTML page.
    public static func html(_ s: RedemptionStatement, parkName: String) -> String {
        func esc(_ text: String) -> String { HTML.escape(text) }
        // Every range while a device has few; a device's summary line when it has many (the
        // JSON lists them all).
        var rowList: [String] = []
        for group in groups(s) {
            guard group.count > listedRanges else {
                rowList += group.map { r in
                    "<tr><td>\(esc(r.firstId))</td><td>\(esc(r.lastId))</td><td>\(esc(r.device))</td>"
                        + "<td>\(esc(r.technology))</td><td>\(r.productionStart.iso8601) – \(r.productionEnd.iso8601)"
                        + (r.issue.storage.map {
                            " (released from storage \(esc($0.storageDevice)), efficiency \($0.efficiency), "
                                + "produced \($0.producedStart.iso8601))"
                        } ?? "") + "</td>"
                        + "<td class=n>\(r.volumeWh)</td></tr>"
                }
                continue
            }
            let first = group[0], wh = group.reduce(Int64(0)) { $0 + $1.volumeWh }
            let start = group.map(\.productionStart).min()!, end = group.map(\.productionEnd).max()!
            let stored = group.reduce(Int64(0)) { $0 + ($1.issue.storage == nil ? 0 : $1.volumeWh) }
            let storage = stored == 0 ? "" : " (of which \(stored) Wh released from storage in their discharge hours)"
            rowList.append("<tr><td colspan=2>\(group.count) ranges of \(esc(first.issue.idPrefix))… "
                + "(each listed in the JSON)</td><td>\(esc(first.device))</td><td>\(esc(first.technology))</td>"
                + "<td>\(start.iso8601) – \(end.iso8601)\(storage)</td><td class=n>\(wh)</td></tr>")
        }
        let rows = rowList.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Redemption statement \(esc(s.id))</title>
            <style>body{font:11pt sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px}
            .n{text-align:right}@page{size:A4;margin:15mm}</style></head><body>
            <h1>Certificate redemption statement</h1>
            <p><b>\(esc(s.id))</b> — \(esc(parkName))</p>
            <table><tr><th>Beneficiary</th><td>\(esc(s.beneficiary))</td></tr>
            <tr><th>Consumption location</th><td>\(esc(s.location))</td></tr>
            <tr><th>Reporting period</th><td>\(esc(s.periodLabel)) (\(s.periodStart.iso8601) to \(s.periodEnd.iso8601))</td></tr>
            <tr><th>Purpose</th><td>\(esc(s.purpose))</td></tr>
            <tr><th>Scheme</th><td>\(esc(s.scheme.rawValue))</td></tr>
            <tr><th>Redeemed at</th><td>\(s.redeemedAt.iso8601)</td></tr>
            <tr><th>Volume</th><td>\(s.volumeWh) Wh</td></tr></table>
            <h2>Certificates retired</h2>
            <table><tr><th>First id</th><th>Last id</th><th>Device</th><th>Technology</th><th>Production period</th><th>Wh</th></tr>
            \(rows)
            </table>
            \(s.flags.isEmpty ? "" : "<p><b>Flagged by correction \(esc(s.flags.joined(separator: ", ")))</b>: readings of the production period were corrected downwards after this redemption; the certificates retired here stand for more than was metered, and the device's next issuance was debited by the difference.</p>")
            <h2>Consumption covered</h2>
            \(coverageHTML(s))
            <p>Redemption is final: these certificates cannot be transferred or redeemed again. Every step is recorded in the park's signed ledger.</p>
            </body></html>

            """
    }
}
