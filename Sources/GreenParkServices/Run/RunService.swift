import Foundation
import GreenParkCore
import GreenParkFormats

/// A whole period in one go (`greenpark run`): import the readings files, allocate, issue,
/// transfer, correct and (when asked) redeem certificates, and write the results: summary,
/// allocations, certificates, the ledger, statements, Scope 2, the report, CBAM, 45V,
/// shared costs and settlement of the period.
///
/// Order (docs/certificates.md): everything that can refuse the run (the output directory,
/// the operator key, the readings, the emission factors and CBAM, the tariff and the
/// settlement checks) is checked before any certificate is issued or redeemed for good; the
/// allocation is stored after the certificates.
public struct RunService: Sendable {
    public let context: ParkContext
    public let key: OperatorKey

    public init(context: ParkContext, key: OperatorKey) {
        self.context = context
        self.key = key
    }

    public struct Request: Sendable {
        public var readings: [String]
        public var importOptions: ImportOptions
        public var from: Timestamp
        public var to: Timestamp
        /// The period as the user wrote it (for summary.json).
        public var fromText: String
        public var toText: String
        public var gaps: GapPolicy
        public var out: URL
        public var redeem: Bool
        /// One scheme for every generator (default: each generator's in the park file).
        public var scheme: CertificateScheme?
        public var language: ReportLanguage
        /// CBAM production rows, already read and checked.
        public var production: [CBAMProduction]?
        /// The files to write (``RunOutput``; default all).
        public var outputs: Set<RunOutput>

        public init(readings: [String], importOptions: ImportOptions, from: Timestamp, to: Timestamp, fromText: String,
                    toText: String, gaps: GapPolicy, out: URL, redeem: Bool, scheme: CertificateScheme?,
                    language: ReportLanguage, production: [CBAMProduction]?,
                    outputs: Set<RunOutput> = Set(RunOutput.allCases)) {
            self.readings = readings
            self.importOptions = importOptions
            self.from = from
            self.to = to
            self.fromText = fromText
            self.toText = toText
            self.gaps = gaps
            self.out = out
            self.redeem = redeem
            self.scheme = scheme
            self.language = language
            self.production = production
            self.outputs = outputs
        }
    }

    public struct Result: Sendable {
        public var imports: [ImportReport]
        public var allocation: AllocationService.Result
        public var certificates: CertificateService.Result
        /// The files written into the output directory, in order.
        public var files: [String]
        public var warnings: [String]
    }

    /// Runs the period; `progress` hears each import's progress.
    public func run(_ request: Request, progress: ((ReadingsImporter.Progress) -> Void)? = nil) throws -> Result {
        let park = context.park
        try Self.checkWritable(request.out)
        try context.stores.certificates.checkSigningKey(key)
        let (imports, rejected) = try ImportService(context: context)
            .importFiles(request.readings, options: request.importOptions, progress: progress)
        guard rejected.isEmpty else {
            let n = rejected.count
            throw ServiceError("run.rejected-readings", (rejected.map(\.message) + [
                "\(n) readings file\(n == 1 ? " was" : "s were") rejected; fix and run again (files already imported are skipped)",
            ]).joined(separator: "\n"))
        }
        let allocations = AllocationService(context: context)
        var allocation = try allocations.compute(from: request.from, to: request.to, gaps: request.gaps)
        // Certificates and reports need the members' allocation and storage totals, not what each took
        // from each device: its memory goes before the registry of the period is loaded.
        allocation.dropCombined()
        // What can still refuse the run is computed before the certificates are made final.
        let emissions = EmissionsService(context: context)
        _ = try emissions.compute(allocation, production: request.production, statements: [])
        let months = park.settlement == nil ? []
            : try SettlementService(context: context).months(from: request.from, to: request.to, gaps: request.gaps)
        let certificates = try CertificateService(context: context, key: key)
            .certify(allocation, scheme: request.scheme, redeem: request.redeem, at: context.now())
        try allocations.save(&allocation)
        var warnings = months.flatMap(\.warnings)
        var files: [String] = []
        let out = request.out, outputs = request.outputs
        func wrote(_ output: RunOutput, _ names: String...) { if outputs.contains(output) { files += names } }
        try allocations.write(allocation, to: out, from: request.fromText, to: request.toText, outputs: outputs)
        wrote(.summary, "summary.json")
        wrote(.allocations, "allocations.csv")
        wrote(.members, "members.csv")
        try CertificateService.write(context: context, schemes: certificates.schemes, from: request.from, to: request.to,
                                     scheme: nil, to: out, outputs: outputs)
        wrote(.certificates, "certificates.csv")
        wrote(.ledger, "ledger.jsonl")
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("statements").path) {
            wrote(.statements, "statements/")
        }
        let report = try emissions.compute(allocation, production: request.production)
        warnings += report.warnings
        try emissions.write(report, to: out, language: request.language, outputs: outputs)
        wrote(.scope2, "scope2.csv", "scope2-quality.csv")
        wrote(.report, "report.html")
        if report.cbam != nil { wrote(.cbam, "cbam.json", "cbam.csv", "cbam.xml") }
        if !report.hydrogen.isEmpty { wrote(.hydrogen, "h2-45v.json", "h2-45v-hours.csv") }
        if !park.sharedCosts.isEmpty, outputs.contains(.sharedCosts) {
            // One game per billing month: the settlement's own splits, or the run's data month by month.
            let shared = park.settlement != nil ? months.map(\.shared)
                : SharedCostReport.monthly(park: park, data: allocation.data, outcome: allocation.outcome,
                                           local: context.local)
            try SharedCostReport.csv(shared).write(to: out.appendingPathComponent("shared_costs.csv"),
                                                   atomically: true, encoding: .utf8)
            files.append("shared_costs.csv")
        }
        if park.settlement != nil, outputs.contains(.settlement) {
            let csv = SettlementWriter.csvHeader + "\n" + months.map { $0.writer.csvRows() }.joined()
            try csv.write(to: out.appendingPathComponent("settlement.csv"), atomically: true, encoding: .utf8)
            files.append("settlement.csv")
        }
        return Result(imports: imports, allocation: allocation, certificates: certificates, files: files,
                      warnings: warnings)
    }

    /// Refuses a directory that cannot be written, before anything final is stored. A
    /// directory made for the probe is removed again (the writers make it), so a run refused
    /// later leaves nothing behind.
    public static func checkWritable(_ directory: URL, option: String = "--out") throws {
        let existed = FileManager.default.fileExists(atPath: directory.path)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let probe = directory.appendingPathComponent(".greenpark-write-test-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
            if !existed { try FileManager.default.removeItem(at: directory) }
        } catch {
            throw ServiceError("output.unwritable", "cannot write to \(directory.path) (\(error.localizedDescription)); "
                + "choose another \(option). Nothing was stored.")
        }
    }
}
