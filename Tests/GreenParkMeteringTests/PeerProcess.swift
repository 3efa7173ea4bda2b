import Foundation
import Testing

/// A peer program of Tests/GreenParkMeteringTests/Peers run with the project's Python
/// virtual environment (`GREENPARK_VENV`, else `.venv` at the package root), which `.ci/run`
/// fills with pymodbus 3.16.1 and dlt645 3.2.0.
final class PeerProcess: @unchecked Sendable {
    let port: Int
    private let process: Process

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")

    static var python: URL {
        let venv = ProcessInfo.processInfo.environment["GREENPARK_VENV"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".venv")
        return venv.appendingPathComponent("bin/python")
    }

    /// Why the peers cannot run here, or nil when they can (the Python modules import).
    static let unavailable: String? = {
        let check = Process()
        check.executableURL = python
        check.arguments = ["-c", "import pymodbus, dlt645; "
                               + "assert pymodbus.__version__ == '3.16.1', pymodbus.__version__"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            return "no Python at \(python.path) (\(error))"
        }
        return check.terminationStatus == 0 ? nil
            : "\(python.path) lacks pymodbus 3.16.1 or dlt645 (.ci/run installs them)"
    }()

    /// Whether the tests that need peers run: they do when the peers are installed, and on CI
    /// (`CI` set) they always do, so a missing peer fails there instead of being skipped.
    static var enabled: Bool {
        if unavailable == nil { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        print("skipping the peer tests: \(unavailable!); run .ci/run once, or set GREENPARK_VENV")
        return false
    }

    /// Starts `script` with `arguments` plus `--port` on a free port and waits until it listens.
    init(_ script: String, _ arguments: [String]) throws {
        if let reason = Self.unavailable { throw PeerUnavailable(reason: reason) }
        port = try Self.freePort()
        process = Process()
        process.executableURL = Self.python
        process.arguments = [Self.peers.appendingPathComponent(script).path, "--port", "\(port)"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw PeerUnavailable(reason: "\(script) did not listen on \(port) within 30 s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Kills the peer (the Python servers do not all stop on SIGTERM) and waits up to 10 s.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    deinit { stop() }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length)
        } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            getsockname(fd, $0, &length)
        } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        } }
    }
}

struct PeerUnavailable: Error, CustomStringConvertible {
    let reason: String
    var description: String { "peer unavailable: \(reason)" }
}
