import Yams

/// The park-file text by lines of Unicode scalars (libyaml counts columns in scalars),
/// able to find and rename the second occurrence of a duplicate key.
///
/// Renaming keeps the length, so every other node keeps its line and column. The new
/// name is made of private-use characters, which no real key contains.
struct DuplicateKeyRenamer {
    private var lines: [[Unicode.Scalar]]

    init(_ yaml: String) {
        lines = Array(yaml.unicodeScalars)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(Array.init)
    }

    /// The current text, with the renames applied.
    var text: String {
        var view = String.UnicodeScalarView()
        for (number, line) in lines.enumerated() {
            if number > 0 { view.append("\n") }
            view.append(contentsOf: line)
        }
        return String(view)
    }

    /// Renames the next occurrence of `name` in the mapping whose key `name` is at
    /// `first`, and returns where that occurrence is, or `nil` when it cannot be found.
    mutating func renameDuplicate(of name: String, firstAt first: Mark, index: Int) -> TextPosition? {
        let key = Array(name.unicodeScalars)
        let lineIndex = first.line - 1
        let column = first.column - 1
        guard !key.isEmpty, lines.indices.contains(lineIndex), column >= 0 else { return nil }
        let found = isInFlowMapping(lineIndex, column)
            ? findInFlow(key, line: lineIndex, after: column)
            : findInBlock(key, after: lineIndex, column: column)
        guard let found else { return nil }
        let start = found.keyRange.lowerBound
        for offset in found.keyRange {
            let base: UInt32 = offset == start ? 0xE000 + UInt32(index % 0x1000) : 0xE000
            lines[found.line][offset] = Unicode.Scalar(base)!
        }
        return TextPosition(line: found.line + 1, column: found.column + 1)
    }

    private struct Match {
        var line: Int
        /// Column (0-based) where the key node starts, at the quote for a quoted key.
        var column: Int
        /// The scalars of the key text itself, without quotes.
        var keyRange: Range<Int>
    }

    /// `true` when the key at `column` follows `{` or `,`: a flow mapping.
    private func isInFlowMapping(_ line: Int, _ column: Int) -> Bool {
        lines[line].prefix(column).last(where: { $0 != " " && $0 != "\t" }).map { $0 == "{" || $0 == "," } ?? false
    }

    private func findInFlow(_ key: [Unicode.Scalar], line: Int, after column: Int) -> Match? {
        let text = lines[line]
        var position = column + key.count
        while position < text.count {
            let previous = text.prefix(position).last(where: { $0 != " " && $0 != "\t" })
            if previous == "{" || previous == ",", let range = keyRange(key, in: text, at: position) {
                return Match(line: line, column: position, keyRange: range)
            }
            position += 1
        }
        return nil
    }

    private func findInBlock(_ key: [Unicode.Scalar], after firstLine: Int, column: Int) -> Match? {
        var line = firstLine + 1
        while line < lines.count {
            let text = lines[line]
            guard let indent = text.firstIndex(where: { $0 != " " }), text[indent] != "\r", text[indent] != "#" else {
                line += 1
                continue
            }
            if indent < column { return nil }
            if indent == column, let range = keyRange(key, in: text, at: indent) {
                return Match(line: line, column: indent, keyRange: range)
            }
            line += 1
        }
        return nil
    }

    /// The range of `key` when a mapping key `key:` (plain or quoted) starts at `position`.
    private func keyRange(_ key: [Unicode.Scalar], in text: [Unicode.Scalar], at position: Int) -> Range<Int>? {
        var start = position
        var quote: Unicode.Scalar?
        if position < text.count, text[position] == "\"" || text[position] == "'" {
            quote = text[position]
            start += 1
        }
        let end = start + key.count
        guard end <= text.count, Array(text[start..<end]) == key else { return nil }
        var next = end
        if let quote {
            guard next < text.count, text[next] == quote else { return nil }
            next += 1
        }
        while next < text.count, text[next] == " " || text[next] == "\t" { next += 1 }
        guard next < text.count, text[next] == ":" else { return nil }
        return start..<end
    }
}
