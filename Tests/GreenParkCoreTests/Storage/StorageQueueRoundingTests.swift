import GreenParkCore
import Testing

/// The queue's rounding at its edges: partial draws spread over several origins, and
/// efficiencies of 1 and of one millionth.
@Suite("Storage queue rounding")
struct StorageQueueRoundingTests {
    static let day = Timestamp(CivilDate(year: 2023, month: 6, day: 1))
    static func hour(_ h: Int64) -> Timestamp { day.adding(seconds: h * 3600) }

    @Test("a partial draw over three origins never draws less charge than it discharges (efficiency 1)")
    func partialDrawOverOrigins() throws {
        var queue = StorageQueue(device: 0)
        // 1 Wh from each of two generators and 1 Wh from the grid in 10-11, efficiency 1.
        try queue.charge(StorageChargeRecord(device: 0, hour: Self.hour(10), efficiency: .one,
                                             greenByGenerator: [1, 1], gridWh: 1))
        // 1 Wh out in 11-12 needs 1 / 1 = 1 Wh of charge: a third of each origin
        // (333,334 + 333,333 + 333,333 millionths). Floors per origin give 0 + 0 + 0 = 0 Wh of
        // charge drawn, so the period's losses (drawn - discharged) would be 0 - 1 = -1 Wh.
        let record = try queue.discharge(hour: Self.hour(11), wh: 1)
        #expect(record.unbackedWh == 0)
        #expect(record.drawnChargeWh >= 1, "drew \(record.drawnChargeWh) Wh of charge for 1 Wh out at efficiency 1")
        // What is drawn and what is still queued add up to the 3 Wh charged.
        #expect(record.drawnChargeWh + queue.queuedChargeWh() == 3)
    }

    @Test("an hour's charge worth more than Int64 millionths in total (two origins) is refused, not a crash")
    func outputSumOverflow() throws {
        var queue = StorageQueue(device: 0)
        // 5e12 Wh green and 5e12 Wh grid at efficiency 1: each portion is 5e18 millionths (fits),
        // together 1e19 (does not). Drawing on it must not trap on the sum.
        let record = StorageChargeRecord(device: 0, hour: Self.hour(10), efficiency: .one,
                                         greenByGenerator: [5_000_000_000_000], gridWh: 5_000_000_000_000)
        do {
            try queue.charge(record)
            let out = try queue.discharge(hour: Self.hour(11), wh: 1_000_000)
            #expect(out.drawnChargeWh == 1_000_000)
        } catch let error as StorageAccountingError {
            #expect(error.code == "storage.energy-out-of-range")
        }
    }
}
