import Testing

@testable import GreenParkCore

/// Who may do what on the VTN (AccessPolicy+DemandResponse), OpenADR durations, the
/// in-memory store's rules.
@Suite("Demand response: access, durations, the in-memory store")
struct DemandResponseTests {
    static let policy = AccessPolicy(grants: [], now: Timestamp(seconds: 0))
    static let ops = try! Principal(userId: 1, name: "ops", role: .operator, subject: nil)
    static let a = try! Principal(userId: 2, name: "a", role: .member, subject: "a")
    static let pv = try! Principal(userId: 3, name: "pv", role: .generator, subject: "pv")
    static let tuv = try! Principal(userId: 4, name: "tuv", role: .verifier, subject: "tuv")

    @Test("operator BL, member VEN, others out: every kind x read/write x owner")
    func access() {
        for kind in DemandResponseKind.allCases {
            for write in [false, true] {
                #expect(Self.policy.decideDemandResponse(Self.ops, kind, write: write, owner: "a")
                    == (write && kind == .report ? .forbidden : .allow))
                for owner in ["a", "b", nil] as [String?] {
                    let expected: AccessDecision = kind.isOwned ? (owner == "a" ? .allow : .hidden)
                        : (write ? .forbidden : .allow)
                    #expect(Self.policy.decideDemandResponse(Self.a, kind, write: write, owner: owner) == expected,
                            "\(kind) write \(write) owner \(owner ?? "-")")
                    #expect(Self.policy.decideDemandResponse(Self.pv, kind, write: write, owner: owner) == .forbidden)
                    #expect(Self.policy.decideDemandResponse(Self.tuv, kind, write: write, owner: owner) == .forbidden)
                }
            }
        }
    }

    @Test("durations: PT15M 900 s, PT1H30M 5,400 s, P1DT2H 93,600 s, P1W 604,800 s; months and junk nil")
    func durations() {
        #expect(DemandResponseDuration.seconds("PT15M") == 900)
        #expect(DemandResponseDuration.seconds("PT1H30M") == 5_400)
        #expect(DemandResponseDuration.seconds("P1DT2H") == 93_600)  // 86,400 + 7,200
        #expect(DemandResponseDuration.seconds("P1W") == 604_800)
        #expect(DemandResponseDuration.seconds("-PT1H") == -3_600)
        #expect(DemandResponseDuration.seconds("PT0S") == 0)
        for bad in ["P1M", "P1Y", "PT", "P", "15M", "PT15", "PT1.5H", "PTM", "P1H", ""] {
            #expect(DemandResponseDuration.seconds(bad) == nil, "\(bad)")
        }
        for seconds: Int64 in [900, 3_600, 5_400, 86_400, 93_600, 61, 0, -900] {
            #expect(DemandResponseDuration.seconds(DemandResponseDuration.text(seconds)) == seconds)
        }
        #expect(DemandResponseDuration.text(5_400) == "PT1H30M")
    }

    static func record(_ kind: DemandResponseKind, _ id: String, name: String? = nil, owner: String? = nil,
                       event: String? = nil) -> DemandResponseRecord {
        DemandResponseRecord(kind: kind, id: id, programID: "p", eventID: event, owner: owner, clientName: nil,
                             name: name, body: Array("{}".utf8))
    }

    @Test("in memory: ids and names unique per kind, replace and remove, owner and paging")
    func memoryStore() throws {
        let store = InMemoryDemandResponseStore()
        #expect(try store.insert(Self.record(.program, "p1", name: "x")))
        #expect(try !store.insert(Self.record(.program, "p1", name: "y")))
        #expect(try !store.insert(Self.record(.program, "p2", name: "x")))
        #expect(try store.insert(Self.record(.ven, "p1", name: "x")))  // another kind
        #expect(try store.insert(Self.record(.program, "p2", name: "y")))
        #expect(try !store.replace(Self.record(.program, "p2", name: "x")))
        #expect(try !store.replace(Self.record(.program, "p3")))
        for (k, owner) in ["a", "b", "a", nil].enumerated() {
            #expect(try store.insert(Self.record(.report, "r\(k)", owner: owner, event: "e")))
        }
        #expect(try store.records(.init(kind: .report, owner: .some("a"))).map(\.id) == ["r0", "r2"])
        #expect(try store.records(.init(kind: .report, owner: .some(nil))).map(\.id) == ["r3"])
        #expect(try store.records(.init(kind: .report, skip: 1, limit: 2)).map(\.id) == ["r1", "r2"])
        #expect(try store.remove(kind: .report, id: "r1")?.owner == "b")
        #expect(try store.remove(kind: .report, id: "r1") == nil)
        #expect(try store.records(.init(kind: .report, eventID: "e")).count == 3)
    }
}
