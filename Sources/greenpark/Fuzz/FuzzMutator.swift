import GreenParkCore

/// Seeded mutations of text inputs: byte flips, deletions, duplications, whole lines
/// repeated thousands of times, numbers and fields replaced by edge values (Int64 limits,
/// 1e308, -0, 0.0000001, dates far out of range), schema words in the wrong places, YAML
/// nested thousands deep, alias bombs and very long tokens. The same generator state
/// gives the same mutations.
struct FuzzMutator {
    var rng: SplitMix64

    static let numbers = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551616", "1e308", "-1e308",
        "1e-308", "4.9e-324", "-0", "-0.0", "0.0000001", "0", "1", "-1", "0.000001", "9223372036854.9",
        "9223372036854.775807",
        "9223372036854.775808", "5000000000000", "1000000000.000001", "99999999999999999999", "1e19", "1e18",
        "100000000000",
        "100000000001", "NaN", "inf", "-inf", "0x1F", "1_000", "1,5", "+5", ".5", "5.", "00000000000000000001",
        "2147483648",
        "-2147483649", "1e6", "3.4e38", "10.000001", "1000000", "1000001", "0.999999", "1.000001", "36", "1441",
        "-1e-7",
        "4611686018427.387904", "9223372036854", "100000", "100000.000001", "1000000000000", "0.000000",
    ]
    static let times = [
        "0000-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:45:00-18:00",
        "0000-01-01T00:00:00+18:59", "2023-02-29", "2024-02-29", "2023-06-01T24:00:00Z", "2023-06-01T00:00:60Z",
        "2023-06-01T00:07:00Z", "2023-06-01T00:15:00.000Z", "2023-06-01T00:15:00.5Z", "1970-01-01T00:00:00Z",
        "2038-01-19T03:14:08Z", "2023-06-01", "2100-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "24:00", "23:59", "99:99",
        "00:00", "2023-06-01T00:00:00", "2023-06-01 00:00+0800", "2023-13-01",
    ]
    static let words = [
        "", " ", "~", "null", "true", "\"\"", "../../etc/passwd", "/etc/passwd", "/dev/zero", "..", "C:\\x", "a b",
        "ü",
        "\u{202E}x",
        "none", "rules.yaml", "../x.yaml", "/etc/hosts.yaml", "tariff.yaml", "weighted", "static", "priority",
        "pro-rata",
        "biomass", "hydro", "shapley", "shapley-sampled", "least-core", "peak", "equal", "gec", "irec", "granular",
        "off-grid",
        "5", "60", "10", "UTC", "America/Nuku", "Asia/Kathmandu", "cn-650-2025-hunan", "fertilisers", "hydrogen",
        "26011200",
        String(repeating: "x", count: 65), "[]", "{}", "[a, b]", "{a: 1}", "!!binary aGk=", "*x", "&x", "<<: {a: 1}",
    ]
    /// Keys of every schema the fuzzed files use, to move into the wrong places.
    static let keys = [
        "version", "park", "members", "generators", "meters", "allocation", "contracts", "emission_factors",
        "certificates",
        "validation", "shared_costs", "settlement", "id", "name", "timezone", "country", "region", "resolution_minutes",
        "connection", "policy_profile", "share", "weight", "tier", "installations", "hydrogen", "placed_in_service",
        "technology", "capacity_kw", "commissioned", "registered", "meter", "max_kw", "register_rollover_kwh", "key",
        "member", "year", "location", "residual", "cbam", "table", "hourly_location", "hourly_residual",
        "grid_cfe_share",
        "scheme", "capacity_margin", "annual_cost_fen", "method", "tariff", "ppa", "price_fen_per_kwh",
        "tou_prices_fen_per_kwh",
        "export_price_fen_per_kwh", "td_fee_fen_per_kwh", "capacity_charge_fen_per_month",
        "demand_charge_fen_per_kw_month",
        "vat_rate", "emission_rate_kg_per_kwh", "prices_fen_per_kwh", "seasons", "months", "windows", "from", "to",
        "period",
        "meter_id", "interval_start", "energy_kwh", "energy_wh", "energy_mwh", "quality", "read_at", "register_kwh",
        "installation_id", "period_start", "period_end", "cn_code", "production_t", "direct_emissions_t",
    ]

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(rng.next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Inputs are cut to this size (a line of 200,000 bytes repeated 20,000 times would be 4 GB).
    static let maximumBytes = 4 << 20

    /// 1 to 4 mutations of `bytes`; `yaml` adds the YAML-specific ones. Half the time only
    /// mutations that mostly keep the syntax (a number, field or key replaced, a line
    /// repeated), so that values reach the code behind the parser.
    mutating func mutate(_ input: [UInt8], yaml: Bool) -> [UInt8] {
        var bytes = input
        let gentle = chance(50)
        for _ in 0...below(gentle ? 3 : 4) {
            bytes = gentle ? valueOnly(bytes) : once(bytes, yaml: yaml)
            if bytes.count > Self.maximumBytes { bytes.removeSubrange(Self.maximumBytes...) }
        }
        return bytes
    }

    private mutating func valueOnly(_ b: [UInt8]) -> [UInt8] {
        switch below(7) {
        case 0: numericValue(b, with: pick(Self.numbers))
        case 1: replaceNumber(b, with: pick(Self.numbers))
        case 2: replaceNumber(b, with: pick(Self.times))
        case 3: replaceField(b, with: pick(Self.numbers + Self.words))
        case 4: replaceKey(b)
        default: repeatLine(b, times: 1 + below(3))
        }
    }

    private mutating func once(_ bytes: [UInt8], yaml: Bool) -> [UInt8] {
        var b = bytes
        let n = b.count
        switch below(yaml ? 17 : 15) {
        case 0 where n > 0: b[below(n)] ^= UInt8(1 << below(8))
        case 1 where n > 0:
            b[below(n)] = pick([0, 0xFF, 10, 13, 44, 58, 45, 34, 9, 35, 0xC3, 0x80, 59, 32, 46, UInt8(below(256))])
        case 2 where n > 0:
            let at = below(n)
            b.removeSubrange(at..<min(n, at + 1 + below(64)))
        case 3 where n > 0:
            let at = below(n), end = min(n, at + 1 + below(256))
            b.insert(contentsOf: Array(b[at..<end]), at: below(n + 1))
        case 4: b = replaceNumber(b, with: pick(Self.numbers))
        case 5: b.insert(contentsOf: Array(pick(Self.numbers + Self.times + Self.words).utf8), at: below(n + 1))
        case 6: b = replaceField(b, with: pick(Self.numbers + Self.times + Self.words + Self.keys))
        case 7: b = repeatLine(b, times: chance(20) ? 1_000 + below(20_000) : 1 + below(20))
        case 8: b = editLines(b)
        case 9 where n > 0: b.removeSubrange(below(n)..<n)
        case 10:
            b.insert(
                contentsOf: [UInt8](
                    repeating: pick([120, 48, 57, 44, 10, 32, 45, 91]), count: 1 + below(chance(20) ? 200_000 : 300)),
                at: below(n + 1))
        case 11:
            b.insert(
                contentsOf: pick([[0xEF, 0xBB, 0xBF], [13], [0xC3, 0x28], [0xFF, 0xFE], [0], [9]]), at: below(n + 1))
        case 12: b = replaceNumber(b, with: pick(Self.times))
        case 13: b = replaceKey(b)
        case 14: b = replaceNumber(b, with: String(Int64(bitPattern: rng.next()) >> below(64)))
        case 15: b = insertYAMLStructure(b)
        case 16:
            b = replaceField(
                b,
                with: pick([
                    "[[[[[[[[[[", "{a: {a: {a:", "&a [*a, *a]", "*undefined", "!!python/object x", "? [a]\n: b",
                ]))
        default: break
        }
        return b
    }

    /// Replaces a run of number-like bytes ([0-9.+-eE:T]) near a random place.
    private mutating func replaceNumber(_ b: [UInt8], with text: String) -> [UInt8] {
        guard !b.isEmpty else { return Array(text.utf8) }
        func numeric(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || c == 46 || c == 45 || c == 43 }
        var at = below(b.count)
        var tries = 0
        while !numeric(b[at]) && tries < 200 { at = (at + 1) % b.count; tries += 1 }
        guard numeric(b[at]) else { return b }
        var start = at, end = at
        while start > 0, numeric(b[start - 1]) || b[start - 1] == 58 || b[start - 1] == 84 { start -= 1 }
        while end < b.count, numeric(b[end]) || b[end] == 58 || b[end] == 84 || b[end] == 90 || b[end] == 101 {
            end += 1
        }
        var out = b
        out.replaceSubrange(start..<end, with: Array(text.utf8))
        return out
    }

    /// Replaces the value of a random `key: number` line (YAML) with `text`: every numeric
    /// field of a park file is as likely as any other to get an edge value.
    private mutating func numericValue(_ b: [UInt8], with text: String) -> [UInt8] {
        var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        let numeric = lines.indices.filter { k in
            guard let colon = lines[k].firstIndex(of: 58) else { return false }
            let value = lines[k][(colon + 1)...].drop { $0 == 32 }
            return value.first.map { ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 } ?? false
        }
        guard !numeric.isEmpty else { return replaceNumber(b, with: text) }
        let k = pick(numeric)
        let colon = lines[k].firstIndex(of: 58)!
        lines[k] = Array(lines[k][...colon]) + Array(" \(text)".utf8)
        return Array(lines.joined(separator: [10]))
    }

    /// Replaces one field of a random line (split at `,`, `: ` or `[`) with `text`.
    private mutating func replaceField(_ b: [UInt8], with text: String) -> [UInt8] {
        var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return Array(text.utf8) }
        let k = below(lines.count)
        let line = lines[k]
        let cuts = line.indices.filter { line[$0] == 44 || line[$0] == 58 || line[$0] == 91 }
        if cuts.isEmpty {
            lines[k] = Array(text.utf8)
        } else {
            let c = pick(cuts)
            let next = line[(c + 1)...].firstIndex { $0 == 44 || $0 == 93 || $0 == 125 } ?? line.count
            lines[k] = Array(line[...c]) + Array(" \(text)".utf8) + Array(line[next...])
        }
        return Array(lines.joined(separator: [10]))
    }

    private mutating func repeatLine(_ b: [UInt8], times: Int) -> [UInt8] {
        var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return b }
        let k = below(lines.count)
        let fitting = min(times, Self.maximumBytes / max(1, lines[k].count + 1))
        lines.insert(contentsOf: Array(repeating: lines[k], count: fitting), at: k)
        return Array(lines.joined(separator: [10]))
    }

    private mutating func editLines(_ b: [UInt8]) -> [UInt8] {
        var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 1 else { return b }
        let i = below(lines.count), j = below(lines.count)
        switch below(3) {
        case 0: lines.remove(at: i)
        case 1: lines.swapAt(i, j)
        default: lines[i] = lines[j]
        }
        return Array(lines.joined(separator: [10]))
    }

    /// A schema key of another section put in place of a key.
    private mutating func replaceKey(_ b: [UInt8]) -> [UInt8] {
        var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return b }
        let k = below(lines.count)
        guard let colon = lines[k].firstIndex(of: 58) else { return b }
        let indent = lines[k].prefix { $0 == 32 || $0 == 45 }
        lines[k] = Array(indent) + Array(pick(Self.keys).utf8) + Array(lines[k][colon...])
        return Array(lines.joined(separator: [10]))
    }

    /// Deep nesting, alias bombs and recursive aliases as a value.
    private mutating func insertYAMLStructure(_ b: [UInt8]) -> [UInt8] {
        let depth = pick([10, 100, 999, 1_001, 5_000, 100_000])
        let text: String
        switch below(4) {
        case 0: text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        case 1:
            text =
                String(repeating: "{a: ", count: min(depth, 20_000)) + "1"
                + String(repeating: "}", count: min(depth, 20_000))
        case 2:
            var lines = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            for k in 1...9 {
                lines.append("x\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 9).joined(separator: ", ") + "]")
            }
            text = "\n" + lines.joined(separator: "\n") + "\n"
        default: text = String(repeating: "- ", count: min(depth, 5_000)) + "x"
        }
        return replaceField(b, with: text)
    }
}
