import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkServices

/// `greenpark grants`: data-sharing agreements between members and verifiers.
struct GrantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract: "Let a verifier read some of a member's data, list and revoke such grants.",
        discussion: """
            A grant is a data-sharing agreement recorded on the park's signed ledger (an
            `agreement` entry), so it needs the operator key. A verifier's reads under a grant are
            logged, and the member sees them (GET /v1/members/ID/access-log).
            """,
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a verifier read access to a member's data.")
        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "The member whose data is shared.") var member: String
        @Option(help: "The verifier's id (as in `greenpark users add --role verifier --verifier ID`).")
        var verifier: String
        @Option(help: ArgumentHelp("The last day (or an instant) the grant holds.",
            valueName: "date")) var until: String
        @Option(help: ArgumentHelp("What may be read: reports, evidence, certificates, readings, invoices.",
                                   valueName: "list")) var scope = "reports,evidence"

        func run() throws {
            try Terminal.run {
                let scopes: Set<GrantScope>
                switch GrantScope.parse(scope) {
                case .success(let parsed): scopes = parsed
                case .failure(let problem): throw problem
                }
                let context = try parkOptions.context(try parkOptions.loadPark())
                let key = try parkOptions.signingKey(for: context)
                let end = try UsersCommand.end(until, local: context.local, name: "until")
                let grant = try GrantService(context: context).add(member: member, verifier: verifier, until: end,
                                                                   scopes: scopes, key: key)
                print("grant \(grant.id): \(grant.member) lets \(grant.verifier) read "
                    + "\(grant.scopes.sorted().map(\.rawValue).joined(separator: ",")) until \(grant.until) "
                    + "(ledger entry \(grant.id))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every grant with its state.")
        @OptionGroup var parkOptions: ParkOptions

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.context(try parkOptions.loadPark())
                let now = context.now()
                for g in try GrantService(context: context).grants() {
                    let state = g.revokedAt.map { "revoked \($0)" } ?? (g.until <= now ? "expired" : "active")
                    print("\(g.id)\t\(g.member) -> \(g.verifier)\t"
                        + "\(g.scopes.sorted().map(\.rawValue).joined(separator: ","))\tuntil \(g.until)\t\(state)")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a grant from now on (recorded on the ledger).")
        @OptionGroup var parkOptions: ParkOptions
        @Argument(help: "The grant's id (its ledger entry, from `greenpark grants list`).") var id: Int64

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.context(try parkOptions.loadPark())
                let grant = try GrantService(context: context).revoke(id: id,
                    key: try parkOptions.signingKey(for: context))
                print("grant \(grant.id) revoked at \(grant.revokedAt.map(\.iso8601) ?? "-")")
            }
        }
    }
}
