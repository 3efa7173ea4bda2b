extension CanonicalJSON {
    /// Objects and arrays nest at most this deep; deeper text is refused (`nil`), so a
    /// crafted file cannot exhaust the stack.
    public static let maximumDepth = 64

    /// Parses JSON made of objects, arrays, strings, integers and booleans (what ledger
    /// entries contain); `nil` for anything else, malformed text or nesting deeper than
    /// ``maximumDepth``.
    public static func parse(_ bytes: some Collection<UInt8>) -> CanonicalJSON? {
        var parser = Parser(bytes: Array(bytes))
        guard let value = parser.value(), parser.atEnd else { return nil }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var depth = 0

        var atEnd: Bool { i == bytes.count }

        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func value() -> CanonicalJSON? {
            guard let c = peek() else { return nil }
            switch c {
            case 123, 91:
                guard depth < CanonicalJSON.maximumDepth else { return nil }
                depth += 1
                defer { depth -= 1 }
                return c == 123 ? object() : array()
            case 34: return string().map(CanonicalJSON.string)
            case 116: return literal("true", .bool(true))
            case 102: return literal("false", .bool(false))
            case 45, 48...57: return integer()
            default: return nil
            }
        }

        mutating func literal(_ text: String, _ value: CanonicalJSON) -> CanonicalJSON? {
            let expected = Array(text.utf8)
            guard bytes.count - i >= expected.count, Array(bytes[i..<(i + expected.count)]) == expected else { return nil }
            i += expected.count
            return value
        }

        mutating func integer() -> CanonicalJSON? {
            let start = i
            if peek() == 45 { i += 1 }
            while let c = peek(), c >= 48, c <= 57 { i += 1 }
            if let c = peek(), c == 46 || c == 101 || c == 69 { return nil } // no floating point in a ledger
            return Int64(String(decoding: bytes[start..<i], as: UTF8.self)).map(CanonicalJSON.integer)
        }

        mutating func string() -> String? {
            guard peek() == 34 else { return nil }
            i += 1
            var out: [UInt8] = []
            while let c = peek() {
                i += 1
                switch c {
                case 34: return String(decoding: out, as: UTF8.self)
                case 92:
                    guard let e = peek() else { return nil }
                    i += 1
                    switch e {
                    case 34, 92, 47: out.append(e)
                    case 110: out.append(10)
                    case 114: out.append(13)
                    case 116: out.append(9)
                    case 98: out.append(8)
                    case 102: out.append(12)
                    case 117:
                        guard bytes.count - i >= 4, let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        i += 4
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: return nil
                    }
                default: out.append(c)
                }
            }
            return nil
        }

        mutating func array() -> CanonicalJSON? {
            i += 1
            var items: [CanonicalJSON] = []
            if peek() == 93 { i += 1; return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                guard let c = peek() else { return nil }
                i += 1
                if c == 93 { return .array(items) }
                guard c == 44 else { return nil }
            }
        }

        mutating func object() -> CanonicalJSON? {
            i += 1
            var members: [String: CanonicalJSON] = [:]
            if peek() == 125 { i += 1; return .object(members) }
            while true {
                guard let key = string(), peek() == 58 else { return nil }
                i += 1
                guard let item = value() else { return nil }
                members[key] = item
                guard let c = peek() else { return nil }
                i += 1
                if c == 125 { return .object(members) }
                guard c == 44 else { return nil }
            }
        }
    }
}
