import GreenParkCore
import PropertyBased
import Testing

/// Random parks with storage: 1-5 members, 0-3 generators, 1-3 devices, two days of
/// half-hour intervals, many zeros, efficiencies from 0.5 to 1.
struct RandomStoragePark: Sendable, CustomStringConvertible {
    var n: Int
    var m: Int
    var s: Int
    var consumption: [Int64]
    var generation: [Int64]
    var charge: [Int64]
    var discharge: [Int64]
    var efficiencies: [Int64]
    static let count = 96

    var description: String {
        "n=\(n) m=\(m) s=\(s) e=\(efficiencies) C=\(consumption) G=\(generation) ch=\(charge) dis=\(discharge)"
    }

    static let generator = zip(
        Gen.int(in: 1...5), Gen.int(in: 0...3), Gen.int(in: 1...3),
        Gen.int64(in: 0...20_000).array(of: count * 14), Gen.int(in: 0...2).array(of: count * 14),
        Gen.int64(in: 500_000...1_000_000).array(of: 3)
    ).map { n, m, s, raw, zeros, e in
        let values = raw.indices.map { zeros[$0] == 0 ? 0 : raw[$0] }
        var offset = 0
        func take(_ k: Int) -> [Int64] { defer { offset += k }; return Array(values[offset..<(offset + k)]) }
        return RandomStoragePark(n: n, m: m, s: s, consumption: take(count * n), generation: take(count * m),
                                 charge: take(count * s), discharge: take(count * s), efficiencies: Array(e[0..<s]))
    }

    var devices: [StorageDevice] {
        (0..<s).map {
            try! StorageDevice(id: "b\($0)", name: "b\($0)", capacityWh: 1_000_000, chargeW: 100_000,
                               dischargeW: 100_000, efficiency: Fixed6(millionths: efficiencies[$0]),
                               chargeMeter: "in\($0)", dischargeMeter: "out\($0)")
        }
    }

    /// Intervals `range` of the park as a period of its own, starting from `queues`.
    func account(_ range: Range<Int>, queues: [StorageQueue]? = nil) throws
        -> (direct: AllocationOutcome, combined: AllocationOutcome, period: StoragePeriod) {
        func slice(_ values: [Int64], _ width: Int) -> [Int64] {
            Array(values[(range.lowerBound * width)..<(range.upperBound * width)])
        }
        let problem = AllocationProblem(memberCount: n, generatorCount: m, intervalCount: range.count,
                                        consumption: slice(consumption, n), generation: slice(generation, m))
        let storage = StorageSeries(devices: devices, intervalCount: range.count, charge: slice(charge, s),
                                    discharge: slice(discharge, s))
        let (direct, combined) = try StorageAllocation.run(
            rule: AllocationRule(key: .proRata, memberCount: n, generatorCount: m), problem: problem, storage: storage)
        let from = Timestamp(seconds: 1_685_577_600 + Int64(range.lowerBound) * 1800)
        let period = try StorageAccounting.run(memberIDs: (0..<n).map { "m\($0)" }, problem: problem,
                                               combined: combined, storage: storage, from: from, step: 1800,
                                               queues: queues)
        return (direct, combined, period)
    }
}

@Suite("Storage accounting invariants on random parks")
struct StoragePropertyTests {
    @Test("energy balances: generation, charge, discharge, the members' receipts and the queue add up exactly")
    func balances() async {
        await propertyCheck(count: 300, input: RandomStoragePark.generator) { park in
            let (direct, combined, period) = try park.account(0..<RandomStoragePark.count)
            let n = park.n, m = park.m, count = RandomStoragePark.count
            for t in 0..<count {
                for i in 0..<n {
                    // A member never receives more than it consumed, from all sources together.
                    #expect(combined.allocated[t * n + i] <= park.consumption[t * n + i])
                }
            }
            let generated = park.generation.reduce(0, +)
            let chargedGreen = period.devices.reduce(0) { $0 + $1.chargedGreenWh }
            // Every generated Wh went to a member, into a battery or into the grid.
            #expect(direct.allocated.reduce(0, +) + chargedGreen + period.generatorExportWh.reduce(0, +) == generated)
            for (k, device) in period.devices.enumerated() {
                let charged = stride(from: k, to: park.charge.count, by: park.s).reduce(0) { $0 + park.charge[$1] }
                let discharged = stride(from: k, to: park.discharge.count, by: park.s)
                    .reduce(0) { $0 + park.discharge[$1] }
                #expect(device.chargedGreenWh + device.chargedGridWh == charged)
                #expect(device.dischargedWh == discharged && device.toMembersWh + device.exportedWh == discharged)
                // The queue keeps every charged Wh: drawn or still queued.
                let drawn = period.dischargeRecords.filter { $0.device == k }.reduce(0) { $0 + $1.drawnChargeWh }
                #expect(drawn + device.queuedWh == charged)
                // Released certificates never exceed the green output drawn, nor the discharge.
                #expect(device.releasedWh <= device.dischargedWh - device.unbackedWh)
                #expect(device.queuedGreenWh >= 0 && device.queuedGreenWh <= device.queuedWh)
            }
            for record in period.dischargeRecords {
                let greenOutput = record.draws.reduce(0) { $0 + ($1.origin == .grid ? 0 : $1.outputMicroWh) }
                #expect(record.releasedWh == greenOutput / 1_000_000)
                #expect(record.draws.allSatisfy { $0.origin != .grid || $0.releasedWh == 0 })
                #expect(record.draws.allSatisfy { $0.chargeHour < record.hour })
            }
            let toMembers = period.devices.reduce(0) { $0 + $1.toMembersWh }
            #expect(period.members.reduce(0) { $0 + $1.fromStorageWh } == toMembers)
            #expect(period.members.allSatisfy { $0.greenFromStorageWh <= $0.fromStorageWh })
            #expect(period.greenToMembersWh <= period.devices.reduce(0) { $0 + $1.releasedWh })
            let exported = period.devices.reduce(0) { $0 + $1.exportedWh }
            #expect(period.surplusWh == period.generatorExportWh.reduce(0, +) + exported)
            _ = m
        }
    }

    @Test("two periods split on an hour, the second starting from the first's queues, equal one period")
    func splitPeriods() async {
        await propertyCheck(count: 200, input: zip(RandomStoragePark.generator, Gen.int(in: 1...47))) { park, hour in
            let whole = try park.account(0..<RandomStoragePark.count).period
            let first = try park.account(0..<(hour * 2)).period
            let second = try park.account((hour * 2)..<RandomStoragePark.count, queues: first.queues).period
            #expect(first.chargeRecords + second.chargeRecords == whole.chargeRecords)
            #expect(first.dischargeRecords + second.dischargeRecords == whole.dischargeRecords)
            #expect(second.queues == whole.queues)
            for i in 0..<park.n {
                #expect(first.members[i].greenFromStorageWh + second.members[i].greenFromStorageWh
                            == whole.members[i].greenFromStorageWh)
            }
        }
    }
}
