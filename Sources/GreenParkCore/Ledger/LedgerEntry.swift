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
    /// The canonical JSON of the entry's `data` object, as stored and hashed.
    public var dataBytes: [UInt8]
    /// Hex SHA-256 of the previous entry (64 zeros for the first).
    public var previous: String
    /// Hex SHA-256 of this entry's canonical body.
    public var hash: String

    public enum Kind: String, Sendable, CaseIterable {
        case issuance
        case transfer
        case split
        case redemption
        /// A correction of an issued period's metered generation or allocation (what it
        /// changed); the transfers, issuances and withdrawals it causes follow it.
        case correction
        /// Certificates cancelled by a correction: final.
        case withdrawal
        /// Certificates cancelled because a storage device charged their energy, linked to
        /// the storage charge record (DOMAIN.md 4a): final.
        case cancellation
        /// Closes a block: signs the hash of the entry before it with the operator key.
        case seal
        /// A data-sharing agreement: a member lets a verifier read some of its data until
        /// a date (``AccessGrant``). It changes no certificate.
        case agreement
    }

    /// The hash of the (virtual) entry before the first.
    public static let genesis = String(repeating: "0", count: 64)

    /// Makes an entry after `previous`, computing its hash.
    public init(sequence: Int64, kind: Kind, time: Timestamp, data: [String: CanonicalJSON], previous: String) {
        self.init(sequence: sequence, kind: kind, time: time, dataBytes: CanonicalJSON.object(data).bytes, previous: previous, hash: "")
        hash = computedHash
    }

    /// Makes an entry after `previous` whose time text is already formatted (appending many
    /// entries of one batch formats the time once).
    init(sequence: Int64, kind: Kind, time: Timestamp, timeText: String, dataBytes: [UInt8], previous: String) {
        self.init(sequence: sequence, kind: kind, time: time, dataBytes: dataBytes, previous: previous, hash: "")
        hash = Hex.string(SHA256.hash(data: Self.body(dataBytes: dataBytes, kind: kind, previous: previous, sequence: sequence, timeText: timeText)))
    }

    /// Rebuilds a stored entry as it was (its hash is checked by ``LedgerVerifier``).
    public init(sequence: Int64, kind: Kind, time: Timestamp, dataBytes: [UInt8], previous: String, hash: String) {
        self.sequence = sequence
        self.kind = kind
        self.time = time
        self.dataBytes = dataBytes
        self.previous = previous
        self.hash = hash
    }

    /// The entry's data, parsed.
    public var data: [String: CanonicalJSON] {
        get {
            if case .object(let members) = CanonicalJSON.parse(dataBytes) { return members }
            return [:]
        }
        set { dataBytes = CanonicalJSON.object(newValue).bytes }
    }

    /// The canonical bytes that are hashed: the keys in sorted order, written directly.
    public var body: [UInt8] {
        Self.body(dataBytes: dataBytes, kind: kind, previous: previous, sequence: sequence, timeText: time.iso8601)
    }

    static func body(dataBytes: [UInt8], kind: Kind, previous: String, sequence: Int64, timeText: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(dataBytes.count + 160)
        out.append(contentsOf: #"{"data":"#.utf8)
        out.append(contentsOf: dataBytes)
        out.append(contentsOf: #","kind":"#.utf8)
        CanonicalJSON.writeString(kind.rawValue, into: &out)
        out.append(contentsOf: #","prev":"#.utf8)
        CanonicalJSON.writeString(previous, into: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(sequence).utf8)
        out.append(contentsOf: #","time":"#.utf8)
        CanonicalJSON.writeString(timeText, into: &out)
        out.append(125)
        return out
    }

    /// The exported line: the canonical JSON of the entry with its `hash` (keys sorted).
    public var line: String {
        var out: [UInt8] = []
        out.append(contentsOf: #"{"data":"#.utf8)
        out.append(contentsOf: dataBytes)
        out.append(contentsOf: #","hash":"#.utf8)
        CanonicalJSON.writeString(hash, into: &out)
        out.append(contentsOf: body.dropFirst(#"{"data":"#.utf8.count + dataBytes.count))
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads an exported line; `nil` when it is not a ledger entry.
    public init?(line: some StringProtocol) {
        guard case .object(let o) = CanonicalJSON.parse(Array(line.utf8)),
              case .integer(let seq) = o["seq"], case .string(let kindName) = o["kind"], let kind = Kind(rawValue: kindName),
              case .string(let timeText) = o["time"], case .success(let time) = Timestamp.parseISO8601(timeText),
              case .object(let data) = o["data"], case .string(let prev) = o["prev"], case .string(let hash) = o["hash"] else { return nil }
        self.init(sequence: seq, kind: kind, time: time, dataBytes: CanonicalJSON.object(data).bytes, previous: prev, hash: hash)
    }

    /// The hash recomputed from the content.
    public var computedHash: String { computedHash(timeText: time.iso8601) }

    /// The hash recomputed, with the entry's time already formatted.
    func computedHash(timeText: String) -> String {
        Hex.string(SHA256.hash(data: Self.body(dataBytes: dataBytes, kind: kind, previous: previous, sequence: sequence, timeText: timeText)))
    }
}
