import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark evidence`: a member's signed evidence pack, and its offline check.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Write a member's signed evidence pack (ZIP), or verify one.",
        subcommands: [Create.self, Verify.self],
        defaultSubcommand: Create.self
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Write the evidence pack of a member for a year or month (the default subcommand).",
            discussion: """
                The ZIP holds the park file (and the factor data and policy profile it names),
                the raw readings of the member's meters and of the generators, the park's total
                consumption per interval (the only data of other members; left out, with the
                park totals of the summary, when the park has fewer than 3 members, whose total
                would reveal the other member's), the member's allocation and summary,
                certificates, redemption statements, the member's ledger entries of the period
                with Merkle proofs and their blocks' seals (docs/evidence.md) and the public key,
                Scope 2, CBAM and 45V results, reports in English and Chinese, a methodology note,
                and manifest.json with the SHA-256 of every file, signed with the operator key
                (manifest.sig).
                Check it with: greenpark evidence verify PACK.zip --public-key park.operator.pub
                """
        )

        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "The member the pack is for.") var member: String
        @Option(help: "The period: a year (2023) or a month (2023-05) in the park's time zone.") var period: String
        @Option(help: "Where to write the pack (default: evidence-<member>-<period>.zip next to the park file).") var out: String?
        @Option(help: "Intervals without data: 'fail' or 'skip-interval' (as for allocate).") var gaps: GapPolicy = .fail
        @Option(help: ArgumentHelp("CBAM production file, for members with installations.", valueName: "file")) var production: String?

        func validate() throws {
            guard ReportingPeriod(period) != nil else { throw ValidationError("--period must be a year (2023) or a month (2023-05)") }
        }

        func run() throws {
            try Terminal.run {
                let park = try parkOptions.loadPark()
                let rows = try EmissionsService.production(production, park: park)
                let context = try parkOptions.existingContext(park)
                let key = try parkOptions.signingKey(for: context)
                let (from, to) = ReportingPeriod(period)!.instants(context.local)
                let (pack, warnings) = try EvidenceService(context: context).pack(
                    member: member, from: from, to: to, gaps: gaps, production: rows)
                Render.warnings(warnings)
                let path = out ?? parkOptions.parkDirectory.appendingPathComponent("evidence-\(member)-\(period).zip").path
                try pack.write(to: URL(fileURLWithPath: path), key: key)
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                print("wrote \(path): \(pack.files.count) files and a signed manifest (\(Terminal.grouped(bytes)) bytes)")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check an evidence pack: signature, every file's SHA-256, the ledger extract, and the recomputed numbers.",
            discussion: """
                Needs nothing but the pack. Checks the manifest's Ed25519 signature (against
                --public-key when given, which a verifier should take from the operator, not
                from the pack), every file's SHA-256, no file missing or added, the ledger
                extract (every entry rehashed, its Merkle path to the root its block's seal signs,
                every seal's signature, blocks of one ledger, each statement as its redemption
                entry records it); then recomputes the member's allocation
                (pro-rata with the park's total: exact to the rounding Wh; otherwise within its
                bounds), emissions/scope2.csv and emissions/cbam.csv from the raw data in the
                pack and reports any difference. Files the packed park file names are read from
                the pack only, never from this machine. Exit code 0 when everything checks, 2
                otherwise.
                """
        )

        @Argument(help: "The evidence pack (ZIP).") var pack: String
        @Option(help: "The operator's public key file the pack must be signed with.") var publicKey: String?

        func run() throws {
            try Terminal.run {
                let key = try publicKey.map { try OperatorKeyFile.loadPublic(path: $0) }
                let files = try EvidencePack.read(URL(fileURLWithPath: pack))
                let result = EvidenceVerifier.verify(files: files, expectedKey: key)
                for check in result.checks { print("\(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
                guard result.passed else {
                    throw EvidenceError(message: "\(pack): the evidence pack does not verify")
                }
                print("evidence pack ok\(key == nil ? " (signed with the key inside the pack; pass --public-key to pin the operator's key)" : "")")
            }
        }
    }
}
