import GreenParkCore
import PropertyBased
import Testing

@Suite("UTC instants and calendar dates")
struct TimeTests {
    func parse(_ text: String) -> Result<Timestamp, TimestampParseFailure> { Timestamp.parseISO8601(text) }

    @Test("ISO 8601 with Z or an offset")
    func offsets() throws {
        let z = try parse("2023-01-01T00:15:00Z").get()
        #expect(z.seconds == 1_672_531_200 + 900) // 2023-01-01 is day 19358: 19358 * 86400 = 1,672,531,200
        #expect(try parse("2023-01-01T08:15:00+08:00").get() == z)
        #expect(try parse("2023-01-01 08:15+0800").get() == z)
        #expect(try parse("2022-12-31T19:15:00-05:00").get() == z)
        #expect(try parse("2023-01-01T00:15:00.000Z").get() == z)
        #expect(z.iso8601 == "2023-01-01T00:15:00Z")
    }

    @Test("bad timestamps say why")
    func failures() {
        #expect(throws: TimestampParseFailure.missingOffset) { try parse("2023-01-01T00:15:00").get() }
        #expect(throws: TimestampParseFailure.outOfRange) { try parse("2023-02-29T00:00:00Z").get() }
        #expect(throws: TimestampParseFailure.outOfRange) { try parse("2023-01-01T25:00:00Z").get() }
        #expect(throws: TimestampParseFailure.fractionalSeconds) { try parse("2023-01-01T00:00:00.5Z").get() }
        #expect(throws: TimestampParseFailure.malformed) { try parse("01/01/2023 00:00").get() }
        #expect(throws: TimestampParseFailure.malformed) { try parse("2023-01-01T00:00:00Zjunk").get() }
    }

    @Test("leap days and day numbers")
    func days() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2024, month: 2, day: 29).daysSinceEpoch == 19_782)
        #expect(CivilDate(parsing: "2024-02-29") != nil)
        #expect(CivilDate(parsing: "2023-02-29") == nil)
        #expect(CivilDate(parsing: "2023-13-01") == nil)
    }

    @Test("day numbers and dates convert both ways")
    func roundTrip() async {
        await propertyCheck(count: 2000, input: Gen.int(in: -800_000...800_000)) { day in
            let date = CivilDate(daysSinceEpoch: Int64(day))
            #expect(date.daysSinceEpoch == Int64(day))
            #expect(CivilDate(parsing: date.description) == date || date.year < 0 || date.year > 9999)
        }
    }

    @Test("even split sums exactly and parts differ by at most 1 Wh")
    func evenSplitProperty() async {
        await propertyCheck(count: 2000, input: Gen.int64(in: 0...Int64.max / 2), Gen.int(in: 1...60)) { energy, parts in
            let split = EvenSplit.split(energy, into: parts)
            #expect(split.reduce(0, +) == energy)
            #expect(split.max()! - split.min()! <= 1)
        }
    }
}
