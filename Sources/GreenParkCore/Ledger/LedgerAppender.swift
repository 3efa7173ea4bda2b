import Dispatch

/// Something to record in the ledger. Its data is encoded to canonical JSON at once: a
/// registry operation on a large park makes millions of events, and bytes are far smaller
/// than dictionaries.
public struct LedgerEvent: Sendable, Equatable {
    public var kind: LedgerEntry.Kind
    public var dataBytes: [UInt8]

    public init(kind: LedgerEntry.Kind, data: [String: CanonicalJSON]) {
        self.kind = kind
        self.dataBytes = CanonicalJSON.object(data).bytes
    }

    /// Encodes many events' data on both cores.
    public static func encode(_ items: [(kind: LedgerEntry.Kind, data: [String: CanonicalJSON])]) -> [LedgerEvent] {
        var events = [LedgerEvent](repeating: LedgerEvent(kind: .issuance, dataBytes: []), count: items.count)
        events.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let parts = items.count >= 2048 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for k in (items.count * part / parts)..<(items.count * (part + 1) / parts) {
                    out[k] = LedgerEvent(kind: items[k].kind, data: items[k].data)
                }
            }
        }
        return events
    }

    init(kind: LedgerEntry.Kind, dataBytes: [UInt8]) {
        self.kind = kind
        self.dataBytes = dataBytes
    }

    /// The event's data, parsed back.
    public var data: [String: CanonicalJSON] {
        if case .object(let members) = CanonicalJSON.parse(dataBytes) { return members }
        return [:]
    }
}

/// Turns events into chained ledger entries and seals them in blocks: after every
/// `blockLimit` entries and at the end of each batch (one command or run), a `seal` entry
/// carries the block number, its first and last entry, the head hash (of its last entry),
/// `root`, the Merkle tree hash of the block's entry hashes (``MerkleTree``), and the
/// operator's Ed25519 signature over the 64 bytes `head || root`. One signature covers a
/// whole block, and nothing in it can change without breaking the hash chain it signs; the
/// root lets one entry be proven part of the block without the others (evidence packs).
public struct LedgerAppender: Sendable {
    public let key: OperatorKey
    public let blockLimit: Int

    public init(key: OperatorKey, blockLimit: Int = 4096) {
        precondition(blockLimit > 0)
        self.key = key
        self.blockLimit = blockLimit
    }

    /// The state of a ledger's end: its last entry and last block number.
    public struct Head: Sendable, Equatable {
        public var nextSequence: Int64
        public var lastHash: String
        public var nextBlock: Int64

        public static let empty = Head(nextSequence: 0, lastHash: LedgerEntry.genesis, nextBlock: 0)

        public init(nextSequence: Int64, lastHash: String, nextBlock: Int64) {
            self.nextSequence = nextSequence
            self.lastHash = lastHash
            self.nextBlock = nextBlock
        }
    }

    /// The entries for `events` appended after `head`, sealed; `head` moves to the end.
    public func append(_ events: [LedgerEvent], at time: Timestamp, after head: inout Head) throws -> [LedgerEntry] {
        guard !events.isEmpty else { return [] }
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(events.count + events.count / blockLimit + 1)
        var blockStart = head.nextSequence
        var tree = MerkleTree.Builder()
        let timeText = time.iso8601
        func add(_ kind: LedgerEntry.Kind, _ dataBytes: [UInt8]) {
            let entry = LedgerEntry(sequence: head.nextSequence, kind: kind, time: time, timeText: timeText,
                                    dataBytes: dataBytes, previous: head.lastHash)
            entries.append(entry)
            if kind != .seal { tree.append(leaf: Hex.bytes(entry.hash) ?? []) }
            head.nextSequence += 1
            head.lastHash = entry.hash
        }
        func seal() throws {
            let root = Hex.string(tree.root ?? [])
            let signature = try key.sign(message: LedgerSeal.message(head: head.lastHash, root: root) ?? [])
            add(.seal, CanonicalJSON.object([
                "block": .integer(head.nextBlock), "first": .integer(blockStart), "last": .integer(head.nextSequence - 1),
                "head": .string(head.lastHash), "key": .string(key.publicKeyHex), "root": .string(root),
                "signature": .string(signature),
            ]).bytes)
            head.nextBlock += 1
            blockStart = head.nextSequence
            tree = MerkleTree.Builder()
        }
        var inBlock = 0
        for event in events {
            add(event.kind, event.dataBytes)
            inBlock += 1
            if inBlock == blockLimit { try seal(); inBlock = 0 }
        }
        if inBlock > 0 { try seal() }
        return entries
    }
}
