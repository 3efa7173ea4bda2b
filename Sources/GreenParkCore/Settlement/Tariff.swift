/// A grid tariff as data (DOMAIN.md 6): time-of-use periods by local time, seasonal
/// variants, prices in fen per kWh. Which period an interval falls in depends only on its
/// local month and minute of the day.
public struct Tariff: Sendable, Equatable {
    public var id: String
    public var name: String
    public var province: String
    public var version: String
    /// Where the structure comes from, with its date.
    public var source: String
    /// Price per period name (`peak`, `high-peak`, `flat`, `valley`, `deep-valley`, `critical-peak`), fen/kWh.
    public var prices: [String: Fixed6]
    public var seasons: [Season]

    /// The windows of some months; the first season listing a month applies.
    public struct Season: Sendable, Equatable {
        public var months: Set<Int>
        /// Windows covering the day, `[startMinute, endMinute)` in local time.
        public var windows: [Window]

        public init(months: Set<Int>, windows: [Window]) {
            self.months = months
            self.windows = windows
        }
    }

    public struct Window: Sendable, Equatable {
        public var startMinute: Int
        public var endMinute: Int
        public var period: String

        public init(startMinute: Int, endMinute: Int, period: String) {
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.period = period
        }
    }

    public init(id: String, name: String, province: String, version: String, source: String, prices: [String: Fixed6], seasons: [Season]) {
        self.id = id
        self.name = name
        self.province = province
        self.version = version
        self.source = source
        self.prices = prices
        self.seasons = seasons
    }

    /// The period of local `month` and `minute` of the day.
    public func period(month: Int, minute: Int) -> String? {
        guard let season = seasons.first(where: { $0.months.contains(month) }) else { return nil }
        return season.windows.first { $0.startMinute <= minute && minute < $0.endMinute }?.period
    }

    /// Problems with the data: months without a season, minutes without a window,
    /// overlapping windows, periods without a price.
    public var problems: [String] {
        var found: [String] = []
        for month in 1...12 {
            guard let season = seasons.first(where: { $0.months.contains(month) }) else { found.append("month \(month) has no season"); continue }
            var covered = [Int](repeating: 0, count: 1440)
            for w in season.windows {
                guard 0 <= w.startMinute, w.startMinute < w.endMinute, w.endMinute <= 1440 else { found.append("window \(w.startMinute)-\(w.endMinute) is not within a day"); continue }
                for m in w.startMinute..<w.endMinute { covered[m] += 1 }
                if prices[w.period] == nil { found.append("period \(w.period) has no price") }
            }
            if let gap = covered.firstIndex(of: 0) { found.append("month \(month): minute \(gap) of the day has no period") }
            if let twice = covered.firstIndex(where: { $0 > 1 }) { found.append("month \(month): minute \(twice) of the day is in two windows") }
        }
        return Array(Set(found)).sorted()
    }
}
