import Foundation
import Testing

/// Issue 12: the dashboard in a real headless Chromium, driven over WebDriver (chromedriver):
/// each role signs in, navigates, sees what it may and not what it may not, without console
/// errors; a screenshot of every page goes to $GREENPARK_ARTEFACTS/dashboard/<role>-<page>.png.
///
/// The park (Fixtures/three-park): June 2023 has 3 contributing members, May 2023 only 2.
/// June: generation 24 x 0 or 3,000 Wh = 8 x 3,000 = 24,000 Wh -> "24 kWh"; load a 24,276 +
/// b 48,000 + c 12,000 = 84,276 Wh -> "84 kWh"; a's load 24,276 Wh -> "24 kWh".
/// May: generation 8 x 1,500 = 12,000 Wh -> "12 kWh"; a's load 1,000 + ... + 1,011 = 12,066 Wh.
@Suite("the dashboard in a real headless Chromium (WebDriver)", .serialized)
struct ServeDashboardTests {
    static var chromedriver: URL? { EndToEnd.executable("/usr/bin/chromedriver") }
    static var chromium: URL? { ReportCommandTests.chromium().map { URL(fileURLWithPath: $0) } }

    /// What each role's nav shows (the others must be absent).
    static let nav: [String: Set<String>] = [
        "operator": ["nav-overview", "nav-ledger", "nav-admin"],
        "member": ["nav-overview", "nav-member", "nav-ledger"],
        "generator": ["nav-overview", "nav-ledger"],
        "verifier": ["nav-overview", "nav-ledger"],
    ]
    static let allNav = ["nav-overview", "nav-member", "nav-ledger", "nav-admin"]

    @Test("each role: sign in, its nav's pages, what it must see and must not, sign out", arguments: ServedPark.roles)
    func role(_ role: String) async throws {
        try await Self.withBrowser { browser in
            try await browser.signIn(role: role, language: "en")
            try await browser.checkNav(role)
            try await Self.overview(browser, role)
            try await Self.pages(browser, role)
            try await browser.signOut(role)
        }
    }

    @Test("the Chinese dashboard (lang=zh): a member's pages in Chinese, no English left")
    func chinese() async throws {
        try await Self.withBrowser { browser in
            try await browser.signIn(role: "member", language: "zh")
            try await browser.visit("member-zh", "overview", "/dashboard?month=2023-06")
            #expect(try await browser.driver.attribute("html", "lang") == "zh")
            #expect(try await browser.driver.text("h1") == "园区概览")
            #expect(try await browser.driver.text("#nav-overview") == "园区概览")
            #expect(try await browser.driver.text("#nav-member") == "成员")
            #expect(try await browser.driver.text("#nav-ledger") == "账本")
            #expect(try await browser.driver.text("#logout") == "退出")
            #expect(try await browser.driver.text("#generation") == "24 kWh")
            try await browser.visit("member-zh", "member", "/dashboard/members/a?month=2023-06")
            #expect(try await browser.driver.text("h1") == "成员 a")
            try await browser.visit("member-zh", "ledger", "/dashboard/ledger")
            #expect(try await browser.driver.text("#ledger-ok")?.hasPrefix("账本完好") == true)
            for page in ["overview", "member", "ledger"] {
                let path = ["overview": "/dashboard?month=2023-06", "member": "/dashboard/members/a?month=2023-06",
                            "ledger": "/dashboard/ledger"][page]!
                try await browser.driver.go(browser.url(path))
                let text = try await browser.driver.text("body") ?? ""
                for english in ["Park overview", "Member", "Ledger", "Sign out", "Generation", "Load", "Certificates",
                                "Invoices", "The ledger is intact", "Month"] {
                    #expect(!text.contains(english), "zh \(page) shows English \"\(english)\"")
                }
                try await browser.expectNoConsoleErrors("member-zh", page)
            }
        }
    }

    // MARK: - What each role sees

    static func overview(_ browser: Browser, _ role: String) async throws {
        let d = browser.driver
        // June: 3 contributors, so every role sees the park totals.
        try await browser.visit(role, "overview", "/dashboard?month=2023-06")
        #expect(try await d.element("#park-totals") != nil, "\(role): June's park totals")
        #expect(try await d.element("#aggregate-hidden") == nil, "\(role): June's totals hidden")
        #expect(try await d.text("#generation") == "24 kWh", "\(role)")
        #expect(try await d.text("#load") == "84 kWh", "\(role)")
        #expect(try await d.elements("#heatmap tr").count == 1 + 30, "\(role): one heatmap row a day of June")
        #expect(try await d.elements("#policy tr").count >= 2, "\(role): policy checks")
        // The members table: the operator all, a member itself, a verifier the member that granted it reports.
        let rows = try await d.elements("#members a")
        let expected = ["operator": ["a", "b", "c"], "member": ["a"], "generator": [], "verifier": ["a"]][role]!
        var shown: [String] = []
        for row in rows { shown.append(try await d.command("GET", "element/\(row)/text") as? String ?? "") }
        #expect(shown == expected, "\(role): members listed")

        // May: 2 contributors, so only the operator sees the park totals.
        try await browser.visit(role, "overview-2023-05", "/dashboard?month=2023-05")
        if role == "operator" {
            #expect(try await d.element("#park-totals") != nil, "operator: May's totals")
            #expect(try await d.text("#generation") == "12 kWh")
            #expect(try await d.element("#aggregate-hidden") == nil)
        } else {
            #expect(try await d.element("#park-totals") == nil, "\(role): May's totals with 2 contributors")
            #expect(try await d.element("#generation") == nil, "\(role)")
            #expect(try await d.text("#aggregate-hidden")?.contains("at least 3 members") == true, "\(role)")
        }
    }

    static func pages(_ browser: Browser, _ role: String) async throws {
        let d = browser.driver
        try await browser.click(role, "ledger", "#nav-ledger", expecting: "/dashboard/ledger")
        #expect(try await d.text("#ledger-ok")?.hasPrefix("The ledger is intact") == true, "\(role)")
        #expect(try await d.element("#ledger-broken") == nil, "\(role)")

        switch role {
        case "operator":
            try await browser.click(role, "admin", "#nav-admin", expecting: "/dashboard/admin")
            let users = try await d.text("#users") ?? ""
            #expect(try await d.elements("#users tr").count == 1 + 4, "operator: four users")
            for user in ["operator", "member a", "generator pv", "verifier tuv"] {
                #expect(users.contains(user), "operator: users table lacks \(user): \(users)")
            }
            #expect(try await d.elements("#users button[id^=revoke-]").count == 4)
            #expect(try await d.elements("#grants tr").count == 1 + 1, "operator: one grant")
            #expect(try await d.text("#grants")?.contains("reports") == true)
            for member in ["a", "b", "c"] {
                try await browser.visit(role, "member-\(member)", "/dashboard/members/\(member)?month=2023-06")
                #expect(try await d.element("#member-figures") != nil, "operator: member \(member)'s figures")
            }
            #expect(try await d.text("#member-load") == "12 kWh", "operator: c's June load 24 x 500 Wh")
        case "member":
            try await browser.click(role, "member", "#nav-member", expecting: "/dashboard/members/a")
            #expect(try await d.text("h1") == "Member a")
            #expect(try await d.text("#member-load") == "24 kWh", "member a's June load 24,276 Wh")
            #expect(try await d.element("#certificates") != nil)
            #expect(try await d.element("#invoices") != nil)
            #expect(try await d.attribute("#evidence", "href")?.contains("/v1/members/a/evidence?from=") == true)
            try await browser.hidden(role, "member-b", "/dashboard/members/b")
            try await browser.hidden(role, "admin", "/dashboard/admin")
        case "generator":
            try await browser.hidden(role, "member-a", "/dashboard/members/a")
            try await browser.hidden(role, "admin", "/dashboard/admin")
        default:
            // The verifier reads member a's reports (its grant), nothing of b's.
            try await browser.visit(role, "member-a", "/dashboard/members/a?month=2023-06")
            #expect(try await d.element("#member-figures") != nil, "verifier: a's figures (granted)")
            #expect(try await d.text("#member-load") == "24 kWh")
            try await browser.hidden(role, "member-b", "/dashboard/members/b")
            try await browser.hidden(role, "admin", "/dashboard/admin")
        }
        // The users table is the operator's only.
        if role != "operator" { #expect(try await d.element("#users") == nil, "\(role) sees a users table") }
    }

    // MARK: - The browser and the server

    /// chromedriver on a free port, a Chromium session, and the served park, for `body`; all stopped after.
    static func withBrowser(_ body: (Browser) async throws -> Void) async throws {
        guard let chromedriver, let chromium else {
            try EndToEnd.missing("chromium and chromium-driver (/usr/bin/chromedriver)")
            return
        }
        let served = try ServedPark()
        let port = try EndToEnd.freePort()
        let driverProcess = Process()
        driverProcess.executableURL = chromedriver
        driverProcess.arguments = ["--port=\(port)"]
        let driverLog = served.directory.appendingPathComponent("chromedriver.log")
        FileManager.default.createFile(atPath: driverLog.path, contents: nil)
        driverProcess.standardOutput = try FileHandle(forWritingTo: driverLog)
        driverProcess.standardError = driverProcess.standardOutput
        try driverProcess.run()
        let endpoint = URL(string: "http://127.0.0.1:\(port)")!
        var failure: (any Error)?
        var driver: WebDriver?
        do {
            guard await WebDriver.waitUntilReady(endpoint) else {
                throw ServedParkError("chromedriver did not start: \((try? String(contentsOf: driverLog, encoding: .utf8)) ?? "")")
            }
            driver = try await WebDriver.start(endpoint: endpoint, chromium: chromium,
                                               userDataDirectory: served.directory.appendingPathComponent("chromium"))
            try await body(Browser(driver: driver!, base: served.base, artefacts: try EndToEnd.artefacts("dashboard"),
                                   tokens: served.tokens))
        } catch {
            failure = error
        }
        await driver?.quit()
        // chromedriver may outlive SIGTERM: SIGKILL after 5 s.
        driverProcess.terminate()
        for _ in 0..<50 where driverProcess.isRunning { try? await Task.sleep(nanoseconds: 100_000_000) }
        if driverProcess.isRunning { kill(driverProcess.processIdentifier, SIGKILL) }
        driverProcess.waitUntilExit()
        let stopped = served.stop()
        #expect(served.errorLines.isEmpty, "the server logged errors:\n\(served.errorLines.joined(separator: "\n"))")
        #expect(stopped.exited && stopped.status == 0, "SIGTERM: the server exited with \(stopped)")
        if let failure { throw failure }
    }
}
