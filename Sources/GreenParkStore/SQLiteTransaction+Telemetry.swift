import GRDB
import GreenParkCore

/// Register states and meter events (migration "v11: meter telemetry").
extension SQLiteTransaction {
    func save(_ states: [MeterRegisterState]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO meter_register_state (meter, last_at_ms, last_raw_wh, last_identity, offset_wh,
                boundary, boundary_wh, boundary_bracket_ms, gap_from, disturbed_from, disturbed_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for state in states {
            try statement.execute(arguments: [
                state.meter, state.last?.atMillis, state.last?.rawWh, state.last?.identity, state.offsetWh,
                state.boundary, state.boundaryWh, state.boundaryBracketMillis, state.gapFrom, state.disturbedFrom,
                state.disturbedTo,
            ])
        }
    }

    func add(_ events: [MeterEventRecord]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO meter_event (meter, at_ms, kind, energy_wh, detail) VALUES (?, ?, ?, ?, ?)
            """)
        for event in events {
            try statement.execute(arguments: [event.meter, event.atMillis, event.kind.rawValue, event.energyWh,
                                              event.detail])
        }
    }

    static func state(_ row: Row) -> MeterRegisterState {
        let at: Int64? = row["last_at_ms"], raw: Int64? = row["last_raw_wh"]
        var last: RegisterRead?
        if let at, let raw { last = RegisterRead(atMillis: at, rawWh: raw, identity: row["last_identity"]) }
        return MeterRegisterState(
            meter: row["meter"], last: last, offsetWh: row["offset_wh"], boundary: row["boundary"],
            boundaryWh: row["boundary_wh"], boundaryBracketMillis: row["boundary_bracket_ms"], gapFrom: row["gap_from"],
            disturbedFrom: row["disturbed_from"], disturbedTo: row["disturbed_to"])
    }
}
