/// A JSON value read back from GreenPark's own files, numbers kept as their text (so a
/// price such as `0.000001` comes back exactly, never through a Double).
enum StoredJSON: Equatable {
    case object([String: StoredJSON])
    case array([StoredJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// Parses `text`; nil when it is not JSON.
    static func parse(_ text: String) -> StoredJSON? {
        var parser = Parser(bytes: Array(text.utf8))
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.i == parser.bytes.count ? value : nil
    }

    subscript(key: String) -> StoredJSON? {
        if case .object(let pairs) = self { return pairs[key] }
        return nil
    }

    var array: [StoredJSON] { if case .array(let items) = self { items } else { [] } }
    var string: String? { if case .string(let text) = self { text } else { nil } }
    var integer: Int64? { if case .number(let text) = self { Int64(text) } else { nil } }
    var number: String? { if case .number(let text) = self { text } else { nil } }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [9, 10, 13, 32].contains(bytes[i]) { i += 1 }
        }

        mutating func value() -> StoredJSON? {
            skipSpace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return list()
            case UInt8(ascii: "\""): return text().map(StoredJSON.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return numberText()
            }
        }

        mutating func literal(_ word: String, _ value: StoredJSON) -> StoredJSON? {
            let expected = Array(word.utf8)
            guard bytes.count - i >= expected.count, Array(bytes[i..<(i + expected.count)]) == expected
            else { return nil }
            i += expected.count
            return value
        }

        mutating func numberText() -> StoredJSON? {
            let start = i
            while i < bytes.count, "+-.0123456789eE".utf8.contains(bytes[i]) { i += 1 }
            return i > start ? .number(String(decoding: bytes[start..<i], as: UTF8.self)) : nil
        }

        mutating func object() -> StoredJSON? {
            i += 1
            var pairs: [String: StoredJSON] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard let key = text() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let value = value() else { return nil }
                pairs[key] = value
                skipSpace()
                guard i < bytes.count else { return nil }
                i += 1
                if bytes[i - 1] == UInt8(ascii: "}") { return .object(pairs) }
                guard bytes[i - 1] == UInt8(ascii: ",") else { return nil }
            }
        }

        mutating func list() -> StoredJSON? {
            i += 1
            var items: [StoredJSON] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let value = value() else { return nil }
                items.append(value)
                skipSpace()
                guard i < bytes.count else { return nil }
                i += 1
                if bytes[i - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[i - 1] == UInt8(ascii: ",") else { return nil }
            }
        }

        /// A string; escapes as ``JSONText`` writes them (and `\/`, `\b`, `\f`, `\uXXXX`).
        mutating func text() -> String? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "u"):
                    guard bytes.count - i >= 4,
                          let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { return nil }
                    i += 4
                    out += Array(String(Character(scalar)).utf8)
                default: out.append(e)
                }
            }
            return nil
        }
    }
}
