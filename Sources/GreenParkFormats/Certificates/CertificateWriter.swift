import Foundation
import GreenParkCore

/// Writes certificates and redemption statements for people and verifiers.
public enum CertificateWriter {
    /// `certificates.csv`: `scheme,first_id,last_id,device_id,production_start,production_end,volume_wh,owner,`
    /// `status,origin,storage_device,efficiency,produced_start,produced_end`; the last four only for
    /// certificates released from storage (DOMAIN.md 4a: their production period is the discharge
    /// hour, `produced_*` the original hour).
    public static func csv(_ ranges: [CertificateRange]) -> String { csvHeader + csvRows(ranges) }

    /// The header line of certificates.csv.
    public static let csvHeader = "scheme,first_id,last_id,device_id,production_start,production_end,volume_wh,"
        + "owner,status,origin,storage_device,efficiency,produced_start,produced_end\n"

    /// Rows of certificates.csv, one per range.
    public static func csvRows(_ ranges: [CertificateRange]) -> String {
        var out = ""
        for r in ranges {
            let status: String
            switch r.status {
            case .active: status = "active"
            case .redeemed(let statement): status = "redeemed:\(statement)"
            case .withdrawn(let correction): status = "withdrawn:\(correction)"
            case .cancelled(let record): status = "cancelled:\(record)"
            }
            let storage = r.issue.storage.map {
                "\($0.storageDevice),\($0.efficiency),\($0.producedStart.iso8601),\($0.producedEnd.iso8601)"
            } ?? ",,,"
            out += "\(r.scheme.rawValue),\(r.firstId),\(r.lastId),\(r.device),\(r.productionStart.iso8601),"
                + "\(r.productionEnd.iso8601),\(r.volumeWh),\(r.owner),\(status),\(r.origin),\(storage)\n"
        }
        return out
    }

    /// Writes `<id>.json` and `<id>.html` of a statement into `directory` (created if needed).
    public static func write(_ statement: RedemptionStatement, parkName: String, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try json(statement, parkName: parkName).write(to: directory.appendingPathComponent("\(statement.id).json"), atomically: true, encoding: .utf8)
        try html(statement, parkName: parkName).write(to: directory.appendingPathComponent("\(statement.id).html"), atomically: true, encoding: .utf8)
    }
}
