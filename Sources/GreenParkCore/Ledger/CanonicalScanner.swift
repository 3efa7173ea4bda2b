#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, byte by byte and without building values, that text is in the canonical form
/// ``CanonicalJSON`` writes: what it accepts, ``CanonicalJSON/parse(_:)`` reads and
/// ``CanonicalJSON/write(into:)`` writes back to the very same bytes.
///
/// It accepts only: objects whose keys are plain strings (no escapes) in strictly increasing
/// UTF-8 byte order (so no duplicates); arrays; integers without a leading zero, plus sign or
/// `-0`, of at most 18 digits (so they fit an `Int64`); `true` and `false`; strings of valid
/// UTF-8 with `"`, `\` and control characters escaped exactly as Python's
/// `json.dumps(..., ensure_ascii=False)` does (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`,
/// other control characters as lower-case `\u00xx`) and nothing else escaped; no whitespace;
/// nesting at most ``CanonicalJSON/maximumDepth`` deep. It refuses (`false`) anything else,
/// including some canonical text (a 19-digit integer, an escaped key): a caller falls back
/// to parsing and re-encoding, which decides.
struct CanonicalScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    /// Reads exactly `text` (ASCII) at the current position.
    mutating func expect(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - index >= count,
              memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// One canonical value; `depth` is the nesting depth of an object or array starting here.
    mutating func value(depth: Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case 123: return object(depth: depth)
        case 91: return array(depth: depth)
        case 34: return string() != nil
        case 116: return expect("true")
        case 102: return expect("false")
        default: return integer() != nil
        }
    }

    /// An object at `depth` (1 for a whole line) whose keys are plain and sorted.
    mutating func object(depth: Int) -> Bool {
        guard depth <= CanonicalJSON.maximumDepth, expect("{") else { return false }
        if expect("}") { return true }
        var previousKey: Range<Int>?
        while true {
            guard let key = string(), !key.escaped, expect(":") else { return false }
            if let previousKey, !isLess(previousKey, key.content) { return false }
            previousKey = key.content
            guard value(depth: depth + 1) else { return false }
            if expect(",") { continue }
            return expect("}")
        }
    }

    mutating func array(depth: Int) -> Bool {
        guard depth <= CanonicalJSON.maximumDepth, expect("[") else { return false }
        if expect("]") { return true }
        while true {
            guard value(depth: depth + 1) else { return false }
            if expect(",") { continue }
            return expect("]")
        }
    }

    /// A canonical integer of at most 18 digits, and its value.
    mutating func integer() -> Int64? {
        let negative = expect("-")
        let start = index
        while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
        let count = index - start
        // "0" alone; otherwise no leading zero; "-0" is written "0".
        guard count > 0, count <= 18, bytes[start] != 48 || (count == 1 && !negative) else { return nil }
        var value: Int64 = 0
        for position in start..<index { value = value * 10 + Int64(bytes[position] - 48) }
        return negative ? -value : value
    }

    /// A canonical string: the range of its content between the quotes, and whether the
    /// content holds an escape (then it is not the string's UTF-8 as it stands).
    mutating func string() -> (content: Range<Int>, escaped: Bool)? {
        guard expect("\"") else { return nil }
        let start = index
        var escaped = false
        while index < bytes.count {
            skipPlainASCII()
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            switch byte {
            case 34:
                index += 1
                return (start..<(index - 1), escaped)
            case 92:
                guard escape() else { return nil }
                escaped = true
            case 0..<32:
                return nil // a control character must be escaped
            case 32..<128:
                index += 1
            default:
                guard utf8Sequence() else { return nil }
            }
        }
        return nil
    }

    /// Skips bytes that stand for themselves in a string: printable ASCII except `"` and `\`,
    /// eight at a time.
    private mutating func skipPlainASCII() {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while bytes.count - index >= 8 {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            // A byte's high bit is set in `special` when it is < 0x20, '"', '\' or >= 0x80.
            let control = (word &- ones &* 0x20) & ~word
            let quote = ((word ^ (ones &* 0x22)) &- ones) & ~(word ^ (ones &* 0x22))
            let backslash = ((word ^ (ones &* 0x5C)) &- ones) & ~(word ^ (ones &* 0x5C))
            let special = (control | quote | backslash | word) & highs
            if special != 0 {
                index += special.trailingZeroBitCount / 8
                return
            }
            index += 8
        }
    }

    /// `\` and what follows, as the canonical writer escapes it.
    private mutating func escape() -> Bool {
        guard bytes.count - index >= 2 else { return false }
        switch bytes[index + 1] {
        case 34, 92, 110, 114, 116, 98, 102:
            index += 2
            return true
        case 117:
            // Only control characters without a short form: \u0000 to \u001f, lower-case hex.
            guard bytes.count - index >= 6, bytes[index + 2] == 48, bytes[index + 3] == 48,
                  bytes[index + 4] == 48 || bytes[index + 4] == 49 else { return false }
            let last = bytes[index + 5]
            let low: UInt8
            switch last {
            case 48...57: low = last - 48
            case 97...102: low = last - 87
            default: return false
            }
            let code = (bytes[index + 4] - 48) << 4 | low
            guard ![8, 9, 10, 12, 13].contains(code) else { return false }
            index += 6
            return true
        default:
            return false
        }
    }

    /// One well-formed multi-byte UTF-8 sequence (no overlong form, no surrogate, nothing
    /// above U+10FFFF).
    private mutating func utf8Sequence() -> Bool {
        let lead = bytes[index]
        let count: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED: count = 3; high = 0x9F
        case 0xF0: count = 4; low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; high = 0x8F
        default: return false
        }
        guard bytes.count - index >= count, (low...high).contains(bytes[index + 1]) else { return false }
        for offset in 2..<count where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
        index += count
        return true
    }

    /// Whether the bytes of `a` sort strictly before those of `b` (as
    /// ``CanonicalJSON`` orders keys).
    private func isLess(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        let base = bytes.baseAddress!
        let order = common == 0 ? 0 : memcmp(base + a.lowerBound, base + b.lowerBound, common)
        return order < 0 || (order == 0 && a.count < b.count)
    }
}
