import Foundation

/// A WebDriver error answer (W3C: `{"value": {"error", "message"}}`).
struct WebDriverError: Error, CustomStringConvertible {
    let status: Int
    let error: String
    let message: String
    var description: String { "WebDriver \(status) \(error): \(message.prefix(300))" }
}

/// A tiny W3C WebDriver client (the JSON protocol over HTTP, as chromedriver speaks it): just
/// what the dashboard tests need, one browser session.
struct WebDriver: Sendable {
    let endpoint: URL
    let session: String
    /// W3C's key of an element reference.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// A new session of headless Chromium with the browser's console log kept (`goog:loggingPrefs`).
    static func start(endpoint: URL, chromium: URL?, userDataDirectory: URL) async throws -> WebDriver {
        var options: [String: Any] = ["args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--window-size=1280,1400", "--user-data-dir=\(userDataDirectory.path)",
        ]]
        if let chromium { options["binary"] = chromium.path }
        let capabilities: [String: Any] = ["alwaysMatch": [
            "browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": ["browser": "ALL"],
        ] as [String: Any]]
        let value = try await send(endpoint, "POST", "session", ["capabilities": capabilities])
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw WebDriverError(status: 0, error: "no session", message: "\(value)")
        }
        return WebDriver(endpoint: endpoint, session: id)
    }

    /// Waits (up to `seconds`) until the driver answers /status as ready.
    static func waitUntilReady(_ endpoint: URL, seconds: Double = 120) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try? await send(endpoint, "GET", "status", nil),
               (value as? [String: Any])?["ready"] as? Bool == true {
                return true
            }
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        return false
    }

    // MARK: - Commands

    func go(_ url: URL) async throws { _ = try await command("POST", "url", ["url": url.absoluteString]) }

    func currentURL() async throws -> URL? { URL(string: try await command("GET", "url") as? String ?? "") }

    func title() async throws -> String { try await command("GET", "title") as? String ?? "" }

    func source() async throws -> String { try await command("GET", "source") as? String ?? "" }

    /// The first element matching a CSS selector, nil when there is none.
    func element(_ css: String) async throws -> String? {
        do {
            let value = try await command("POST", "element", ["using": "css selector", "value": css])
            return (value as? [String: Any])?[Self.elementKey] as? String
        } catch let error as WebDriverError where error.error == "no such element" {
            return nil
        }
    }

    func elements(_ css: String) async throws -> [String] {
        let value = try await command("POST", "elements", ["using": "css selector", "value": css])
        return (value as? [[String: Any]] ?? []).compactMap { $0[Self.elementKey] as? String }
    }

    /// The rendered text of the first element matching `css`, nil when there is none.
    func text(_ css: String) async throws -> String? {
        guard let element = try await element(css) else { return nil }
        return try await command("GET", "element/\(element)/text") as? String
    }

    func attribute(_ css: String, _ name: String) async throws -> String? {
        guard let element = try await element(css) else { return nil }
        return try await command("GET", "element/\(element)/attribute/\(name)") as? String
    }

    func click(_ css: String) async throws {
        guard let element = try await element(css) else {
            throw WebDriverError(status: 404, error: "no such element", message: css)
        }
        _ = try await command("POST", "element/\(element)/click", [:])
    }

    func type(_ css: String, _ text: String) async throws {
        guard let element = try await element(css) else {
            throw WebDriverError(status: 404, error: "no such element", message: css)
        }
        _ = try await command("POST", "element/\(element)/value", ["text": text])
    }

    /// The visible page as PNG.
    func screenshot() async throws -> Data {
        Data(base64Encoded: try await command("GET", "screenshot") as? String ?? "") ?? Data()
    }

    /// The browser's console entries since the last call (chromedriver's log endpoint).
    func browserLog() async throws -> [(level: String, message: String)] {
        let value = try await command("POST", "se/log", ["type": "browser"])
        return (value as? [[String: Any]] ?? []).map { ($0["level"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    /// A cookie of the current page (HttpOnly ones too), nil when there is none.
    func cookie(_ name: String) async throws -> [String: Any]? {
        do {
            return try await command("GET", "cookie/\(name)") as? [String: Any]
        } catch let error as WebDriverError where error.error == "no such cookie" {
            return nil
        }
    }

    func quit() async { _ = try? await Self.send(endpoint, "DELETE", "session/\(session)", nil) }

    // MARK: - Protocol

    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        try await Self.send(endpoint, method, "session/\(session)/\(path)", body)
    }

    /// One request; the answer's `value`, or a ``WebDriverError``.
    static func send(_ endpoint: URL, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try TinyHTTP.send(endpoint.appendingPathComponent(path), method: method,
                                       headers: payload == nil ? [:] : ["Content-Type": "application/json; charset=utf-8"],
                                       body: payload)
        let status = answer.status, data = answer.body
        let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"] ?? NSNull()
        guard status == 200 else {
            let error = value as? [String: Any]
            throw WebDriverError(status: status, error: error?["error"] as? String ?? "http \(status)",
                                 message: error?["message"] as? String ?? String(decoding: data, as: UTF8.self))
        }
        return value
    }
}
