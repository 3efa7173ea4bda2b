import Foundation
import GreenParkCore

/// A JSON batch of readings, turned into the long CSV layout the importer reads:
/// `{"readings": [{"meter_id": "m1", "interval_start": "2024-01-01T00:00:00Z",
/// "energy_wh": 1250, "quality": "measured"}, ...]}` (a bare array too). Energy is
/// `energy_wh` (an integer) or `energy_kwh` (a number or decimal text); `quality` is
/// optional. Item k's problems are reported on line k (1-based) of `batch.json`.
public enum JSONReadings {
    /// The CSV bytes of the batch; ``InputRejected`` (`readings.json`) for malformed JSON or items.
    public static func csv(_ body: [UInt8]) throws -> [UInt8] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw reject(0, "the batch is not JSON: \(error.localizedDescription)")
        }
        let items: [Any]
        if let array = value as? [Any] {
            items = array
        } else if let object = value as? [String: Any], let array = object["readings"] as? [Any] {
            items = array
        } else {
            throw reject(0, "expected {\"readings\": [...]} or an array of readings")
        }
        let kwh = (items.first as? [String: Any])?["energy_kwh"] != nil
        let unit = kwh ? "energy_kwh" : "energy_wh", other = kwh ? "energy_wh" : "energy_kwh"
        var out = Array("meter_id,interval_start,\(unit),quality\n".utf8)
        out.reserveCapacity(items.count * 56)
        for (k, item) in items.enumerated() {
            guard let reading = item as? [String: Any] else { throw reject(k + 1, "a reading is an object") }
            func text(_ key: String, required: Bool = true) throws -> String? {
                guard let raw = reading[key] else {
                    if required { throw reject(k + 1, "no \"\(key)\"") }
                    return nil
                }
                guard let value = raw as? String, isPlain(value) else {
                    throw reject(k + 1, "\"\(key)\" must be text without commas, quotes or control characters")
                }
                return value
            }
            let meter = try text("meter_id")!, start = try text("interval_start")!
            let quality = try text("quality", required: false) ?? ""
            guard reading[other] == nil else {
                throw reject(k + 1, "the batch's first reading gives \(unit): give it in every reading, not \(other)")
            }
            guard let value = reading[unit] else { throw reject(k + 1, "no \"\(unit)\"") }
            let energy: String
            if !kwh {
                guard !(value is Bool), let wh = value as? Int64 else {
                    throw reject(k + 1, "\"energy_wh\" must be an integer number of Wh")
                }
                energy = String(wh)
            } else if let text = value as? String, isPlain(text) {
                energy = text
            } else if !(value is Bool), let number = value as? Double, number.isFinite {
                energy = "\(number)"
            } else {
                throw reject(k + 1, "\"energy_kwh\" must be a number")
            }
            out += Array("\(meter),\(start),\(energy),\(quality)\n".utf8)
        }
        return out
    }

    private static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 44 || $0 == 34 || $0 < 32 }
    }

    private static func reject(_ line: Int, _ reason: String) -> InputRejected {
        InputRejected(file: "batch.json", issues: [InputIssue(file: "batch.json", line: line, code: "readings.json",
                                                               reason: reason)])
    }
}
