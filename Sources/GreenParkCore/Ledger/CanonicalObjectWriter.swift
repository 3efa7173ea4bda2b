/// Writes one canonical JSON object straight to bytes, for events made by the million
/// (issuance, transfer): the caller gives the members in key order, so nothing is sorted
/// or boxed. The bytes are exactly those of `CanonicalJSON.object(...).bytes`, which the
/// tests check; out-of-order keys stop a debug build.
public struct CanonicalObjectWriter {
    public private(set) var bytes: [UInt8]
    private var lastKey: String?

    public init(capacity: Int = 320) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(123)
    }

    private mutating func key(_ key: String) {
        assert(lastKey.map { CanonicalJSON.utf8Less($0, key) } ?? true, "canonical keys must ascend: \(lastKey ?? "") before \(key)")
        if lastKey != nil { bytes.append(44) }
        lastKey = key
        CanonicalJSON.writeString(key, into: &bytes)
        bytes.append(58)
    }

    public mutating func string(_ key: String, _ value: String) {
        self.key(key)
        CanonicalJSON.writeString(value, into: &bytes)
    }

    public mutating func integer(_ key: String, _ value: Int64) {
        self.key(key)
        CanonicalJSON.writeInteger(value, into: &bytes)
    }

    /// A certificate id (`prefix` followed by `serial` in at least ten digits) as a string.
    public mutating func certificateId(_ key: String, prefix: String, serial: Int64) {
        self.key(key)
        Self.writeId(prefix: prefix, serial: serial, into: &bytes)
    }

    /// An array of two certificate ids: `[first, last]`.
    public mutating func idPair(_ key: String, prefix: String, first: Int64, last: Int64) {
        self.key(key)
        bytes.append(91)
        Self.writeId(prefix: prefix, serial: first, into: &bytes)
        bytes.append(44)
        Self.writeId(prefix: prefix, serial: last, into: &bytes)
        bytes.append(93)
    }

    /// Closes the object and returns its bytes.
    public consuming func finish() -> [UInt8] {
        bytes.append(125)
        return bytes
    }

    static func writeId(prefix: String, serial: Int64, into out: inout [UInt8]) {
        precondition(serial >= 0)
        CanonicalJSON.writeString(prefix, into: &out)
        out.removeLast() // the prefix's closing quote: the serial goes inside the same string
        let digits = CanonicalJSON.digitCount(UInt64(serial))
        for _ in digits..<max(digits, 10) { out.append(48) }
        CanonicalJSON.writeDigits(UInt64(serial), count: digits, into: &out)
        out.append(34)
    }
}
