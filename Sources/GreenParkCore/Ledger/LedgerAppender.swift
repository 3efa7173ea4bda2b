import Dispatch

/// Something to record in the ledger.
public struct LedgerEvent: Sendable, Equatable {
    public var kind: LedgerEntry.Kind
    public var data: [String: CanonicalJSON]

    public init(kind: LedgerEntry.Kind, data: [String: CanonicalJSON]) {
        self.kind = kind
        self.data = data
    }
}

/// Turns events into chained ledger entries and seals them in blocks: after every
/// `blockLimit` entries and at the end of each batch (one command or run), a `seal` entry
/// carries the block number, its first and last entry, the head hash (of its last entry)
/// and the operator's Ed25519 signature over that hash. One signature covers a whole
/// block, and nothing in it can change without breaking the hash chain it signs.
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
        let timeText = time.iso8601
        // Encoding the events' data does not depend on the chain: do it on both cores first.
        var encoded = [[UInt8]](repeating: [], count: events.count)
        encoded.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let parts = events.count >= 2048 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for k in (events.count * part / parts)..<(events.count * (part + 1) / parts) {
                    out[k] = CanonicalJSON.object(events[k].data).bytes
                }
            }
        }
        func add(_ kind: LedgerEntry.Kind, _ dataBytes: [UInt8]) {
            let entry = LedgerEntry(sequence: head.nextSequence, kind: kind, time: time, timeText: timeText,
                                    dataBytes: dataBytes, previous: head.lastHash)
            entries.append(entry)
            head.nextSequence += 1
            head.lastHash = entry.hash
        }
        func seal() throws {
            let signature = try key.sign(hashHex: head.lastHash)
            add(.seal, CanonicalJSON.object([
                "block": .integer(head.nextBlock), "first": .integer(blockStart), "last": .integer(head.nextSequence - 1),
                "head": .string(head.lastHash), "key": .string(key.publicKeyHex), "signature": .string(signature),
            ]).bytes)
            head.nextBlock += 1
            blockStart = head.nextSequence
        }
        var inBlock = 0
        for (k, event) in events.enumerated() {
            add(event.kind, encoded[k])
            inBlock += 1
            if inBlock == blockLimit { try seal(); inBlock = 0 }
        }
        if inBlock > 0 { try seal() }
        return entries
    }
}
