import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark users`: the server's users and their tokens.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list and revoke the server's users (API tokens).",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print its token once (only its SHA-256 is stored).",
            discussion: """
                Roles: operator (everything), member (its own data: --member ID), generator (its
                own devices: --generator ID), verifier (reads what members grant it: --verifier ID,
                see `greenpark grants add`). --expires takes an instant or a date (the token then
                works to the end of that day in the park's time zone).
                """)

        @OptionGroup var parkOptions: ParkOptions
        @Option(help: "operator, member, generator or verifier.") var role: String
        @Option(help: "The user's name (for the log and the users list).") var name: String?
        @Option(help: "The member a member user acts for.") var member: String?
        @Option(help: "The generator a generator user acts for.") var generator: String?
        @Option(help: "The verifier's id (a verifier user).") var verifier: String?
        @Option(help: ArgumentHelp("When the token stops working.", valueName: "date")) var expires: String?

        func run() throws {
            try Terminal.run {
                guard let role = Role(rawValue: role) else {
                    throw ArgumentProblem(message: "--role must be operator, member, generator or verifier")
                }
                let subjects = [member, generator, verifier].compactMap { $0 }
                guard subjects.count <= 1 else {
                    throw ArgumentProblem(message: "give one of --member, --generator, --verifier")
                }
                let park = try parkOptions.loadPark()
                let context = try parkOptions.context(park)
                let until = try expires.map { try UsersCommand.end($0, local: context.local, name: "expires") }
                let added = try AccessService(context: context).addUser(
                    name: name ?? subjects.first ?? role.rawValue, role: role, subject: subjects.first,
                        expiresAt: until)
                print("user \(added.user.id) (\(role.rawValue)\(added.user.subject.map { " \($0)" } ?? "")) added; "
                    + "its token, shown only now:")
                print(added.token)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users (never their tokens).")
        @OptionGroup var parkOptions: ParkOptions

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.context(try parkOptions.loadPark())
                let now = context.now()
                for u in try AccessService(context: context).users() {
                    let state = u.refusal(at: now)?.rawValue ?? "active"
                    print("\(u.id)\t\(u.role.rawValue)\t\(u.subject ?? "-")\t\(u.name)\t\(state)"
                        + (u.expiresAt.map { "\texpires \($0)" } ?? ""))
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a user's token at once.")
        @OptionGroup var parkOptions: ParkOptions
        @Argument(help: "The user's id (from `greenpark users list`).") var id: Int64

        func run() throws {
            try Terminal.run {
                let context = try parkOptions.context(try parkOptions.loadPark())
                let user = try AccessService(context: context).revoke(id: id)
                print("user \(user.id) revoked at \(user.revokedAt.map(\.iso8601) ?? "-")")
            }
        }
    }

    /// An end instant: an ISO 8601 instant, or a date meaning the end of that local day.
    static func end(_ text: String, local: LocalTime, name: String) throws -> Timestamp {
        if let date = CivilDate(parsing: text) {
            return local.startOfDay(CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1))
        }
        return try local.argument(text, name: name)
    }
}
