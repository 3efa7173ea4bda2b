import Foundation
import GreenParkCore
import Testing

@testable import GreenParkServices

/// Baselines next to events addressed to the park as a whole (review).
@Suite("Flexibility baseline: park-wide events")
struct FlexibilityEventDayTests {
    /// An event addressed to the park (its id in targets) is settled for every member, so the
    /// day it falls on is an event day for every member's baseline too: the park event on day
    /// 3 (counted from `from`) must be left out of member m1's baseline days.
    @Test func parkEventIsAnEventDayForEveryMember() {
        let from = Timestamp(CivilDate(year: 2026, month: 6, day: 1))
        let event = DemandResponseReviewTests.event(targets: ["p"], kW: 100,
                                                    start: from.adding(seconds: 3 * 86_400 + 3_600), seconds: 3_600)
        let days = FlexibilityService.eventDays([event], member: "m1", park: "p", from: from, step: 900, days: 45)
        #expect(days == [3])
        // Addressed to another member only: not m1's event day.
        let other = DemandResponseReviewTests.event(targets: ["m2"], kW: 100, start: from.adding(seconds: 3 * 86_400),
                                                    seconds: 3_600)
        #expect(FlexibilityService.eventDays([other], member: "m1", park: "p", from: from, step: 900, days: 45)
            .isEmpty)
    }

    /// Who an event settles (review): every member for no target or the park's id, the named
    /// members otherwise, and no one for targets naming no member (a VEN name, a former member);
    /// before, such an event paid every member.
    @Test func membersAnEventSettles() {
        let park = Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "cn-650-2025"),
                        members: ["m1", "m2"].map { Member(id: $0, name: $0, meters: [$0 + "-meter"]) },
                        generators: [])
        let from = Timestamp(CivilDate(year: 2026, month: 6, day: 1))
        func settled(_ targets: [String]) -> [Int] {
            FlexibilityService.members(of: DemandResponseReviewTests.event(targets: targets, kW: 100, start: from,
                                                                           seconds: 3_600), park: park)
        }
        #expect(settled([]) == [0, 1] && settled(["p"]) == [0, 1] && settled(["p", "m2"]) == [0, 1])
        #expect(settled(["m2"]) == [1])
        #expect(settled(["m-old", "ven-7"]).isEmpty)
    }
}
