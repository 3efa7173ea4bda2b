import Foundation
import Testing

/// A signed-in (or not yet) browser on the served dashboard: every page it shows is
/// screenshotted to `artefacts/<role>-<page>.png` and its console checked for errors.
struct Browser {
    let driver: WebDriver
    let base: URL
    let artefacts: URL
    /// Each role's token (``ServedPark/tokens``).
    let tokens: [String: String]

    func url(_ path: String) -> URL { URL(string: path, relativeTo: base)!.absoluteURL }

    /// Signs in at /login with the role's token and language; lands on /dashboard with an
    /// HttpOnly, SameSite=Strict session cookie.
    func signIn(role: String, language: String) async throws {
        let name = language == "en" ? role : "\(role)-\(language)"
        try await visit(name, "login", "/login")
        for id in ["#token", "#lang", "#sign-in"] {
            #expect(try await driver.element(id) != nil, "the login form lacks \(id)")
        }
        try await driver.type("#token", tokens[role] ?? "")
        try await driver.click("#lang option[value=\"\(language)\"]")
        try await click(name, "signed-in", "#sign-in", expecting: "/dashboard")
        let cookie = try await driver.cookie("greenpark_session")
        #expect(cookie != nil, "\(role): no session cookie after signing in")
        #expect(cookie?["httpOnly"] as? Bool == true, "\(role): the session cookie is not HttpOnly: \(cookie ?? [:])")
        #expect(cookie?["sameSite"] as? String == "Strict", "\(role): the session cookie is not SameSite=Strict")
        #expect(try await driver.text("#whoami")?.hasSuffix("(\(role))") == true, "\(role): #whoami")
    }

    /// The nav shows exactly the role's links.
    func checkNav(_ role: String) async throws {
        for id in ServeDashboardTests.allNav {
            let shown = try await driver.element("#\(id)") != nil
            #expect(shown == ServeDashboardTests.nav[role]!.contains(id), "\(role): #\(id) shown: \(shown)")
        }
        if role == "member" {
            #expect(try await driver.attribute("#nav-member", "href")?.hasSuffix("/dashboard/members/a") == true)
        }
        #expect(try await driver.element("#logout") != nil, "\(role): no sign-out button")
    }

    /// Opens `path`, keeps a screenshot, checks the console.
    func visit(_ role: String, _ page: String, _ path: String) async throws {
        try await driver.go(url(path))
        try await keep(role, page)
        #expect(try await driver.title().hasSuffix("· GreenPark"), "\(role) \(page): title")
        try await expectNoConsoleErrors(role, page)
    }

    /// Clicks `css` and waits for the page at `path`; then as ``visit``.
    func click(_ role: String, _ page: String, _ css: String, expecting path: String) async throws {
        try await driver.click(css)
        let arrived = try await waitForPath(path)
        #expect(arrived == path, "\(role): \(css) led to \(arrived), not \(path)")
        try await keep(role, page)
        try await expectNoConsoleErrors(role, page)
    }

    /// A page the role may not see: the same 404 problem as for what does not exist, no data.
    func hidden(_ role: String, _ page: String, _ path: String) async throws {
        try await driver.go(url(path))
        try await keep(role, page)
        let text = try await driver.text("body") ?? ""
        let problem = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        #expect(problem?["status"] as? Int == 404 && problem?["code"] as? String == "not-found",
                "\(role) \(path): not the 404 problem but: \(text.prefix(300))")
        for id in ["#member-figures", "#users", "#grants", "#certificates"] {
            #expect(try await driver.element(id) == nil, "\(role) \(path) shows \(id)")
        }
        // The answer itself (the browser shows no status): with the session's cookie.
        let cookie = try await driver.cookie("greenpark_session")?["value"] as? String ?? ""
        let answer = try TinyHTTP.send(url(path), headers: ["Cookie": "greenpark_session=\(cookie)"])
        #expect(answer.status == 404, "\(role) GET \(path): \(answer.status)")
        #expect(answer.headers["content-type"] == "application/problem+json", "\(role) GET \(path)")
        // The browser reports the 404 it was sent to (that is the point); nothing else.
        try await expectNoConsoleErrors(role, page, except: "\(url(path).absoluteString) - Failed to load resource: "
                                            + "the server responded with a status of 404")
    }

    /// Signs out (the cookie goes) and the dashboard sends back to /login.
    func signOut(_ role: String) async throws {
        try await driver.go(url("/dashboard"))
        _ = try await driver.browserLog()  // this page's entries were checked on the first visit
        try await click(role, "signed-out", "#logout", expecting: "/login")
        #expect(try await driver.cookie("greenpark_session") == nil, "\(role): the cookie outlived sign-out")
        try await driver.go(url("/dashboard"))
        #expect(try await waitForPath("/login") == "/login", "\(role): /dashboard after sign-out")
        try await expectNoConsoleErrors(role, "signed-out")
    }

    /// No console entry of level SEVERE since the last check (except one whose message starts with `except`).
    func expectNoConsoleErrors(_ role: String, _ page: String, except: String? = nil) async throws {
        let errors = try await driver.browserLog().filter { entry in
            entry.level == "SEVERE" && !(except.map { entry.message.hasPrefix($0) } ?? false)
        }
        #expect(errors.isEmpty, "\(role) \(page): console errors:\n\(errors.map(\.message).joined(separator: "\n"))")
    }

    /// Saves the page as `<role>-<page>.png`.
    func keep(_ role: String, _ page: String) async throws {
        let png = try await driver.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(role) \(page): the screenshot is no PNG")
        try png.write(to: artefacts.appendingPathComponent("\(role)-\(page).png"))
    }

    /// The current page's path once it is `path` (up to 10 s), or the last one seen.
    func waitForPath(_ path: String) async throws -> String {
        var current = ""
        for _ in 0..<100 {
            current = try await driver.currentURL()?.path ?? ""
            if current == path { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        return current
    }
}
