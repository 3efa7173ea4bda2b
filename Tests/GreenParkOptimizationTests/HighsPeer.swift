import Foundation

/// HiGHS, through scipy in the project's Python virtual environment (`GREENPARK_VENV`, else
/// `.venv` at the package root; `.ci/run` installs scipy 1.16.3 there), running
/// Peers/highs_check.py: an LP and MILP solver nobody on the project wrote, to check Clp and
/// Cbc against.
enum HighsPeer {
    static let scipyVersion = "1.16.3"

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Peers/highs_check.py")

    static var python: URL {
        let venv = ProcessInfo.processInfo.environment["GREENPARK_VENV"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".venv")
        return venv.appendingPathComponent("bin/python")
    }

    /// Why HiGHS cannot run here, or nil when it can (scipy imports, at the pinned version).
    static let unavailable: String? = {
        let check = Process()
        check.executableURL = python
        check.arguments = ["-c", "import scipy, scipy.optimize; assert scipy.__version__ == '\(scipyVersion)', "
                               + "scipy.__version__"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            return "no Python at \(python.path) (\(error))"
        }
        return check.terminationStatus == 0 ? nil : "\(python.path) lacks scipy \(scipyVersion) (.ci/run installs it)"
    }()

    /// Whether the HiGHS check runs: when scipy is installed, and always on CI (`CI` set), so
    /// that a missing scipy fails there instead of being skipped.
    static var enabled: Bool {
        if unavailable == nil { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        print("skipping the HiGHS check: \(unavailable!); run .ci/run once, or set GREENPARK_VENV")
        return false
    }

    struct Result: Decodable {
        var seed: UInt64
        var status: Int
        var objective: Double?
        var message: String
    }

    /// HiGHS's results for `models`, in order.
    static func solve(_ models: [ScheduleModel]) throws -> [Result] {
        if let unavailable { throw PeerUnavailable(reason: unavailable) }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("highs-\(UUID().uuidString).json")
        try JSONEncoder().encode(models).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, input.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerUnavailable(reason: "highs_check.py exited with \(process.terminationStatus)")
        }
        return try JSONDecoder().decode([Result].self, from: data)
    }
}

struct PeerUnavailable: Error, CustomStringConvertible {
    let reason: String
    var description: String { "HiGHS peer: \(reason)" }
}
