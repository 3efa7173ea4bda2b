import Foundation

/// The API's paths and their methods, read from openapi.json: a request to a known path
/// with another method answers 405 with `Allow`, not the 404 of an unknown path.
struct RouteTable: Sendable {
    private let routes: [(segments: [String], methods: [String])]

    /// The table of the spec (`paths` of the OpenAPI document, as JSON).
    init(specification: [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(specification))) as? [String: Any]
        let paths = object?["paths"] as? [String: Any] ?? [:]
        routes = paths.map { path, value in
            let methods = ((value as? [String: Any]) ?? [:]).keys
                .filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { $0.uppercased() }.sorted()
            return (path.split(separator: "/").map(String.init), methods)
        }
    }

    /// The methods of the spec's path that `path` matches (a `{name}` segment matches any
    /// one segment); empty when no path matches.
    func methods(_ path: String) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        return routes.first { route in
            route.segments.count == parts.count && zip(route.segments,
                parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods ?? []
    }
}
