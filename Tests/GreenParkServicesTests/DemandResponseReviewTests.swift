import Foundation
import GreenParkCore
import Testing

@testable import GreenParkServices

/// Edge cases found in review: payload values the VTN accepts, and baselines next to
/// events addressed to the park as a whole.
@Suite("Demand response: review edge cases")
struct DemandResponseReviewTests {
    static let park = Park(settings: ParkSettings(id: "p", name: "P", region: "east", policyProfile: "none"),
                           members: [], generators: [])

    static func event(targets: [String], kW: Double, start: Timestamp, seconds: Int64) -> DemandResponseEvent {
        DemandResponseEvent(id: "e1", programID: "prog", name: nil, priority: nil, targets: targets,
                            intervals: [DemandResponseInterval(id: 0, start: start, seconds: seconds, payloads: [
                                DemandResponsePayload(type: DemandResponseLimits.payload, values: [kW])])])
    }

    /// 1e300 kW is a valid JSON number the VTN stores; as Wh it is beyond Int64 and must not
    /// trap: a limit that large is no limit (Int64.max). A normal one next to it still holds:
    /// 400 kW x 900 s / 3.6 = 100,000 Wh.
    @Test func hugeImportLimitDoesNotTrap() {
        let start = Timestamp(CivilDate(year: 2026, month: 6, day: 1))
        let starts = [start, start.adding(seconds: 900)]
        let huge = Self.event(targets: [], kW: 1e300, start: start, seconds: 900)
        let normal = Self.event(targets: [], kW: 400, start: start.adding(seconds: 900), seconds: 900)
        let limits = DemandResponseLimits.limits([huge, normal], park: Self.park, starts: starts, step: 900)
        #expect(limits == [Int64.max, 100_000])
    }
}

extension DemandResponseReviewTests {
    /// `greenpark dr event add --payload IMPORT_CAPACITY_LIMIT:KW=nan` (Double("nan"), "inf",
    /// "1e400"): JSON has no such numbers. Refused with a message naming the payload, nothing
    /// stored (before: "the body must be a JSON object", as the encoder gave up on the event).
    @Test func nonFinitePayloadValuesAreRefusedByName() throws {
        let service = try DemandResponseServiceTests.service()
        _ = try service.addProgram(name: "peak")
        for value in [Double.nan, .infinity, -.infinity] {
            let new = DemandResponseService.NewEvent(program: "peak", start: Timestamp(seconds: 0), count: 1,
                                                     seconds: 900, payloads: [("IMPORT_CAPACITY_LIMIT", "KW", [value])])
            #expect { try service.addEvent(new) } throws: { error in
                (error as? DemandResponseError)?.message.contains("IMPORT_CAPACITY_LIMIT") == true
            }
        }
        #expect(try service.events().isEmpty)
    }
}
