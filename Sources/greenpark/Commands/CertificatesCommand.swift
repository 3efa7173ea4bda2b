import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// `greenpark certificates ...`: the certificate registry by hand.
struct CertificatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "List, transfer and redeem certificates (issuance and transfers per allocation come with `run`).",
        subcommands: [List.self, Transfer.self, Redeem.self, Statements.self, Coverage.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print certificates as CSV (the format of certificates.csv).")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "Only this owner (member or generator id).") var owner: String?
        @Option(help: "Only this scheme.") var scheme: CertificateScheme?

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                try CertificateService.list(context: context, owner: owner, scheme: scheme, to: .standardOutput)
            }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move certificates first-id...last-id (all of a range or part of it, which splits it) to another account.",
            discussion: "A GEC is traded once: it can leave its generator's account, but a member cannot pass it on.")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "First certificate id.") var firstId: String
        @Option(help: "Last certificate id (default: the first).") var lastId: String?
        @Option(name: .customLong("from-owner"), help: "Current owner.") var fromOwner: String
        @Option(help: "New owner (a member or generator id of the park).") var to: String

        func run() throws {
            try Terminal.run {
                let park = try parkOptions.loadPark()
                let context = try parkOptions.existingContext(park)
                let service = CertificateService(context: context, key: try parkOptions.signingKey(for: context))
                let appended = try service.transfer(first: firstId, last: lastId ?? firstId, from: fromOwner, to: to)
                print("transferred \(firstId) to \(lastId ?? firstId) from \(fromOwner) to \(to)")
                print("\(appended) ledger entries appended and signed")
            }
        }
    }

    struct Redeem: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a member's certificates for its consumption in a reporting period; writes the statement (JSON and HTML).",
            discussion: """
                Every redeemed Wh covers one Wh of the member's metered consumption inside the
                period, hour by hour: an hourly certificate its own hour, a monthly one the hours of
                its production month first, then the period's other hours. Consumption that an
                earlier statement covers (whatever its period) is never covered again. Refuses
                expired GECs, certificates the member does not own, certificates already redeemed or
                withdrawn, certificates produced outside the period, and any volume beyond the
                uncovered consumption they may cover. The period must start and end on local clock
                hours. Redemption is final; the statement lists the hours it covers.
                """
        )
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "The beneficiary (member id).") var member: String
        @Option(help: "Reporting period start (date or instant).") var from: String
        @Option(help: "Reporting period end, exclusive.") var to: String
        @Option(help: "Scheme (default: the park file's).") var scheme: CertificateScheme?
        @Option(help: "Volume in MWh to redeem (default: as much as covers the consumption).") var volumeMwh: String?
        @Option(help: "Exactly these certificates: first id (with --last-id).") var firstId: String?
        @Option(help: "Last id of --first-id's run.") var lastId: String?
        @Option(help: "Purpose of the claim.") var purpose: String = "Scope 2"
        @Option(help: "Consumption location (default: the park and member name).") var location: String?
        @Option(help: "Directory for the statement files.") var out: String = "statements"

        func run() throws {
            try Terminal.run {
                let directory = URL(fileURLWithPath: out, isDirectory: true)
                try RunService.checkWritable(directory)
                let park = try parkOptions.loadPark()
                let context = try parkOptions.existingContext(park)
                let local = context.local
                var volume: Int64?
                if let volumeMwh {
                    guard let mwh = Fixed6(parsing: volumeMwh), mwh.millionths > 0 else {
                        throw ArgumentProblem(message: "--volume-mwh must be a positive decimal")
                    }
                    volume = mwh.millionths
                }
                let request = CertificateService.RedeemRequest(
                    member: member, from: try local.argument(from, name: "from"), to: try local.argument(to, name: "to"),
                    label: "\(from) to \(to)", scheme: scheme, volumeWh: volume,
                    ids: firstId.map { ($0, lastId ?? $0) }, purpose: purpose, location: location)
                let service = CertificateService(context: context, key: try parkOptions.signingKey(for: context))
                let (s, appended) = try service.redeem(request)
                print("\(appended) ledger entries appended and signed")
                try CertificateWriter.write(s, parkName: park.settings.name, to: directory)
                print("\(s.id): \(s.beneficiary) redeemed \(s.volumeWh) Wh in \(s.certificates.count) range(s), "
                    + "covering \(s.coverage?.hours.count ?? 0) hours; statement in \(out)/\(s.id).json and .html")
            }
        }
    }

    struct Statements: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write redemption statements (JSON and HTML) again from the store.",
            discussion: "Statements are kept in the store; this makes their files again, e.g. after a run could not write them.")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "Only this statement id.") var statement: String?
        @Option(help: "Directory for the statement files.") var out: String = "statements"

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                let count = try CertificateService.writeStatements(
                    context: context, from: nil, to: nil, only: statement, to: URL(fileURLWithPath: out, isDirectory: true))
                if let statement, count == 0 { throw ArgumentProblem(message: "no statement \(statement)") }
                print("wrote \(Terminal.count(count, "statement")) to \(out)")
            }
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a member's consumption covered by redemptions, hour by hour, as CSV.",
            discussion: "hour_start,statement,covered_wh: one row per statement and hour it covers (no hour's Wh is covered twice).")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "The member.") var member: String
        @Option(help: "From (date or instant; default: all).") var from: String?
        @Option(help: "To, exclusive.") var to: String?

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.existingContext(try parkOptions.loadPark())
                let local = context.local
                let start = try from.map { try local.argument($0, name: "from") } ?? Timestamp(seconds: Int64.min / 2)
                let end = try to.map { try local.argument($0, name: "to") } ?? Timestamp(seconds: Int64.max / 2)
                print("hour_start,statement,covered_wh")
                for row in try CertificateService.coverage(context: context, member: member, from: start, to: end) {
                    print("\(row.hour.iso8601),\(row.statement),\(row.wh)")
                }
            }
        }
    }
}
