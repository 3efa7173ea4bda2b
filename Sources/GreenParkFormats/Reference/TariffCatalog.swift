import Foundation
import GreenParkCore
import Yams

/// Tariffs as data: the shipped examples (`Resources/tariffs/*.yaml`) and a park's own
/// tariff file in the same format (docs/settlement.md).
public enum TariffCatalog {
    /// A shipped tariff by id, or a tariff file (a path ending in .yaml, relative to the park file).
    public static func tariff(_ name: String, parkDirectory: URL) throws -> Tariff {
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : parkDirectory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw TariffError(message: "cannot read the tariff file \(url.path)") }
            return try parse(text, name: name)
        }
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Resources/tariffs"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TariffError(message: "no shipped tariff \"\(name)\" (shipped: \(shippedIDs.joined(separator: ", "))); or name a .yaml file next to the park file")
        }
        return try parse(text, name: name)
    }

    public static var shippedIDs: [String] {
        let dir = Bundle.module.url(forResource: "tariffs", withExtension: nil, subdirectory: "Resources")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir?.path ?? "")) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Reads a tariff; prices are read exactly from their text.
    public static func parse(_ text: String, name: String) throws -> Tariff {
        func bad(_ why: String) -> TariffError { TariffError(message: "\(name): \(why)") }
        // A tariff is a page of YAML; composing costs about a microsecond per byte.
        guard text.utf8.count <= 1 << 20 else { throw bad("larger than 1 MiB; a tariff file is far smaller") }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw bad("not YAML (\(error))") }
        guard let map = root?.mapping else { throw bad("expected a mapping") }
        func string(_ key: String) throws -> String {
            guard let value = map[key]?.scalar?.string, !value.isEmpty else { throw bad("\(key) is missing") }
            return value
        }
        var prices: [String: Fixed6] = [:]
        guard let priceMap = map["prices_fen_per_kwh"]?.mapping else { throw bad("prices_fen_per_kwh is missing") }
        for (key, value) in priceMap {
            guard let period = key.scalar?.string, let text = value.scalar?.string, let price = Fixed6(parsing: text),
                  price >= .zero, price <= SettlementLimits.price else {
                throw bad("prices_fen_per_kwh: every price is a decimal from 0 to \(SettlementLimits.price) "
                          + "fen per kWh")
            }
            prices[period] = price
        }
        var seasons: [Tariff.Season] = []
        for (k, season) in (map["seasons"]?.sequence ?? []).enumerated() {
            guard let monthNodes = season.mapping?["months"]?.sequence, !monthNodes.isEmpty,
                  let windows = season.mapping?["windows"]?.sequence else { throw bad("seasons[\(k)] needs months and windows") }
            let months = try monthNodes.map { node -> Int in
                guard let month = node.scalar.flatMap({ Int($0.string) }), (1...12).contains(month) else {
                    throw bad("seasons[\(k)].months: \(node.scalar?.string ?? "?") is not a month from 1 to 12")
                }
                return month
            }
            if let twice = months.first(where: { m in seasons.contains { $0.months.contains(m) } }) {
                throw bad("month \(twice) is in two seasons; every month belongs to exactly one")
            }
            var parsed: [Tariff.Window] = []
            for w in windows {
                guard let from = w.mapping?["from"]?.scalar.flatMap({ minute($0.string) }), let to = w.mapping?["to"]?.scalar.flatMap({ minute($0.string) }),
                      let period = w.mapping?["period"]?.scalar?.string else { throw bad("seasons[\(k)].windows: each window needs from, to (HH:MM) and period") }
                parsed.append(Tariff.Window(startMinute: from, endMinute: to, period: period))
            }
            seasons.append(Tariff.Season(months: Set(months), windows: parsed))
        }
        let tariff = Tariff(id: try string("id"), name: try string("name"), province: try string("province"), version: try string("version"),
                            source: try string("source"), prices: prices, seasons: seasons)
        if let problem = tariff.problems.first { throw bad(problem) }
        return tariff
    }

    /// `HH:MM` as minutes of the day (`24:00` is 1440).
    static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }
}

/// A tariff that cannot be read or used.
public struct TariffError: GreenParkError {
    public var message: String
    public var code: String { "tariff.invalid" }
}
