import GreenParkCore

/// `h2-45v.json` (the three pillars per hydrogen producer, with reasons and volumes) and
/// `h2-45v-hours.csv` (every hour where qualifying green energy fell short).
public enum Hydrogen45VWriter {
    public static func json(_ results: [Hydrogen45V.Result]) -> String {
        JSONText.object([
            ("rules", .string("US 45V final rules (January 2025): incrementality (COD within 36 months before placed in service), deliverability (same region), temporal matching (annual before 2030, hourly from 2030)")),
            ("members", .array(results.map { r in
                .object([
                    ("id", .string(r.member)), ("placed_in_service", .string(r.placedInService.description)), ("basis", .string(r.basis)),
                    ("pass", .bool(r.pass)), ("consumption_wh", .integer(r.consumptionWh)), ("qualifying_green_wh", .integer(r.qualifyingWh)),
                    ("qualifying_from_storage_wh", .integer(r.qualifyingFromStorageWh)),
                    ("matched_wh", .integer(r.matchedWh)), ("failing_hours", .integer(Int64(r.failingHours.count))),
                    ("pillars", .array(r.pillars.map { .object([("name", .string($0.name)), ("pass", .bool($0.pass)), ("why", .string($0.why))]) })),
                ])
            })),
        ]).render() + "\n"
    }

    public static func hoursCSV(_ results: [Hydrogen45V.Result]) -> String {
        var out = "member_id,hour_start\n"
        for r in results { for hour in r.failingHours { out += "\(r.member),\(hour.iso8601)\n" } }
        return out
    }
}
