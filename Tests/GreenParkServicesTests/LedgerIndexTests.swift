import Foundation
import GRDB
import GreenParkCore
import GreenParkFormats
import Testing

@testable import GreenParkServices
@testable import GreenParkStore

/// The ledger's party index on both stores, and its backfill for stores from before it.
@Suite("Ledger party index: in memory and in SQLite, filled on append and by the migration")
struct LedgerIndexTests {
    let june = (Timestamp(CivilDate(year: 2023, month: 6, day: 1)), Timestamp(CivilDate(year: 2023, month: 7, day: 1)))

    func sequences(_ store: any CertificateStore) throws -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        for party in ["a", "b", "pv", LedgerParty.device("pv"), LedgerParty.device("wind")] {
            out[party] = try store.ledgerSequences(party: party, producedFrom: june.0, to: june.1)
        }
        return out
    }

    @Test("the same entries by party, block, seal and owner in memory and in SQLite; none outside the period")
    func parity() throws {
        let key = OperatorKey()
        let tests = ServicesTests()
        let memory = ParkStores.inMemory()
        let database = try tests.sqlite()
        _ = try tests.scenario(memory, key: key)
        _ = try tests.scenario(database, key: key)
        let a = try sequences(memory.certificates)
        let b = try sequences(database.certificates)
        #expect(a == b)
        // a: its issuance transfers and its redemption; b: also the manual transfer from pv and its claim.
        #expect(
            a["a"]?.isEmpty == false && a["b"]!.count > a["a"]!.count && a[LedgerParty.device("pv")]?.isEmpty == false)
        #expect(a["pv"] == [])  // transfers from the device are indexed under the recipient only
        let entries = try memory.certificates.ledgerEntries(0...1_000_000)
        for seq in a["a"]! {
            let entry = entries[Int(seq)]
            #expect(entry.data["to"] == .string("a") || entry.data["beneficiary"] == .string("a"), "\(entry.line)")
        }
        let may = (Timestamp(CivilDate(year: 2023, month: 5, day: 1)), june.0)
        #expect(try database.certificates.ledgerSequences(party: "a", producedFrom: may.0, to: may.1) == [])
        #expect(try memory.certificates.ledgerSeal(atOrAfter: 0) == database.certificates.ledgerSeal(atOrAfter: 0))
        #expect(try memory.certificates.ledgerEntries(2...5) == database.certificates.ledgerEntries(2...5))
        // One beneficiary's statements: the same on both stores as the whole list filtered.
        for store in [memory.certificates, database.certificates] {
            let own = try store.redemptionStatements(parkId: "small-park", beneficiary: "b", overlapping: june)
            let all = try store.redemptionStatements(
                parkId: "small-park", overlapping: june, withoutCoverageOnly: false)
            #expect(!own.isEmpty && own == all.filter { $0.beneficiary == "b" })
        }
        let ownedA = try memory.certificates.certificateRanges(parkId: "small-park", owner: "b")
        let ownedB = try database.certificates.certificateRanges(parkId: "small-park", owner: "b")
        #expect(
            !ownedA.isEmpty
                && ownedA.map { "\($0.firstId) \($0.status)" } == ownedB.map { "\($0.firstId) \($0.status)" })
    }

    @Test("the migration's backfill rebuilds the index of a ledger stored without it")
    func backfill() throws {
        let tests = ServicesTests()
        let stores = try tests.sqlite()
        _ = try tests.scenario(stores, key: OperatorKey())
        let store = try #require(stores.certificates as? SQLiteCertificateStore)
        let before = try sequences(store)
        try store.database.pool.write { db in
            try db.execute(sql: "DELETE FROM ledger_party; DELETE FROM ledger_issue_span")
        }
        #expect(try sequences(store).values.allSatisfy(\.isEmpty))
        try store.database.pool.write { try SQLiteCertificateStore.backfillParties($0) }
        #expect(try sequences(store) == before)
        // In batches that cut between a split and the redemption after it, the same index.
        let splits = try store.ledgerEntries(0...1_000_000).filter { $0.kind == .split }.map(\.sequence)
        #expect(!splits.isEmpty)
        for size in [Int64(1), 2, 3, 5] {
            try store.database.pool.write { db in
                try db.execute(sql: "DELETE FROM ledger_party; DELETE FROM ledger_issue_span")
                try SQLiteCertificateStore.backfillParties(db, batch: size)
            }
            #expect(try sequences(store) == before, "batches of \(size)")
        }
    }
}

/// A ledger written before seals carried roots still gives a ledger extract that verifies:
/// its blocks are carried whole, other members' entries redacted.
@Suite("Evidence ledger extract of blocks sealed before Merkle roots")
struct LegacyExtractTests {
    @Test("old blocks are carried whole and verify; a redacted entry's hash changed is refused")
    func legacyBlocks() throws {
        let key = OperatorKey()
        let tests = ServicesTests()
        let memory = ParkStores.inMemory()
        _ = try tests.scenario(memory, key: key)
        // The same ledger as an older GreenPark wrote it: seals without root, signed over head.
        var entries = try memory.certificates.ledgerEntries(0...1_000_000)
        for k in entries.indices {
            var data = entries[k].data
            if entries[k].kind == .seal {
                data["root"] = nil
                data["head"] = .string(entries[k - 1].hash)
                data["signature"] = .string(try key.sign(hashHex: entries[k - 1].hash))
            }
            entries[k] = LedgerEntry(
                sequence: entries[k].sequence, kind: entries[k].kind, time: entries[k].time,
                data: data, previous: k == 0 ? LedgerEntry.genesis : entries[k - 1].hash)
        }
        let old = ParkStores.inMemory()
        try old.certificates.appendLedger(entries)
        #expect(try old.certificates.verifyLedger(publicKey: OperatorPublicKey(hex: key.publicKeyHex)).blocks > 0)
        let june = (
            Timestamp(CivilDate(year: 2023, month: 6, day: 1)), Timestamp(CivilDate(year: 2023, month: 7, day: 1))
        )
        let files = try EvidenceService(context: try tests.context(old)).ledgerExtract(
            member: "a", from: june.0, to: june.1)
        #expect(files.entries.isEmpty && files.proofs.isEmpty && files.seals.isEmpty)
        let legacy = String(decoding: files.legacy, as: UTF8.self)
        #expect(legacy.contains("\"redacted\":true") && legacy.contains("\"to\":\"a\""))
        #expect(!legacy.contains("\"to\":\"b\"") && !legacy.contains("\"beneficiary\":\"b\""))

        func ledgerCheck(_ legacy: Data) throws -> EvidenceVerifier.Check? {
            var pack = EvidencePack()
            pack.add(EvidencePack.ledgerEntriesPath, Data())
            pack.add(EvidencePack.ledgerProofsPath, Data())
            pack.add(EvidencePack.ledgerSealsPath, Data())
            pack.add(EvidencePack.legacyLedgerPath, legacy)
            let zip = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: zip) }
            try pack.write(to: zip, key: key)
            return EvidenceVerifier.verify(files: try EvidencePack.read(zip)).checks.first { $0.name == "ledger" }
        }
        let check = try ledgerCheck(Data(files.legacy))
        #expect(check?.passed == true, "\(String(describing: check))")
        // A redacted entry's hash replaced: the next entry's link, or the seal's head, no longer matches.
        var lines = legacy.split(separator: "\n").map(String.init)
        let k = try #require(lines.firstIndex { $0.contains("\"redacted\":true") })
        let hash = try #require(lines[k].range(of: "\"hash\":\""))
        let at = lines[k].index(hash.upperBound, offsetBy: 5)
        lines[k].replaceSubrange(at...at, with: lines[k][at] == "0" ? "1" : "0")
        let tampered = try ledgerCheck(Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(tampered?.passed == false, "\(String(describing: tampered))")
    }
}
