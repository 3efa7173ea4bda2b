import Foundation
import GreenParkCore
import GreenParkFormats

/// Builds a member's evidence pack (docs/evidence.md): the park file and its factor data,
/// the raw readings of the member's meters and of the generators, the park's total
/// consumption per interval (the only data of other members), the member's allocation,
/// certificates, statements, a ledger extract, Scope 2, CBAM, reports and a methodology
/// note; the manifest is signed with the operator key.
public struct EvidenceService: Sendable {
    public let context: ParkContext
    var park: Park { context.park }
    var parkDirectory: URL { context.directory }

    public init(context: ParkContext) { self.context = context }

    /// The pack of `memberId` for `[from, to)`, unsigned (``EvidencePack/write(to:key:)``
    /// signs it), and what the caller should tell the user.
    public func pack(member memberId: String, from: Timestamp, to: Timestamp, gaps: GapPolicy,
                     production: [CBAMProduction]?) throws -> (pack: EvidencePack, warnings: [String]) {
        var warnings: [String] = []
        if park.members.count == 2 {
            warnings.append("warning: in a park of two members this pack reveals the other member's consumption "
                + "wherever generation was below the park's load (its own share and the generation give it away); "
                + "hand it to a verifier only with the other member's consent (docs/evidence.md)")
        }
        guard let i = park.members.firstIndex(where: { $0.id == memberId }) else {
            throw ServiceError("evidence.unknown-member", "\(memberId) is not a member of \(park.settings.id) "
                + "(members: \(park.members.map(\.id).joined(separator: ", ")))")
        }
        let member = park.members[i]
        let allocation = try AllocationService(context: context).compute(from: from, to: to, gaps: gaps)
        let ofMember = production?.filter { row in member.installations.contains { $0.id == row.installation } } ?? []
        let mine: [CBAMProduction]? = production == nil ? nil : ofMember.filter { $0.start >= from && $0.end <= to }
        if let mine, mine.count < ofMember.count {
            warnings.append("\(ofMember.count - mine.count) production row(s) of \(member.id) lie outside \(from) to \(to) "
                + "(or only partly inside) and are left out of the pack")
        }
        let emissions = EmissionsService(context: context)
        // Only the member's statements: its Scope 2 rows and report use no other member's, and a
        // large park's statements of all members are most of the pack's time otherwise.
        let statements = try context.stores.certificates.redemptionStatements(
            parkId: park.settings.id, beneficiary: member.id, overlapping: (from, to))
        let result = try emissions.compute(allocation, production: mine, statements: statements)
        var pack = EvidencePack()
        let local = LocalTime(identifier: park.settings.timeZone)!
        pack.facts = [
            ("park", .string(park.settings.id)), ("member", .string(member.id)), ("period", .string(result.report.period)),
            ("from", .string(from.iso8601)), ("to", .string(to.iso8601)), ("allocation_key", .string(park.allocation.key.rawValue)),
            ("gap_policy", .string(gaps.rawValue)), ("created_at", .string(context.now().iso8601)),
        ]
        // The park file and the factor data it names, at the same relative paths.
        pack.add("park/park.yaml", try Data(contentsOf: context.parkFile))
        var named: [String] = []
        let profileFile = PolicyProfileCatalog.isFile(park.settings.policyProfile) ? park.settings.policyProfile : nil
        let factors = park.emissionFactors
        let files = [factors.table, factors.hourlyLocation, factors.hourlyResidual, profileFile]
        for file in files.compactMap({ $0 }) where !named.contains(file) {
            named.append(file)
            guard EvidencePack.isSafe("park/" + file) else {
                throw ServiceError("evidence.file-outside", "\(file) (emission_factors or policy_profile) is outside the "
                    + "park file's directory; put it next to the park file so the pack can carry it")
            }
            pack.add("park/\(file)", try Data(contentsOf: parkDirectory.appendingPathComponent(file)))
        }
        // Raw data: the member's meters, the generators, the park's total per interval.
        pack.add("readings/member.csv", try export(member.meters, from, to))
        pack.add("readings/generators.csv", try export(park.generators.map(\.meter), from, to))
        // The park's total only with 3 members or more: with 2 it would reveal the other's data.
        let omitted = park.members.count >= EvidencePack.minimumMembersForParkTotals ? nil
            : "left out: the park has \(park.members.count) member\(park.members.count == 1 ? "" : "s"), "
                + "and with fewer than \(EvidencePack.minimumMembersForParkTotals) a park total less this member's "
                + "figures would be another member's data"
        if let omitted {
            pack.facts.append(("park_totals", .string(omitted)))
            pack.add(EvidenceTables.intervalsPath, EvidenceTables.intervals(allocation.data))
        } else {
            pack.add(EvidenceTables.parkConsumptionPath, EvidenceTables.parkConsumption(allocation.data))
        }
        pack.add("allocation/allocations.csv", EvidenceTables.allocations(allocation.data, allocation.outcome, member: i, generators: park.generators))
        if let storage = allocation.storage {
            pack.add(EvidenceTables.storagePath, EvidenceTables.storage(allocation.data, storage, member: i))
        }
        var summary = allocation.summary
        summary.members = summary.members.filter { $0.id == member.id }
        let summaryJSON = SummaryWriter.json(park: park, summary: summary, from: from.iso8601, to: to.iso8601,
                                             omittingParkTotals: omitted)
        pack.add("allocation/summary.json", summaryJSON)
        // Certificates: the member's ranges and statements of the period, and the ledger extract.
        let ranges = try context.stores.certificates.certificateRanges(parkId: park.settings.id, owner: member.id)
        pack.add("certificates/certificates.csv", CertificateWriter.csv(ranges))
        for s in result.statements where s.beneficiary == member.id && s.certificates.contains(where: { $0.productionStart >= from && $0.productionEnd <= to }) {
            pack.add("certificates/statements/\(s.id).json", CertificateWriter.json(s, parkName: park.settings.name))
            pack.add("certificates/statements/\(s.id).html", CertificateWriter.html(s, parkName: park.settings.name))
        }
        let ledger = try ledgerExtract(member: member.id, from: from, to: to)
        pack.add(EvidencePack.ledgerEntriesPath, Data(ledger.entries))
        pack.add(EvidencePack.ledgerProofsPath, Data(ledger.proofs))
        pack.add(EvidencePack.ledgerSealsPath, Data(ledger.seals))
        pack.add(EvidencePack.legacyLedgerPath, Data(ledger.legacy))
        // Emissions, recomputable from the above.
        pack.add("emissions/scope2.csv", Scope2Writer.csv(result.report.rows.filter { $0.member == member.id }))
        var own = result.report
        own.quality = own.quality.filter { $0.member == member.id }
        pack.add("emissions/scope2-quality.csv", Scope2Writer.qualityCSV(own))
        if var cbam = result.cbam {
            cbam.results = cbam.results.filter { $0.member == member.id }
            pack.add("emissions/production.csv", EvidenceTables.production(mine ?? []))
            pack.add("emissions/cbam.json", cbam.json())
            pack.add("emissions/cbam.csv", cbam.csv())
            pack.add("emissions/cbam.xml", cbam.xml())
        }
        if let h2 = result.hydrogen.first(where: { $0.member == member.id }) {
            pack.add("emissions/h2-45v.json", Hydrogen45VWriter.json([h2]))
        }
        for language in ReportLanguage.allCases {
            pack.add("reports/report-\(language.rawValue).html", try emissions.html(result, member: member.id, language: language))
        }
        pack.add("methodology.md", EvidenceMethodology.text(park: park, report: result.report, period: result.report.period, local: local))
        return (pack, warnings)
    }

    func export(_ meters: [String], _ from: Timestamp, _ to: Timestamp) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenpark-export-\(UUID().uuidString).csv")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try ReadingsExporter(store: context.stores.readings).export(meters: meters, from: from, to: to, to: handle)
        try handle.close()
        return try Data(contentsOf: url)
    }
}
