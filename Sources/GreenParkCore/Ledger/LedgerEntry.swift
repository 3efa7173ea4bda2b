import Crypto

/// One entry of the certificate ledger: an issuance, transfer, split or redemption, or the
/// seal of a block. Append-only: entry `seq` carries the SHA-256 of entry `seq - 1`, so no
/// entry can be changed, removed, inserted or reordered without breaking every later hash.
///
/// Its hash is the SHA-256 of its canonical JSON (``CanonicalJSON``) without the `hash`
/// field: `{"data":{...},"kind":"...","prev":"<hex>","seq":N,"time":"<ISO 8601>"}`.
public struct LedgerEntry: Sendable, Equatable {
    public var sequence: Int64
    public var kind: Kind
    public var time: Timestamp
    public var data: [String: CanonicalJSON]
    /// Hex SHA-256 of the previous entry (64 zeros for the first).
    public var previous: String
    /// Hex SHA-256 of this entry's canonical body.
    public var hash: String

    public enum Kind: String, Sendable, CaseIterable {
        case issuance
        case transfer
        case split
        case redemption
        /// Closes a block: signs the hash of the entry before it with the operator key.
        case seal
    }

    /// The hash of the (virtual) entry before the first.
    public static let genesis = String(repeating: "0", count: 64)

    /// Makes an entry after `previous`, computing its hash.
    public init(sequence: Int64, kind: Kind, time: Timestamp, data: [String: CanonicalJSON], previous: String) {
        self.sequence = sequence
        self.kind = kind
        self.time = time
        self.data = data
        self.previous = previous
        self.hash = ""
        self.hash = Self.hex(SHA256.hash(data: body))
    }

    /// Rebuilds a stored entry as it was (its hash is checked by ``LedgerVerifier``).
    public init(sequence: Int64, kind: Kind, time: Timestamp, data: [String: CanonicalJSON], previous: String, hash: String) {
        self.sequence = sequence
        self.kind = kind
        self.time = time
        self.data = data
        self.previous = previous
        self.hash = hash
    }

    /// The canonical bytes that are hashed.
    public var body: [UInt8] {
        CanonicalJSON.object([
            "seq": .integer(sequence), "kind": .string(kind.rawValue), "time": .string(time.iso8601),
            "data": .object(data), "prev": .string(previous),
        ]).bytes
    }

    /// The exported line: the canonical JSON of the entry with its `hash`.
    public var line: String {
        CanonicalJSON.object([
            "seq": .integer(sequence), "kind": .string(kind.rawValue), "time": .string(time.iso8601),
            "data": .object(data), "prev": .string(previous), "hash": .string(hash),
        ]).text
    }

    /// The hash recomputed from the content.
    public var computedHash: String { Self.hex(SHA256.hash(data: body)) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(CanonicalJSON.hexDigits[Int(byte >> 4)])
            out.append(CanonicalJSON.hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
