#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The canonical JSON of ledger entries: objects with keys sorted by their UTF-8 bytes, no
/// whitespace, only strings, integers, booleans, arrays and objects (no floating point),
/// strings escaped exactly as Python's `json.dumps(..., ensure_ascii=False)` does
/// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as `\u00XX`).
/// So `json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
/// reproduces the bytes a verifier hashes.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case object([String: CanonicalJSON])
    case array([CanonicalJSON])
    case string(String)
    case integer(Int64)
    case bool(Bool)

    /// The canonical bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(into out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(123)
            var first = true
            for key in members.keys.sorted(by: Self.utf8Less) {
                if !first { out.append(44) }
                first = false
                Self.writeString(key, into: &out)
                out.append(58)
                members[key]!.write(into: &out)
            }
            out.append(125)
        case .array(let items):
            out.append(91)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(44) }
                item.write(into: &out)
            }
            out.append(93)
        case .string(let text):
            Self.writeString(text, into: &out)
        case .integer(let value):
            Self.writeInteger(value, into: &out)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes `value` in decimal, as `String(value)` would, without making a string.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(45) }
        let magnitude = value.magnitude
        writeDigits(magnitude, count: digitCount(magnitude), into: &out)
    }

    static func digitCount(_ value: UInt64) -> Int {
        var count = 1, rest = value
        while rest >= 10 { rest /= 10; count += 1 }
        return count
    }

    /// Appends the `count` decimal digits of `value`.
    static func writeDigits(_ value: UInt64, count: Int, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(48, count: count))
        var rest = value
        for index in stride(from: start + count - 1, through: start, by: -1) {
            out[index] = UInt8(48 + rest % 10)
            rest /= 10
        }
    }

    /// Orders strings by their UTF-8 bytes (what `sort_keys` does for the ASCII keys a
    /// ledger uses, and a fixed order for any other).
    static func utf8Less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let common = min(pa.count, pb.count)
                let order = common == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, common)
                return order < 0 || (order == 0 && pa.count < pb.count)
            }
        }
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(34)
        var text = text
        // Most strings (ids, times, hex) need no escaping: copy them whole.
        let plain = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte < 32 || byte == 34 || byte == 92 { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(34)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            case 8: out.append(92); out.append(98)
            case 12: out.append(92); out.append(102)
            case 0..<32:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(34)
    }
}
