import Foundation
import Testing

/// The three-member park (Fixtures/three-park) in a temporary directory, with a user of each
/// role and a grant, and `greenpark serve --port 0` running on it: what the end-to-end suites
/// (schemathesis, Chromium) test against, as a user would run it.
final class ServedPark {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/three-park")

    let directory: URL
    let park: URL
    /// The token of each role: operator, member (a), generator (pv), verifier (tuv, granted
    /// reports and evidence of member a).
    let tokens: [String: String]
    let base: URL
    private let process: Process
    private let stderr: URL

    static let roles = ["operator", "member", "generator", "verifier"]

    /// Sets the park up (init, both readings files, four users, one grant) and starts the server.
    init() throws {
        directory = try CLI.directory()
        park = directory.appendingPathComponent("park.yaml")
        try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent("park.yaml"), to: park)
        try Self.step(["init", "--park", park.path])
        for file in ["readings.csv", "readings-2023-05.csv"] {
            try Self.step(["import", "--park", park.path, Self.fixture.appendingPathComponent(file).path])
        }
        var tokens: [String: String] = [:]
        for (role, subject) in [("operator", []), ("member", ["--member", "a"]), ("generator", ["--generator", "pv"]),
                                ("verifier", ["--verifier", "tuv"])] {
            let added = try Self.step(["users", "add", "--park", park.path, "--role", role] + subject)
            tokens[role] = added.stdout.split(separator: "\n").last.map(String.init) ?? ""
        }
        self.tokens = tokens
        try Self.step(["grants", "add", "--park", park.path, "--member", "a", "--verifier", "tuv",
                       "--until", "2027-12-31", "--scope", "reports,evidence"])

        let stdout = directory.appendingPathComponent("serve.out")
        stderr = directory.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--park", park.path, "--port", "0"]
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        // "greenpark: serving three-park on http://127.0.0.1:<port>"
        let deadline = Date().addingTimeInterval(60)
        var found: URL?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = URL(string: String(text[range]))
            } else {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw ServedParkError("greenpark serve printed no address: \(try String(contentsOf: stdout, encoding: .utf8))"
                + "\n\((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")")
        }
        base = found
    }

    /// What the server logged so far (standard error).
    var log: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// The server's error lines ("request failed", "operation failed"): a 500's cause.
    var errorLines: [String] { log.split(separator: "\n").map(String.init).filter { $0.contains(" error ") } }

    /// Sends SIGTERM and waits (up to 30 s) for the server to exit.
    func stop() -> (exited: Bool, status: Int32) {
        guard process.isRunning else { return (process.terminationReason == .exit, process.terminationStatus) }
        process.terminate()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return (false, -1)
        }
        return (process.terminationReason == .exit, process.terminationStatus)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }

    @discardableResult
    private static func step(_ arguments: [String]) throws -> CLI.Result {
        let result = try CLI.run(arguments)
        guard result.status == 0 else {
            throw ServedParkError("greenpark \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)")
        }
        return result
    }
}

struct ServedParkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where the end-to-end suites find their tools and put what CI keeps.
enum EndToEnd {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// CI (`.ci/run` sets CI=1) must have every tool: a missing one fails there, and is skipped elsewhere.
    static var isCI: Bool { environment["CI"].map { !$0.isEmpty } ?? false }

    /// $GREENPARK_ARTEFACTS/<kind> (default <package root>/.build/artefacts/<kind>), made if missing.
    static func artefacts(_ kind: String) throws -> URL {
        let root = environment["GREENPARK_ARTEFACTS"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".build/artefacts")
        let url = root.appendingPathComponent(kind)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The path of a tool if it is executable there.
    static func executable(_ path: String) -> URL? {
        FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// A missing tool: a failure on CI, a skip (with the reason) elsewhere.
    static func missing(_ what: String) throws {
        if isCI {
            Issue.record("CI must install \(what) (.ci/run)")
        } else {
            try Test.cancel("skipped: \(what) is not installed (.ci/run installs it)")
        }
    }

    /// A TCP port nobody listens on now (bound to 127.0.0.1:0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServedParkError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ServedParkError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
