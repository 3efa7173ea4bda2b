import Foundation
import GreenParkCore

/// A JSON batch of readings, turned into the long CSV layout the importer reads:
/// `{"readings": [{"meter_id": "m1", "interval_start": "2024-01-01T00:00:00Z",
/// "energy_wh": 1250, "quality": "measured"}, ...]}` (a bare array too). Each item gives
/// `energy_wh` (an integer) or `energy_kwh` (a number or decimal text, taken digit for digit:
/// never through binary floating point); when any gives kWh, whole Wh are written as exact kWh
/// (1250 Wh as 1.250), so nothing is rounded that was whole. `quality` is optional.
/// Ids and times are plain text (no commas, quotes, control characters, no leading `#`).
/// Item k's problems are reported on line k (1-based) of `batch.json`.
public enum JSONReadings {
    struct Item: Decodable {
        let meter_id: String
        let interval_start: String
        let energy_wh: Number?
        let energy_kwh: Amount?
        let quality: String?
    }

    /// A kWh amount: a JSON number read exactly (as a decimal), or decimal text.
    struct Amount: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let text = try? value.decode(String.self) {
                self.text = text
            } else {
                self.text = try value.decode(Decimal.self).description
            }
        }
    }

    /// A JSON number as its exact decimal text (a whole number of Wh is checked later, so
    /// that the item is named).
    struct Number: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            text = try decoder.singleValueContainer().decode(Decimal.self).description
        }
    }

    struct Batch: Decodable {
        let readings: [Item]
    }

    /// The CSV bytes of the batch; ``InputRejected`` (`readings.json`) for malformed JSON or items.
    public static func csv(_ body: [UInt8]) throws -> [UInt8] {
        let items = try decode(Data(body))
        let kwh = items.contains { $0.energy_kwh != nil }
        var out = Array("meter_id,interval_start,\(kwh ? "energy_kwh" : "energy_wh"),quality\n".utf8)
        out.reserveCapacity(items.count * 56)
        for (k, item) in items.enumerated() {
            for (name, text) in [("meter_id", item.meter_id), ("interval_start", item.interval_start),
                                 ("quality", item.quality ?? "")] where !isPlain(text) {
                throw reject(k + 1,
                             "\"\(name)\" must be text without commas, quotes, control characters or a leading #")
            }
            let energy: String
            switch (item.energy_wh, item.energy_kwh) {
            case (let wh?, nil):
                guard let whole = Int64(wh.text) else {
                    throw reject(k + 1, "\"energy_wh\" must be a whole number of Wh that fits in 64 bits (\(wh.text))")
                }
                energy = kwh ? Self.kWh(whole) : String(whole)
            case (nil, let amount?) where isPlain(amount.text):
                energy = amount.text
            default:
                throw reject(k + 1, "give energy_wh (an integer number of Wh) or energy_kwh (a number), one of them")
            }
            out += Array("\(item.meter_id),\(item.interval_start),\(energy),\(item.quality ?? "")\n".utf8)
        }
        return out
    }

    /// The items of `{"readings": [...]}` or of a bare array; the item of a type error is named.
    static func decode(_ data: Data) throws -> [Item] {
        let decoder = JSONDecoder()
        do {
            if data.first(where: { ![32, 9, 10, 13].contains($0) }) == UInt8(ascii: "[") {
                return try decoder.decode([Item].self, from: data)
            }
            return try decoder.decode(Batch.self, from: data).readings
        } catch let error as DecodingError {
            throw reject(line(error), reason(error))
        } catch {
            throw reject(0, "the batch is not JSON")
        }
    }

    /// The 1-based item a decoding error is in (0: the batch as a whole).
    private static func line(_ error: DecodingError) -> Int {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            path = c.codingPath
        @unknown default:
            path = []
        }
        return path.compactMap(\.intValue).first.map { $0 + 1 } ?? 0
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            let field = c.codingPath.last.map { "\"\($0.stringValue)\"" } ?? "a value"
            return "\(field) has the wrong type (energy_wh: an integer number of Wh; ids and times: text)"
        case .dataCorrupted: return "the batch is not JSON, or a number is out of range"
        @unknown default: return "the batch cannot be read"
        }
    }

    /// Whole Wh as exact kWh text: 1250 as "1.250", -5 as "-0.005".
    static func kWh(_ wh: Int64) -> String { DecimalText.thousandths(wh) }

    private static func isPlain(_ text: String) -> Bool {
        !text.hasPrefix("#") && !text.utf8.contains { $0 == 44 || $0 == 34 || $0 < 32 }
    }

    private static func reject(_ line: Int, _ reason: String) -> InputRejected {
        InputRejected(file: "batch.json", issues: [InputIssue(file: "batch.json", line: line, code: "readings.json",
                                                               reason: reason)])
    }
}
