import GreenParkCore
import Testing

/// Baselines and delivered flexibility of demand-response events, worked by hand.
@Suite("Demand response: baselines and delivered flexibility")
struct FlexibilityTests {
    @Test("10 of 10: the mean of the 10 latest days without an event, half to even")
    func baseline() {
        // 12 earlier days (oldest first): 100, 200, then 10 days of which one had an event (nil).
        // The 10 latest non-event days: 200 and the 9 days 300, 310, ..., 380: (200 + 3,060) / 10 = 326.
        let history: [Int64?] = [100, 200, 300, 310, 320, 330, nil, 340, 350, 360, 370, 380]
        #expect(FlexibilityBaseline.baseline(history) == 326)
        // Rounded half to even:
        #expect(FlexibilityBaseline.baseline([1, 1, 1, 1, 2, 2]) == 1)   // 8 / 6 = 1.33 -> 1
        #expect(FlexibilityBaseline.baseline([1, 1, 1, 2, 2, 2, 2, 3]) == 2)   // 14 / 8 = 1.75 -> 2
        #expect(FlexibilityBaseline.baseline([0, 0, 1, 1, 1, 2]) == 1)   // 5 / 6 = 0.83 -> 1
        #expect(FlexibilityBaseline.baseline([1, 1, 2, 2, 3, 3, 0, 0]) == 2)   // 12 / 8 = 1.5 -> 2 (even)
        #expect(FlexibilityBaseline.baseline([1, 1, 1, 1, 1, 2, 3, 0]) == 1)   // 10 / 8 = 1.25 -> 1
    }

    @Test("fewer than 5 days without an event: no baseline")
    func tooFew() {
        #expect(FlexibilityBaseline.baseline([100, nil, 100, 100, nil, 100]) == nil)
        #expect(FlexibilityBaseline.baseline([100, 100, 100, 100, 100]) == 100)
    }

    @Test("delivered: baseline minus metered, never below 0; paid at the interval's incentive, rounded once")
    func delivered() {
        // Baselines 1,000, 1,000, none; metered 400, 1,200, 0. Delivered 600, 0 (took more), 0 (no baseline).
        // Payment: 600 Wh x 1.5 fen/kWh = 0.9 fen -> 1 fen.
        let start = Timestamp(seconds: 0)
        let flex = DeliveredFlexibility(member: "m", event: "e", starts: [start, start.adding(seconds: 900),
                                                                         start.adding(seconds: 1_800)],
                                        baselines: [1_000, 1_000, nil], metered: [400, 1_200, 0],
                                        incentives: Array(repeating: Fixed6(parsing: "1.5")!, count: 3))
        #expect(flex.intervals.map(\.deliveredWh) == [600, 0, 0])
        #expect(flex.deliveredWh == 600 && flex.paymentFen == 1)
        // 2 intervals of 250 Wh at 2 fen/kWh: 0.5 + 0.5 = 1 fen once (not 0 + 0 rounded per line).
        let halves = DeliveredFlexibility(member: "m", event: "e", starts: [start, start], baselines: [500, 500],
                                          metered: [250, 250], incentives: [Fixed6(2), Fixed6(2)])
        #expect(halves.paymentFen == 1)
        // 250 Wh at 2 fen/kWh alone: 0.5 fen -> 0 (half to even).
        let half = DeliveredFlexibility(member: "m", event: "e", starts: [start], baselines: [500], metered: [250],
                                        incentives: [Fixed6(2)])
        #expect(half.paymentFen == 0)
    }
}
