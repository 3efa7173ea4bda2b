import GreenParkCore
import Testing

@Suite("The ledger: hash chain, sealed blocks, verification")
struct LedgerTests {
    let key = OperatorKey()
    let time = Timestamp(CivilDate(year: 2024, month: 1, day: 31))

    func events(_ n: Int) -> [LedgerEvent] {
        (0..<n).map { i in
            LedgerEvent(kind: .issuance, data: ["device": .string("pv-roof"), "first_id": .integer(Int64(i * 10)), "volume_wh": .integer(1_000_000)])
        }
    }

    func ledger(_ n: Int, blockLimit: Int = 4) throws -> [LedgerEntry] {
        var head = LedgerAppender.Head.empty
        return try LedgerAppender(key: key, blockLimit: blockLimit).append(events(n), at: time, after: &head)
    }

    @Test("canonical JSON: sorted keys, no spaces, Python's escaping")
    func canonical() {
        let value = CanonicalJSON.object(["b": .integer(-5), "a": .array([.string("x\"y\\z\n\t\u{1}é"), .bool(true)])])
        #expect(value.text == #"{"a":["x\"y\\z\n\t\u0001é",true],"b":-5}"#)
    }

    @Test("entries chain and blocks are sealed every blockLimit entries and at the end")
    func appendAndVerify() throws {
        let entries = try ledger(10) // 10 events in blocks of 4: 4 + seal, 4 + seal, 2 + seal = 13 entries
        #expect(entries.count == 13)
        #expect(entries.map(\.kind).filter { $0 == .seal }.count == 3)
        #expect(entries[0].previous == LedgerEntry.genesis)
        #expect(entries[1].previous == entries[0].hash)
        let result = try LedgerVerifier.verify(entries, publicKey: OperatorPublicKey(hex: key.publicKeyHex))
        #expect(result.entries == 13 && result.blocks == 3)
        // Appending later continues the chain and the block numbers.
        var head = LedgerAppender.Head(nextSequence: 13, lastHash: entries.last!.hash, nextBlock: 3)
        let more = try LedgerAppender(key: key, blockLimit: 4).append(events(1), at: time, after: &head)
        #expect(try LedgerVerifier.verify(entries + more, publicKey: nil).blocks == 4)
    }

    @Test("exported lines are canonical JSON with the hash, and read back to the same entries")
    func lines() throws {
        let entries = try ledger(5)
        let first = entries[0].line
        #expect(first.hasPrefix(#"{"data":{"device":"pv-roof","first_id":0,"volume_wh":1000000},"hash":""#))
        #expect(first.hasSuffix(#","kind":"issuance","prev":"\#(LedgerEntry.genesis)","seq":0,"time":"2024-01-31T00:00:00Z"}"#))
        let back = entries.map { LedgerEntry(line: $0.line)! }
        #expect(back == entries)
        #expect(try LedgerVerifier.verify(back, publicKey: nil).entries == entries.count)
    }

    @Test("an altered entry is found: its own hash breaks")
    func altered() throws {
        var entries = try ledger(10)
        entries[6].data["volume_wh"] = .integer(2_000_000)
        #expect(throws: LedgerBroken.self) { try LedgerVerifier.verify(entries, publicKey: nil) }
        do { _ = try LedgerVerifier.verify(entries, publicKey: nil) } catch let error as LedgerBroken {
            #expect(error.sequence == 6)
            #expect(error.reason.contains("altered"))
        }
    }

    @Test("an altered entry with its hash recomputed is found at the next entry")
    func alteredAndRehashed() throws {
        var entries = try ledger(10)
        let e = entries[6]
        var data = e.data
        data["volume_wh"] = .integer(2_000_000)
        entries[6] = LedgerEntry(sequence: e.sequence, kind: e.kind, time: e.time, data: data, previous: e.previous)
        #expect(brokenAt(entries) == 7)
    }

    @Test("removed, inserted and reordered entries are found")
    func structure() throws {
        let entries = try ledger(10)
        var removed = entries
        removed.remove(at: 3)
        #expect(brokenAt(removed) == 4)
        var inserted = entries
        inserted.insert(entries[2], at: 5)
        #expect(brokenAt(inserted) == 2)
        var reordered = entries
        reordered.swapAt(1, 2)
        #expect(brokenAt(reordered) == 2)
        #expect(brokenAt(Array(entries.dropLast())) == 10) // the last block lost its seal
    }

    @Test("a wrong public key or a forged signature is refused")
    func keys() throws {
        let entries = try ledger(3)
        let other = OperatorKey()
        #expect(throws: LedgerBroken.self) { try LedgerVerifier.verify(entries, publicKey: OperatorPublicKey(hex: other.publicKeyHex)) }
        // Re-sealing with another key and recomputing every hash still fails against the real key.
        var head = LedgerAppender.Head.empty
        let forged = try LedgerAppender(key: other).append(events(3), at: time, after: &head)
        #expect(throws: LedgerBroken.self) { try LedgerVerifier.verify(forged, publicKey: OperatorPublicKey(hex: key.publicKeyHex)) }
    }

    func brokenAt(_ entries: [LedgerEntry]) -> Int64? {
        do { _ = try LedgerVerifier.verify(entries, publicKey: nil); return nil } catch let error as LedgerBroken { return error.sequence } catch { return nil }
    }
}
