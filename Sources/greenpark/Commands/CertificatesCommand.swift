import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// `greenpark certificates ...`: the certificate registry by hand.
struct CertificatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates",
        abstract: "List, transfer and redeem certificates (issuance and transfers per allocation come with `run`).",
        subcommands: [List.self, Transfer.self, Redeem.self]
    )

    /// Loads the registry, applies `change`, and stores it with its sealed ledger entries.
    static func change(
        _ options: ParkOptions, _ body: (inout CertificateRegistry, Park, SQLiteReadingStore) throws -> ([LedgerEvent], [RedemptionStatement])
    ) throws -> [RedemptionStatement] {
        let park = try options.loadPark()
        let store = try options.requireStore(for: park)
        var registry = try store.loadRegistry(parkId: park.settings.id)
        let (events, statements) = try body(&registry, park, store)
        var head = try store.ledgerHead()
        let entries = try LedgerAppender(key: try options.loadOrCreateKey()).append(events, at: Timestamp.now(), after: &head)
        try store.commit(&registry, statements: statements, ledger: entries)
        print("\(entries.count) ledger entries appended and signed")
        return statements
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print certificates as CSV (the format of certificates.csv).")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "Only this owner (member or generator id).") var owner: String?
        @Option(help: "Only this scheme.") var scheme: CertificateScheme?

        func run() throws {
            try Terminal.run {
                let park = try parkOptions.loadPark()
                let registry = try parkOptions.requireStore(for: park).loadRegistry(parkId: park.settings.id)
                print(CertificateWriter.csv(registry.ranges.filter { (owner == nil || $0.owner == owner) && (scheme == nil || $0.scheme == scheme) }), terminator: "")
            }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move certificates first-id...last-id (all of a range or part of it, which splits it) to another account.")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "First certificate id.") var firstId: String
        @Option(help: "Last certificate id (default: the first).") var lastId: String?
        @Option(name: .customLong("from-owner"), help: "Current owner.") var fromOwner: String
        @Option(help: "New owner (a member or generator id of the park).") var to: String

        func run() throws {
            try Terminal.run {
                _ = try CertificatesCommand.change(parkOptions) { registry, park, _ in
                    let accounts = park.members.map(\.id) + park.generators.map(\.id)
                    guard accounts.contains(to) else { throw ArgumentProblem(message: "--to \(to): not a member or generator of the park") }
                    let events = try registry.transfer(firstId: firstId, lastId: lastId ?? firstId, from: fromOwner, to: to, at: Timestamp.now())
                    print("transferred \(firstId) to \(lastId ?? firstId) from \(fromOwner) to \(to)")
                    return (events, [])
                }
            }
        }
    }

    struct Redeem: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a member's certificates for its consumption in a reporting period; writes the statement (JSON and HTML).",
            discussion: """
                Refuses expired GECs, certificates the member does not own, certificates already
                redeemed, certificates produced outside the period, and any volume above the
                member's metered consumption in the period not yet covered. Redemption is final.
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
                let statements = try CertificatesCommand.change(parkOptions) { registry, park, store in
                    guard let memberIndex = park.members.firstIndex(where: { $0.id == member }) else {
                        throw ArgumentProblem(message: "--member \(member): not a member of the park")
                    }
                    let local = LocalTime(identifier: park.settings.timeZone)!
                    let start = try local.argument(from, name: "from"), end = try local.argument(to, name: "to")
                    let data = try PeriodData.load(park: park, store: store, from: start, to: end)
                    let consumption = (0..<data.problem.intervalCount).reduce(Int64(0)) { $0 + data.problem.consumption[$1 * park.members.count + memberIndex] }
                    var volume: Int64?
                    if let volumeMwh {
                        guard let mwh = Fixed6(parsing: volumeMwh), mwh.millionths > 0 else { throw ArgumentProblem(message: "--volume-mwh must be a positive decimal") }
                        volume = mwh.millionths
                    }
                    let request = RedemptionRequest(
                        beneficiary: member, location: location ?? "\(park.settings.name), \(park.members[memberIndex].name)",
                        periodStart: start, periodEnd: end, periodLabel: "\(from) to \(to)", purpose: purpose,
                        scheme: scheme ?? park.certificates.scheme, volumeWh: volume, consumptionWh: consumption)
                    let (statement, events) = try firstId.map { first in
                        try registry.redeem(firstId: first, lastId: lastId ?? first, request, at: Timestamp.now())
                    } ?? registry.redeem(request, at: Timestamp.now())
                    return (events, [statement])
                }
                let park = try parkOptions.loadPark()
                for s in statements {
                    try CertificateWriter.write(s, parkName: park.settings.name, to: URL(fileURLWithPath: out, isDirectory: true))
                    print("\(s.id): \(s.beneficiary) redeemed \(s.volumeWh) Wh in \(s.certificates.count) range(s); statement in \(out)/\(s.id).json and .html")
                }
            }
        }
    }
}
