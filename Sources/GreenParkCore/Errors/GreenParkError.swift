/// An error a user can act on: a stable machine-readable code, a message that says
/// what is wrong and what to do, and whether it was bad input (exit code 2) or a
/// failure of the run (exit code 1).
public protocol GreenParkError: Error, CustomStringConvertible, Sendable {
    /// Stable identifier such as `import.conflict`; documented, never reused.
    var code: String { get }
    /// One or more lines for a person.
    var message: String { get }
    /// `true` when the input was at fault (the CLI exits with 2), `false` for a
    /// failure of the run itself (exit code 1).
    var isBadInput: Bool { get }
}

extension GreenParkError {
    public var description: String { "\(message) [\(code)]" }
    public var isBadInput: Bool { true }
}

/// A problem found at a place in an input file: `file:line: reason`.
public struct InputIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column where known.
    public var column: Int?
    /// Stable code, e.g. `readings.negative`.
    public var code: String
    public var reason: String

    public init(file: String, line: Int, column: Int? = nil, code: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.reason = reason
    }

    public var description: String {
        var place = file
        if line > 0 { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(reason)"
    }
}

/// A file rejected whole because of one or more ``InputIssue``s. The message lists at
/// most the first ``shownLimit`` issues and then how many more there were.
public struct InputRejected: GreenParkError {
    public var file: String
    public var issues: [InputIssue]
    /// All issues found, including those not kept in ``issues``.
    public var totalIssues: Int
    public var code: String
    public static let shownLimit = 20

    public init(file: String, issues: [InputIssue], totalIssues: Int? = nil, code: String = "input.rejected") {
        self.file = file
        self.issues = issues
        self.totalIssues = totalIssues ?? issues.count
        self.code = code
    }

    public var message: String {
        var lines = issues.prefix(Self.shownLimit).map(\.description)
        if totalIssues > lines.count {
            lines.append("... and \(totalIssues - lines.count) more problem\(totalIssues - lines.count == 1 ? "" : "s") in \(file)")
        }
        lines.append("\(file): rejected whole (\(totalIssues) problem\(totalIssues == 1 ? "" : "s")); nothing from it was stored")
        return lines.joined(separator: "\n")
    }
}
