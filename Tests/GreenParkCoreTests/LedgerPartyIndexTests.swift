import Testing

@testable import GreenParkCore

@Suite("Ledger party index: who an entry concerns and when its certificates were produced")
struct LedgerPartyIndexTests {
    let time = Timestamp(CivilDate(year: 2023, month: 7, day: 2))
    let june1 = Timestamp(CivilDate(year: 2023, month: 6, day: 1))

    func entries(to recipient: String) throws -> [LedgerEntry] {
        let hour = june1.adding(seconds: 3600)
        let events = [
            LedgerEvent(
                kind: .issuance,
                data: [
                    "device": .string("pv"), "first_id": .string("GC-p-pv-0000000010"),
                    "last_id": .string("GC-p-pv-0000000019"),
                    "production_start": .string(june1.iso8601), "production_end": .string(hour.iso8601),
                    "owner": .string("pv"),
                ]),
            LedgerEvent(
                kind: .transfer,
                data: [
                    "first_id": .string("GC-p-pv-0000000012"), "last_id": .string("GC-p-pv-0000000013"),
                    "from": .string("pv"), "to": .string(recipient), "reason": .string("allocation"),
                ]),
            LedgerEvent(
                kind: .split,
                data: ["parts": .array([.array([.string("GC-p-pv-0000000012"), .string("GC-p-pv-0000000012")])])]),
            LedgerEvent(
                kind: .redemption,
                data: [
                    "beneficiary": .string(recipient), "statement": .string("RS-1"),
                    "certificates": .array([.array([.string("GC-p-pv-0000000012"), .string("GC-p-pv-0000000012")])]),
                ]),
        ]
        var head = LedgerAppender.Head.empty
        return try LedgerAppender(key: OperatorKey()).append(events, at: time, after: &head)
    }

    @Test(
        "issuance under its device; transfer under its recipient, not the device; split and redemption: the beneficiary"
    )
    func rules() throws {
        for recipient in ["a", "odd \"name\" \\ é"] {  // the second is read by parsing, not the byte search
            var indexer = LedgerPartyIndexer { _, _ in nil }
            var rows: [LedgerParty] = []
            for entry in try entries(to: recipient) { rows += try indexer.index(entry).parties }
            let hour = june1.adding(seconds: 3600)
            #expect(
                rows == [
                    LedgerParty(party: "device:pv", producedFrom: june1, producedTo: hour, sequence: 0),
                    LedgerParty(party: recipient, producedFrom: june1, producedTo: hour, sequence: 1),
                    LedgerParty(party: recipient, producedFrom: june1, producedTo: hour, sequence: 2),
                    LedgerParty(party: recipient, producedFrom: june1, producedTo: hour, sequence: 3),
                ], "\(recipient)")
        }
    }

    @Test("the byte search reads plain members and leaves escaped or nested look-alikes to the parser")
    func plainString() {
        let data = CanonicalJSON.object(["from": .string("x,\"to\":\"y"), "to": .string("b")]).bytes
        // {"from":"x,\"to\":\"y","to":"b"}: the escaped look-alike inside "from" is not a member.
        #expect(LedgerPartyIndexer.plainString("to", in: data) == "b")
        #expect(LedgerPartyIndexer.plainString("from", in: data) == nil)  // escaped: parsed instead
        #expect(LedgerPartyIndexer.plainString("reason", in: data) == nil)
        // First and last members, an empty value, and a name that is a prefix of another.
        let plain = CanonicalJSON.object(["a": .string("first"), "t": .string(""), "to": .string("m7"),
                                          "zz": .string("last")]).bytes
        #expect(LedgerPartyIndexer.plainString("a", in: plain) == "first")
        #expect(LedgerPartyIndexer.plainString("t", in: plain) == "")
        #expect(LedgerPartyIndexer.plainString("to", in: plain) == "m7")
        #expect(LedgerPartyIndexer.plainString("zz", in: plain) == "last")
        #expect(LedgerPartyIndexer.plainString("z", in: plain) == nil)
        // A number member is not a string.
        let number = CanonicalJSON.object(["count": .integer(5), "to": .string("b")]).bytes
        #expect(LedgerPartyIndexer.plainString("count", in: number) == nil)
        #expect(LedgerPartyIndexer.plainString("to", in: Array("{\"to\":\"b".utf8)) == nil)  // unterminated
    }
}
