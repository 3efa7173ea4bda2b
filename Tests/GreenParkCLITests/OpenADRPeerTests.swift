import Foundation
import Testing

/// Issue 14, part 5: the OpenADR 3 VEN peer (Tests/Peers/openadr3/ven.py, the `openadr3`
/// package from PyPI) against a real `greenpark serve` on loopback, as the VENs of members a
/// and b; it checks every answer against the OpenADR 3.1.0 document and prints {"ok": true}.
@Suite("greenpark serve's VTN against the openadr3 VEN peer")
struct OpenADRPeerTests {
    static let script = EndToEnd.packageRoot.appendingPathComponent("Tests/Peers/openadr3/ven.py")

    /// $GREENPARK_VENV/bin/python (default <package root>/.venv), which `.ci/run` fills.
    static var python: URL {
        let venv = EndToEnd.environment["GREENPARK_VENV"] ?? EndToEnd.packageRoot.appendingPathComponent(".venv").path
        return URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
    }

    /// Why the peer cannot run here (no venv, or it lacks openadr3 0.5.0), or nil.
    static var unavailable: String? {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return "no Python at \(python.path)" }
        let check = try? CLI.execute(python, ["-c", "import openadr3, yaml, openapi_schema_validator; "
            + "from importlib.metadata import version; assert version('openadr3') == '0.5.0'"])
        return check?.status == 0 ? nil : "\(python.path) lacks openadr3 0.5.0, pyyaml or openapi-schema-validator"
    }

    @Test("two members' VENs: programs, events, registration, subscription, a report per event, each its own")
    func twoVENs() throws {
        if let reason = Self.unavailable {
            try EndToEnd.missing("the OpenADR VEN peer: \(reason)")
            return
        }
        let served = try ServedPark()
        defer { _ = served.stop() }
        let park = served.park.path
        // Member b's token, and the operator's program with an event of 4 quarter-hours.
        let b = try CLI.run(["users", "add", "--park", park, "--role", "member", "--member", "b"])
        #expect(b.status == 0)
        let tokens = ["a": served.tokens["member"]!, "b": b.stdout.split(separator: "\n").last.map(String.init)!]
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak-shaving"]).status == 0)
        let event = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak-shaving",
                                 "--start", "2026-07-01T10:00:00Z", "--intervals", "4", "--duration", "PT15M",
                                 "--payload", "IMPORT_CAPACITY_LIMIT:KW=500,500,400,800"])
        #expect(event.status == 0, "\(event.stderr)")
        let vtn = served.base.appendingPathComponent("openadr3").absoluteString
        for member in ["a", "b"] {
            let run = try CLI.execute(Self.python, [Self.script.path, "--url", vtn, "--token", tokens[member]!,
                                                    "--name", "ven-\(member)", "--usage-kw", "250"])
            let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(run.status == 0 && last.hasPrefix(#"{"ok": true"#), """
                ven.py as \(member) exited \(run.status):
                \(run.stdout)\(run.stderr)
                server errors: \(served.errorLines.prefix(10).joined(separator: "\n"))
                """)
            #expect(last.contains(#""events": 1"#) && last.contains(#""reports": 1"#), "\(last)")
        }
        // Registering again: the VEN's name exists, 409, which ven.py accepts; still one report each per run.
        let again = try CLI.execute(Self.python, [Self.script.path, "--url", vtn, "--token", tokens["a"]!,
                                                  "--name", "ven-a"])
        #expect(again.stdout.contains(#"{"step": "register", "status": 409}"#))
        // In the store: a's two reports and b's one, each with 4 USAGE intervals.
        let reports = try CLI.run(["dr", "reports", "--park", park]).stdout.split(separator: "\n")
        #expect(reports.count == 3, "\(reports)")
        #expect(reports.filter { $0.contains("\ta\tven-a\t1 resources\t4 intervals") }.count == 2)
        #expect(reports.filter { $0.contains("\tb\tven-b\t1 resources\t4 intervals") }.count == 1)
        #expect(served.errorLines.isEmpty, "\(served.errorLines)")
    }
}
