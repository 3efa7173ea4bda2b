import Foundation
import Testing

@Suite("greenpark report, rendered in a real headless Chromium", .serialized)
struct ReportCommandTests {
    /// Chromium, which CI installs (`.ci/run`); elsewhere the browser part is skipped.
    static func chromium() -> String? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return nil
    }

    func report(_ dir: URL, _ extra: [String]) throws -> CLI.Result {
        try CLI.run(["report", "--park", RunCommandTests.fixture.appendingPathComponent("park.yaml").path,
                     "--database", dir.appendingPathComponent("park.sqlite").path, "--period", "2023-06", "--gaps", "skip-interval"] + extra)
    }

    func browser(_ arguments: [String]) throws -> CLI.Result {
        try CLI.execute(URL(fileURLWithPath: Self.chromium()!), ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(try CLI.directory().path)"] + arguments)
    }

    @Test("member reports in English and Chinese: self-contained, not mixed, and they render in Chromium")
    func memberReports() throws {
        let dir = try CLI.directory()
        #expect(try RunCommandTests().runSmallPark(dir, extra: ["--redeem"]).status == 0)
        var pages: [String: URL] = [:]
        for lang in ["en", "zh"] {
            let file = dir.appendingPathComponent("report-\(lang).html")
            let result = try report(dir, ["--member", "a", "--lang", lang, "--out", file.path])
            #expect(result.status == 0, "\(result.stderr)")
            pages[lang] = file
        }
        let en = try String(contentsOf: pages["en"]!, encoding: .utf8), zh = try String(contentsOf: pages["zh"]!, encoding: .utf8)
        #expect(en.contains("Green power and Scope 2 report") && !en.contains("绿电"))
        #expect(zh.contains("绿电与范围二排放报告") && !zh.contains("Green power and Scope 2"))
        for page in [en, zh] {
            #expect(page.components(separatedBy: "<svg").count - 1 == 3)
            #expect(!page.contains("<script") && !page.contains("https://") && !page.contains("src=\"http"))
            #expect(page.contains("RS-small-park-1") && page.contains("@page{size:A4"))
            // a's June (the run's hour): 4,001 Wh = 0.004 MWh consumed, 3,001 Wh = 0.003 MWh green, CFE 3001/4001 = 75.0 %.
            #expect(page.contains(">0.004 ") && page.contains(">0.003 ") && page.contains("75.0 %"))
        }
        guard let _ = Self.chromium() else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must install chromium (.ci/run)")
            return
        }
        for (lang, file) in pages {
            let dom = try browser(["--dump-dom", file.absoluteString])
            #expect(dom.status == 0, "\(dom.stderr)")
            #expect(dom.stdout.contains("</svg>") && dom.stdout.contains("RS-small-park-1"), "\(lang)")
            let png = dir.appendingPathComponent("report-\(lang).png")
            let shot = try browser(["--screenshot=\(png.path)", "--window-size=1000,3000", file.absoluteString])
            #expect(shot.status == 0, "\(shot.stderr)")
            let size = (try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "\(lang): screenshot of \(size) bytes")
        }
    }

    @Test("the park-wide report, and clear refusals")
    func parkWideAndRefusals() throws {
        let dir = try CLI.directory()
        #expect(try RunCommandTests().runSmallPark(dir, extra: ["--redeem"]).status == 0)
        let file = dir.appendingPathComponent("park.html")
        let park = try report(dir, ["--park-wide", "--out", file.path])
        #expect(park.status == 0, "\(park.stderr)")
        // The park: 9,003 Wh = 0.009 MWh consumed, 6,002 Wh = 0.006 MWh green, green share 66.7 %.
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains(">0.009 ") && html.contains(">0.006 ") && html.contains("66.7 %") && html.contains("Whole park"))
        let both = try report(dir, ["--park-wide", "--member", "a"])
        #expect(both.status != 0 && both.stderr.contains("either --member ID or --park-wide"))
        let unknown = try report(dir, ["--member", "nobody"])
        #expect(unknown.status == 2 && unknown.stderr.contains("nobody is not a member"))
        let badPeriod = try report(dir, ["--member", "a", "--period", "June"])
        #expect(badPeriod.status != 0)
    }
}
