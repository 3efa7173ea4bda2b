import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore
import GreenParkServices

/// Output helpers: results to standard output, progress and problems to standard error.
enum Terminal {
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Runs `body`, turning GreenPark errors into their message and exit code
    /// (2 bad input, 1 failure).
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as any GreenParkError {
            warn(error.message)
            throw ExitCode(error.isBadInput ? 2 : 1)
        } catch let error where StoreFailure.problem(error) != nil {
            // A database error no check above anticipated: said plainly, never as a raw trace.
            let problem = StoreFailure.problem(error)!
            warn(problem.message)
            throw ExitCode(problem.isBadInput ? 2 : 1)
        }
    }

    /// Fen as yuan with two decimals and thousands separators: `123456` as `1,234.56`.
    static func yuan(_ fen: Int64) -> String { HTML.yuan(fen) }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: some BinaryInteger) -> String { Phrase.grouped(value) }

    /// A new file at `path` to write to, or standard output when `path` is nil.
    static func output(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ArgumentProblem(message: "cannot write \(path)")
        }
        return handle
    }

    /// `1 row`, `2,000 rows`.
    static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// Wh as MWh with three decimals.
    static func mwh(_ wh: Int64) -> String {
        let sign = wh < 0 ? "-" : ""
        let magnitude = wh.magnitude
        let thousandths = (magnitude + 500) / 1000
        let fraction = String(thousandths % 1000)
        return sign + grouped(thousandths / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// Prints progress of long work to standard error at most twice a second.
final class ProgressLine {
    private var last = ContinuousClock.now
    private var shown = false
    let enabled: Bool

    init(enabled: Bool = true) { self.enabled = enabled }

    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - last > .milliseconds(500) else { return }
        last = now
        shown = true
        Terminal.warn("  \(text())")
    }

    func finish() { shown = false }
}
