import Yams

/// A 1-based line and column in the park file; line 0 stands for the whole file.
struct TextPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    var line: Int
    var column: Int?

    static let wholeFile = TextPosition(line: 0, column: nil)

    init(line: Int, column: Int?) {
        self.line = line
        self.column = column
    }

    /// The place of a Yams mark (already 1-based), or the whole file without one.
    init(_ mark: Mark?) {
        if let mark { self.init(line: mark.line, column: mark.column) } else { self = .wholeFile }
    }

    static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.column ?? 0) < (rhs.line, rhs.column ?? 0)
    }

    var description: String { column.map { "\(line):\($0)" } ?? "\(line)" }
}
