import GreenParkCore

/// Writes the self-contained HTML report of a member or of the whole park: key figures,
/// monthly green vs grid bars, daily generation and load, the hourly matching heatmap, the
/// redeemed certificates, Scope 2 by month in both methods, and the Quality Criteria.
/// No scripts and no network; A4 print CSS (`chromium --headless --print-to-pdf`).
public struct ReportRenderer {
    public var park: Park
    public var report: EmissionsReport
    public var statements: [RedemptionStatement]
    public var local: LocalTime
    public var language: ReportLanguage
    /// CBAM results per installation, when the park has installations.
    public var cbam: [CBAMCalculator.InstallationResult]?
    /// The 45V pillars of hydrogen producers.
    public var hydrogen: [Hydrogen45V.Result] = []

    public init(park: Park, report: EmissionsReport, statements: [RedemptionStatement], local: LocalTime, language: ReportLanguage) {
        self.park = park
        self.report = report
        self.statements = statements
        self.local = local
        self.language = language
    }

    func t(_ key: ReportText) -> String { language.text(key) }

    /// The page for `member`, or for the whole park when `nil`.
    public func html(member: String?, generatedAt: Timestamp) throws -> String {
        let energy: HourlyEnergy
        let rows: [Scope2Row]
        let subject: String
        if let member {
            guard let i = park.members.firstIndex(where: { $0.id == member }) else {
                throw ReportError(message: "\(member) is not a member of \(park.settings.id) (members: \(park.members.map(\.id).joined(separator: ", ")))")
            }
            energy = report.members[i]
            rows = report.rows.filter { $0.member == member }
            subject = "\(t(.member)): \(park.members[i].name) (\(member))"
        } else {
            energy = report.park
            rows = Self.parkRows(report.rows)
            subject = t(.parkWide)
        }
        let mine = statements.filter { member == nil || $0.beneficiary == member }
        var body = "<h1>\(HTML.escape(t(.title)))</h1>"
        body += "<p class=sub>\(HTML.escape(park.settings.name)) (\(HTML.escape(park.settings.id))) · \(HTML.escape(subject)) · \(t(.period)): \(HTML.escape(report.period)) · \(t(.generated)): \(generatedAt.iso8601)</p>"
        body += keyFigures(rows.first)
        body += section(.monthlyChart, monthlyChart(rows.dropFirst()))
        body += section(.dailyChart, dailyChart(energy, parkWide: member == nil))
        body += section(.heatmap, heatmap(energy) + "<p class=note>\(HTML.escape(t(.heatmapNote))) \(HTML.escape(t(.heatmapLegend)))</p>")
        body += section(.scope2Table, scope2Table(rows))
        body += section(.certificates, certificateTable(mine))
        body += section(.quality, qualityTable(member))
        if let cbam { body += section(.cbam, cbamTable(cbam.filter { member == nil || $0.member == member })) }
        let h2 = hydrogen.filter { member == nil || $0.member == member }
        if !h2.isEmpty { body += section(.hydrogen, hydrogenTable(h2)) }
        body += section(.factors, factorTable())
        body += section(.methodology, "<p>\(HTML.escape(t(.methodologyText)))</p>")
        return """
            <!doctype html>
            <html lang="\(language == .en ? "en" : "zh-CN")"><head><meta charset="utf-8">
            <title>\(HTML.escape(t(.title))) · \(HTML.escape(subject)) · \(HTML.escape(report.period))</title>
            <style>\(Self.css)</style></head><body>
            \(body)
            </body></html>

            """
    }

    static let css = """
        body{font:10.5pt "Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
        h1{font-size:18pt;margin-bottom:0}h2{font-size:13pt;border-bottom:1px solid #2e8b57;margin-top:1.6em}.sub{color:#555}
        table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #bbb;padding:3px 5px;text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.kf td{width:50%}.note{color:#555;font-size:9pt}
        .pass{color:#1b7a3e}.fail{color:#b00020}section{break-inside:avoid;page-break-inside:avoid}
        @page{size:A4;margin:14mm}@media print{body{margin:0}h2{break-after:avoid}}
        """

    func section(_ title: ReportText, _ content: String) -> String {
        "<section><h2>\(HTML.escape(t(title)))</h2>\(content)</section>\n"
    }

    func keyFigures(_ row: Scope2Row?) -> String {
        guard let r = row else { return "" }
        let items: [(ReportText, String)] = [
            (.consumption, "\(HTML.mwh(r.consumptionWh)) \(t(.unitMWh))"), (.directGreen, "\(HTML.mwh(r.directGreenWh)) \(t(.unitMWh))"),
            (.greenShare, percent(Ratio(r.directGreenWh, r.consumptionWh))), (.gridImport, "\(HTML.mwh(r.gridImportWh)) \(t(.unitMWh))"),
            (.covered, "\(HTML.mwh(r.coveredWh)) \(t(.unitMWh))"),
            (.scope2Location, "\(HTML.tonnes(r.locationGrams)) \(t(.unitT))"), (.scope2Market, "\(HTML.tonnes(r.marketGrams)) \(t(.unitT))"),
            (.scope2LocationHourly, "\(HTML.tonnes(r.hourlyLocationGrams)) \(t(.unitT))"),
            (.scope2MarketHourly, "\(HTML.tonnes(r.hourlyMarketGrams)) \(t(.unitT))"),
            (.cfeScore, percent(r.cfeScore)),
        ]
        return section(.keyFigures, "<table class=kf>" + items.map { "<tr><th>\(HTML.escape(t($0.0)))</th><td class=n>\(HTML.escape($0.1))</td></tr>" }.joined() + "</table>")
    }

    /// A ratio text `0.603` as `60.3 %`.
    /// A ratio as a percentage with one decimal (from its millionths, rounded half up).
    func percent(_ ratio: Ratio) -> String {
        let millionths = ratio.denominator > 0 ? ExactArithmetic.mulDiv(ratio.numerator, Fixed6.scale, ratio.denominator).quotient : 0
        let tenths = (millionths + 500) / 1000
        return "\(tenths / 10).\(tenths % 10) %"
    }

    func monthlyChart(_ months: ArraySlice<Scope2Row>) -> String {
        SVGChart.monthlyBars(labels: months.map { let d = local.date(of: $0.start); return ReportingPeriods.label(d.year, d.month) }, green: months.map(\.directGreenWh), grid: months.map(\.gridImportWh),
                             greenName: t(.green), gridName: t(.grid), unit: t(.unitMWh))
    }

    func dailyChart(_ energy: HourlyEnergy, parkWide: Bool) -> String {
        var first: [Int64] = [], second: [Int64] = []
        var lastDay: CivilDate?
        for h in 0..<energy.hours {
            let day = local.date(of: energy.hourStart(h))
            if day != lastDay { first.append(0); second.append(0); lastDay = day }
            first[first.count - 1] += parkWide ? energy.generation[h] : energy.green[h]
            second[second.count - 1] += energy.consumption[h]
        }
        return SVGChart.dailyLines(first: first, second: second, names: (t(parkWide ? .generation : .green), t(.load)), unit: t(.unitMWh))
    }

    func heatmap(_ energy: HourlyEnergy) -> String {
        var cells: [[Int?]] = [], labels: [String] = []
        var lastDay: CivilDate?
        for h in 0..<energy.hours {
            let start = energy.hourStart(h)
            let day = local.date(of: start)
            if day != lastDay {
                cells.append(Array(repeating: nil, count: 24))
                labels.append(day.day == 1 ? ReportingPeriods.label(day.year, day.month) : "")
                lastDay = day
            }
            let hourOfDay = min(23, Int((start.seconds - local.startOfDay(day).seconds) / 3600))
            let load = energy.consumption[h]
            cells[cells.count - 1][hourOfDay] = load > 0 ? Int(ExactArithmetic.mulDiv(energy.green[h], 1000, load).quotient) : nil
        }
        return SVGChart.heatmap(cells: cells, dayLabels: labels, hourName: t(.hour))
    }

    func scope2Table(_ rows: [Scope2Row]) -> String {
        var html = "<table><tr><th>\(t(.month))</th><th class=n>\(t(.consumption))</th><th class=n>\(t(.gridImport))</th><th class=n>\(t(.covered))</th>"
        html += "<th class=n>\(t(.location))</th><th class=n>\(t(.market))</th><th class=n>\(t(.scope2LocationHourly))</th><th class=n>\(t(.scope2MarketHourly))</th><th class=n>\(t(.cfeScore))</th></tr>"
        html += "<tr><td colspan=9 class=note>\(t(.unitMWh)) / \(t(.unitT))</td></tr>"
        for (k, r) in rows.enumerated() {
            let label = k == 0 ? "\(t(.total)) \(r.period)" : r.period
            html += "<tr><td>\(HTML.escape(label))</td><td class=n>\(HTML.mwh(r.consumptionWh))</td><td class=n>\(HTML.mwh(r.gridImportWh))</td><td class=n>\(HTML.mwh(r.coveredWh))</td>"
            html += "<td class=n>\(HTML.tonnes(r.locationGrams))</td><td class=n>\(HTML.tonnes(r.marketGrams))</td><td class=n>\(HTML.tonnes(r.hourlyLocationGrams))</td>"
            html += "<td class=n>\(HTML.tonnes(r.hourlyMarketGrams))</td><td class=n>\(percent(r.cfeScore))</td></tr>"
        }
        return html + "</table>"
    }

    func certificateTable(_ statements: [RedemptionStatement]) -> String {
        let inPeriod = statements.filter { s in
            report.rows.first.map { row in s.certificates.contains { $0.productionStart >= row.start && $0.productionEnd <= row.end } } ?? false
        }
        guard !inPeriod.isEmpty else { return "<p>\(HTML.escape(t(.noCertificates)))</p>" }
        var html = "<table><tr><th>\(t(.statement))</th><th>\(t(.member))</th><th>\(t(.ids))</th><th>\(t(.device))</th><th>\(t(.production))</th><th class=n>\(t(.volume)) (\(t(.unitMWh)))</th><th>\(t(.purpose))</th></tr>"
        for s in inPeriod {
            let devices = Set(s.certificates.map(\.device)).sorted().joined(separator: ", ")
            let first = s.certificates.first.map(\.firstId) ?? "", last = s.certificates.last.map(\.lastId) ?? ""
            let from = s.certificates.map(\.productionStart).min().map { local.date(of: $0).description } ?? ""
            let to = s.certificates.map(\.productionEnd).max().map { local.date(of: $0.adding(seconds: -1)).description } ?? ""
            html += "<tr><td>\(HTML.escape(s.id))</td><td>\(HTML.escape(s.beneficiary))</td><td>\(HTML.escape(first))<br>… \(HTML.escape(last))<br><span class=note>\(s.certificates.count) \(t(.instruments)), \(HTML.escape(schemeName(s.scheme)))</span></td>"
            html += "<td>\(HTML.escape(devices))</td><td>\(from) – \(to)</td><td class=n>\(HTML.mwh(s.volumeWh))</td><td>\(HTML.escape(s.purpose))</td></tr>"
        }
        return html + "</table>"
    }

    func qualityTable(_ member: String?) -> String {
        let checks = report.quality.filter { member == nil || $0.member == member }
        guard !checks.isEmpty else { return "<p>\(HTML.escape(t(.noCertificates)))</p>" }
        var html = "<table><tr><th>\(t(.criterion))</th><th>\(t(.status))</th><th>\(t(.why))</th></tr>"
        for number in 1...8 {
            var counts: [String: Int] = [:]
            for check in checks {
                for r in check.results where r.number == number { counts[r.status, default: 0] += check.instruments }
            }
            let summary = counts.sorted { $0.key < $1.key }.map { "<span class=\($0.key)>\(HTML.escape(ReportCriteriaText.status($0.key, language)))</span> \($0.value)" }.joined(separator: ", ")
            html += "<tr><td>\(HTML.escape(ReportCriteriaText.name(number, language)))</td><td>\(summary)</td><td>\(HTML.escape(ReportCriteriaText.explanation(number, language)))</td></tr>"
        }
        return html + "</table><p class=note>scope2-quality.csv</p>"
    }

    func cbamTable(_ results: [CBAMCalculator.InstallationResult]) -> String {
        let goods = results.flatMap { r in r.goods.map { (r, $0) } }
        guard !goods.isEmpty else { return "<p>\(HTML.escape(t(.cbamNone)))</p>" }
        var html = "<table><tr><th>\(t(.installation))</th><th>\(t(.cnCode))</th><th>\(t(.period))</th><th class=n>\(t(.productionQuantity)) (\(t(.tonnesOfGood)))</th><th class=n>\(t(.consumption)) (\(t(.unitMWh)))</th>"
        html += "<th class=n>\(t(.green))</th><th class=n>\(t(.grid))</th><th class=n>\(t(.indirect)) (\(t(.unitT)))</th><th class=n>\(t(.seeDirect))</th><th class=n>\(t(.seeIndirect))</th><th>\(t(.inObligation))</th></tr>"
        for (r, g) in goods {
            html += "<tr><td>\(HTML.escape(r.installation.name)) (\(HTML.escape(r.installation.unlocode)))</td><td>\(HTML.escape(g.cnCode))</td>"
            html += "<td>\(local.date(of: g.start)) – \(local.date(of: g.end.adding(seconds: -1)))</td>"
            html += "<td class=n>\(CBAMWriter.tonnes(g.productionT.millionths))</td><td class=n>\(HTML.mwh(g.electricityWh))</td><td class=n>\(HTML.mwh(g.greenWh))</td>"
            html += "<td class=n>\(HTML.mwh(g.gridWh))</td><td class=n>\(HTML.tonnes(g.indirectGrams))</td><td class=n>\(CBAMWriter.ratio(g.seeDirect))</td>"
            html += "<td class=n>\(CBAMWriter.ratio(g.seeIndirect))</td><td>\(t(g.indirectInObligation ? .yes : .no))</td></tr>"
        }
        return html + "</table><p class=note>\(HTML.escape(t(.cbamNote)))</p>"
    }

    func hydrogenTable(_ results: [Hydrogen45V.Result]) -> String {
        let names: [String: ReportText] = ["incrementality": .incrementality, "deliverability": .deliverability, "temporal matching": .temporalMatching]
        var html = "<table><tr><th>\(t(.member))</th><th>\(t(.criterion))</th><th>\(t(.status))</th></tr>"
        for r in results {
            for p in r.pillars {
                html += "<tr><td>\(HTML.escape(r.member))</td><td>\(HTML.escape(names[p.name].map(t) ?? p.name))</td><td class=\(p.pass ? "pass" : "fail")>\(t(p.pass ? .pass : .fail))</td></tr>"
            }
            html += "<tr><td colspan=3 class=note>\(HTML.mwh(r.matchedWh)) / \(HTML.mwh(r.consumptionWh)) \(t(.unitMWh)); \(r.failingHours.count) \(t(.failingHours))</td></tr>"
        }
        return html + "</table>"
    }

    func schemeName(_ scheme: CertificateScheme) -> String {
        switch scheme {
        case .gec: t(.schemeGEC)
        case .irec: t(.schemeIREC)
        case .granular: t(.schemeGranular)
        }
    }

    func factorTable() -> String {
        func row(_ key: ReportText, _ series: FactorSeries) -> String {
            let f = series.annual
            let hourly = series.hourlySource.map { " + \(HTML.escape($0))" } ?? ""
            let unit = language == .en ? "kg CO₂/kWh (\(f.year) \(HTML.escape(f.name)))" : "千克二氧化碳/千瓦时(\(f.year)年)"
            let source = language == .zh ? (f.sourceZh ?? t(.userData)) : f.source
            return "<tr><th>\(HTML.escape(t(key)))</th><td>\(f.kgPerKWh) \(unit)\(hourly)</td><td>\(HTML.escape(source))</td></tr>"
        }
        return "<table>" + row(.factorLocation, report.location) + row(.factorResidual, report.residual)
            + "<tr><th>\(HTML.escape(t(.gridCFEShare)))</th><td colspan=2>\(report.gridCFEShare)</td></tr></table>"
    }

    /// The park's rows: the members' rows summed period by period (each member has the
    /// same periods in the same order: the whole run, then its months).
    static func parkRows(_ rows: [Scope2Row]) -> [Scope2Row] {
        var sums: [Scope2Row] = []
        var seen: [String: Int] = [:]
        for r in rows {
            let k = seen[r.member, default: 0]
            seen[r.member] = k + 1
            guard k < sums.count else { var first = r; first.member = "park"; sums.append(first); continue }
            sums[k].consumptionWh += r.consumptionWh; sums[k].directGreenWh += r.directGreenWh; sums[k].gridImportWh += r.gridImportWh
            sums[k].coveredWh += r.coveredWh; sums[k].locationGrams += r.locationGrams; sums[k].marketGrams += r.marketGrams
            sums[k].hourlyCoveredWh += r.hourlyCoveredWh; sums[k].hourlyLocationGrams += r.hourlyLocationGrams
            sums[k].hourlyMarketGrams += r.hourlyMarketGrams; sums[k].cfeWh += r.cfeWh
        }
        return sums
    }
}

/// A report that cannot be made as asked.
public struct ReportError: GreenParkError {
    public var message: String
    public var code: String { "report.invalid" }
}
