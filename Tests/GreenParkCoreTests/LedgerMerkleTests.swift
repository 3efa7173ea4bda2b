import Testing

@testable import GreenParkCore

@Suite("Seals carry the Merkle root of their block and sign head || root")
struct LedgerMerkleTests {
    let tests = LedgerTests()

    /// Entries after `k` re-chained: each one's `prev` and hash recomputed.
    static func rechained(_ entries: [LedgerEntry], from k: Int) -> [LedgerEntry] {
        var out = entries
        for i in k..<out.count {
            out[i] = LedgerEntry(
                sequence: out[i].sequence, kind: out[i].kind, time: out[i].time, data: out[i].data,
                previous: i == 0 ? LedgerEntry.genesis : out[i - 1].hash)
        }
        return out
    }

    @Test("a seal's root is the tree hash of its block's entry hashes; the signature covers head || root")
    func sealRoot() throws {
        let entries = try tests.ledger(10)  // blocks: 0-3 + seal 4, 5-8 + seal 9, 10-11 + seal 12
        let seals = entries.filter { $0.kind == .seal }.map { LedgerSeal(data: $0.data)! }
        #expect(seals.map(\.first) == [0, 5, 10] && seals.map(\.last) == [3, 8, 11])
        for seal in seals {
            let leaves = entries[Int(seal.first)...Int(seal.last)].map { Hex.bytes($0.hash)! }
            #expect(seal.root == Hex.string(MerkleTree.root(of: leaves)))
            let key = OperatorPublicKey(hex: tests.key.publicKeyHex)!
            #expect(seal.isSigned(by: key))
            #expect(
                key.isValid(signatureHex: seal.signature, forMessage: Hex.bytes(seal.head)! + Hex.bytes(seal.root!)!))
            #expect(!key.isValid(signatureHex: seal.signature, forHash: seal.head))
        }
    }

    @Test("a seal written before roots (no root, signed over head) still verifies, in entries and in lines")
    func oldSeal() throws {
        var entries = try tests.ledger(10)
        for k in entries.indices where entries[k].kind == .seal {
            var data = entries[k].data
            data["root"] = nil
            data["head"] = .string(entries[k - 1].hash)
            data["signature"] = .string(try tests.key.sign(hashHex: entries[k - 1].hash))
            entries[k].data = data
            entries = Self.rechained(entries, from: k)
        }
        #expect(try LedgerVerifier.verify(entries, publicKey: nil) == (13, 3))
        #expect(try OddLedger.verify(entries.map(\.line).joined(separator: "\n")) == (13, 3))
    }

    @Test("a root that does not match is refused with its own message, even when the chain is recomputed")
    func wrongRoot() throws {
        var entries = try tests.ledger(10)
        var data = entries[9].data
        let wrong = MerkleTree.root(of: entries[5...7].map { Hex.bytes($0.hash)! })  // entries 5-7, not 5-8
        data["root"] = .string(Hex.string(wrong))
        data["signature"] = .string(try tests.key.sign(message: Hex.bytes(entries[8].hash)! + wrong))
        entries[9].data = data
        entries = Self.rechained(entries, from: 9)
        let error = #expect(throws: LedgerBroken.self) { try LedgerVerifier.verify(entries, publicKey: nil) }
        #expect(error?.sequence == 9 && error?.reason == "seal of block 1: its Merkle root does not match its entries")
        #expect(
            OddLedger.problem(entries.map(\.line).joined(separator: "\n"))?.reason
                == "seal of block 1: its Merkle root does not match its entries")
    }
}
