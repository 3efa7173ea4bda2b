import Foundation

/// The real public profiles shipped with GreenPark (see `Data/README.md` for sources and
/// licences), read from the module's resources.
public enum DemoData {
    /// The shipped file `name` (in `Data/`), as text.
    public static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Data") else {
            throw DemoFailure(message: "the demo data file \(name) is missing from the installation")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Data rows of a shipped CSV as fields, without the `#` source line and the header;
    /// also returns the source line and the header.
    static func table(_ name: String) throws -> (source: String, header: [String], rows: [[Substring]]) {
        var source = ""
        var header: [String] = []
        var rows: [[Substring]] = []
        for line in try text(name).split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { source = String(line.dropFirst().drop(while: { $0 == " " })); continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if header.isEmpty { header = fields.map(String.init) } else { rows.append(fields) }
        }
        return (source, header, rows)
    }
}
